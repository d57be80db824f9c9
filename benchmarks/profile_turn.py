"""Where a turn's time goes: this assistant's model loaded in-process (Rasa's MessageProcessor,
SQLite tracker store, the real action server on a free port), one conversation after another
played alone, with wall-clock timers around each step of Rasa's handling of a message.

    .venv/bin/python benchmarks/profile_turn.py [--conversations 20]

Prints ms per turn for: loading the tracker, NLU, slot extraction, policies, the custom
action (of which: the tracker serialised to JSON, and the HTTP round trip to the action
server, which includes the action's own work), saving the tracker, and the rest. A script.
"""
from __future__ import annotations

import argparse
import asyncio
import collections
import functools
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
from benchmarks.bench_load import script  # noqa: E402
from tests.e2e.servers import Servers  # noqa: E402

SPENT: dict[str, float] = collections.defaultdict(float)


def timed(owner, name: str, label: str) -> None:
    f = getattr(owner, name)
    if asyncio.iscoroutinefunction(f):
        @functools.wraps(f)
        async def w(*a, **k):
            t0 = time.perf_counter()
            try:
                return await f(*a, **k)
            finally:
                SPENT[label] += time.perf_counter() - t0
    else:
        @functools.wraps(f)
        def w(*a, **k):
            t0 = time.perf_counter()
            try:
                return f(*a, **k)
            finally:
                SPENT[label] += time.perf_counter() - t0
    setattr(owner, name, w)


async def main(conversations: int) -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.processor import MessageProcessor
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    import logging
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    servers = Servers()
    servers.env = dict(os.environ, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2")
    servers.start_actions()
    try:
        tmp = Path(tempfile.mkdtemp(prefix="profile-turn-"))
        endpoints = tmp / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{servers.actions_port}/webhook"\n'
                             f'tracker_store:\n  type: trackerstores.lean_sql.LeanSQLTrackerStore\n'
                             f'  dialect: "sqlite"\n  db: "{tmp / "tracker.db"}"\n')
        agent = await load_agent(model_path=str(ROOT / "models" / "current.tar.gz"),
                                 endpoints=AvailableEndpoints.read_endpoints(str(endpoints)))
        timed(MessageProcessor, "fetch_tracker_and_update_session", "load tracker (SQLite)")
        timed(MessageProcessor, "parse_message", "NLU (jieba, FactExtractor, featurizers, DIET)")
        timed(MessageProcessor, "run_action_extract_slots", "slot extraction")
        timed(MessageProcessor, "_predict_next_with_tracker", "policies (RulePolicy)")
        timed(RemoteAction, "run", "custom action, total")
        timed(RemoteAction, "_action_call_format", "  tracker -> JSON for the action server")
        timed(EndpointConfig, "request", "  HTTP round trip incl. the action's work")
        timed(RemoteAction, "_validate_action_result", "  jsonschema check of the action's answer")
        timed(MessageProcessor, "save_tracker", "save tracker (SQLite)")
        timed(MessageProcessor, "handle_message", "whole turn")

        async def play(n: int) -> int:
            turns = 0
            for i in range(n):
                for text in script(i, 10)[0]:
                    await agent.handle_message(UserMessage(text, CollectingOutputChannel(), f"p-{n}-{i}"))
                    turns += 1
            return turns

        await play(2)                                  # warm-up
        SPENT.clear()
        turns = await play(conversations)
        total = SPENT["whole turn"]
        print(f"{turns} turns ({conversations} conversations × 10), one at a time; ms per turn:")
        for label, s in SPENT.items():
            if label != "whole turn":
                print(f"  {label:48} {s / turns * 1000:6.1f}  ({s / total:4.0%})")
        inner = sum(v for k, v in SPENT.items() if k != "whole turn" and not k.startswith("  "))
        print(f"  {'rest (lock, session, events, replies)':48} {(total - inner) / turns * 1000:6.1f}  "
              f"({(total - inner) / total:4.0%})")
        print(f"  {'whole turn':48} {total / turns * 1000:6.1f}")
    finally:
        servers.stop()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--conversations", type=int, default=20)
    ap.add_argument("--rasa-check", action="store_true",
                    help="keep Rasa's own per-answer jsonschema check (without channels/fast_validation.py)")
    a = ap.parse_args()
    if not a.rasa_check:
        import channels  # noqa: F401  (as `rasa run` loading our channels does)
    asyncio.run(main(a.conversations))
