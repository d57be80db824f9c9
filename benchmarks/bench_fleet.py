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
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from fleetctl import Fleet, ensure_installed  # noqa: E402

HUKOU = [("金山", "jinshan"), ("外省", "non_shanghai")]


def script(i: int, turns: int) -> tuple[list[str], dict]:
    """Conversation i: its messages and the facts it must end with (as benchmarks/bench_load.py)."""
    age, months = 20 + i % 40, 3 + i % 20
    word, hukou = HUKOU[i % len(HUKOU)]
    msgs = ["你好", f"我{age}岁", f"{word}户口", f"失业{months}个月了", "不是", "不是",
            "我能领什么补贴？", "为什么我不能领人才回流补贴", "如果我是硕士呢", "政策有效期到什么时候"]
    while len(msgs) < turns:
        msgs += msgs[4:]
    return msgs[:turns], {"age": age, "hukou": hukou, "unemployment_months": months}


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000 if values else float("nan")


def load(fleet: Fleet, conversations: int, turns: int) -> dict:
    lat, errors, wrong, spread = [], [0], [0], collections.Counter()
    lock = threading.Lock()
    tag = uuid.uuid4().hex[:6]
    barrier = threading.Barrier(conversations)

    def one(i: int) -> None:
        sender = f"fleet-load-{tag}-{i}"
        msgs, facts = script(i, turns)
        mine, errs, ups = [], 0, set()
        barrier.wait()
        for text in msgs:
            t0 = time.perf_counter()
            try:
                reply, upstream = fleet.say(sender, text)
                ups.add(upstream)
                if not reply:
                    errs += 1
            except Exception:
                errs += 1
            mine.append(time.perf_counter() - t0)
        try:
            slots = fleet.slots(sender)
            ok = all(slots.get(k) == v for k, v in facts.items())
        except Exception:
            ok = False
        with lock:
            lat.extend(mine)
            errors[0] += errs
            wrong[0] += not ok
            spread[",".join(sorted(ups))] += 1

    threads = [threading.Thread(target=one, args=(i,)) for i in range(conversations)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"turns_s": len(lat) / wall, "p50": pct(lat, 50), "p95": pct(lat, 95), "p99": pct(lat, 99),
            "errors": errors[0], "wrong": wrong[0], "spread": spread, "wall": wall}


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
