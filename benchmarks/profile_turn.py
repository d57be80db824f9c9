"""Where a turn's time goes: this assistant's model loaded in-process (Rasa's MessageProcessor,
SQLite tracker store, the real action server on a free port), one conversation after another
played alone, with wall-clock timers around each step of Rasa's handling of a message.

Played twice in the same process: first with Rasa 3.6's own code paths (its SQLTrackerStore,
event lookup and per-answer jsonschema check), then with this project's
(trackerstores/lean_sql.py, channels/fast_events.py, channels/fast_validation.py).

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

LABELS = {
    "fetch_tracker_and_update_session": "load tracker (SQLite)",
    "parse_message": "NLU (jieba, FactExtractor, featurizers, DIET)",
    "run_action_extract_slots": "slot extraction",
    "_predict_next_with_tracker": "policies (RulePolicy)",
    "run": "custom action, total",
    "_action_call_format": "  tracker -> JSON for the action server",
    "request": "  HTTP round trip incl. the action's work",
    "_validate_action_result": "  jsonschema check of the action's answer",
    "save_tracker": "save tracker (SQLite)",
    "handle_message": "whole turn",
}


def timed(owner, name: str, spent: dict) -> None:
    f = getattr(owner, name)
    label = LABELS[name]

    @functools.wraps(f)
    async def w(*a, **k):
        t0 = time.perf_counter()
        try:
            return await f(*a, **k)
        finally:
            spent[label] += time.perf_counter() - t0

    setattr(owner, name, w)


def use_project_code(on: bool) -> None:
    """Rasa's own code paths (off) or this project's (on)."""
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    from channels import fast_events, fast_validation
    RemoteAction._validate_action_result = (fast_validation._validate_action_result if on
                                            else fast_validation.ORIGINAL)
    Event.resolve_by_type = staticmethod(fast_events.resolve_by_type if on else fast_events.ORIGINAL)


async def profile(actions_port: int, conversations: int, ours: bool) -> tuple[dict, int]:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.processor import MessageProcessor
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    use_project_code(ours)
    store = "trackerstores.lean_sql.LeanSQLTrackerStore" if ours else "SQL"
    tmp = Path(tempfile.mkdtemp(prefix="profile-turn-"))
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
                         f'tracker_store:\n  type: {store}\n  dialect: "sqlite"\n  db: "{tmp / "tracker.db"}"\n')
    agent = await load_agent(model_path=str(ROOT / "models" / "current.tar.gz"),
                             endpoints=AvailableEndpoints.read_endpoints(str(endpoints)))
    spent: dict = collections.defaultdict(float)
    originals = [(owner, name, getattr(owner, name)) for owner, names in (
        (MessageProcessor, ("fetch_tracker_and_update_session", "parse_message", "run_action_extract_slots",
                            "_predict_next_with_tracker", "save_tracker", "handle_message")),
        (RemoteAction, ("run", "_action_call_format", "_validate_action_result")),
        (EndpointConfig, ("request",))) for name in names]
    for owner, name, _ in originals:
        if asyncio.iscoroutinefunction(getattr(owner, name)):
            timed(owner, name, spent)
        else:                                   # the two synchronous steps
            f = getattr(owner, name)

            def w(*a, _f=f, _label=LABELS[name], **k):
                t0 = time.perf_counter()
                try:
                    return _f(*a, **k)
                finally:
                    spent[_label] += time.perf_counter() - t0
            setattr(owner, name, w)

    async def play(n: int, tag: str) -> int:
        turns = 0
        for i in range(n):
            for text in script(i, 10)[0]:
                await agent.handle_message(UserMessage(text, CollectingOutputChannel(), f"p-{tag}-{i}"))
                turns += 1
        return turns

    try:
        await play(2, "warm")
        spent.clear()
        turns = await play(conversations, "run")
    finally:
        for owner, name, f in originals:
            setattr(owner, name, f)
    return dict(spent), turns


async def main(conversations: int) -> None:
    import logging
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog
    import channels  # noqa: F401  (as `rasa run` loading our channels does)
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    servers = Servers()
    servers.env = dict(os.environ, PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2")
    servers.start_actions()
    try:
        rasa, turns = await profile(servers.actions_port, conversations, ours=False)
        ours, _ = await profile(servers.actions_port, conversations, ours=True)
    finally:
        use_project_code(True)
        servers.stop()
    print(f"{turns} turns ({conversations} conversations × 10), one at a time; ms per turn:")
    print(f"  {'step':48} {'Rasa 3.6':>9} {'ours':>7}")
    for label in LABELS.values():
        if label != "whole turn":
            print(f"  {label:48} {rasa.get(label, 0) / turns * 1000:9.1f} {ours.get(label, 0) / turns * 1000:7.1f}")

    def rest(s: dict) -> float:
        inner = sum(v for k, v in s.items() if k != "whole turn" and not k.startswith("  "))
        return (s["whole turn"] - inner) / turns * 1000
    print(f"  {'rest (lock, session, events, replies)':48} {rest(rasa):9.1f} {rest(ours):7.1f}")
    print(f"  {'whole turn':48} {rasa['whole turn'] / turns * 1000:9.1f} {ours['whole turn'] / turns * 1000:7.1f}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--conversations", type=int, default=20)
    asyncio.run(main(ap.parse_args().conversations))
