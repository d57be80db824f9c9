"""Retention for every channel (trackerstores/retention.py): conversations quiet for N days are
deleted whole; on SQLite their bytes are gone from the database file and its write-ahead log,
on PostgreSQL the rows are gone and VACUUM ran."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from trackerstores.retention import days_from, purge, sqlite_engine

from tests.e2e.servers import ROOT

from .conftest import engine_on

ID_NUMBER, NAME = "31010119760224682X", "司马秀兰"
DAY = 86400


def make_db(path: Path) -> None:
    """Rasa's own SQL store makes the table (as scripts/prepare_db.py does), in WAL mode."""
    from rasa.core.tracker_store import SQLTrackerStore
    SQLTrackerStore(dialect="sqlite", db=str(path))
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")


def add(db, sender: str, when: float, text: str = "你好", channel: str = "rest") -> None:
    data = {"event": "user", "timestamp": when, "text": text, "input_channel": channel,
            "parse_data": {"intent": {"name": "inform"}}}
    db.execute("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
               "VALUES (?, 'user', ?, 'inform', NULL, ?)", (sender, when, json.dumps(data, ensure_ascii=False)))


def files_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def senders(path: Path) -> dict:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT sender_id, count(*) FROM events GROUP BY sender_id").fetchall())


def fill(path: Path, now: float) -> dict:
    secret = f"我叫{NAME}，身份证{ID_NUMBER}"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")          # keep the old rows in the log too
    for i in range(40):
        for ch, prefix in (("rest", "old-"), ("agent", "agent-old"), ("miniprogram", "mp-old"), ("kiosk", "kiosk-old")):
            add(db, f"{prefix}{i}", now - 45 * DAY + i, secret + "x" * 400, ch)
        add(db, f"new-{i}", now - 2 * DAY, "金山户口")
        add(db, f"long-{i}", now - 60 * DAY, "开始很久了")
        add(db, f"long-{i}", now - 1 * DAY, "昨天还在说")        # still going on: kept whole
    db.commit()
    db.close()
    return senders(path)


def test_sqlite_old_conversations_rows_and_bytes_gone(tmp_path, record_property):
    path = tmp_path / "tracker.db"
    make_db(path)
    now = time.time()
    keeper = sqlite3.connect(path)                 # a server's open connection: the log stays
    keeper.execute("SELECT count(*) FROM events").fetchone()
    before = fill(path, now)
    raw = files_bytes(path)
    assert ID_NUMBER.encode() in raw and NAME.encode() in raw        # the attack's material is there
    assert Path(f"{path}-wal").exists() and Path(f"{path}-wal").stat().st_size > 0
    result = purge(sqlite_engine(path), 30, now=now)
    after = senders(path)
    assert result.conversations == 160 and result.events == 160
    assert not any(s.startswith(("old-", "agent-old", "mp-old", "kiosk-old")) for s in after)
    assert {s: n for s, n in before.items() if s.startswith(("new-", "long-"))} == after
    raw = files_bytes(path)
    assert ID_NUMBER.encode() not in raw and NAME.encode() not in raw
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert result.bytes_after < result.bytes_before
    keeper.close()
    record_property("sqlite_bytes", f"{result.bytes_before} -> {result.bytes_after}")
    print(f"SQLite retention: {result.conversations} conversations, files {result.bytes_before} -> {result.bytes_after} bytes")


def test_days_setting():
    assert days_from(None) == int(os.environ.get("RETENTION_DAYS") or 30)
    assert days_from("7") == 7
    for bad in ("0", "-3", "abc", "1.5"):
        with pytest.raises(ValueError, match="positive integer"):
            days_from(bad)


def run_command(*args, env=None):
    e = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "trackerstores.retention", *args],
                          cwd=ROOT, env=e, capture_output=True, text=True, timeout=120)


def test_command_with_the_days_setting_and_an_endpoints_file(tmp_path):
    path = tmp_path / "tracker.db"
    make_db(path)
    now = time.time()
    with sqlite3.connect(path) as db:
        add(db, "ten-days", now - 10 * DAY)
        add(db, "fifty-days", now - 50 * DAY)
    (tmp_path / "endpoints.yml").write_text(f'tracker_store:\n  type: trackerstores.lean_sql.LeanSQLTrackerStore\n'
                                            f'  dialect: "sqlite"\n  db: "{path}"\n')
    r = run_command("--endpoints", str(tmp_path / "endpoints.yml"))          # default 30 days
    assert r.returncode == 0, r.stderr
    assert "removed 1 conversation(s)" in r.stdout and "fifty-days" not in r.stdout
    assert set(senders(path)) == {"ten-days"}
    r = run_command("--sqlite", str(path), env={"RETENTION_DAYS": "7"})
    assert r.returncode == 0 and set(senders(path)) == set()


@pytest.mark.parametrize("args", [["--days", "0"], ["--days", "x"], ["--sqlite", "/nonexistent/tracker.db"]])
def test_command_bad_input_is_a_clear_message(args):
    r = run_command(*args)
    assert r.returncode == 2 and "[retention]" in r.stderr and "Traceback" not in r.stderr, r.stderr


@pytest.mark.e2e
def test_beside_a_running_server(rasa):
    """On the live SQLite store of a running Rasa server: the old conversation is gone, the
    recent one goes on with its facts."""
    old, new = f"ret-old-{uuid.uuid4().hex[:6]}", f"ret-new-{uuid.uuid4().hex[:6]}"
    rasa.say(old, "我43岁，金山户口")
    rasa.say(new, "我29岁，外省户口")
    db_path = rasa.tmp / "tracker.db"
    with sqlite3.connect(db_path, timeout=30) as db:
        db.execute("UPDATE events SET timestamp = timestamp - 40 * 86400 WHERE sender_id = ?", (old,))
    r = run_command("--sqlite", str(db_path), "--days", "30")
    assert r.returncode == 0, r.stderr
    assert old not in senders(db_path) and new in senders(db_path)
    assert rasa.slots(old).get("age") is None                       # Rasa reads nothing back
    assert rasa.slots(new)["age"] == 29
    rasa.say(new, "失业10个月了")
    assert rasa.slots(new)["unemployment_months"] == 10


# ---------------------------------------------------------------- PostgreSQL
def tracker_engine(postgres) -> sa.engine.Engine:
    """The tracker's tables made in the database (as Rasa's store makes them); an engine on it."""
    from trackerstores.lean_sql import LeanSQLTrackerStore
    LeanSQLTrackerStore(dialect="postgresql", host="127.0.0.1", port=postgres.port, db=postgres.db,
                        username=postgres.user, password=postgres.password)
    return engine_on(postgres)


@pytest.mark.e2e
def test_postgresql_rows_gone_and_vacuum_run(postgres):
    engine = tracker_engine(postgres)
    now = time.time()
    with engine.begin() as c:
        for i in range(30):
            for sender, when in ((f"agent-old{i}", now - 45 * DAY), (f"mp-new{i}", now - DAY)):
                c.execute(sa.text("INSERT INTO events (sender_id, type_name, timestamp, data) "
                                  "VALUES (:s, 'user', :t, :d)"),
                          {"s": sender, "t": when, "d": json.dumps({"text": f"我叫{NAME}"}, ensure_ascii=False)})
    result = purge(engine, 30, now=now)
    assert result.conversations == 30 and result.events == 30
    with engine.connect() as c:
        left = dict(c.execute(sa.text("SELECT sender_id, count(*) FROM events GROUP BY sender_id")).fetchall())
        vacuumed = c.execute(sa.text("SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'events'")).scalar()
    assert set(left) == {f"mp-new{i}" for i in range(30)}
    assert vacuumed is not None                                      # VACUUM ran on the table
    engine.dispose()


def test_the_deployment_runs_it_nightly_on_its_own_store(tmp_path, monkeypatch):
    import yaml
    from trackerstores.retention import engine_from_endpoints
    docs = [d for f in sorted((ROOT / "deploy").glob("*.yaml")) for d in yaml.safe_load_all(f.read_text()) if d]
    job = next(d for d in docs if d["kind"] == "CronJob" and d["metadata"]["name"] == "retention")
    c = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert c["command"][1:4] == ["-m", "trackerstores.retention", "--endpoints"]
    assert {e["name"]: e["value"] for e in c["env"]}["RETENTION_DAYS"] == "30"
    endpoints = next(d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "rasa-endpoints")
    (tmp_path / "endpoints.yml").write_text(endpoints["data"]["endpoints.yml"])
    monkeypatch.setenv("POSTGRES_PASSWORD", "pw-from-the-secret")
    url = engine_from_endpoints(tmp_path / "endpoints.yml").url
    assert url.get_backend_name() == "postgresql" and url.host.startswith("postgres.")
    assert url.password == "pw-from-the-secret" and url.database == "rasa"


# ---------------------------------------------------------------- the doors' store: agent audit
def doors_store(path: Path, clock):
    from channels.doors.store import DoorStore, _sqlite_file_engine
    return DoorStore(_sqlite_file_engine(path), clock=clock)


def test_agent_audit_records_and_stale_links_are_deleted_with_their_bytes(tmp_path, record_property):
    """Issue 17: "no retention outside the kiosk". The desk's audit (agent, time, conversation,
    action, fact names) is kept AUDIT_RETENTION_DAYS (default 30); a mini-program user's link to
    a conversation that retention deleted goes too. Through the command, on the files."""
    tracker, doors_db = tmp_path / "tracker.db", tmp_path / "doors.db"
    make_db(tracker)
    now = time.time()
    when = [now - 45 * DAY]
    store = doors_store(doors_db, lambda: when[0])
    for i in range(50):
        store.audit("wang-old", f"agent-oldcall{i}", "correct", ["age", "hukou"])
    store.current_conversation("miniprogram", "subject-old", "mp-oldconversation")
    store.current_conversation("miniprogram", "subject-kept", "mp-stillgoing")
    when[0] = now - 2 * DAY
    store.audit("li-new", "agent-newcall", "read", ["age"])
    store.current_conversation("miniprogram", "subject-new", "mp-newconversation")
    with sqlite3.connect(tracker) as db:
        add(db, "mp-oldconversation", now - 45 * DAY, channel="miniprogram")
        add(db, "mp-stillgoing", now - 1 * DAY, channel="miniprogram")
    store.engine.dispose()
    assert b"agent-oldcall7" in files_bytes(doors_db)

    r = run_command("--sqlite", str(tracker))                       # default: 30 days for both
    assert r.returncode == 0, r.stderr
    assert "removed 50 agent audit record(s) older than 30 days, 1 link(s)" in r.stdout, r.stdout
    store = doors_store(doors_db, time.time)
    assert [(a["agent"], a["conversation"]) for a in store.audit_records()] == [("li-new", "agent-newcall")]
    assert store.conversations_of("miniprogram", "subject-old") == []
    assert store.conversations_of("miniprogram", "subject-kept") == ["mp-stillgoing"]
    assert store.conversations_of("miniprogram", "subject-new") == ["mp-newconversation"]
    store.engine.dispose()
    raw = files_bytes(doors_db)
    assert b"agent-oldcall" not in raw and b"wang-old" not in raw and b"mp-oldconversation" not in raw
    record_property("doors_bytes", r.stdout.strip().splitlines()[-1])
    print(r.stdout)

    r = run_command("--sqlite", str(tracker), env={"AUDIT_RETENTION_DAYS": "1"})      # configurable
    assert r.returncode == 0 and "removed 1 agent audit record(s) older than 1 days" in r.stdout, r.stdout
    r = run_command("--sqlite", str(tracker), "--audit-days", "0")
    assert r.returncode == 2 and "positive integer" in r.stderr


@pytest.mark.e2e
def test_postgresql_agent_audit_rows_gone_and_vacuum_run(postgres):
    from channels.doors.store import DoorStore
    from trackerstores.retention import doors_engine, purge_doors
    engine = tracker_engine(postgres)
    now = time.time()
    for at, agent in ((now - 40 * DAY, "old-agent"), (now - DAY, "new-agent")):
        DoorStore(engine, clock=lambda at=at: at).audit(agent, "agent-pgcall", "read", ["age"])
    assert doors_engine(engine) is engine                      # in the fleet: the tracker's database
    result = purge_doors(engine, engine, 30, 30, now=now)
    assert result.audit_records == 1
    with engine.connect() as c:
        agents = [r[0] for r in c.execute(sa.text("SELECT agent FROM agent_audit"))]
        vacuumed = c.execute(sa.text("SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'agent_audit'")).scalar()
    assert agents == ["new-agent"] and vacuumed is not None
    engine.dispose()
