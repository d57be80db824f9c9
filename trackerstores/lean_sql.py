"""Rasa's SQL tracker store, reading and writing events without an ORM object per event.

Rasa 3.6's SQLTrackerStore loads a conversation as one SQLAlchemy ORM object per event row and
saves each new event through the ORM session: on this machine that was most of the 6 ms a turn
spends loading and saving its tracker (py-spy: `InstanceState.__init__` alone 7 % of a Rasa
process under load). The same queries and the same table, selecting only the `data` column and
inserting new rows in one statement, give the same trackers (tests/test_tracker_store.py).

On an SQLite file (scripts/run.sh) connections are kept open in a pool (SQLAlchemy 1.4 opens one
per session on a file), and each connection puts the database in WAL mode with
`synchronous=NORMAL` (a commit no longer waits for the disk; the database stays consistent after
any crash, only a power cut can lose the last turns written) and `secure_delete` (deleted
events are overwritten, see `delete`).

`delete` removes a conversation for good (Rasa 3.6's stores cannot): on SQLite the freed pages
are zeroed and the write-ahead log is checkpointed and truncated, so the words are gone from the
files. On PostgreSQL deleted rows stay on disk as dead rows until (auto)vacuum reclaims them,
and in any backups or WAL archives for as long as those are kept: the operator's retention.

endpoints.yml::

    tracker_store:
      type: trackerstores.lean_sql.LeanSQLTrackerStore
      dialect: "sqlite"
      db: "logs/tracker.db"
"""
from __future__ import annotations

import json
from typing import Any, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY


def _sqlite_pragmas(connection, _record) -> None:
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA secure_delete=ON")


def unwrapped(store: Any) -> Any:
    """The store itself, inside Rasa's wrappers (FailSafeTrackerStore, AwaitableTrackerStore)."""
    while getattr(store, "_tracker_store", None) is not None:
        store = store._tracker_store
    return store


class LeanSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("type", None)          # a custom store gets its endpoint's keys as arguments
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            # SQLAlchemy 1.4 opens and closes a new connection for every session on an SQLite
            # file (NullPool): a pool of open connections instead (the event loop's thread uses
            # them one at a time; sqlite itself serialises writers across processes)
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, pool_size=4,
                                           connect_args={"check_same_thread": False})
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool
                        ) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions) \
                .with_entities(self.SQLEvent.data).all()
        events = [json.loads(data) for (data,) in rows]
        if not (self.domain and events):
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            for event in self._additional_events(session, tracker):
                data = event.as_dict()
                rows.append({"sender_id": tracker.sender_id, "type_name": event.type_name,
                             "timestamp": data.get("timestamp"),
                             "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                             "action_name": data.get("name"), "data": json.dumps(data)})
            if rows:
                session.execute(sa.insert(self.SQLEvent.__table__), rows)
            session.commit()

    async def delete(self, sender_id: Text) -> int:
        """Remove a conversation's events for good (see the module's text): what a kiosk visitor
        said does not stay in the database after the session ends. The number of events removed."""
        with self.session_scope() as session:
            removed = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id) \
                .delete(synchronize_session=False)
            session.commit()
        if removed and self.engine.dialect.name == "sqlite":
            # the old page images are still in the write-ahead log until it is checkpointed;
            # busy readers in another process can leave some behind until the next delete
            with self.engine.connect() as c:
                c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed
