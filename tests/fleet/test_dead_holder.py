"""lockstores/redis_atomic.py: a conversation's lock is freed when the replica holding it dies
(issue 17: a process killed mid-turn kept its ticket for the 60 s lifetime). A real Redis; the
holder a process of its own, killed with SIGKILL. The time it takes is printed (`pytest -s`)."""
from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import lock_store

pytestmark = pytest.mark.e2e  # starts a Redis server

CONVERSATION = "mid-turn"


def _store(port: int):
    return lock_store(port, "dead")


def _hold(port: int, ready, release) -> None:
    store = _store(port)
    ticket = store.issue_ticket(CONVERSATION, 60)      # the first ticket: serving, the lock held
    ready.set()
    release.wait(120)
    store.cleanup(CONVERSATION, ticket)


def run(coro):
    with ThreadPoolExecutor(1) as pool:      # another test's Playwright may hold this thread's loop
        return pool.submit(asyncio.run, coro).result()


async def _acquire(store, wait: float = 0.05) -> float:
    started = time.monotonic()
    async with store.lock(CONVERSATION, lock_lifetime=60, wait_time_in_seconds=wait):
        return time.monotonic() - started


def _holder(port: int):
    """A replica of its own holding the lock: (its process, the event that lets it go)."""
    ctx = mp.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold, args=(port, ready, release))
    holder.start()
    assert ready.wait(60)
    return holder, release


def test_a_dead_replicas_lock_is_freed_within_the_alive_time(redis_port):
    from lockstores.redis_atomic import ALIVE_TTL
    holder, _ = _holder(redis_port)
    store = _store(redis_port)
    assert store.get_lock(CONVERSATION).is_locked(1)
    os.kill(holder.pid, signal.SIGKILL)                 # killed mid-turn
    killed = time.monotonic()
    holder.join(30)
    run(_acquire(store))
    freed_after = time.monotonic() - killed
    print(f"[redis lock] holder killed: lock acquired after {freed_after:.2f} s "
          f"(alive key {ALIVE_TTL} s; ticket lifetime 60 s)")
    assert freed_after < ALIVE_TTL + 2
    assert store.get_lock(CONVERSATION) is None         # cleaned up after use


def test_a_live_replica_keeps_its_lock_past_the_alive_time(redis_port):
    from lockstores.redis_atomic import ALIVE_TTL
    holder, release = _holder(redis_port)
    store = _store(redis_port)

    async def scenario():
        waiter = asyncio.ensure_future(_acquire(store))
        await asyncio.sleep(ALIVE_TTL + 3)               # its alive key is renewed meanwhile
        assert not waiter.done(), "a live replica's lock was taken from it"
        release.set()
        return await asyncio.wait_for(waiter, 10)

    assert run(scenario()) >= ALIVE_TTL + 3
    holder.join(30)
    assert holder.exitcode == 0
