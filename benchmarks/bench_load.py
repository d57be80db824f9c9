"""Load: 50 concurrent conversations × 10 turns over REST, this assistant as the README's run
command starts it (scripts/run.sh: both cores) and, in the same run, the minimal Rasa bot
(benchmarks/minimal_bot: jieba + DIET + one custom action, one process) under the same load.

Prints turns/s, p50/p95/p99 latency, errors, and whether every conversation ends with its own
facts (our slots; the minimal bot's own messages); then how a turn's cost grows with the
length of a conversation (turns 3–7 vs 46–50 of one 50-turn conversation, and the size of the
tracker Rasa sends to the action server).

    .venv/bin/python benchmarks/bench_load.py [--conversations 50] [--turns 10] [--processes N]

A script, not a test.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.servers import TOKEN, Servers, free_port  # noqa: E402

HUKOU = [("金山", "jinshan"), ("外省", "non_shanghai")]


def script(i: int, turns: int) -> tuple[list[str], dict]:
    """Conversation i: its messages and the facts it must end with."""
    age, months = 20 + i % 40, 3 + i % 20
    word, hukou = HUKOU[i % len(HUKOU)]
    msgs = ["你好", f"我{age}岁", f"{word}户口", f"失业{months}个月了", "不是", "不是",
            "我能领什么补贴？", "为什么我不能领人才回流补贴", "如果我是硕士呢", "政策有效期到什么时候"]
    while len(msgs) < turns:
        msgs += msgs[4:]
    return msgs[:turns], {"age": age, "hukou": hukou, "unemployment_months": months}


def post(url: str, sender: str, text: str) -> list:
    req = urllib.request.Request(f"{url}/webhooks/rest/webhook",
                                 json.dumps({"sender": sender, "message": text}).encode(),
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read() or b"[]")


def tracker(url: str, sender: str, token: str) -> dict:
    with urllib.request.urlopen(f"{url}/conversations/{sender}/tracker?token={token}", timeout=120) as r:
        return json.loads(r.read())


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000 if values else float("nan")


def run_load(conversations: int, turns: int, say: Callable[[str, str], tuple[list, Optional[str]]],
             ends_well: Callable[[str, list, dict], bool], prefix: str = "load") -> dict:
    """`conversations` threads start together, each sends script(i, turns) one message after
    the other through `say(sender, text) -> (reply, where it was served or None)`, then
    `ends_well(sender, messages, facts)` checks the conversation. Turns/s, latency percentiles,
    errors, conversations not ending well, and how many were served where (`spread`)."""
    lat, errors, wrong, spread = [], [0], [0], collections.Counter()
    lock = threading.Lock()
    tag = uuid.uuid4().hex[:6]
    barrier = threading.Barrier(conversations)

    def one(i: int) -> None:
        sender = f"{prefix}-{tag}-{i}"
        msgs, facts = script(i, turns)
        mine, errs, where = [], 0, set()
        barrier.wait()
        for text in msgs:
            t0 = time.perf_counter()
            try:
                reply, served = say(sender, text)
                where.add(served or "")
                if not reply:
                    errs += 1
            except Exception:
                errs += 1
            mine.append(time.perf_counter() - t0)
        try:
            ok = ends_well(sender, msgs, facts)
        except Exception:
            ok = False
        with lock:
            lat.extend(mine)
            errors[0] += errs
            wrong[0] += not ok
            spread[",".join(sorted(where))] += 1

    threads = [threading.Thread(target=one, args=(i,)) for i in range(conversations)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"turns_s": len(lat) / wall, "p50": pct(lat, 50), "p95": pct(lat, 95), "p99": pct(lat, 99),
            "errors": errors[0], "wrong": wrong[0], "turns": len(lat), "wall": wall, "spread": spread}


def load(url: str, token: str, conversations: int, turns: int, ours: bool) -> dict:
    """run_load over REST at url: ours must end with its own facts in the slots, the minimal bot
    with its own messages in the tracker."""
    def ends_well(sender: str, msgs: list, facts: dict) -> bool:
        t = tracker(url, sender, token)
        if ours:
            return all(t["slots"].get(k) == v for k, v in facts.items())
        return [e.get("text") for e in t["events"] if e.get("event") == "user"] == msgs

    return run_load(conversations, turns, lambda sender, text: (post(url, sender, text), None), ends_well)


def growth(url: str, token: str, length: int = 50) -> dict:
    """One conversation of `length` turns, alone: latency of early vs late turns, tracker size."""
    sender = "growth-" + uuid.uuid4().hex[:8]
    msgs, _ = script(7, length)
    lat, size = [], {}
    for n, text in enumerate(msgs, 1):
        t0 = time.perf_counter()
        post(url, sender, text)
        lat.append(time.perf_counter() - t0)
        if n in (5, length):
            size[n] = len(json.dumps(tracker(url, sender, token)["events"]).encode())
    return {"early": statistics.median(lat[2:7]) * 1000, "late": statistics.median(lat[-5:]) * 1000,
            "size5": size[5], "size50": size[length]}


def run_ours(processes: int | None):
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    port = free_port()
    env = dict(os.environ, RUN_DIR=str(tmp / "run"), RASA_PORT=str(port), ACTIONS_PORT=str(free_port()),
               RASA_BACKEND_PORTS=" ".join(str(free_port()) for _ in range(processes or os.cpu_count() or 1)))
    env.pop("RASA_AUTH_TOKEN", None)
    if processes:
        env["RASA_PROCESSES"] = str(processes)
    out = open(tmp / "run.out", "w")
    proc = subprocess.Popen(["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.time() + 900
    while "ready" not in (tmp / "run.out").read_text():
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError((tmp / "run.out").read_text())
        time.sleep(1)
    return f"http://127.0.0.1:{port}", "local-dev-token", proc, tmp


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--conversations", type=int, default=50)
    ap.add_argument("--turns", type=int, default=10)
    ap.add_argument("--processes", type=int, default=None, help="RASA_PROCESSES for run.sh (default: cores)")
    args = ap.parse_args()

    rows, grow = [], {}
    url, token, proc, tmp = run_ours(args.processes)
    try:
        load(url, token, 10, 2, True)                          # warm-up
        rows.append(("金山就业政策助手 (scripts/run.sh)", load(url, token, args.conversations, args.turns, True)))
        grow["ours"] = growth(url, token)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(60)
        shutil.rmtree(tmp, ignore_errors=True)

    mtmp = Path(tempfile.mkdtemp(prefix="bench-load-min-"))
    minimal = mtmp / "minimal_bot"
    shutil.copytree(ROOT / "benchmarks" / "minimal_bot", minimal)
    env = dict(os.environ, PYTHONPATH=str(minimal), TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false")
    subprocess.run([str(ROOT / ".venv/bin/rasa"), "train", "--fixed-model-name", "model", "--out",
                    str(minimal / "models")], cwd=minimal, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    servers = Servers(model=minimal / "models" / "model.tar.gz", project=minimal).start()
    try:
        load(servers.url, TOKEN, 10, 2, False)
        rows.append(("minimal bot (1 process)", load(servers.url, TOKEN, args.conversations, args.turns, False)))
        grow["minimal"] = growth(servers.url, TOKEN)
    finally:
        servers.stop()
        shutil.rmtree(mtmp, ignore_errors=True)

    print(f"{args.conversations} concurrent conversations × {args.turns} turns over REST; {os.cpu_count()} cores")
    print(f"{'bot':36} {'turns/s':>8} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>6} {'own facts':>10}  (ms)")
    for name, r in rows:
        print(f"{name:36} {r['turns_s']:8.1f} {r['p50']:6.0f} {r['p95']:6.0f} {r['p99']:6.0f} {r['errors']:6d} "
              f"{args.conversations - r['wrong']:>5}/{args.conversations}")
    print("one conversation alone, turn cost as it grows (median of turns 3–7 vs 46–50; tracker JSON size):")
    for name, g in grow.items():
        print(f"  {name:8} turn 5: {g['early']:.0f} ms, {g['size5'] / 1024:.0f} KiB;  "
              f"turn 50: {g['late']:.0f} ms, {g['size50'] / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
