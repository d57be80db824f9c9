"""Time policy_core on random profiles: evaluate(facts), model_dump(mode="json"), and both.

    .venv/bin/python benchmarks/bench_policy.py [N]

Prints µs per person. A script, not a test: figures go to the README.
"""
from __future__ import annotations

import datetime as dt
import statistics
import sys
import time

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
from policy_core import evaluate  # noqa: E402
from policy_core.synthetic import FIELDS, Generator  # noqa: E402

gen = Generator(seed=20230101, as_of=dt.date(2026, 11, 27))
rng = gen.rng            # tests re-seed it
FIELDS = list(FIELDS)


def profile() -> dict:
    return gen.facts()


def run(profiles: list[dict]) -> tuple[float, float]:
    t0 = time.perf_counter()
    results = [evaluate(p) for p in profiles]
    t1 = time.perf_counter()
    for r in results:
        r.model_dump(mode="json")
    t2 = time.perf_counter()
    return (t1 - t0) / len(profiles) * 1e6, (t2 - t1) / len(profiles) * 1e6


def main() -> None:
    from policy_core.catalogue import catalogue
    N = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    catalogue().memo.clear()
    cold = run([profile() for _ in range(N)])           # memo empty at the start
    rounds = [run([profile() for _ in range(N)]) for _ in range(5)]   # fresh profiles each round
    ev = statistics.median(r[0] for r in rounds)
    dump = statistics.median(r[1] for r in rounds)
    print(f"profiles: {N} random per round, 22 measures each; median of 5 rounds of unseen profiles")
    print(f"evaluate(facts):          {ev:7.1f} µs/person   (first round, memo empty: {cold[0]:.1f})")
    print(f"model_dump(mode='json'):  {dump:7.1f} µs/person")
    print(f"together:                 {ev + dump:7.1f} µs/person   (first round: {sum(cold):.1f})")


if __name__ == "__main__":
    main()
