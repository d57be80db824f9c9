"""Command line: python -m policy_core evaluate FACTS.json|-   [--explain]

Prints the evaluation as JSON (or, with --explain, the Chinese summary).
Bad input: one line on stderr in Chinese and English, exit status 2.
"""
from __future__ import annotations

import argparse
import json
import sys

from . import FactsError, evaluate
from .explain import summary

USAGE_ZH = "用法：python -m policy_core evaluate FACTS.json（或 - 表示标准输入）[--explain]"


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, both languages, exit 2 (no usage dump)
        _fail(USAGE_ZH, f"usage: python -m policy_core evaluate FACTS.json|- [--explain] ({message})")


def _fail(zh: str, en: str) -> None:
    print(f"{zh} / {en}", file=sys.stderr)
    sys.exit(2)


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError as e:
        _fail(f"无法读取文件 {path}：{e.strerror}", f"cannot read {path}: {e.strerror}")
    except UnicodeDecodeError:
        _fail(f"文件 {path} 不是 UTF-8 文本", f"{path} is not UTF-8 text")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m policy_core", add_help=True)
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate")
    ev.add_argument("facts")
    ev.add_argument("--explain", action="store_true", help="print the Chinese summary instead of JSON")
    args = parser.parse_args(argv)
    text = _read(args.facts)
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as e:
        _fail(f"输入不是有效的 JSON（{getattr(e, 'msg', 'too deep')}）",
              f"Bad input: not valid JSON ({getattr(e, 'msg', 'too deep')})")
    try:
        result = evaluate(data)
    except FactsError as e:
        _fail(e.zh, e.en)
    if args.explain:
        print(summary(result))
    else:
        json.dump(result.model_dump(mode="json"), sys.stdout, ensure_ascii=False, indent=1)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
