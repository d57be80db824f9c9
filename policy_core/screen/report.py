"""The bureau's summary of a screening run: HTML with charts (matplotlib, inline PNG) and xlsx.

- people per measure and status;
- money where the document fixes the amount (money.py); 「按市级标准」 and the like are
  counted, never priced;
- the missing facts that would settle the most undetermined people (whom to call first);
- those eligible or one step away, with that step, ready for a notification.

Read from the results file a person at a time (22 rows each, contiguous), so memory stays
flat however large the roster. No personal value other than the roster's opaque id is
written, and nothing is logged.
"""
from __future__ import annotations

import base64
import collections
import datetime as dt
import html
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from ..catalogue import catalogue
from . import money
from .run import SEP

STATUSES = ("eligible", "conditional", "undetermined", "ineligible")
STATUS_ZH = {"eligible": "可享受", "conditional": "办完手续可享受", "undetermined": "待核实", "ineligible": "不符合"}
COLOURS = {"eligible": "#2e7d32", "conditional": "#81c784", "undetermined": "#ffb300", "ineligible": "#bdbdbd"}
LIST_SHOWN = 200          # rows of the notification list in the HTML; the xlsx has them all
XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header


@dataclass
class MeasureLine:
    people: collections.Counter = field(default_factory=collections.Counter)    # status -> rows
    money: collections.Counter = field(default_factory=collections.Counter)     # status -> fixed yuan
    unpriced: collections.Counter = field(default_factory=collections.Counter)  # status -> counted only
    periodic: collections.Counter = field(default_factory=collections.Counter)  # status -> yuan a month/year, no cap


@dataclass
class Summary:
    day: Optional[dt.date]
    people: int = 0
    measures: dict = field(default_factory=lambda: {m.id: MeasureLine() for m in catalogue().measures})
    missing: collections.Counter = field(default_factory=collections.Counter)     # fact -> people
    missing_by: dict = field(default_factory=dict)                               # fact -> Counter(measure)
    notify: int = 0                                                               # rows of the list


def _batches(results: Path) -> Iterator[pa.RecordBatch]:
    n = len(catalogue().measures)
    if results.suffix.lower() == ".csv":
        import pyarrow.csv as pacsv
        reader = pacsv.open_csv(results, convert_options=pacsv.ConvertOptions(
            column_types={"id": pa.string(), "missing_facts": pa.string(), "steps": pa.string(),
                          "per": pa.string(), "yuan": pa.int64(), "max_total_yuan": pa.int64(),
                          "measure": pa.string(), "status": pa.string()},
            strings_can_be_null=False))
        pending = None
        for b in reader:      # CSV blocks cut anywhere: carry the rows of a person cut in two
            t = pa.Table.from_batches([pending, b] if pending is not None else [b]).combine_chunks()
            whole = t.num_rows - t.num_rows % n
            for chunk in t.slice(0, whole).to_batches():
                yield chunk
            pending = t.slice(whole).to_batches()[0] if t.num_rows > whole else None
        return
    # Parquet: batches of whole people (n rows each).
    yield from pq.ParquetFile(results).iter_batches(batch_size=n * 10_000)


def _plain(col: pa.Array) -> pa.Array:
    return col.dictionary_decode() if pa.types.is_dictionary(col.type) else col


def summarise(results: Path, day: Optional[dt.date] = None, notify_sink=None) -> Summary:
    """One pass over the results, a batch of whole people at a time, counted by Arrow.
    `notify_sink(row)` receives each row of the notification list."""
    import pyarrow.compute as pc
    s = Summary(day)
    names = {m.id: m.name for m in catalogue().measures}
    n = len(names)
    for b in _batches(Path(results)):
        t = pa.Table.from_batches([pa.record_batch([_plain(c) for c in b.columns], names=b.schema.names)])
        s.people += t.num_rows // n
        # Per (measure, status, amount): few distinct ones, so money.committed is applied per group.
        groups = t.group_by(["measure", "status", "yuan", "per", "max_total_yuan"]).aggregate([("id", "count")])
        for measure, status, yuan, per, cap, count in zip(*(groups.column(i).to_pylist() for i in range(6))):
            line = s.measures[measure]
            line.people[status] += count
            if status in ("eligible", "conditional"):
                fixed = money.committed(yuan, per or None, cap)
                if fixed is not None:
                    line.money[status] += fixed * count
                elif yuan is not None:
                    line.periodic[status] += yuan * count   # a sum per month or year with no cap on the periods
                else:
                    line.unpriced[status] += count
        # Missing facts: each counted once per person, a person being an input row (its n result
        # rows are contiguous, and a batch holds whole people), never by id: ids may be blank or
        # repeat (an employer's hiring records carry the employer's id).
        wanted = pc.and_(pc.equal(t.column("status"), "undetermined"), pc.not_equal(t.column("missing_facts"), ""))
        at = pc.indices_nonzero(wanted).to_numpy(zero_copy_only=False)
        und = t.take(at)
        if und.num_rows:
            lists = pc.split_pattern(und.column("missing_facts"), SEP).combine_chunks()
            parents = pc.list_parent_indices(lists)
            person = pa.array(at // n).take(parents)
            pairs = pa.table({"fact": pc.list_flatten(lists), "person": person,
                              "measure": und.column("measure").take(parents)})
            for fact, count in zip(*pairs.group_by(["fact", "person"]).aggregate([])
                                   .group_by("fact").aggregate([("person", "count")]).to_pydict().values()):
                s.missing[fact] += count
            for fact, measure, count in zip(*pairs.group_by(["fact", "measure"])
                                            .aggregate([("person", "count")]).to_pydict().values()):
                s.missing_by.setdefault(fact, collections.Counter())[measure] += count
        steps = t.column("steps")
        one_step = pc.and_(pc.equal(t.column("status"), "conditional"),
                           pc.and_(pc.not_equal(steps, ""), pc.invert(pc.match_substring(steps, SEP))))
        listed = t.filter(pc.or_(pc.equal(t.column("status"), "eligible"), one_step))
        s.notify += listed.num_rows
        if notify_sink is not None and listed.num_rows:
            for row_id, measure, status, yuan, per, cap, step in zip(*(listed.column(c).to_pylist() for c in (
                    "id", "measure", "status", "yuan", "per", "max_total_yuan", "steps"))):
                notify_sink((row_id, measure, names[measure], STATUS_ZH[status], step, yuan, per or None, cap))
    return s


# --- charts -----------------------------------------------------------------------------

def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    # CJK labels where a CJK font is installed; DejaVu covers the rest (matplotlib falls back per glyph).
    plt.rcParams["font.family"] = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    import logging
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    return plt


def charts(s: Summary) -> dict[str, str]:
    plt = _plt()
    cat = catalogue()
    labels = [f"{m.name}（{m.clause}）" for m in cat.measures][::-1]
    ids = [m.id for m in cat.measures][::-1]
    out = {}
    fig, ax = plt.subplots(figsize=(9, 7))
    left = [0] * len(ids)
    for st in STATUSES:
        vals = [s.measures[i].people[st] for i in ids]
        ax.barh(labels, vals, left=left, color=COLOURS[st], label=STATUS_ZH[st])
        left = [a + b for a, b in zip(left, vals)]
    ax.set_xlabel("人数 / people")
    ax.set_title("各项措施的筛查结果 / people per measure and status")
    ax.legend(loc="lower right", fontsize=8)
    out["status"] = _png(fig)

    fig, ax = plt.subplots(figsize=(9, 7))
    el = [s.measures[i].money["eligible"] / 1e4 for i in ids]
    co = [s.measures[i].money["conditional"] / 1e4 for i in ids]
    ax.barh(labels, el, color=COLOURS["eligible"], label="可享受 / eligible")
    ax.barh(labels, co, left=el, color=COLOURS["conditional"], label="办完手续可享受 / conditional")
    ax.set_xlabel("万元（仅文件定额的金额）/ 10,000 yuan, fixed amounts only")
    ax.set_title("文件定额的资金 / money where the document fixes the amount")
    ax.legend(loc="lower right", fontsize=8)
    out["money"] = _png(fig)

    top = s.missing.most_common(12)[::-1]
    fig, ax = plt.subplots(figsize=(9, 4.5))
    ax.barh([f for f, _ in top] or ["—"], [c for _, c in top] or [0], color=COLOURS["undetermined"])
    ax.set_xlabel("待核实的人数 / undetermined people it would settle")
    ax.set_title("先问哪一项 / the missing facts that settle the most people")
    out["missing"] = _png(fig)
    return out


# --- writing ----------------------------------------------------------------------------

def _money_cell(v: int) -> str:
    return f"{v:,}"


def _table(headers, rows) -> str:
    th = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if c is None else str(c))}</td>" for c in r) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def measure_rows(s: Summary) -> list[list]:
    rows = []
    for m in catalogue().measures:
        ln = s.measures[m.id]
        rows.append([m.id, m.name, m.clause, *(ln.people[st] for st in STATUSES),
                     ln.money["eligible"], ln.money["conditional"],
                     ln.unpriced["eligible"] + ln.unpriced["conditional"],
                     ln.periodic["eligible"] + ln.periodic["conditional"]])
    return rows


MEASURE_HEADERS = ["measure", "措施", "条款", *(f"{STATUS_ZH[s]} {s}" for s in STATUSES),
                   "可享受金额（元）eligible yuan", "办完手续后金额（元）conditional yuan",
                   "只计人数不计金额 counted, not priced", "每月或每年、期数无上限（元/期）per month or year, no cap"]
NOTIFY_HEADERS = ["id", "measure", "措施", "结果 status", "还差一步 the step", "yuan", "per", "max_total_yuan"]


def missing_rows(s: Summary, k: int = 15) -> list[list]:
    from ..facts import fact_info
    info = fact_info()
    return [[f, (info.get(f) or {}).get("label", ""), n,
             "、".join(f"{m}（{c}）" for m, c in s.missing_by.get(f, collections.Counter()).most_common(3))]
            for f, n in s.missing.most_common(k)]


MISSING_HEADERS = ["fact", "含义", "待核实人数 people", "主要涉及的措施 measures"]


def write_report(results: Path, html_path: Path, day: Optional[dt.date] = None,
                 overrides: tuple = ()) -> tuple[Path, Path]:
    """R.html and R.xlsx (beside it) from a results file."""
    import openpyxl
    html_path = Path(html_path)
    if html_path.suffix.lower() != ".html":
        html_path = html_path.with_suffix(".html")
    xlsx_path = html_path.with_suffix(".xlsx")
    wb = openpyxl.Workbook(write_only=True)
    ws_list = wb.create_sheet("通知名单 notify")
    ws_list.append(NOTIFY_HEADERS)
    shown: list = []
    written = [0]

    def sink(row):
        if len(shown) < LIST_SHOWN:
            shown.append(row)
        if written[0] < XLSX_MAX_ROWS:
            ws_list.append(list(row))
            written[0] += 1

    s = summarise(Path(results), day, sink)
    ws = wb.create_sheet("措施 measures", 0)
    ws.append(MEASURE_HEADERS)
    for r in measure_rows(s):
        ws.append(r)
    wm = wb.create_sheet("先问 missing facts", 1)
    wm.append(MISSING_HEADERS)
    for r in missing_rows(s, 50):
        wm.append(r)
    wb.save(xlsx_path)

    figs = charts(s)
    totals = {st: sum(s.measures[m].money[st] for m in s.measures) for st in ("eligible", "conditional")}
    change = ("（参数改动 / changed parameters: " + ", ".join(f"{m}.{p}={v}" for m, p, v in overrides) + "）") \
        if overrides else ""
    cut = f"（仅列前 {LIST_SHOWN} 行，共 {s.notify} 行，全部见 xlsx / first {LIST_SHOWN} of {s.notify}; all in the xlsx）" \
        if s.notify > LIST_SHOWN else ""
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>免申即享筛查报告 screening report</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;margin:2em;max-width:75em}}
table{{border-collapse:collapse;font-size:.85em;margin:1em 0}}td,th{{border:1px solid #ccc;padding:.25em .5em}}
th{{background:#f0f0f0}}img{{max-width:100%}}.num{{font-size:1.3em}}</style></head><body>
<h1>金就办〔2023〕1号 免申即享筛查报告{html.escape(change)}</h1>
<p>判断日 / as of: {day or ''} · 筛查人数 / people screened: <span class="num">{s.people:,}</span>
 · 可享受金额 / money, eligible: <span class="num">{_money_cell(totals['eligible'])} 元</span>
 · 办完手续后 / once the steps are done: <span class="num">{_money_cell(totals['conditional'])} 元</span></p>
<p>金额只计文件定额的部分（如 1000元/月×12个月）；「按市级标准」「参照备案费用」「不超过N元」等未定额的只计人数，不计金额。
Money counts only amounts the document fixes; the others are counted, never priced.</p>
<h2>各项措施 / per measure</h2>
<img alt="people per measure and status" src="{figs['status']}">
{_table(MEASURE_HEADERS, measure_rows(s))}
<h2>资金 / money</h2>
<img alt="money per measure" src="{figs['money']}">
<h2>先问哪一项 / whom to call first</h2>
<p>下列事实一旦问清，可确定最多待核实人员的结果。The missing facts that would settle the most undetermined people.</p>
<img alt="missing facts" src="{figs['missing']}">
{_table(MISSING_HEADERS, missing_rows(s))}
<h2>可通知名单 / eligible or one step away</h2>{cut}
{_table(NOTIFY_HEADERS, shown)}
</body></html>
"""
    html_path.write_text(page, encoding="utf-8")
    return html_path, xlsx_path
