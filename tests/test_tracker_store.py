"""The lean SQL tracker store (trackerstores/lean_sql.py) against Rasa's own SQLTrackerStore:
the same table, the same trackers, whichever of the two wrote them."""
from __future__ import annotations

import asyncio
import concurrent.futures
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from trackerstores.lean_sql import LeanSQLTrackerStore, unwrapped

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def run(coro):
    """On a loop of its own thread (a test before may have left one running in this one)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def turn(tracker: DialogueStateTracker, text: str, age: int, ts: float) -> None:
    for e in (ActionExecuted("action_listen", timestamp=ts),
              UserUttered(text, {"name": "inform", "confidence": 0.9}, timestamp=ts + 0.1),
              ActionExecuted("action_respond", timestamp=ts + 0.2), BotUttered("请问您的户籍在哪里？", timestamp=ts + 0.3),
              SlotSet("age", age, timestamp=ts + 0.4)):
        tracker.update(e)


def start(t: DialogueStateTracker, ts: float) -> None:
    """A session start as Rasa logs it: the action, then the event (the session's first)."""
    t.update(ActionExecuted("action_session_start", timestamp=ts))
    t.update(SessionStarted(timestamp=ts + 0.01))


def started(sender: str, domain: Domain) -> DialogueStateTracker:
    t = DialogueStateTracker(sender, domain.slots)
    start(t, 1000.0)
    return t


def dumped(t: DialogueStateTracker) -> list[dict]:
    return [e.as_dict() for e in t.events]


@pytest.mark.parametrize("writer,reader", [(LeanSQLTrackerStore, SQLTrackerStore),
                                           (SQLTrackerStore, LeanSQLTrackerStore),
                                           (LeanSQLTrackerStore, LeanSQLTrackerStore)])
def test_either_store_reads_what_the_other_wrote(tmp_path, domain, writer, reader):
    db = str(tmp_path / "tracker.db")
    w = writer(domain=domain, dialect="sqlite", db=db)
    t = started("a", domain)
    turn(t, "我30岁", 30, 1001.0)
    run(w.save(t))
    # the next turn, as Rasa plays it: the latest session loaded (from its SessionStarted on),
    # the turn's events added, saved: only the new events are written
    t = run(w.retrieve("a"))
    turn(t, "金山户口", 31, 1002.0)
    run(w.save(t))
    got = run(reader(domain=domain, dialect="sqlite", db=db).retrieve("a"))
    assert dumped(got) == dumped(t) and got.get_slot("age") == 31 and len(got.events) == 11
    rows = sqlite3.connect(db).execute("SELECT count(*) FROM events WHERE sender_id='a'").fetchone()[0]
    assert rows == 12                              # with the action_session_start before the session
    assert run(reader(domain=domain, dialect="sqlite", db=db).retrieve("nobody")) is None


def test_only_the_latest_session_is_loaded_unless_all_are_asked_for(tmp_path, domain):
    store = LeanSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    t = started("b", domain)
    turn(t, "我30岁", 30, 1001.0)
    run(store.save(t))
    t = run(store.retrieve("b"))
    start(t, 2000.0)
    turn(t, "我40岁", 40, 2001.0)
    run(store.save(t))
    latest = run(store.retrieve("b"))
    assert isinstance(latest.events[0], SessionStarted) and latest.get_slot("age") == 40
    assert len(latest.events) == 6 and len(run(store.retrieve_full_tracker("b")).events) == 14


def test_sqlite_connections_are_kept_open_and_commit_without_waiting_for_the_disk(tmp_path, domain):
    store = LeanSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    opened = []
    sa.event.listen(store.engine, "connect", lambda conn, rec: opened.append(conn))
    t = started("c", domain)
    for i in range(5):
        turn(t, "我30岁", 30 + i, 1001.0 + i)
        run(store.save(t))
        t = run(store.retrieve("c"))
    assert t.get_slot("age") == 34 and len(opened) == 1          # one connection, reused
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 1        # NORMAL (FULL is 2)


def test_the_project_endpoints_load_the_lean_store_not_rasas_in_memory_fallback(tmp_path, domain):
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    config.kwargs["db"] = str(tmp_path / "t.db")      # not the project's logs/
    store = TrackerStore.create(config, domain)
    assert type(unwrapped(store)) is LeanSQLTrackerStore       # inside Rasa's wrappers


def test_delete_removes_one_conversation_and_nothing_else(tmp_path, domain):
    db = str(tmp_path / "t.db")
    store = LeanSQLTrackerStore(domain=domain, dialect="sqlite", db=db)
    for sender in ("kiosk-a", "kiosk-b"):
        t = started(sender, domain)
        turn(t, "我30岁，金山户口", 30, 1001.0)
        run(store.save(t))
    assert run(store.delete("kiosk-a")) == 7 and run(store.delete("kiosk-a")) == 0
    assert run(store.retrieve("kiosk-a")) is None and run(store.retrieve("kiosk-b")).get_slot("age") == 30
    said = sqlite3.connect(db).execute("SELECT count(*) FROM events WHERE data LIKE '%30%'").fetchone()[0]
    assert said == 2                               # kiosk-b's user and slot events only


def on_disk(db: str, text: str) -> bool:
    """Is `text` anywhere in the database's files (the database and its write-ahead log)?"""
    return any(text.encode() in Path(db + suffix).read_bytes()
               for suffix in ("", "-wal") if Path(db + suffix).exists())


def test_a_deleted_conversation_is_gone_from_the_files_not_only_from_the_table(tmp_path, domain):
    db = str(tmp_path / "t.db")
    store = LeanSQLTrackerStore(domain=domain, dialect="sqlite", db=db)
    for sender, number in (("kiosk-a", "310228199001011234"), ("kiosk-b", "310228199202025678")):
        t = started(sender, domain)
        turn(t, f"我身份证号{number}", 30, 1001.0)
        run(store.save(t))
    assert on_disk(db, "310228199001011234") and on_disk(db, "310228199202025678")
    run(store.delete("kiosk-a"))
    assert not on_disk(db, "310228199001011234")
    assert on_disk(db, "310228199202025678") and run(store.retrieve("kiosk-b")).get_slot("age") == 30
