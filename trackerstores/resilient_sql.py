"""Rasa's SQL tracker store with connections checked before use.

Rasa 3.6 builds its SQLAlchemy engine without ``pool_pre_ping``: after PostgreSQL
restarts (failover, upgrade, a pod moved), every pooled connection is dead, the next
``retrieve`` fails, and Rasa's ``FailSafeTrackerStore`` answers that message from an
empty in-memory tracker — the conversation looks reset and the message's facts are
not saved. With ``pool_pre_ping`` a dead connection is replaced before it is used.

endpoints.yml::

    tracker_store:
      type: trackerstores.resilient_sql.ResilientSQLTrackerStore
      dialect: postgresql
      url: 127.0.0.1
      port: 5432
      db: rasa
      username: rasa
      password: …
"""
from __future__ import annotations

from typing import Any

from trackerstores.lean_sql import LeanSQLTrackerStore


class ResilientSQLTrackerStore(LeanSQLTrackerStore):
    """The lean SQL tracker store (lean_sql.py) whose connection pool pings each connection
    before handing it out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # SQLAlchemy 1.4: the pool's pre-ping flag (create_engine(pool_pre_ping=True)).
        self.engine.pool._pre_ping = True
