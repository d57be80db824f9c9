"""lockstores/local.py: tickets issued atomically and one holder at a time, across processes."""
from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import time
from pathlib import Path

import pytest

from lockstores.local import SQLiteLockStore

PROCS, ROUNDS = 4, 25


def _issue(path: str, start, out) -> None:
    store = SQLiteLockStore(path=path)
    start.wait()
    out.put([store.issue_ticket("one-conversation", 600) for _ in range(ROUNDS)])


def test_tickets_unique_across_processes(tmp_path):
    path = str(tmp_path / "locks.db")
    SQLiteLockStore(path=path)
    ctx = mp.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_issue, args=(path, start, out)) for _ in range(PROCS)]
    for p in procs:
        p.start()
    start.set()
    tickets = [t for _ in procs for t in out.get(timeout=120)]
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert sorted(tickets) == list(range(PROCS * ROUNDS))      # none lost, none twice


def _increment(path: str, counter: str, start) -> None:
    store = SQLiteLockStore(path=path)
    start.wait()

    async def run():
        for _ in range(ROUNDS):
            async with store.lock("one-conversation", lock_lifetime=60, wait_time_in_seconds=0.002):
                n = int(Path(counter).read_text())          # read, change, write: a lost update
                await asyncio.sleep(0.001)                   # if two held the lock at once
                Path(counter).write_text(str(n + 1))
    asyncio.run(run())


def test_one_holder_at_a_time_across_processes(tmp_path):
    path, counter = str(tmp_path / "locks.db"), tmp_path / "counter"
    counter.write_text("0")
    SQLiteLockStore(path=path)
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_increment, args=(path, str(counter), start)) for _ in range(PROCS)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(180)
        assert p.exitcode == 0
    assert int(counter.read_text()) == PROCS * ROUNDS
    assert SQLiteLockStore(path=path).get_lock("one-conversation") is None   # cleaned up


def test_owner_only_and_lifecycle(tmp_path):
    store = SQLiteLockStore(path=str(tmp_path / "locks.db"))
    assert os.stat(tmp_path / "locks.db").st_mode & 0o077 == 0
    assert store.issue_ticket("c", 600) == 0 and store.issue_ticket("c", 600) == 1
    store.cleanup("c", 0)
    assert store.get_lock("c").now_serving == 1
    store.cleanup("c", 1)
    assert store.get_lock("c") is None
    store.issue_ticket("d", 0.01)                     # expired tickets are dropped
    time.sleep(0.05)
    assert store.issue_ticket("d", 600) == 0


def test_from_endpoint_config(tmp_path):
    from rasa.core.lock_store import LockStore
    from rasa.utils.endpoints import EndpointConfig
    store = LockStore.create(EndpointConfig(type="lockstores.local.SQLiteLockStore",
                                            path=str(tmp_path / "x.db")))
    assert isinstance(store, SQLiteLockStore) and store.path == str(tmp_path / "x.db")
