"""The screen on a local Dask cluster of two worker processes: the same screen_batch on the
same Arrow record batches, the same results as on one machine, bad rows included.

Dask runs in its own environment (.venv-dask, made by scripts/setup.sh from
requirements-dask.lock): Rasa pins dask 2022.10.2, whose distributed does not run on 3.11.
"""
from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from policy_core.screen import roster
from policy_core.screen.run import screen

ROOT = Path(__file__).resolve().parents[2]
DASK_PY = ROOT / ".venv-dask" / "bin" / "python"
DAY = dt.date(2026, 12, 6)


def _plain(t: pa.Table) -> list[dict]:
    return pa.table([c.combine_chunks().dictionary_decode() if pa.types.is_dictionary(c.type) else c
                     for c in t.columns], names=t.column_names).to_pylist()


@pytest.mark.skipif(not DASK_PY.exists(), reason=".venv-dask missing: run scripts/setup.sh")
def test_screen_on_a_local_dask_cluster_of_two_workers_equals_the_local_screen(tmp_path):
    batches = [b for b, _ in roster.generated(16_000, seed=5, batch_rows=8_000)]
    # One bad row (age over the contract's range) in the second slice.
    bad = batches[1].to_pydict()
    bad["age"][10] = 121
    batches[1] = pa.record_batch(list(bad.values()), schema=batches[1].schema)
    path = roster.write(tmp_path / "roster.parquet", batches)
    local = tmp_path / "local.parquet"
    outcome = screen(path, local, DAY, workers=1, progress=False)

    p = subprocess.run([str(DASK_PY), "-m", "policy_core.screen.on_dask", str(path), "--as-of", str(DAY),
                        "--out", str(tmp_path / "parts"), "--workers", "2", "--slice-rows", "2000"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    r = json.loads(p.stdout.strip().splitlines()[-1])
    assert r["workers"] == 2 and r["workers_used"] == 2
    assert len(r["parts"]) == 8
    assert r["screened"] == outcome.screened == 16_000 - 1
    assert [tuple(b) for b in r["bad"]] == outcome.bad == [
        (8_000 + 11, "age 应为0到120之间的整数", "age must be an integer from 0 to 120")]
    parts = pa.concat_tables([pq.read_table(part) for part in sorted(r["parts"])])
    assert _plain(parts) == _plain(pq.read_table(local))


@pytest.mark.skipif(not DASK_PY.exists(), reason=".venv-dask missing: run scripts/setup.sh")
def test_on_dask_a_bad_number_cell_is_a_bad_row_and_no_cell_reaches_the_log(tmp_path):
    # Text cells in Parquet (a bureau's export): '+77' once failed the job and its value was logged.
    ages = ["30", "+77", "77.0", "７７", "+7731.5", "31"] * 2
    t = pa.table({"id": [f"P{i + 1}" for i in range(len(ages))], "age": pa.array(ages, pa.string())})
    path = tmp_path / "roster.parquet"
    pq.write_table(t, path)
    local = screen(path, tmp_path / "local.parquet", DAY, workers=1, progress=False)
    p = subprocess.run([str(DASK_PY), "-m", "policy_core.screen.on_dask", str(path), "--as-of", str(DAY),
                        "--out", str(tmp_path / "parts"), "--workers", "2", "--slice-rows", "6"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    r = json.loads(p.stdout.strip().splitlines()[-1])
    why = ["age 应为0到120之间的整数", "age must be an integer from 0 to 120"]
    assert r["bad"] == [[4, *why], [5, *why], [10, *why], [11, *why]]
    assert r["screened"] == local.screened == 8
    for secret in ("+77", "７７", "7731.5"):
        assert secret not in p.stderr and secret not in p.stdout
