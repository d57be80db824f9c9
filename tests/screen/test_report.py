"""The bureau's report: counts, money only where the document fixes it, whom to call first,
the notification list; HTML with inline charts and an xlsx."""
from __future__ import annotations

import datetime as dt
import re

import openpyxl

from policy_core import evaluate
from policy_core.catalogue import catalogue
from policy_core.screen.report import summarise, write_report
from policy_core.screen.run import screen

DAY = dt.date(2026, 12, 6)
ROSTER = """id,speaker,startup_competition_prize,national_or_city_startup_award,age,hukou,employment_status,unemployed_since,hard_to_employ_certified,flexible_employment_registered
A,,first,,,,,,,
B,,third,,,,,,,
C,,,true,,,,,,
D,,,,,,,,,
E,,,,30,jinshan,unemployed,2025-01-10,false,
F,,,,,jinshan,,,,
"""


def _amount(measure, variant=None):
    return catalogue().measure(measure).amount(variant)


def _run(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "results.parquet"
    screen(path, out, DAY, workers=1, progress=False)
    return out


def test_counts_money_and_missing_facts(tmp_path):
    out = _run(tmp_path)
    listed = []
    s = summarise(out, DAY, listed.append)
    assert s.people == 6
    prize = s.measures["competition_prize"]
    assert prize.people["eligible"] == 2
    # Money where the document fixes it: one first prize and one third prize.
    assert prize.money["eligible"] == _amount("competition_prize", "first").yuan + \
        _amount("competition_prize", "third").yuan
    # 「按照市级标准」: counted, never priced.
    matching = s.measures["award_matching"]
    assert matching.people["eligible"] == 1 and matching.money["eligible"] == 0
    assert matching.unpriced["eligible"] == 1
    # E: long unemployed Jinshan youth, still to register flexible work: conditional, 1000元×12.
    flex = s.measures["flexible_employment_youth"]
    e = evaluate({"age": 30, "hukou": "jinshan", "employment_status": "unemployed",
                  "unemployed_since": "2025-01-10", "hard_to_employ_certified": False}, as_of=DAY)
    assert e.result("flexible_employment_youth").status == "conditional"
    assert flex.people["conditional"] == 1
    assert flex.money["conditional"] == _amount("flexible_employment_youth").max_total_yuan
    # Every status count adds up to the people screened, per measure.
    assert all(sum(ln.people.values()) == 6 for ln in s.measures.values())
    # Whom to call first: hukou settles most people (A, B, C, D and not E or F who gave it).
    people_missing_hukou = sum(
        "hukou" in {f for r in evaluate(facts, as_of=DAY).results if r.status == "undetermined"
                    for f in r.missing_facts}
        for facts in ({"startup_competition_prize": "first"}, {"startup_competition_prize": "third"},
                      {"national_or_city_startup_award": True}, {}, {"hukou": "jinshan"}))
    assert s.missing["hukou"] == people_missing_hukou == 4
    # The notification list: eligible ones, and conditional ones a single step away with that step.
    ids = {(r[0], r[1]) for r in listed}
    assert {("A", "competition_prize"), ("B", "competition_prize"), ("C", "award_matching")} <= ids
    steps = [r for r in listed if r[3] == "办完手续可享受"]
    assert all(r[4] and "|" not in r[4] for r in steps)
    assert ("E", "flexible_employment_youth") not in ids     # two steps away: register, then pay insurance


def test_report_files_html_with_inline_charts_and_xlsx(tmp_path):
    out = _run(tmp_path)
    html_path, xlsx_path = write_report(out, tmp_path / "report.html", DAY)
    page = html_path.read_text(encoding="utf-8")
    assert len(re.findall(r'<img alt="[^"]+" src="data:image/png;base64,', page)) == 3
    assert "<script" not in page and not re.search(r"(src|href)=\"?(https?:)?//", page)   # no CDN
    assert "按市级标准" in page and "只计人数" in page
    wb = openpyxl.load_workbook(xlsx_path, read_only=True)
    assert wb.sheetnames == ["措施 measures", "先问 missing facts", "通知名单 notify"]
    measures = list(wb["措施 measures"].iter_rows(values_only=True))
    assert [r[0] for r in measures[1:]] == [m.id for m in catalogue().measures]
    notify = list(wb["通知名单 notify"].iter_rows(values_only=True))
    assert ("A", "competition_prize") in {(r[0], r[1]) for r in notify[1:]}


def test_whom_to_call_first_counts_input_rows_not_distinct_ids(tmp_path):
    # An employer's hiring records repeat the employer's id; some rows have no id at all.
    rows = [("EMP-1", "first"), ("EMP-1", "third"), ("EMP-1", ""), ("", ""), ("", "second"), ("P-9", "")]
    path = tmp_path / "roster.csv"
    path.write_text("id,startup_competition_prize\n" + "".join(f"{i},{p}\n" for i, p in rows), encoding="utf-8")
    out = tmp_path / "results.csv"                       # CSV results: blank ids stay blank
    screen(path, out, DAY, workers=1, progress=False)
    s = summarise(out, DAY)
    want: dict = {}
    for _, prize in rows:
        facts = {"startup_competition_prize": prize} if prize else {}
        for f in {f for r in evaluate(facts, as_of=DAY).results if r.status == "undetermined" for f in r.missing_facts}:
            want[f] = want.get(f, 0) + 1
    assert dict(s.missing) == want and want["hukou"] == 6
    pq_out = tmp_path / "results.parquet"
    screen(path, pq_out, DAY, workers=1, progress=False)
    assert dict(summarise(pq_out, DAY).missing) == want
