"""Price a change: --set measure.param=value against the rules as written.

Memoised results never cross parameter sets: the rules as written and a change are run in
one process, back and forth, on both sides of the old and the new line.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from policy_core import evaluate
from policy_core.catalogue import OverrideError, catalogue, catalogue_with
from policy_core.screen.run import screen
from policy_core.screen.whatif import Tally

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 12, 6)
FLEX = "flexible_employment_youth"
AGE_MAX = catalogue().measure(FLEX).params["age_max"]          # 35 as written
NEW_MAX = AGE_MAX + 5
CAP = catalogue().measure(FLEX).amount(None).max_total_yuan


def youth(age: int) -> dict:
    # Long unemployed, Jinshan hukou, not certified hard to employ: only age and the steps decide.
    return {"age": age, "hukou": "jinshan", "employment_status": "unemployed",
            "unemployed_since": "2025-01-10", "hard_to_employ_certified": False}


def status(age: int, cat=None) -> str:
    return evaluate(youth(age), as_of=DAY, cat=cat).result(FLEX).status


def test_rules_as_written_and_a_change_in_one_process_never_share_a_memo():
    changed = catalogue_with({f"{FLEX}.age_max": NEW_MAX})
    for _ in range(2):             # back and forth: a memo filled by one is never read by the other
        assert status(AGE_MAX) == "conditional" and status(AGE_MAX + 1) == "ineligible"
        assert status(AGE_MAX + 1, changed) == "conditional"
        assert status(NEW_MAX, changed) == "conditional" and status(NEW_MAX + 1, changed) == "ineligible"
        assert status(AGE_MAX + 1) == "ineligible"
    # The condition's text says the changed figure, the one as written says the document's.
    texts = [c.text for c in evaluate(youth(30), as_of=DAY, cat=changed).result(FLEX).conditions]
    assert f"{NEW_MAX}周岁及以下" in texts
    assert f"{AGE_MAX}周岁及以下" in [c.text for c in evaluate(youth(30), as_of=DAY).result(FLEX).conditions]
    assert changed.memo is not catalogue().memo
    assert catalogue_with({}) is catalogue()
    assert catalogue().measure(FLEX).params["age_max"] == AGE_MAX      # the data as written untouched


@pytest.mark.parametrize("change,why", [
    ({"nothing.age_max": 3}, "unknown measure"), ({f"{FLEX}.age_min": 3}, "no parameter"),
    ({f"{FLEX}.age_max": 40.5}, "integer"), ({f"{FLEX}.age_max": -1}, "integer"),
    ({f"{FLEX}.age_max": True}, "integer")])
def test_a_wrong_change_is_refused(change, why):
    with pytest.raises(OverrideError, match=why):
        catalogue_with(change)


def _roster(tmp_path) -> Path:
    ages = list(range(AGE_MAX - 1, NEW_MAX + 3))
    lines = ["id,age,hukou,employment_status,unemployed_since,hard_to_employ_certified"]
    lines += [f"P{a},{a},jinshan,unemployed,2025-01-10,false" for a in ages]
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_gained_and_lost_per_measure_and_money(tmp_path):
    tally = Tally()
    out = tmp_path / "r.parquet"
    overrides = ((FLEX, "age_max", NEW_MAX),)
    screen(_roster(tmp_path), out, DAY, overrides, workers=1, progress=False, whatif=tally)
    line = tally.lines()[FLEX]
    gained = NEW_MAX - AGE_MAX                      # ages AGE_MAX+1 .. NEW_MAX
    assert (line.gained, line.lost) == (gained, 0)
    assert line.conditional == [2, 2 + gained]      # AGE_MAX-1 and AGE_MAX as written
    assert line.money_conditional == [2 * CAP, (2 + gained) * CAP]
    # The results file holds the changed rules' results.
    t = pq.read_table(out).to_pylist()
    got = {r["id"]: r["status"] for r in t if r["measure"] == FLEX}
    assert got[f"P{NEW_MAX}"] == "conditional" and got[f"P{NEW_MAX + 1}"] == "ineligible"


def test_cli_prints_the_difference_for_several_changes(tmp_path):
    lower = catalogue().measure("internship").params["age_max"] - 3
    p = subprocess.run([sys.executable, "-m", "policy_core", "screen", str(_roster(tmp_path)),
                        "--as-of", str(DAY), "--out", str(tmp_path / "r.parquet"), "--no-progress",
                        "--set", f"{FLEX}.age_max={NEW_MAX}", "--set", f"internship.age_max={lower}"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.returncode == 0, p.stderr
    rows = {ln.split()[0]: ln.split() for ln in p.stdout.splitlines() if ln.split()[:1] in ([FLEX], ["internship"])}
    assert rows[FLEX][1:3] == [str(NEW_MAX - AGE_MAX), "0"]
    # internship: the youth group (本市户籍未就业, age ≤ age_max) loses those above the lower line
    # who are within the line as written.
    as_written = catalogue().measure("internship").params["age_max"]
    lost = sum(1 for a in range(AGE_MAX - 1, NEW_MAX + 3) if lower < a <= as_written)
    assert rows["internship"][1:3] == ["0", str(lost)]
    assert f"+{(NEW_MAX - AGE_MAX) * CAP}" in p.stdout


def test_the_screens_memo_never_crosses_parameter_sets():
    """screen_batch memoises each measure's result per reduced input on the catalogue: judged back
    and forth under the rules as written and a change (on both sides of both lines), every row
    equals evaluate() under its own catalogue."""
    import pyarrow as pa
    from policy_core.screen.run import cells, screen_batch
    ages = list(range(AGE_MAX - 2, NEW_MAX + 3))
    rows = [dict(youth(a), id=f"P{a}") for a in ages]
    batch = pa.RecordBatch.from_pylist([{**r, "unemployed_since": dt.date(2025, 1, 10)} for r in rows])
    overrides = ((FLEX, "age_max", NEW_MAX),)
    changed = catalogue_with(overrides)
    for _ in range(2):
        for over, cat in (((), None), (overrides, changed)):
            out, bad = screen_batch(batch, None, DAY, over)
            assert not bad
            got = out.to_pylist()
            want = [(r["id"],) + cells(x) for r in rows
                    for x in evaluate({k: v for k, v in r.items() if k != "id"}, as_of=DAY, cat=cat).results]
            assert [tuple(g.values()) for g in got] == want
    flex = {r["id"]: r["status"] for r in screen_batch(batch, None, DAY, overrides)[0].to_pylist()
            if r["measure"] == FLEX}
    assert flex[f"P{AGE_MAX + 1}"] == "conditional" and flex[f"P{NEW_MAX + 1}"] == "ineligible"
    assert {r["id"]: r["status"] for r in screen_batch(batch, None, DAY)[0].to_pylist()
            if r["measure"] == FLEX}[f"P{AGE_MAX + 1}"] == "ineligible"
