"""The doors' store on PostgreSQL, as the fleet runs it (the tracker store's own database): the
same handles, conversations, audit, kiosk sessions and lock-out as on SQLite, seen alike by two
"replicas" (two stores on one database). A PostgreSQL cluster of its own (fleetctl), on a free
port in a temporary folder."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from fleetctl import services
from channels.doors.store import DoorStore, SharedKioskSessions, SharedLockOut, engine_for

from .support import Clock

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def postgres():
    services.ensure_installed()     # (a fresh machine: these tests may run before tests/fleet installs it)
    base = Path(tempfile.mkdtemp(prefix="doors-pg-"))
    base.chmod(0o755)                       # the cluster runs as the postgres user when we are root
    pg = services.Postgres(base / "pg")
    pg.start()
    url = f"postgresql://{pg.user}:{pg.password}@127.0.0.1:{pg.port}/{pg.db}"
    try:
        yield url
    finally:
        pg.stop()
        shutil.rmtree(base, ignore_errors=True)


def test_the_fleet_store_is_the_tracker_stores_own_database(postgres):
    engine = sa.create_engine(postgres)
    tracker_store = SimpleNamespace(engine=engine, _tracker_store=None)
    assert engine_for(tracker_store) is engine


def test_handles_conversations_and_audit_on_postgres(postgres):
    clock = Clock()
    one, two = DoorStore(sa.create_engine(postgres), clock), DoorStore(sa.create_engine(postgres), clock)
    one.put_handle("h" * 64, "mp", "subject-1", 60)
    assert two.subject_of("h" * 64, "mp") == "subject-1" and two.subject_of("h" * 64, "kiosk") is None
    clock.now += 61
    assert two.subject_of("h" * 64, "mp") is None and one.subject_of("h" * 64, "mp") is None   # expired: gone
    assert one.current_conversation("mp", "subject-1", "mp-first") == "mp-first"
    assert two.current_conversation("mp", "subject-1", "mp-second") == "mp-first"             # one per user
    two.forget_subject("mp", "subject-1")
    assert one.conversations_of("mp", "subject-1") == []
    one.audit("wang.li", "agent-call-1", "correct", ["hukou", "age"])
    assert two.audit_records("agent-call-1")[-1]["facts"] == ["age", "hukou"]


def test_kiosk_sessions_and_lock_out_shared_on_postgres(postgres):
    clock = Clock()
    a = SharedKioskSessions(DoorStore(sa.create_engine(postgres)), 120, 2, clock)
    b = SharedKioskSessions(DoorStore(sa.create_engine(postgres)), 120, 2, clock)
    s1 = a.open(); clock.now += 1
    s2 = b.open(); clock.now += 1
    assert a.touch(s1)
    s3 = b.open()                                        # full: the idlest closed, on either replica
    assert b.take_evicted() == [s2] and s2 not in a and s1 in b and s3 in a
    clock.now += 121
    assert sorted(a.due() + b.due()) == sorted([s1, s3])
    one = SharedLockOut(DoorStore(sa.create_engine(postgres)), 3, 900, 900, clock)
    two = SharedLockOut(DoorStore(sa.create_engine(postgres)), 3, 900, 900, clock)
    assert not one.failed("203.0.113.1") and not two.failed("203.0.113.1")
    assert one.failed("203.0.113.1") and two.locked_for("203.0.113.1") == 900
