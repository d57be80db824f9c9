"""The doors' own shared store: opaque handles behind door tokens, which conversations belong
to which mini-program user, the agent desk's audit records.

A mini-program user has one conversation per query (本人, 孩子, 配偶, 父母, 其他: `who`), each
behind its own opaque query handle (`handle`, random, shown to the user's own page only; the
conversation id never leaves the server); one of them is the current one (`active`).

A door token is a random handle; only its keyed hash is stored, with the door, the user it
stands for (`subject`, an HMAC of the openid, never the openid) and its expiry. The token
says nothing about the conversation: one seen once, even expired, names no conversation to
anyone (the REST webhook refuses door prefixes anyway).

Where it lives: the tracker store's database when that is a server (PostgreSQL in the fleet:
every replica sees the same handles); beside an SQLite tracker a file `doors.db` in the same
folder, owner-only; `DOORS_DB` (an SQLAlchemy URL or a path) overrides both.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any, Iterable, Optional

import sqlalchemy as sa

from trackerstores.lean_sql import unwrapped

ROOT = Path(__file__).resolve().parents[2]

TABLES = (
    "CREATE TABLE IF NOT EXISTS door_handles (handle_hash VARCHAR(64) PRIMARY KEY, door VARCHAR(16) NOT NULL, "
    "subject VARCHAR(64) NOT NULL, expires DOUBLE PRECISION NOT NULL)",
    "CREATE TABLE IF NOT EXISTS door_conversations (conversation VARCHAR(80) PRIMARY KEY, door VARCHAR(16) NOT NULL, "
    "subject VARCHAR(64) NOT NULL, created DOUBLE PRECISION NOT NULL, active INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS agent_audit (at DOUBLE PRECISION NOT NULL, agent VARCHAR(64) NOT NULL, "
    "conversation VARCHAR(80) NOT NULL, action VARCHAR(16) NOT NULL, facts TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS kiosk_sessions (sid VARCHAR(40) PRIMARY KEY, last DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS kiosk_sessions_last ON kiosk_sessions (last)",
    "CREATE TABLE IF NOT EXISTS login_failures (who VARCHAR(64) NOT NULL, at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS login_failures_who ON login_failures (who)",
    "CREATE TABLE IF NOT EXISTS login_locks (who VARCHAR(64) PRIMARY KEY, until DOUBLE PRECISION NOT NULL)",
)
# Columns added after the table first shipped (issue 18): added where missing at start.
ADDED_COLUMNS = {"door_conversations": (("handle", "VARCHAR(40)"), ("who", "VARCHAR(16)"),
                                        ("last", "DOUBLE PRECISION"))}
SELF = "本人"


def _sqlite_file_engine(path: Path) -> sa.engine.Engine:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():           # owner-only before anything is written: who talked to which door
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    # connections kept open (SQLAlchemy 1.4 opens one per statement on a file: 20 ms a kiosk session)
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=sa.pool.QueuePool, pool_size=4,
                              connect_args={"check_same_thread": False, "timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(connection, _record):
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")     # as the tracker: no fsync per commit on WAL
        connection.execute("PRAGMA secure_delete=ON")
    return engine


def engine_for(tracker_store: Any = None) -> sa.engine.Engine:
    """The engine the doors' tables live in (see the module's text)."""
    given = os.environ.get("DOORS_DB")
    if given:
        return sa.create_engine(given) if "://" in given else _sqlite_file_engine(Path(given))
    store = unwrapped(tracker_store) if tracker_store is not None else None
    engine = getattr(store, "engine", None)
    if isinstance(engine, sa.engine.Engine):
        if engine.dialect.name != "sqlite":
            return engine
        db = engine.url.database
        if db and db != ":memory:":
            return _sqlite_file_engine(Path(db).resolve().parent / "doors.db")
    run_dir = Path(os.environ.get("RUN_DIR") or "logs")
    return _sqlite_file_engine((run_dir if run_dir.is_absolute() else ROOT / run_dir) / "doors.db")


def new_handle() -> str:
    import secrets
    return secrets.token_urlsafe(12)          # 16 characters, 96 random bits


class DoorStore:
    def __init__(self, engine: sa.engine.Engine, clock=time.time):
        self.engine, self.clock = engine, clock
        for attempt in range(5):
            try:
                with engine.begin() as c:
                    for sql in TABLES:
                        c.exec_driver_sql(sql)
                self._add_columns()
                break
            except sa.exc.DBAPIError:       # two processes creating the same table at once
                if attempt == 4:
                    raise
                time.sleep(0.2)

    def _add_columns(self) -> None:
        for table, columns in ADDED_COLUMNS.items():
            have = {c["name"] for c in sa.inspect(self.engine).get_columns(table)}
            for name, kind in columns:
                if name not in have:
                    with self.engine.begin() as c:
                        c.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")

    def _run(self, sql: str, **params) -> int:
        """Run a statement; the rows it changed."""
        with self.engine.begin() as c:
            return c.execute(sa.text(sql), params).rowcount

    def _rows(self, sql: str, **params) -> list:
        with self.engine.begin() as c:
            return c.execute(sa.text(sql), params).fetchall()

    # ---- handles
    def put_handle(self, handle_hash: str, door: str, subject: str, ttl: float) -> None:
        self._run("INSERT INTO door_handles (handle_hash, door, subject, expires) VALUES (:h, :d, :s, :e)",
                  h=handle_hash, d=door, s=subject, e=self.clock() + ttl)

    def subject_of(self, handle_hash: str, door: str) -> Optional[str]:
        """The subject of an unexpired handle of `door`; an expired one is deleted."""
        rows = self._rows("SELECT subject, expires FROM door_handles WHERE handle_hash = :h AND door = :d",
                          h=handle_hash, d=door)
        row = rows[0] if rows else None
        if row is None:
            return None
        if row[1] <= self.clock():
            self._run("DELETE FROM door_handles WHERE handle_hash = :h", h=handle_hash)
            return None
        return row[0]

    def purge_handles(self) -> int:
        return self._run("DELETE FROM door_handles WHERE expires <= :now", now=self.clock())

    # ---- a user's conversations (one per query)
    def current_conversation(self, door: str, subject: str, new_id: str) -> str:
        """The user's current conversation at `door`; `new_id` is recorded as it (a query for 本人)
        when there is none."""
        with self.engine.begin() as c:
            row = c.execute(sa.text("SELECT conversation FROM door_conversations WHERE door = :d AND subject = :s "
                                    "AND active = 1 ORDER BY created DESC"), dict(d=door, s=subject)).first()
            if row is not None:
                return row[0]
            now = self.clock()
            c.execute(sa.text("INSERT INTO door_conversations (conversation, door, subject, created, active, handle, "
                              "who, last) VALUES (:c, :d, :s, :t, 1, :h, :w, :t)"),
                      dict(c=new_id, d=door, s=subject, t=now, h=new_handle(), w=SELF))
        return new_id

    def new_query(self, door: str, subject: str, conversation: str, who: str) -> str:
        """A new conversation for the user, made the current one; its handle."""
        handle = new_handle()
        with self.engine.begin() as c:
            c.execute(sa.text("UPDATE door_conversations SET active = 0 WHERE door = :d AND subject = :s"),
                      dict(d=door, s=subject))
            c.execute(sa.text("INSERT INTO door_conversations (conversation, door, subject, created, active, handle, "
                              "who, last) VALUES (:c, :d, :s, :t, 1, :h, :w, :t)"),
                      dict(c=conversation, d=door, s=subject, t=self.clock(), h=handle, w=who))
        return handle

    def queries(self, door: str, subject: str) -> list[dict]:
        """The user's queries, newest first: {"id", "who", "created", "last", "current"} (never the
        conversation id). A row from before queries had handles gets one now."""
        rows = self._rows("SELECT conversation, handle, who, created, last, active FROM door_conversations "
                          "WHERE door = :d AND subject = :s ORDER BY created DESC", d=door, s=subject)
        out = []
        for conversation, handle, who, created, last, active in rows:
            if not handle:
                handle = new_handle()
                self._run("UPDATE door_conversations SET handle = :h WHERE conversation = :c AND handle IS NULL",
                          h=handle, c=conversation)
            out.append({"id": handle, "who": who or SELF, "created": created, "last": last or created,
                        "current": bool(active)})
        return out

    def query_of(self, door: str, subject: str, handle: str) -> Optional[dict]:
        """{"id", "who", "conversation", "current"} of the user's query `handle`, or None (not theirs)."""
        rows = self._rows("SELECT conversation, who, active FROM door_conversations WHERE door = :d AND subject = :s "
                          "AND handle = :h", d=door, s=subject, h=handle)
        if not rows:
            return None
        conversation, who, active = rows[0]
        return {"id": handle, "who": who or SELF, "conversation": conversation, "current": bool(active)}

    def current_query(self, door: str, subject: str) -> Optional[dict]:
        for q in self.queries(door, subject):
            if q["current"]:
                return q
        return None

    def reopen(self, door: str, subject: str, handle: str) -> Optional[str]:
        """Make the user's query `handle` the current one; its conversation, or None (not theirs)."""
        with self.engine.begin() as c:
            row = c.execute(sa.text("SELECT conversation FROM door_conversations WHERE door = :d AND subject = :s "
                                    "AND handle = :h"), dict(d=door, s=subject, h=handle)).first()
            if row is None:
                return None
            c.execute(sa.text("UPDATE door_conversations SET active = CASE WHEN handle = :h THEN 1 ELSE 0 END "
                              "WHERE door = :d AND subject = :s"), dict(d=door, s=subject, h=handle))
        return row[0]

    def drop_query(self, door: str, subject: str, handle: str) -> Optional[str]:
        """Forget the user's query `handle` (its conversation is the caller's to delete); the
        conversation, or None (not theirs)."""
        with self.engine.begin() as c:
            row = c.execute(sa.text("SELECT conversation FROM door_conversations WHERE door = :d AND subject = :s "
                                    "AND handle = :h"), dict(d=door, s=subject, h=handle)).first()
            if row is None:
                return None
            c.execute(sa.text("DELETE FROM door_conversations WHERE conversation = :c"), dict(c=row[0]))
        return row[0]

    def used(self, conversation: str) -> None:
        self._run("UPDATE door_conversations SET last = :t WHERE conversation = :c", t=self.clock(), c=conversation)

    def conversations_of(self, door: str, subject: str) -> list[str]:
        return [r[0] for r in self._rows("SELECT conversation FROM door_conversations WHERE door = :d AND subject = :s",
                                        d=door, s=subject)]

    def forget_subject(self, door: str, subject: str) -> None:
        """Every row about the user at `door` (the conversations themselves are the caller's)."""
        with self.engine.begin() as c:
            c.execute(sa.text("DELETE FROM door_conversations WHERE door = :d AND subject = :s"), dict(d=door, s=subject))
            c.execute(sa.text("DELETE FROM door_handles WHERE door = :d AND subject = :s"), dict(d=door, s=subject))

    # ---- the agent desk's audit
    def audit(self, agent: str, conversation: str, action: str, facts: Iterable[str] = ()) -> None:
        self._run("INSERT INTO agent_audit (at, agent, conversation, action, facts) VALUES (:t, :a, :c, :x, :f)",
                  t=self.clock(), a=agent, c=conversation, x=action, f=",".join(sorted(facts)))

    def audit_records(self, conversation: Optional[str] = None) -> list[dict]:
        sql = "SELECT at, agent, conversation, action, facts FROM agent_audit"
        rows = self._rows(sql + (" WHERE conversation = :c" if conversation else "") + " ORDER BY at",
                         **({"c": conversation} if conversation else {}))
        return [{"at": r[0], "agent": r[1], "conversation": r[2], "action": r[3],
                 "facts": [f for f in r[4].split(",") if f]} for r in rows]


class SharedKioskSessions:
    """Kiosk sessions in the doors' store (the same interface as kiosk.KioskSessions): every Rasa
    process and replica sees them, so a visit survives its process and any process serves the
    kiosk. Wall-clock times (processes do not share a monotonic clock). A change that two
    processes could race for (closing, idling out, making room) is claimed by the one whose
    DELETE removed the row."""

    def __init__(self, store: DoorStore, idle: float, max_sessions: int, clock=time.time):
        self.store, self.idle, self.max_sessions, self.clock = store, float(idle), max_sessions, clock
        self._evicted: list[str] = []

    def _claim(self, sid: str, before: Optional[float] = None) -> bool:
        sql = "DELETE FROM kiosk_sessions WHERE sid = :s" + (" AND last <= :t" if before is not None else "")
        return self.store._run(sql, s=sid, t=before) == 1

    def open(self) -> str:
        import secrets
        (n,), = self.store._rows("SELECT count(*) FROM kiosk_sessions")
        if n >= self.max_sessions:
            for (sid,) in self.store._rows("SELECT sid FROM kiosk_sessions ORDER BY last LIMIT :k",
                                           k=n - self.max_sessions + 1):
                if self._claim(sid):
                    self._evicted.append(sid)
        sid = secrets.token_urlsafe(24)          # 32 characters, 192 random bits
        self.store._run("INSERT INTO kiosk_sessions (sid, last) VALUES (:s, :t)", s=sid, t=self.clock())
        return sid

    def take_evicted(self) -> list[str]:
        out, self._evicted = self._evicted, []
        return out

    def alive(self, sid: str) -> bool:
        rows = self.store._rows("SELECT last FROM kiosk_sessions WHERE sid = :s", s=sid)
        return bool(rows) and self.clock() - rows[0][0] < self.idle

    def touch(self, sid: str) -> bool:
        now = self.clock()
        return self.store._run("UPDATE kiosk_sessions SET last = :now WHERE sid = :s AND last > :since",
                               now=now, s=sid, since=now - self.idle) == 1

    def close(self, sid: str) -> bool:
        return self._claim(sid)

    def due(self) -> list[str]:
        cutoff = self.clock() - self.idle
        rows = self.store._rows("SELECT sid FROM kiosk_sessions WHERE last <= :t", t=cutoff)
        return [sid for (sid,) in rows if self._claim(sid, cutoff)]

    def __contains__(self, sid: str) -> bool:
        return bool(self.store._rows("SELECT 1 FROM kiosk_sessions WHERE sid = :s", s=sid))


class SharedLockOut:
    """limits.LockOut in the doors' store: failed log-ins counted over every process and replica
    (an attacker spreading guesses over them gets no more tries)."""

    def __init__(self, store: DoorStore, failures: int, window: float, lock: float, clock=time.time):
        self.store, self.failures, self.window, self.lock, self.clock = store, failures, window, lock, clock

    def locked_for(self, key: str) -> float:
        rows = self.store._rows("SELECT until FROM login_locks WHERE who = :w", w=key)
        left = rows[0][0] - self.clock() if rows else 0.0
        if rows and left <= 0:
            self.store._run("DELETE FROM login_locks WHERE who = :w AND until <= :now", w=key, now=self.clock())
        return max(0.0, left)

    def failed(self, key: str) -> bool:
        now = self.clock()
        with self.store.engine.begin() as c:
            # failures older than the window count for nobody: gone (a flood of addresses leaves nothing)
            c.execute(sa.text("DELETE FROM login_failures WHERE at <= :t"), dict(t=now - self.window))
            c.execute(sa.text("INSERT INTO login_failures (who, at) VALUES (:w, :t)"), dict(w=key, t=now))
            (n,), = c.execute(sa.text("SELECT count(*) FROM login_failures WHERE who = :w"), dict(w=key)).fetchall()
            if n < self.failures:
                return False
            c.execute(sa.text("DELETE FROM login_failures WHERE who = :w"), dict(w=key))
            c.execute(sa.text("DELETE FROM login_locks WHERE who = :w"), dict(w=key))
            c.execute(sa.text("INSERT INTO login_locks (who, until) VALUES (:w, :u)"), dict(w=key, u=now + self.lock))
        return True

    def succeeded(self, key: str) -> None:
        self.store._run("DELETE FROM login_failures WHERE who = :w", w=key)


_stores: dict[int, DoorStore] = {}
_lock = threading.Lock()


def store_for(agent: Any) -> DoorStore:
    """The one store of this process for the agent's tracker store (made on first use: the
    channels are built before the agent and its tracker store exist)."""
    tracker_store = getattr(agent, "tracker_store", None)
    key = id(unwrapped(tracker_store)) if tracker_store is not None else 0
    with _lock:
        if key not in _stores:
            _stores[key] = DoorStore(engine_for(tracker_store))
        return _stores[key]
