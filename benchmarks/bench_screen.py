"""Screen N people (default 1,000,000) end to end, Parquet in and out, on every core.

    .venv/bin/python benchmarks/bench_screen.py [N] [--workers W] [--profile]

Two rosters from the seeded generator (policy_core/synthetic.py): as it draws them, and one
where every row is distinct (no whole-row repeat for any memo to reuse). Rosters are made
once and kept in screen_runs/bench/ (ignored by git). Side by side, OpenFisca's country
template computing two benefits for the same N, in its own virtual environment
(.venv-openfisca, built by scripts/openfisca.sh from requirements-openfisca.lock), when it is there.
--profile: where evaluate()'s time goes per person, on 20,000 rows of each roster (the screen
itself judges each measure once per distinct input it reads: policy_core/screen/fast.py).

A script, not a test: its figures go to docs/screening.md and the README.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from policy_core.screen import roster  # noqa: E402
from policy_core.screen.run import screen  # noqa: E402
from policy_core.synthetic import AS_OF  # noqa: E402

RUNS = ROOT / "screen_runs" / "bench"


def roster_file(n: int, distinct: bool) -> Path:
    path = RUNS / f"roster-{n}-{'distinct' if distinct else 'generator'}.parquet"
    if not path.exists():
        RUNS.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        part = path.with_suffix(".part")
        roster.write(part, (b for b, _ in roster.generated(n, seed=2023, distinct=distinct)))
        part.rename(path)
        print(f"  (made {path.name} in {time.perf_counter() - t:.0f} s)")
    return path


def profile(path: Path, rows: int = 20_000) -> None:
    import cProfile
    import pstats

    import pyarrow.parquet as pq

    from policy_core import evaluate
    from policy_core.screen.cells import rows_of
    batch = next(pq.ParquetFile(path).iter_batches(batch_size=rows))
    facts, _, _ = rows_of(batch)
    t = time.perf_counter()
    for f in facts:
        evaluate(f, as_of=AS_OF)
    print(f"  evaluate(): {(time.perf_counter() - t) / rows * 1e6:.1f} µs/person (one core, memo cold)")
    pr = cProfile.Profile()
    pr.enable()
    for f in facts:
        evaluate(f, as_of=AS_OF)
    pr.disable()
    pstats.Stats(pr).sort_stats("tottime").print_stats(12)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    print(f"{args.n:,} people, {args.workers} worker processes, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the start (other users of the machine included)")
    figures = {}
    for distinct in (False, True):
        name = "distinct rows" if distinct else "generator's roster"
        path = roster_file(args.n, distinct)
        if args.profile:
            print(name)
            profile(path)
            continue
        out = RUNS / "results.parquet"
        t = time.perf_counter()
        outcome = screen(path, out, AS_OF, workers=args.workers, progress=False)
        sec = time.perf_counter() - t
        figures[name] = sec
        # On a shared machine the wall clock depends on the others' load; CPU seconds do much less.
        # The main process (reading, writing Parquet) shares the same cores as the workers.
        idle = max((outcome.worker_cpu + outcome.main_cpu) / args.workers, outcome.main_cpu)
        print(f"screen, {name:20}: {sec:6.1f} s wall  ({outcome.screened / sec:,.0f} people/s, "
              f"{out.stat().st_size / 1e6:.0f} MB of Parquet, {outcome.screened * 22:,} rows); CPU: workers "
              f"{outcome.worker_cpu:.1f} s ({outcome.worker_cpu / args.n * 1e6:.1f} µs/person), main "
              f"{outcome.main_cpu:.1f} s -> on {args.workers} idle cores about {idle:.1f} s")
        out.unlink()
    if args.profile:
        return
    of = ROOT / ".venv-openfisca" / "bin" / "python"
    if of.exists():
        p = subprocess.run([str(of), str(ROOT / "benchmarks" / "openfisca_template.py"), str(args.n),
                            str(RUNS / "openfisca.parquet")], capture_output=True, text=True)
        if p.returncode == 0:
            r = json.loads(p.stdout)
            print(f"OpenFisca country template, 2 benefits (basic_income, pension), vectorised on one core: "
                  f"{r['total_s']:.1f} s (build {r['build_s']} s, compute {r['compute_s']} s, "
                  f"write {r['write_s']} s)")
        else:
            print("OpenFisca: failed:", p.stderr.strip().splitlines()[-1:])
    else:
        print("OpenFisca: .venv-openfisca not present (scripts/openfisca.sh builds it)")


if __name__ == "__main__":
    main()
