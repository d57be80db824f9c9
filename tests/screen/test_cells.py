"""Cells that are not what a fact takes are bad rows, reported by number and reason, and the run
goes on; the check and the conversion agree on every shape of a number, in every format.

A leading `+` (`+25`, `+0`) once passed the check and then stopped the whole run when Arrow
would not convert it (exit 1, "screening stopped (ArrowInvalid)"); on Dask the job failed and
the cell's value was in the log.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import traceback
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from policy_core import evaluate
from policy_core.screen import read
from policy_core.screen import cells, run
from policy_core.screen.run import screen, screen_batch

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 12, 6)
AGE_BAD = ("age 应为0到120之间的整数", "age must be an integer from 0 to 120")

# Integer cells as text: accepted ones with their value; the rest are bad rows (never a stopped run).
GOOD = {"1": 1, "+0": 0, "+25": 25, "25.0": 25, "+25.00": 25, " 30 ": 30, "-0": 0, "007": 7,
        "0000000000000000000000000031": 31, "\u300032\u3000": 32}
BAD = ["２５", "+２５", "1e3", "1E1", "2 5", "25.5", "25.", ".0", "1,000", "0x19", "+-3", "++3", "+", "-",
       "-5", "121", "99999999999999999999", "٢٥", "25.0.0", "½", "NaN", "inf"]
SHAPES = list(GOOD) + BAD


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policy_core", "screen", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _write(tmp_path, fmt: str) -> Path:
    ids = [f"P{i + 1}" for i in range(len(SHAPES))]
    if fmt == "csv":
        path = tmp_path / "roster.csv"
        path.write_text("id,age\n" + "".join(f'{i},"{v}"\n' for i, v in zip(ids, SHAPES)), encoding="utf-8")
    elif fmt == "xlsx":
        import openpyxl
        path = tmp_path / "roster.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["id", "age"])
        for i, v in zip(ids, SHAPES):
            ws.append([i, v])           # text cells, as typed into a sheet formatted as text
        wb.save(path)
    else:
        path = tmp_path / f"roster-{fmt}.parquet"
        age = pa.array(SHAPES, pa.string())
        if fmt == "parquet-dictionary":
            age = age.dictionary_encode()
        elif fmt == "parquet-binary":
            age = pa.array([v.encode() for v in SHAPES], pa.binary())
        pq.write_table(pa.table({"id": ids, "age": age}), path)
    return path


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet-string", "parquet-dictionary", "parquet-binary"])
def test_every_shape_of_a_number_is_a_value_or_a_bad_row_alike_in_every_format(tmp_path, fmt):
    bad: list = []
    out = tmp_path / "results.parquet"
    outcome = screen(_write(tmp_path, fmt), out, DAY, workers=1, progress=False, on_bad=lambda *b: bad.append(b))
    want_bad = [(SHAPES.index(v) + 1, *AGE_BAD) for v in BAD]
    assert sorted(bad) == want_bad
    assert outcome.screened == len(GOOD)
    rows = pq.read_table(out).to_pylist()
    for i, (text, age) in enumerate(GOOD.items()):
        got = [(r["measure"], r["status"], r["missing_facts"]) for r in rows if r["id"] == f"P{i + 1}"]
        want = [(x.id, x.status, "|".join(x.missing_facts)) for x in evaluate({"age": age}, as_of=DAY).results]
        assert got == want, text


def test_the_reviewers_repro_a_plus_sign_no_longer_stops_the_run(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("id,age\nA,1\nB,+0\nC,+7731.5\nD,７７３１\n", encoding="utf-8")
    p = _cli(path, "--as-of", DAY, "--out", tmp_path / "o.csv", "--no-progress")
    assert p.returncode == 0, p.stderr
    assert "screened 2 rows" in p.stdout
    assert "row 3 skipped: age must be an integer" in p.stderr and "row 4 skipped" in p.stderr
    bad_file = (tmp_path / "o.csv.bad_rows.csv").read_text(encoding="utf-8")
    for secret in ("7731", "７７３１"):
        assert secret not in p.stderr and secret not in p.stdout and secret not in bad_file
    ids = {line.split(",")[0] for line in (tmp_path / "o.csv").read_text(encoding="utf-8").splitlines()[1:]}
    assert ids == {'"A"', '"B"'}


def test_a_cell_that_is_not_utf8_is_a_bad_row_even_far_down_the_file(tmp_path):
    path = tmp_path / "roster.csv"
    lines = [b"id,age,hukou"] + [b"P%d,30,jinshan" % i for i in range(1, 30_001)]
    lines[20_000] = b"P20000,30,jin\xffshan"          # past the first read buffers and the first batch
    lines[25_000] = b"\xfe\xfe,30,jinshan"            # an id that is not text
    path.write_bytes(b"\n".join(lines) + b"\n")
    p = _cli(path, "--as-of", DAY, "--out", tmp_path / "o.parquet", "--no-progress")
    assert p.returncode == 0, p.stderr
    assert "row 20000 skipped: hukou must be one of" in p.stderr
    assert "row 25000 skipped: id must be text (UTF-8)" in p.stderr
    assert "screened 29998 rows" in p.stdout


def test_typed_parquet_numbers_follow_the_same_rule(tmp_path):
    t = pa.table({
        "id": ["A", "B", "C", "D", "E"],
        "age": pa.array([Decimal("25"), Decimal("25.5"), None, Decimal("121"), Decimal("-0")], pa.decimal128(6, 1)),
        "rural_hukou": pa.array([None, None, [True], None, None], pa.list_(pa.bool_())),
    })
    batch = t.to_batches()[0]
    out, bad = screen_batch(batch, None, DAY)
    assert bad == [(2, *AGE_BAD), (3, "rural_hukou 应为true 或 false", "rural_hukou must be true or false"),
                   (4, *AGE_BAD)]
    got = out.to_pylist()
    assert {r["id"] for r in got} == {"A", "E"}
    want = [(x.id, x.status) for x in evaluate({"age": 25}, as_of=DAY).results]
    assert [(r["measure"], r["status"]) for r in got if r["id"] == "A"] == want
    # A nested id column: bad rows, the id never quoted; the run of the batch goes on.
    t2 = pa.table({"id": pa.array([[1], None], pa.list_(pa.int64())), "age": [30, 31]})
    out, bad = screen_batch(t2.to_batches()[0], None, DAY)
    assert bad == [(1, *cells.ID_REASON)] and out.num_rows == 22


def test_a_failure_in_a_batch_carries_its_kind_never_its_message(monkeypatch):
    from policy_core.screen import fast

    def boom(*_):
        raise ValueError(f"cell {secret} could not be read")     # as an Arrow or Python message may
    secret = "SECRET-" + "7731"
    monkeypatch.setattr(fast.Screener, "judge", boom)
    batch = pa.record_batch([pa.array(["A"]), pa.array([30])], names=["id", "age"])
    with pytest.raises(run.BatchFailed) as e:
        screen_batch(batch, None, DAY)
    assert e.value.kind == "ValueError"
    shown = "".join(traceback.format_exception(e.value)) + repr(e.value) + str(e.value)
    assert "SECRET" not in shown and "ValueError" in shown
    import pickle                     # as it travels back from a worker process
    again = pickle.loads(pickle.dumps(e.value))
    assert again.kind == "ValueError" and "SECRET" not in str(again)


def test_text_rosters_know_their_length_up_front_where_it_is_cheap(tmp_path):
    import openpyxl
    path = tmp_path / "r.csv"
    path.write_text("id,age\n" + "".join(f"P{i},30\n" for i in range(57)), encoding="utf-8")
    assert read.open_roster(path).rows == 57
    path.write_text("id,age\n" + "".join(f"P{i},30\n" for i in range(56)) + "P56,30", encoding="utf-8")
    assert read.open_roster(path).rows == 57           # no newline after the last row
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "age"])
    for i in range(41):
        ws.append([f"P{i}", 30])
    wb.save(tmp_path / "r.xlsx")
    assert read.open_roster(tmp_path / "r.xlsx").rows == 41     # the sheet's stated dimension


def test_a_blank_id_in_a_typed_roster_is_passed_through_as_blank(tmp_path):
    # The Parquet writer takes no null inside a dictionary: a null id once stopped the run.
    pq.write_table(pa.table({"id": ["A", None, ""], "age": [30, 31, 32]}), tmp_path / "r.parquet")
    out = screen(tmp_path / "r.parquet", tmp_path / "o.parquet", DAY, workers=1, progress=False)
    assert out.screened == 3 and not out.bad
    assert pq.read_table(tmp_path / "o.parquet").column("id").to_pylist()[::22] == ["A", None, ""]
