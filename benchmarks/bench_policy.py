"""Time policy_core on random profiles: evaluate(facts), model_dump(mode="json"), and both.

    .venv/bin/python benchmarks/bench_policy.py [N]

Prints µs per person. A script, not a test: figures go to the README.
"""
from __future__ import annotations

import random
import statistics
import sys
import time
import typing

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
from policy_core import Facts, evaluate, fact_kind  # noqa: E402

rng = random.Random(20230101)


def choices_for(name: str):
    kind = fact_kind(name)
    if kind == "enum":   # Optional[Literal[...]]
        literal = next(a for a in typing.get_args(Facts.model_fields[name].annotation) if a is not type(None))
        return list(typing.get_args(literal))
    if name == "age":
        return list(range(14, 70))
    if kind == "int":
        return list(range(0, 40))
    if kind == "date":
        return [f"{y}-{m:02d}-{d:02d}" for y in (2023, 2024, 2025, 2026) for m in (1, 5, 11) for d in (1, 27, 28)]
    return [True, False]


FIELDS = [n for n in Facts.model_fields if n != "as_of"]
CHOICES = {n: choices_for(n) for n in FIELDS}


def profile() -> dict:
    k = rng.randint(0, 14)
    facts = {n: rng.choice(CHOICES[n]) for n in rng.sample(FIELDS, k)}
    facts["as_of"] = "2026-11-27"
    return facts


def run(profiles: list[dict]) -> tuple[float, float]:
    t0 = time.perf_counter()
    results = [evaluate(p) for p in profiles]
    t1 = time.perf_counter()
    for r in results:
        r.model_dump(mode="json")
    t2 = time.perf_counter()
    return (t1 - t0) / len(profiles) * 1e6, (t2 - t1) / len(profiles) * 1e6


def main() -> None:
    from policy_core import engine
    N = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    engine._memo.clear()
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
