"""`python -m policy_core screen ROSTER --as-of DATE --out RESULTS [--set m.p=v ...] [--report R.html]`.

Refusals (a wrong column, parameter or date, an unreadable roster) are one line on stderr
in Chinese and English, exit status 2, before anything runs. A bad row is reported with
its number and reason, never its cells, and the run goes on (exit 0).
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import yaml

from ..catalogue import OverrideError, catalogue_with
from .read import RosterError, open_roster

SHOWN_BAD = 50      # bad rows printed one by one; all of them go to RESULTS.bad_rows.csv


def add_parser(sub) -> None:
    sc = sub.add_parser("screen", help="screen a roster (免申即享)")
    sc.add_argument("roster", help="CSV, Parquet or xlsx: one row per person or organisation")
    sc.add_argument("--as-of", required=True, help="the day judged on, YYYY-MM-DD")
    sc.add_argument("--out", required=True, help="results: Parquet, or CSV when the name ends in .csv")
    sc.add_argument("--set", action="append", default=[], metavar="MEASURE.PARAM=VALUE",
                    help="price a change: a parameter of measures.yaml (several --set, or comma-separated)")
    sc.add_argument("--report", help="the bureau's summary: R.html and R.xlsx beside it")
    sc.add_argument("--workers", type=int, default=None, help="processes (default: every core)")
    sc.add_argument("--no-progress", action="store_true")


def parse_sets(items: list[str]) -> tuple:
    out = []
    for item in (part for chunk in items for part in chunk.split(",") if part.strip()):
        name, eq, text = item.partition("=")
        if not eq or "." not in name:
            raise OverrideError(f"--set 应写成 措施.参数=值，收到 {item.strip()}",
                                f"--set must read measure.param=value, got {item.strip()}")
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            value = text
        measure, _, param = name.strip().partition(".")
        out.append((measure, param, value))
    refuse_repeats(out)
    catalogue_with(out)          # refused here, before the run, if wrong
    return tuple(sorted((m, p, v) for m, p, v in out))


def refuse_repeats(overrides) -> None:
    """The same parameter twice is refused: neither value would be sure to be the one priced."""
    seen: dict = {}
    for item in overrides:           # (measure, param, value), or ("measure.param", value)
        *name, v = item
        seen.setdefault(".".join(map(str, name)), []).append(v)
    twice = {k: vs for k, vs in seen.items() if len(vs) > 1}
    if twice:
        k, vs = next(iter(twice.items()))
        given = ", ".join(map(str, vs))
        raise OverrideError(f"参数 {k} 给了{len(vs)}次（{given}）：每个参数只能给一次",
                            f"parameter {k} is given {len(vs)} times ({given}): give each parameter once")


def _fail(zh: str, en: str) -> int:
    print(f"{zh} / {en}", file=sys.stderr)
    return 2


def run(args) -> int:
    from .run import screen      # pyarrow is loaded only for this command
    try:
        day = dt.date.fromisoformat(args.as_of)
    except ValueError:
        return _fail("--as-of 应为 YYYY-MM-DD 格式的日期", "--as-of must be a date YYYY-MM-DD")
    try:
        overrides = parse_sets(args.set)
        roster = open_roster(args.roster)
    except (OverrideError, RosterError) as e:
        return _fail(e.zh, e.en)
    out = Path(args.out)
    if not out.parent.is_dir():
        return _fail(f"输出目录不存在：{out.parent}", f"no such directory for the results: {out.parent}")
    if args.workers is not None and args.workers < 1:
        return _fail("--workers 应至少为 1", "--workers must be at least 1")
    shown = [0]

    def on_bad(row, zh, en):
        shown[0] += 1
        if shown[0] <= SHOWN_BAD:
            print(f"第{row}行有误，已跳过：{zh} / row {row} skipped: {en}", file=sys.stderr)

    whatif = None
    if overrides:
        from .whatif import Tally
        whatif = Tally()
    try:
        outcome = screen(roster, out, day, overrides, workers=args.workers, progress=not args.no_progress,
                         on_bad=on_bad, whatif=whatif)
    except RosterError as e:
        return _fail(e.zh, e.en)
    except Exception as e:      # e.g. a file that breaks half way: one line, no traceback, no cell quoted
        kind = getattr(e, "kind", type(e).__name__)
        print(f"筛查中断，未写结果（{kind}）/ screening stopped, no results written ({kind})", file=sys.stderr)
        return 1
    if outcome.bad:
        bad_path = out.with_name(out.name + ".bad_rows.csv")
        with open(bad_path, "w", encoding="utf-8") as fh:
            fh.write("row,reason_zh,reason_en\n")
            for row, zh, en in outcome.bad:
                fh.write(f'{row},"{zh}","{en}"\n')
        print(f"有误的行：{len(outcome.bad)}（行号和原因见 {bad_path}）/ bad rows: {len(outcome.bad)} "
              f"(numbers and reasons in {bad_path})", file=sys.stderr)
    print(f"已筛查 {outcome.screened} 行，结果写入 {out} / screened {outcome.screened} rows into {out}")
    if whatif is not None:
        print(whatif.text(overrides))
    if args.report:
        from .report import write_report
        html, xlsx = write_report(out, Path(args.report), day, overrides)
        print(f"报告 / report: {html}  {xlsx}")
    return 0
