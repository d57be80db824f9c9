"""Load through the fleet's nginx (fleetctl: PostgreSQL tracker store, atomic Redis lock
store, N Rasa replicas, consistent hashing on X-Conversation-Id): C concurrent
conversations × T turns, for each replica count asked for.

Prints turns/s, p50/p95/p99 latency, errors, how the conversations spread over the
replicas, and whether every conversation ends with its own facts.

    .venv/bin/python benchmarks/bench_fleet.py [--replicas 1,2] [--conversations 50] [--turns 10]

A script, not a test (tests/fleet/ checks correctness).
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.bench_load import run_load  # noqa: E402  (the same conversations, load and percentiles)
from fleetctl import Fleet, ensure_installed  # noqa: E402

def load(fleet: Fleet, conversations: int, turns: int) -> dict:
    """bench_load's run through the fleet's nginx: each conversation must end with its own facts."""
    def ends_well(sender: str, msgs: list, facts: dict) -> bool:
        slots = fleet.slots(sender)
        return all(slots.get(k) == v for k, v in facts.items())

    return run_load(conversations, turns, fleet.say, ends_well, "fleet-load")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--replicas", default="1,2", help="replica counts to measure, e.g. 1,2,3")
    ap.add_argument("--conversations", type=int, default=50)
    ap.add_argument("--turns", type=int, default=10)
    a = ap.parse_args()
    ensure_installed()
    rows = []
    for n in [int(x) for x in a.replicas.split(",")]:
        fleet = Fleet(replicas=n)
        try:
            fleet.start(log=lambda m: None)
            load(fleet, 10, 2)  # warm-up
            rows.append((n, load(fleet, a.conversations, a.turns)))
        finally:
            fleet.cleanup()
    print(f"{a.conversations} concurrent conversations × {a.turns} turns through nginx "
          f"(X-Conversation-Id), PostgreSQL + Redis lock; {os.cpu_count()} cores")
    print(f"{'replicas':>8} {'turns/s':>8} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>6} {'own facts':>10}  (ms)  conversations per replica")
    for n, r in rows:
        per = collections.Counter()
        for ups, k in r["spread"].items():
            per[ups] += k
        print(f"{n:8d} {r['turns_s']:8.1f} {r['p50']:6.0f} {r['p95']:6.0f} {r['p99']:6.0f} {r['errors']:6d} "
              f"{a.conversations - r['wrong']:>5}/{a.conversations}        "
              + ", ".join(f"{ups.split(':')[-1] if ',' not in ups else ups}: {k}" for ups, k in sorted(per.items())))


if __name__ == "__main__":
    main()
