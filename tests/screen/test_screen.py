"""`python -m policy_core screen`: every output row equals evaluate() on its input row.

The roster formats (Parquet typed, CSV and xlsx as text), unknown columns refused before
the run, bad rows reported by number and reason without their cells, and the run going on.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from policy_core import evaluate
from policy_core.catalogue import catalogue
from policy_core.screen import read, roster
from policy_core.screen.run import screen

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 12, 6)
MEASURES = [m.id for m in catalogue().measures]


def cli(*args, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policy_core", "screen", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def expected(row_id: str, facts: dict, day=DAY, cat=None) -> list[tuple]:
    """The output rows for one input row, read straight off evaluate()'s JSON."""
    out = []
    for r in evaluate(facts, as_of=day, cat=cat).model_dump(mode="json")["results"]:
        a = r["amount"]
        steps = "" if r["status"] == "ineligible" else "|".join(
            c["text"] for c in r["conditions"] if c["step"] and c["met"] is not True)
        out.append((row_id, r["id"], r["status"], a["yuan"], a["per"], a["max_total_yuan"],
                    "|".join(r["missing_facts"]), steps))
    return out


def output_rows(path: Path):
    """The results file's rows as tuples, a batch at a time."""
    if path.suffix == ".csv":
        import pyarrow.csv as pacsv
        t = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
            column_types={"id": pa.string(), "missing_facts": pa.string(), "steps": pa.string(),
                          "per": pa.string(), "yuan": pa.int64(), "max_total_yuan": pa.int64()},
            strings_can_be_null=False))
        batches = t.to_batches()
    else:
        batches = pq.ParquetFile(path).iter_batches(batch_size=22 * 5000)
    for b in batches:
        cols = [c.dictionary_decode() if pa.types.is_dictionary(c.type) else c for c in b.columns]
        per = [None if v == "" else v for v in cols[4].to_pylist()]
        yield from zip(*(c.to_pylist() for c in cols[:4]), per, *(c.to_pylist() for c in cols[5:]))


def assert_same(results: Path, rows: list[dict], ids: list[str]) -> None:
    got = output_rows(results)
    n = 0
    for row_id, facts in zip(ids, rows):
        for want in expected(row_id, facts):
            assert next(got) == want, (row_id, want[1])
            n += 1
    assert next(got, None) is None
    assert n == 22 * len(rows)


@pytest.mark.parametrize("distinct", [False, True])
def test_every_row_equals_evaluate_on_100000_generated_rows(tmp_path, distinct):
    """The screen judges each measure once per distinct input it reads (numbers and dates reduced
    to their side of each line): every row still equals evaluate(), also when no two rows match."""
    rows, ids, batches = [], [], []

    def made():
        for b, rs in roster.generated(100_000, seed=19, batch_rows=25_000, distinct=distinct):
            rows.extend(rs)
            ids.extend(b.column("id").to_pylist())
            yield b

    path = roster.write(tmp_path / "roster.parquet", made())
    out = tmp_path / "results.parquet"
    p = cli(path, "--as-of", DAY, "--out", out, "--workers", 2)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "screened 100000 rows" in p.stdout
    assert pq.ParquetFile(out).metadata.num_rows == 22 * 100_000
    assert pq.ParquetFile(out).schema_arrow.names == [
        "id", "measure", "status", "yuan", "per", "max_total_yuan", "missing_facts", "steps"]
    assert_same(out, rows, ids)


@pytest.mark.parametrize("fmt,n", [("csv", 3000), ("xlsx", 300)])
def test_text_rosters_equal_evaluate_and_csv_results(tmp_path, fmt, n):
    rows, ids = [], []
    for b, rs in roster.generated(n, seed=7):
        rows += rs
        ids += b.column("id").to_pylist()
    path = roster.write(tmp_path / f"roster.{fmt}", (b for b, _ in roster.generated(n, seed=7)))
    out = tmp_path / "results.csv"
    screen(path, out, DAY, workers=1, progress=False)
    assert out.read_text(encoding="utf-8").splitlines()[0] == \
        '"id","measure","status","yuan","per","max_total_yuan","missing_facts","steps"'
    assert_same(out, rows, ids)


def _csv(tmp_path, text: str) -> Path:
    p = tmp_path / "roster.csv"
    p.write_text(text, encoding="utf-8")
    return p


def test_unknown_column_is_refused_before_the_run(tmp_path):
    path = _csv(tmp_path, "id,age,salary\nA,30,9000\n")
    out = tmp_path / "r.parquet"
    p = cli(path, "--as-of", DAY, "--out", out, "--no-progress")
    assert p.returncode == 2
    assert "salary" in p.stderr and "未知的列" in p.stderr and "unknown column" in p.stderr
    assert "Traceback" not in p.stderr
    assert not out.exists() and not any(tmp_path.glob(".r.parquet*"))


@pytest.mark.parametrize("header,why", [("id,as_of", "--as-of"), ("id,age,age", "duplicate")])
def test_as_of_and_duplicate_columns_are_refused(tmp_path, header, why):
    p = cli(_csv(tmp_path, header + "\n"), "--as-of", DAY, "--out", tmp_path / "r.parquet")
    assert p.returncode == 2 and why in p.stderr


@pytest.mark.parametrize("args,why", [(("--as-of", "2026-13-01"), "--as-of"),
                                      (("--as-of", "2026-12-06", "--set", "internship.age_max=x"), "integer"),
                                      (("--as-of", "2026-12-06", "--set", "internship.nope=3"), "no parameter"),
                                      (("--as-of", "2026-12-06", "--set", "nothing.age_max=3"), "unknown measure")])
def test_bad_arguments_get_one_line_and_exit_2(tmp_path, args, why):
    p = cli(_csv(tmp_path, "id,age\nA,30\n"), *args, "--out", tmp_path / "r.parquet")
    assert p.returncode == 2 and why in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_missing_or_unreadable_roster_is_a_clear_refusal(tmp_path):
    p = cli(tmp_path / "none.csv", "--as-of", DAY, "--out", tmp_path / "r.parquet")
    assert p.returncode == 2 and "no such roster file" in p.stderr
    for name in ("x.parquet", "x.xlsx"):
        (tmp_path / name).write_bytes(b"not a roster at all")
        p = cli(tmp_path / name, "--as-of", DAY, "--out", tmp_path / "r.parquet")
        assert p.returncode == 2 and "cannot read the roster" in p.stderr and "Traceback" not in p.stderr


SECRET_AGE, SECRET_HUKOU, SECRET_FLAG = "7731", "mars-district", "maybe"
BAD = f"""id,age,hukou,employment_status,unemployed_since,flexible_since,hard_to_employ_certified
A,30,jinshan,unemployed,2026-01-10,,false
B,{SECRET_AGE},jinshan,,,,
C,25,{SECRET_HUKOU},,,,
D,25,jinshan,flexible,2026-03-05,2025-11-17,
E,25,jinshan,,,,{SECRET_FLAG}
F,25,jinshan
G,,jinshan,,,,TRUE
"""


def test_bad_rows_are_reported_by_number_and_reason_never_their_values(tmp_path):
    out = tmp_path / "r.parquet"
    p = cli(_csv(tmp_path, BAD), "--as-of", DAY, "--out", out)
    assert p.returncode == 0, p.stderr
    err = p.stderr
    for secret in (SECRET_AGE, SECRET_HUKOU, SECRET_FLAG, "2025-11-17", "2026-03-05"):
        assert secret not in err and secret not in p.stdout
    assert "row 2 skipped: age must be an integer from 0 to 120" in err
    assert "row 3 skipped: hukou must be one of jinshan/shanghai_other/non_shanghai" in err
    assert "row 4 skipped" in err and "flexible_since is before unemployed_since" in err
    assert "row 5 skipped: hard_to_employ_certified must be true or false" in err
    assert "row 6 skipped: expected 7 cells, found 3" in err
    assert "bad rows: 5" in err
    bad_file = (tmp_path / "r.parquet.bad_rows.csv").read_text(encoding="utf-8")
    assert bad_file.count("\n") == 6 and SECRET_HUKOU not in bad_file and SECRET_AGE not in bad_file
    t = pq.read_table(out)
    assert sorted(set(t.column("id").to_pylist())) == ["A", "G"]
    # A's row and G's (an empty age is unknown; TRUE is true) equal evaluate() on the same facts.
    assert list(output_rows(out)) == expected("A", {
        "age": 30, "hukou": "jinshan", "employment_status": "unemployed", "unemployed_since": "2026-01-10",
        "hard_to_employ_certified": False}) + expected("G", {"hukou": "jinshan", "hard_to_employ_certified": True})
    assert "screened 2 rows" in p.stdout
    assert "screening" in err          # the progress bar, on stderr


def test_without_an_id_column_the_row_number_is_the_id(tmp_path):
    out = tmp_path / "r.csv"
    screen(_csv(tmp_path, "age,hukou\n30,jinshan\n,\n"), out, DAY, workers=1, progress=False)
    rows = list(output_rows(out))
    assert [r[0] for r in rows] == ["1"] * 22 + ["2"] * 22
    assert rows[22:] == expected("2", {})


def test_rosters_are_read_in_bounded_batches(tmp_path):
    path = roster.write(tmp_path / "r.parquet", (b for b, _ in roster.generated(5000, batch_rows=5000)))
    r = read.open_roster(path, batch_rows=1000)
    sizes, numbers = [], []
    for b, nums in r.batches():
        sizes.append(b.num_rows)
        numbers += nums.tolist()
    assert sizes == [1000] * 5 and numbers == list(range(1, 5001))
    assert r.rows == 5000


def test_columns_checked_once_give_the_facts_row_validation_gives():
    from policy_core.facts import parse_facts, trusted
    from policy_core.screen.cells import facts_of, rows_of
    for b, rows in roster.generated(20_000, seed=23, batch_rows=20_000):
        for batch in (b, roster.as_text(b)):          # typed Parquet cells, and text cells
            got, bad, unchecked = rows_of(batch)
            assert not bad and not unchecked
            assert all(trusted(g) == parse_facts(r) for g, r in zip(got, rows))
            facts, bad, unchecked = facts_of(batch)
            assert not bad and not unchecked
            assert all(f == parse_facts(r) for f, r in zip(facts, rows))


def test_typed_cells_of_the_wrong_kind_or_range_are_bad_rows(tmp_path):
    t = pa.table({"id": ["A", "B", "C", "D"], "age": pa.array([30, 121, 0, -1], pa.int64()),
                  "rural_hukou": pa.array([None, None, 1, None], pa.int64()),
                  "graduation_date": pa.array([None, None, None, dt.datetime(2026, 1, 1)], pa.timestamp("s"))})
    pq.write_table(t, tmp_path / "r.parquet")
    bad = []
    out = screen(tmp_path / "r.parquet", tmp_path / "o.parquet", DAY, workers=1, progress=False,
                 on_bad=lambda *b: bad.append(b))
    assert [(row, en) for row, _, en in bad] == [
        (2, "age must be an integer from 0 to 120"), (3, "rural_hukou must be true or false"),
        (4, "age must be an integer from 0 to 120")]
    assert out.screened == 1 and pq.read_table(tmp_path / "o.parquet").column("id").unique().to_pylist() == ["A"]


def test_screen_table_takes_every_chunk_of_an_engines_block(tmp_path):
    """What docs/screening.md gives Ray's map_batches(batch_format="pyarrow"): a table of several
    chunks in, a plain table of every chunk's results out (the example once took chunk 0 only)."""
    from policy_core.screen import run
    rows, ids, batches = [], [], []
    for b, rs in roster.generated(900, seed=29, batch_rows=300):
        rows += rs
        ids += b.column("id").to_pylist()
        batches.append(b)
    table = pa.Table.from_batches(batches)
    assert table.column("id").num_chunks == 3
    out = run.screen_table(table, DAY)
    assert isinstance(out, pa.Table) and out.schema == run.PLAIN
    assert not any(pa.types.is_dictionary(f.type) for f in out.schema)
    got = iter(zip(*(c.to_pylist() for c in out.columns)))
    for row_id, facts in zip(ids, rows):
        for want in expected(row_id, facts):
            g = next(got)
            assert g[:4] + ((g[4] or None),) + g[5:] == want
    assert next(got, None) is None
    assert run.screen_table(table.slice(0, 0), DAY).num_rows == 0
