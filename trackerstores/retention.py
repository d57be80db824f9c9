"""Retention: conversations nobody has said anything in for N days are deleted, whole, from the
tracker store, for every channel (REST, agent desk, mini-program, kiosk leftovers); the agent
desk's audit records older than M days are deleted from the doors' store, and so are the
mini-program's links from a user to a conversation that no longer exists.

    python -m trackerstores.retention [--days N] [--audit-days M] [--endpoints endpoints.yml | --sqlite PATH]

N is `--days`, else RETENTION_DAYS, else 30; M is `--audit-days`, else AUDIT_RETENTION_DAYS,
else 30. The doors' store (channels/doors/store.py) is DOORS_DB when set, else `doors.db`
beside an SQLite tracker database, else the tracker's own PostgreSQL database. The store is the `tracker_store` of the endpoints
file (scripts/run.sh passes RUN_DIR/endpoints.yml; `${VAR}` is read from the environment as
Rasa does), SQLite or PostgreSQL, in the table Rasa's SQL store uses (`events`, one row per
event, trackerstores/lean_sql.py). A conversation's age is its newest event's timestamp, so a
conversation still going on is never cut in the middle.

On SQLite the deleted rows leave nothing in the files: `secure_delete` zeroes the freed pages,
the write-ahead log is checkpointed and truncated, and VACUUM rewrites the file without them
(the file shrinks). On PostgreSQL the rows are deleted and `VACUUM events` makes their space
reusable; the bytes can stay in WAL archives and backups for as long as the operator keeps
those. Prints one line with the counts and sizes, never a conversation id.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import sqlalchemy as sa
import yaml

DEFAULT_DAYS = 30
BATCH = 500


@dataclass
class Purged:
    conversations: int
    events: int
    bytes_before: Optional[int] = None
    bytes_after: Optional[int] = None


@dataclass
class PurgedDoors:
    audit_records: int
    links: int
    bytes_before: Optional[int] = None
    bytes_after: Optional[int] = None


def days_from(value: Optional[str], variable: str = "RETENTION_DAYS") -> int:
    raw = value if value is not None else os.environ.get(variable) or str(DEFAULT_DAYS)
    try:
        days = int(str(raw).strip())
    except ValueError:
        raise ValueError(f"保留天数应为正整数：{raw!r} / retention days must be a positive integer: {raw!r}")
    if days < 1:
        raise ValueError(f"保留天数应为正整数：{raw!r} / retention days must be a positive integer: {raw!r}")
    return days


def _expand(value):
    if isinstance(value, str):
        return re.sub(r"\$\{(\w+)\}", lambda m: os.environ.get(m.group(1), ""), value)
    return value


def engine_from_endpoints(path: Path) -> sa.engine.Engine:
    """The SQLAlchemy engine for the endpoints file's `tracker_store` (SQLite or PostgreSQL)."""
    cfg = (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get("tracker_store") or {}
    cfg = {k: _expand(v) for k, v in cfg.items()}
    dialect = cfg.get("dialect") or "sqlite"
    if dialect == "sqlite":
        return sqlite_engine(Path(cfg.get("db") or "rasa.db"))
    if not str(dialect).startswith("postgres"):
        raise ValueError(f"不支持的数据库 {dialect} / unsupported tracker store dialect: {dialect}")
    url = sa.engine.URL.create("postgresql", username=cfg.get("username"), password=cfg.get("password"),
                               host=cfg.get("url"), port=cfg.get("port"), database=cfg.get("db"))
    return sa.create_engine(url)


def sqlite_engine(path: Path) -> sa.engine.Engine:
    if not Path(path).exists():
        raise ValueError(f"没有这个数据库文件：{path} / no such database file: {path}")
    return sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})


def _file_bytes(engine) -> Optional[int]:
    db = engine.url.database
    if engine.dialect.name != "sqlite" or not db:
        return None
    return sum(p.stat().st_size for p in (Path(db), Path(db + "-wal"), Path(db + "-shm")) if p.exists())


def _delete_in(c, table: str, column: str, ids: list) -> int:
    """Rows whose `column` is one of `ids` deleted, BATCH ids to a transaction; how many."""
    deleted = 0
    for i in range(0, len(ids), BATCH):
        with c.begin():
            deleted += c.execute(sa.text(f"DELETE FROM {table} WHERE {column} IN :ids")
                                 .bindparams(sa.bindparam("ids", expanding=True)), {"ids": ids[i:i + BATCH]}).rowcount
    return deleted


def _reclaim(engine: sa.engine.Engine, tables) -> None:
    """After deleting, outside any transaction: on SQLite the old page images leave the
    write-ahead log, and VACUUM rewrites the file without the freed pages (then its own log is
    truncated too); on PostgreSQL `VACUUM (ANALYZE)` makes the tables' space reusable."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as c:
            c = c.execution_options(isolation_level="AUTOCOMMIT")
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            c.exec_driver_sql("VACUUM")
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    elif engine.dialect.name == "postgresql":
        with engine.connect() as c:
            c = c.execution_options(isolation_level="AUTOCOMMIT")
            for table in tables:
                c.exec_driver_sql(f"VACUUM (ANALYZE) {table}")


def purge(engine: sa.engine.Engine, days: int, now: Optional[float] = None) -> Purged:
    """Delete every conversation whose newest event is older than `days` days."""
    cutoff = (time.time() if now is None else now) - days * 86400
    before = _file_bytes(engine)
    with engine.connect() as c:
        if engine.dialect.name == "sqlite":
            c.exec_driver_sql("PRAGMA secure_delete=ON")   # freed pages zeroed, not just unlinked
        old = [r[0] for r in c.execute(sa.text(
            "SELECT sender_id FROM events GROUP BY sender_id HAVING max(timestamp) < :cutoff"),
            {"cutoff": cutoff})]
        events = _delete_in(c, "events", "sender_id", old)
    _reclaim(engine, ["events"])
    return Purged(len(old), events, before, _file_bytes(engine))


def doors_engine(tracker: sa.engine.Engine) -> Optional[sa.engine.Engine]:
    """The doors' store for this tracker database (channels/doors/store.py's rule), or None
    when it does not exist (no door was ever used)."""
    given = os.environ.get("DOORS_DB")
    if given:
        if "://" in given:
            return sa.create_engine(given)
        return sqlite_engine(Path(given)) if Path(given).exists() else None
    if tracker.dialect.name != "sqlite":
        return tracker
    path = Path(tracker.url.database or "").resolve().parent / "doors.db"
    return sqlite_engine(path) if tracker.url.database and path.exists() else None


def purge_doors(doors: sa.engine.Engine, tracker: sa.engine.Engine, audit_days: int, days: int,
                now: Optional[float] = None) -> PurgedDoors:
    """Audit records older than `audit_days`; user-to-conversation links older than `days`
    whose conversation is gone (deleted above, or never begun)."""
    now = time.time() if now is None else now
    before = _file_bytes(doors)
    tables = set(sa.inspect(doors).get_table_names())
    audit = links = 0
    with doors.connect() as c:
        if doors.dialect.name == "sqlite":
            c.exec_driver_sql("PRAGMA secure_delete=ON")
        if "agent_audit" in tables:
            with c.begin():
                audit = c.execute(sa.text("DELETE FROM agent_audit WHERE at < :cutoff"),
                                  {"cutoff": now - audit_days * 86400}).rowcount
        if "door_conversations" in tables:
            old = [r[0] for r in c.execute(sa.text("SELECT conversation FROM door_conversations WHERE created < :t"),
                                           {"t": now - days * 86400})]
            if old:
                with tracker.connect() as t:
                    live = {r[0] for r in t.execute(sa.text("SELECT DISTINCT sender_id FROM events WHERE sender_id IN :ids")
                                                    .bindparams(sa.bindparam("ids", expanding=True)), {"ids": old})}
                gone = [cid for cid in old if cid not in live]
                links = _delete_in(c, "door_conversations", "conversation", gone)
    _reclaim(doors, [t for t in ("agent_audit", "door_conversations") if t in tables])
    return PurgedDoors(audit, links, before, _file_bytes(doors))


def main(argv: Optional[list[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python -m trackerstores.retention", description=__doc__.splitlines()[0])
    p.add_argument("--days", help=f"keep conversations active in the last N days (RETENTION_DAYS, default {DEFAULT_DAYS})")
    p.add_argument("--audit-days", help=f"keep agent desk audit records for M days (AUDIT_RETENTION_DAYS, "
                                        f"default {DEFAULT_DAYS})")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--endpoints", default=None, help="Rasa endpoints file (default: RUN_DIR/endpoints.yml, else endpoints.yml)")
    where.add_argument("--sqlite", help="an SQLite tracker database file")
    args = p.parse_args(argv)
    try:
        days = days_from(args.days)
        audit_days = days_from(args.audit_days, "AUDIT_RETENTION_DAYS")
        if args.sqlite:
            engine = sqlite_engine(Path(args.sqlite))
        else:
            path = Path(args.endpoints) if args.endpoints else Path(os.environ.get("RUN_DIR") or "logs") / "endpoints.yml"
            if not args.endpoints and not path.exists():
                path = Path("endpoints.yml")
            engine = engine_from_endpoints(path)
        result = purge(engine, days)
        doors = doors_engine(engine)
        door_result = purge_doors(doors, engine, audit_days, days) if doors is not None else None
    except (ValueError, OSError, sa.exc.SQLAlchemyError) as e:
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        print(f"[retention] 失败 / failed: {msg}", file=sys.stderr)
        return 2
    sizes = ""
    if result.bytes_before is not None:
        sizes = f"; database files {result.bytes_before} -> {result.bytes_after} bytes"
    print(f"[retention] removed {result.conversations} conversation(s), {result.events} event(s) "
          f"with nothing said for {days} days{sizes}")
    if door_result is not None:
        sizes = ""
        if door_result.bytes_before is not None:
            sizes = f"; doors' store {door_result.bytes_before} -> {door_result.bytes_after} bytes"
        print(f"[retention] removed {door_result.audit_records} agent audit record(s) older than {audit_days} days, "
              f"{door_result.links} link(s) to conversations gone{sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
