"""Command line: python -m policy_core evaluate FACTS.json|-   [--explain] [--focus id,id]
              python -m policy_core screen ROSTER --as-of DATE --out RESULTS   (screen/cli.py)

Prints the evaluation as JSON (or, with --explain, the Chinese summary).
Bad input: one line on stderr in Chinese and English, exit status 2.
"""
from __future__ import annotations

import argparse
import json
import sys

from . import FactsError, evaluate
from .catalogue import catalogue
from .explain import summary
from .screen import cli as screen_cli

MEASURE_IDS = tuple(m.id for m in catalogue().measures)

USAGE_ZH = "用法：python -m policy_core evaluate FACTS.json（或 - 表示标准输入）[--explain]"


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, both languages, exit 2 (no usage dump)
        _fail(USAGE_ZH, f"usage: python -m policy_core evaluate FACTS.json|- [--explain] ({message})")


def _fail(zh: str, en: str) -> None:
    print(f"{zh} / {en}", file=sys.stderr)
    sys.exit(2)


def _read(path: str) -> str:
    name = "标准输入" if path == "-" else f"文件 {path}"
    try:
        if path == "-":
            return sys.stdin.buffer.read().decode("utf-8")
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError as e:
        _fail(f"无法读取{name}：{e.strerror}", f"cannot read {path}: {e.strerror}")
    except UnicodeDecodeError:
        _fail(f"{name}不是 UTF-8 文本", f"{'stdin' if path == '-' else path} is not UTF-8 text")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m policy_core", add_help=True)
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate")
    ev.add_argument("facts")
    ev.add_argument("--explain", action="store_true", help="print the Chinese summary instead of JSON")
    ev.add_argument("--focus", default="", help="measure ids asked about, comma-separated: asked first")
    screen_cli.add_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "screen":
        return screen_cli.run(args)
    text = _read(args.facts)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as e:   # JSONDecodeError, too many digits, too deep
        why = getattr(e, "msg", None) or type(e).__name__
        _fail(f"输入不是有效的 JSON（{why}）", f"Bad input: not valid JSON ({why})")
    focus = [m for m in args.focus.split(",") if m]
    unknown = [m for m in focus if m not in MEASURE_IDS]
    if unknown:
        _fail(f"--focus 中有未知的措施：{unknown[0]}", f"--focus: unknown measure id {unknown[0]}")
    try:
        result = evaluate(data, focus=focus)
    except FactsError as e:
        _fail(e.zh, e.en)
    try:
        if args.explain:
            print(summary(result))
        else:
            json.dump(result.model_dump(mode="json"), sys.stdout, ensure_ascii=False, indent=1)
            print()
        sys.stdout.flush()
    except BrokenPipeError:   # e.g. piped into `head`: nothing more to say
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
