"""A lock store on this machine's own primitives: several Rasa processes, one SQLite file.

Rasa's ticket lock (rasa.core.lock.TicketLock) is only as safe as its store: the base
`LockStore.issue_ticket` reads the lock, adds a ticket and saves it, with nothing atomic in
between (Rasa 3.6's RedisLockStore too, upstream PR 11256), so two processes can draw the same
ticket and serve one conversation at once (a lost update). Here every read-change-write on a
lock (issue a ticket, drop expired ones, finish serving, clean up) is one SQLite transaction
begun with `BEGIN IMMEDIATE`, which takes the database's write lock first: the whole step is
atomic across processes and threads. Nothing for the user to start: the file is created
owner-only next to the tracker database.

A holder that dies (a Rasa process killed mid-turn) would keep its ticket until the ticket's
lifetime ran out (60 s: the next message waited that long). Every ticket is recorded with the
process that drew it (pid and its start time, so a reused pid is not mistaken for it); a waiter
checks on every retry (each second) and drops the tickets of processes no longer alive. All
processes of one lock file are on this machine, so "alive" is a question the kernel answers.

endpoints.yml (scripts/run.sh writes this into its RUN_DIR/endpoints.yml):

    lock_store:
      type: lockstores.local.SQLiteLockStore
      path: logs/locks.db
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from typing import Iterator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore

DEFAULT_PATH = "logs/locks.db"


def _stat(pid: int) -> Optional[list[str]]:
    """The fields of /proc/<pid>/stat after the command name, or None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            text = f.read().decode("ascii", "replace")
    except (FileNotFoundError, ProcessLookupError):
        return None
    except OSError:
        return []                      # no /proc to read: only os.kill can tell
    return text[text.rfind(")") + 2:].split()


def _started(pid: int) -> str:
    fields = _stat(pid)
    return fields[19] if fields and len(fields) > 19 else ""      # starttime, in clock ticks since boot


def alive(pid: int, started: str) -> bool:
    """Whether the process that drew a ticket still runs (a zombie, or another process given the
    same pid, does not count)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    fields = _stat(pid)
    if fields is None:
        return False
    if fields and (fields[0] == "Z" or (started and len(fields) > 19 and fields[19] != started)):
        return False
    return True


class SQLiteLockStore(LockStore):
    def __init__(self, endpoint_config=None, path: Optional[str] = None, timeout: float = 30.0) -> None:
        kwargs = dict(getattr(endpoint_config, "kwargs", None) or {})
        self.path = str(path or kwargs.get("path") or os.environ.get("LOCK_STORE_PATH") or DEFAULT_PATH)
        self.timeout = float(kwargs.get("timeout", timeout))
        directory = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(directory, exist_ok=True)
        if not os.path.exists(self.path):        # owner-only: conversation ids are in it
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        self._mutex = threading.RLock()
        self._db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None,
                                   check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS locks (conversation_id TEXT PRIMARY KEY, data TEXT NOT NULL)")
        self._db.execute("CREATE TABLE IF NOT EXISTS holders (conversation_id TEXT NOT NULL, ticket INTEGER NOT NULL, "
                         "pid INTEGER NOT NULL, started TEXT NOT NULL, PRIMARY KEY (conversation_id, ticket))")
        self._me = (os.getpid(), _started(os.getpid()))
        super().__init__()

    # ---- one atomic step
    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._mutex:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @staticmethod
    def _read(db: sqlite3.Connection, conversation_id: Text) -> Optional[TicketLock]:
        row = db.execute("SELECT data FROM locks WHERE conversation_id = ?", (conversation_id,)).fetchone()
        return TicketLock.from_dict(json.loads(row[0])) if row else None

    @staticmethod
    def _write(db: sqlite3.Connection, lock: TicketLock) -> None:
        db.execute("INSERT INTO locks (conversation_id, data) VALUES (?, ?) "
                   "ON CONFLICT(conversation_id) DO UPDATE SET data = excluded.data",
                   (lock.conversation_id, lock.dumps()))

    # ---- the LockStore interface
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        with self._mutex:
            return self._read(self._db, conversation_id)

    def delete_lock(self, conversation_id: Text) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM locks WHERE conversation_id = ?", (conversation_id,))
            db.execute("DELETE FROM holders WHERE conversation_id = ?", (conversation_id,))

    def save_lock(self, lock: TicketLock) -> None:
        with self._transaction() as db:
            self._write(db, lock)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Read, add a ticket and save in one transaction: no two callers get the same number."""
        try:
            with self._transaction() as db:
                lock = self._read(db, conversation_id) or self.create_lock(conversation_id)
                ticket = lock.issue_ticket(lock_lifetime)
                self._write(db, lock)
                db.execute("INSERT OR REPLACE INTO holders (conversation_id, ticket, pid, started) VALUES (?, ?, ?, ?)",
                           (conversation_id, ticket, *self._me))
                return ticket
        except Exception as e:
            raise LockError(f"Error while acquiring lock. Error:\n{e}")

    def update_lock(self, conversation_id: Text) -> None:
        """Drop expired tickets and those of processes that died (Rasa calls this between retries)."""
        with self._transaction() as db:
            lock = self._read(db, conversation_id)
            if lock:
                lock.remove_expired_tickets()
                rows = db.execute("SELECT ticket, pid, started FROM holders WHERE conversation_id = ?",
                                  (conversation_id,)).fetchall()
                for ticket, pid, started in rows:
                    if not alive(pid, started):
                        lock.remove_ticket_for(ticket)
                        db.execute("DELETE FROM holders WHERE conversation_id = ? AND ticket = ?",
                                   (conversation_id, ticket))
                self._write(db, lock)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        with self._transaction() as db:
            lock = self._read(db, conversation_id)
            if lock:
                lock.remove_ticket_for(ticket_number)
                self._write(db, lock)
            db.execute("DELETE FROM holders WHERE conversation_id = ? AND ticket = ?", (conversation_id, ticket_number))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Finish serving and, when nobody is waiting, drop the lock: one transaction."""
        with self._transaction() as db:
            lock = self._read(db, conversation_id)
            if not lock:
                return
            lock.remove_ticket_for(ticket_number)
            db.execute("DELETE FROM holders WHERE conversation_id = ? AND ticket = ?", (conversation_id, ticket_number))
            if lock.is_someone_waiting():
                self._write(db, lock)
            else:
                db.execute("DELETE FROM locks WHERE conversation_id = ?", (conversation_id,))
                db.execute("DELETE FROM holders WHERE conversation_id = ?", (conversation_id,))
