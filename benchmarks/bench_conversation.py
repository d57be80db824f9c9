"""Turn latency over REST, with 1 and with 10 concurrent users, and training time,
for this assistant and, in the same run, for a minimal Rasa bot (jieba + DIET +
one custom action, benchmarks/minimal_bot) as the yardstick.

    .venv/bin/python benchmarks/bench_conversation.py [--conversations N] [--no-train]

Prints the figures; a script, not a test. --no-train reuses models/current.tar.gz
(training time is then not measured for this assistant).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.servers import Servers  # noqa: E402

# A typical person-facing conversation, typed as people type.
TURNS = [
    "你好",
    "我今年26岁，金山户口，失业十个月了",
    "没有认定过就业困难人员",
    "不是",
    "不是应届生",
    "我能领什么补贴？",
    "为什么我不能领人才回流补贴",
    "如果我是硕士呢",
    "政策有效期到什么时候",
]


def train(project: Path, out: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(project), TF_CPP_MIN_LOG_LEVEL="2",
               RASA_TELEMETRY_ENABLED="false")
    t0 = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/rasa"), "train", "--force", "--fixed-model-name", "model",
                    "--out", str(out)], cwd=project, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def play(servers: Servers, conversations: int, users: int) -> list[float]:
    """Each user plays `conversations // users` conversations; returns every turn's latency (s)."""
    latencies: list[float] = []
    lock = threading.Lock()

    def user(n: int) -> None:
        mine = []
        for _ in range(n):
            sender = "bench-" + uuid.uuid4().hex[:10]
            for text in TURNS:
                t0 = time.perf_counter()
                servers.say(sender, text)
                mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=user, args=(max(1, conversations // users),)) for _ in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000


def measure(name: str, project: Path, model: Path, conversations: int) -> dict:
    servers = Servers(model=model, project=project).start()
    try:
        play(servers, 2, 1)                       # warm-up: first parse loads lazily
        one = play(servers, conversations, 1)
        ten = play(servers, conversations * 2, 10)
    finally:
        servers.stop()
    return {"name": name, "p50_1": pct(one, 50), "p95_1": pct(one, 95),
            "p50_10": pct(ten, 50), "p95_10": pct(ten, 95), "turns": len(one) + len(ten)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--conversations", type=int, default=20)
    ap.add_argument("--no-train", action="store_true")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-conv-"))
    minimal = tmp / "minimal_bot"
    shutil.copytree(ROOT / "benchmarks" / "minimal_bot", minimal)
    t_min = train(minimal, minimal / "models")
    if args.no_train:
        t_ours, model = None, ROOT / "models" / "current.tar.gz"
    else:
        t_ours = train(ROOT, tmp / "ours")
        model = tmp / "ours" / "model.tar.gz"

    rows = [measure("金山就业政策助手", ROOT, model, args.conversations),
            measure("minimal bot (jieba+DIET+1 action)", minimal, minimal / "models" / "model.tar.gz",
                    args.conversations)]
    print(f"turns per conversation: {len(TURNS)}; {args.conversations} conversations with 1 user, "
          f"{args.conversations * 2} with 10 concurrent users; 2 cores")
    print(f"{'bot':38} {'1 user p50':>10} {'p95':>7} {'10 users p50':>13} {'p95':>7}  (ms)")
    for r in rows:
        print(f"{r['name']:38} {r['p50_1']:10.0f} {r['p95_1']:7.0f} {r['p50_10']:13.0f} {r['p95_10']:7.0f}")
    ours, yard = rows
    print(f"p95 ratio to the minimal bot: 1 user {ours['p95_1'] / yard['p95_1']:.1f}×, "
          f"10 users {ours['p95_10'] / yard['p95_10']:.1f}×")
    print(f"training time: this assistant {'not measured (--no-train)' if t_ours is None else f'{t_ours:.0f} s'}, "
          f"minimal bot {t_min:.0f} s")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
