"""The same screen on a Dask cluster: each task reads one slice of the roster, runs
run.screen_batch on its Arrow record batches (unchanged) and writes its own Parquet part.

    python -m policy_core.screen.on_dask ROSTER.parquet --as-of DATE --out DIR [--scheduler ADDR]
        [--workers 2]   (no --scheduler: a local cluster of that many worker processes)

Nothing but the path, the slice and the day travel to a worker; results never pass through
the client. Runs in its own environment (.venv-dask: requirements-dask.lock), since Rasa
pins dask 2022.10, whose distributed does not run on Python 3.11.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from .run import BatchFailed, screen_batch

SLICE_ROWS = 50_000      # rows per task: a few seconds of work on one worker


def screen_slice(roster: str, first: int, rows: int, day: dt.date, out: str, overrides: tuple = ()) -> dict:
    """Rows [first, first+rows) of a Parquet roster, screened into `out`. Runs on a worker. A bad
    cell is a bad row; any other failure reaches the worker's log as its kind only (BatchFailed)."""
    try:
        return _screen_slice(roster, first, rows, day, out, overrides)
    except BatchFailed:
        raise
    except Exception as e:
        raise BatchFailed(type(e).__name__).with_traceback(e.__traceback__) from None


def _screen_slice(roster, first, rows, day, out, overrides) -> dict:
    pf = pq.ParquetFile(roster)
    writer = None
    bad: list = []
    screened = 0
    start = 0
    try:
        for g in range(pf.num_row_groups):
            n = pf.metadata.row_group(g).num_rows
            lo, hi = max(first, start), min(first + rows, start + n)
            if lo < hi:
                table = pf.read_row_group(g).slice(lo - start, hi - lo)
                number = lo + 1
                for batch in table.to_batches(max_chunksize=20_000):
                    numbers = np.arange(number, number + batch.num_rows, dtype=np.int64)
                    number += batch.num_rows
                    result, bad_rows = screen_batch(batch, numbers, day, overrides)
                    writer = writer or pq.ParquetWriter(out, result.schema, compression="zstd")
                    writer.write_batch(result)
                    bad += bad_rows
                    screened += batch.num_rows - len(bad_rows)
            start += n
    finally:
        if writer is not None:
            writer.close()
    from distributed import get_worker
    return {"part": out if writer is not None else None, "screened": screened, "bad": bad,
            "worker": get_worker().address}


def screen_on(client, roster: str | Path, out_dir: str | Path, day: dt.date, overrides: tuple = (),
              slice_rows: int = SLICE_ROWS) -> dict:
    """Map screen_slice over the roster on the client's cluster; parts land in out_dir."""
    roster, out_dir = str(Path(roster).resolve()), Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    total = pq.ParquetFile(roster).metadata.num_rows
    futures = [client.submit(screen_slice, roster, first, slice_rows, day,
                             str(out_dir / f"part-{i:05d}.parquet"), overrides, pure=False)
               for i, first in enumerate(range(0, total, slice_rows))]
    done = client.gather(futures)
    return {"parts": [d["part"] for d in done if d["part"]], "screened": sum(d["screened"] for d in done),
            "bad": sorted(b for d in done for b in d["bad"]), "workers_used": len({d["worker"] for d in done})}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m policy_core.screen.on_dask")
    ap.add_argument("roster")
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--out", required=True, help="a directory for the Parquet parts")
    ap.add_argument("--scheduler", help="a running Dask scheduler's address; default: a local cluster")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--slice-rows", type=int, default=SLICE_ROWS, help="rows per task")
    args = ap.parse_args(argv)
    from distributed import Client, LocalCluster
    day = dt.date.fromisoformat(args.as_of)
    if args.scheduler:
        with Client(args.scheduler) as client:
            r = screen_on(client, args.roster, args.out, day, slice_rows=args.slice_rows)
    else:
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            r = screen_on(client, args.roster, args.out, day, slice_rows=args.slice_rows)
            r["workers"] = len(client.scheduler_info()["workers"])
    r["bad"] = [list(b) for b in r["bad"]]
    print(json.dumps(r, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
