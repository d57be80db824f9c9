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


def test_every_move_of_status_is_reported_not_only_into_or_out_of_entitled():
    tally = Tally()
    tally.add({("talent_return", "ineligible", None, "undetermined", None): 23,
               ("talent_return", "ineligible", None, "ineligible", None): 1977})
    text = tally.text((("talent_return", "insurance_months_min", 3),))
    assert "no result changes" not in text
    line = tally.lines()["talent_return"]
    assert (line.gained, line.lost, line.changed) == (0, 0, 23)
    assert line.moves == {("ineligible", "undetermined"): 23}
    assert "ineligible→undetermined 23" in text and "results changed: 23" in text
    # Nothing moved: then, and only then, no result changes.
    quiet = Tally()
    quiet.add({("talent_return", "ineligible", None, "ineligible", None): 5})
    assert "no result changes" in quiet.text((("talent_return", "insurance_months_min", 3),))


def test_the_moves_equal_evaluate_under_both_rules_on_a_generated_roster(tmp_path):
    """The reviewer's case: 2,000 generated people, three changes; the printout said 'no result
    changes' while results had moved from ineligible to undetermined."""
    from policy_core.screen import money, roster
    rows: list = []

    def made():
        for b, rs in roster.generated(2000, seed=1):
            rows.extend(rs)
            yield b

    path = roster.write(tmp_path / "roster.csv", made())
    overrides = ((FLEX, "age_max", 40), ("rural_cross_district", "contract_months_min", 6),
                 ("talent_return", "insurance_months_min", 3))
    tally = Tally()
    screen(path, tmp_path / "r.parquet", DAY, overrides, workers=1, progress=False, whatif=tally)
    changed = catalogue_with(overrides)
    want: dict = {}
    for r in rows:
        for was, now in zip(evaluate(r, as_of=DAY).results, evaluate(r, as_of=DAY, cat=changed).results):
            if was.status != now.status:
                want.setdefault(now.id, {}).setdefault((was.status, now.status), 0)
                want[now.id][(was.status, now.status)] += 1
            elif money.of(was) != money.of(now):
                want.setdefault(now.id, {}).setdefault((now.status, "sum"), 0)
                want[now.id][(now.status, "sum")] += 1
    got = {m: {**ln.moves, **{(st, "sum"): n for st, n in ln.resummed.items()}}
           for m, ln in tally.lines().items() if ln.changed}
    assert got == want and want            # the change moves some results, every one is reported
    text = tally.text(overrides)
    assert "no result changes" not in text
    assert f"results changed: {sum(sum(v.values()) for v in want.values())}" in text
    for m in want:
        assert any(ln.startswith(m + " ") for ln in text.splitlines())


def test_the_same_parameter_twice_is_refused(tmp_path):
    p = subprocess.run([sys.executable, "-m", "policy_core", "screen", str(_roster(tmp_path)),
                        "--as-of", str(DAY), "--out", str(tmp_path / "r.parquet"), "--no-progress",
                        "--set", f"{FLEX}.age_max=40", "--set", f"{FLEX}.age_max=36"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1
    assert f"parameter {FLEX}.age_max is given 2 times (40, 36)" in p.stderr
    assert not (tmp_path / "r.parquet").exists()
    # The same in one --set (comma-separated), and through the API.
    p = subprocess.run([sys.executable, "-m", "policy_core", "screen", str(_roster(tmp_path)),
                        "--as-of", str(DAY), "--out", str(tmp_path / "r.parquet"), "--no-progress",
                        "--set", f"{FLEX}.age_max=40,{FLEX}.age_max=40"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.returncode == 2 and "given 2 times" in p.stderr
    with pytest.raises(OverrideError, match="given 2 times"):
        screen(_roster(tmp_path), tmp_path / "r.parquet", DAY, ((FLEX, "age_max", 40), (FLEX, "age_max", 36)),
               workers=1, progress=False)
