"""lockstores/redis_atomic.py against a real Redis, from several processes at once.

Each process builds its own AtomicRedisLockStore (its own connection, as each Rasa
replica does). Rasa's plain RedisLockStore (GET, change, SET) hands out duplicate
tickets or loses tickets here; the Lua-script store must never do either.
"""
from __future__ import annotations

import asyncio
import multiprocessing as mp
import time

import pytest

from .conftest import lock_store

pytestmark = pytest.mark.e2e  # starts a Redis server (installed when missing)

PROCS, TICKETS = 4, 150


def _store(port: int):
    return lock_store(port, "t")


def _issue(port: int, cid: str, start_at: float, q) -> None:
    store = _store(port)
    while time.time() < start_at:
        pass
    q.put([store.issue_ticket(cid, 600) for _ in range(TICKETS)])


def _critical(port: int, cid: str, start_at: float, rounds: int, q) -> None:
    """Read-modify-write a Redis counter inside the lock, slowly: a lost increment
    means two processes held the lock at once."""
    import redis
    store, red = _store(port), redis.StrictRedis(port=port, db=2)

    async def run():
        overlaps = 0
        for _ in range(rounds):
            async with store.lock(cid, lock_lifetime=30, wait_time_in_seconds=0.005):
                if red.incr(f"holders:{cid}") != 1:
                    overlaps += 1
                n = int(red.get(f"counter:{cid}") or 0)
                await asyncio.sleep(0.002)
                red.set(f"counter:{cid}", n + 1)
                red.decr(f"holders:{cid}")
        return overlaps

    while time.time() < start_at:
        pass
    q.put(asyncio.run(run()))


def _run(target, *args) -> list:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    start_at = time.time() + 3  # every process spins up first, then they all start together
    procs = [ctx.Process(target=target, args=(*args[:2], start_at, *args[2:], q)) for _ in range(PROCS)]
    for p in procs:
        p.start()
    out = [q.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    return out


def test_concurrent_tickets_are_unique_and_none_is_lost(redis_port):
    cid = "conv-tickets"
    results = _run(_issue, redis_port, cid)
    issued = [t for r in results for t in r]
    assert len(issued) == PROCS * TICKETS
    assert len(set(issued)) == len(issued), "a ticket was issued twice"
    assert sorted(issued) == list(range(PROCS * TICKETS))
    for r in results:  # each process sees its own tickets in increasing order
        assert r == sorted(r)
    lock = _store(redis_port).get_lock(cid)
    assert sorted(t.number for t in lock.tickets) == list(range(PROCS * TICKETS)), "a ticket was lost"


def test_only_one_process_holds_the_lock_at_a_time(redis_port):
    cid, rounds = "conv-critical", 25
    overlaps = _run(_critical, redis_port, cid, rounds)
    import redis
    red = redis.StrictRedis(port=redis_port, db=2)
    assert sum(overlaps) == 0, "two processes held one conversation's lock at once"
    assert int(red.get(f"counter:{cid}")) == PROCS * rounds, "an update was lost"
    assert _store(redis_port).get_lock(cid) is None, "the lock was not cleaned up"


def test_release_keeps_tickets_issued_meanwhile_and_expired_ones_go(redis_port):
    store = _store(redis_port)
    cid = "conv-release"
    a = store.issue_ticket(cid, 600)
    b = store.issue_ticket(cid, 600)
    store.cleanup(cid, a)  # b is waiting: the lock must stay, with b first in line
    lock = store.get_lock(cid)
    assert lock is not None and lock.now_serving == b and not lock.is_locked(b)
    store.cleanup(cid, b)
    assert store.get_lock(cid) is None
    store.issue_ticket(cid, 0.2)
    time.sleep(0.4)
    assert store.issue_ticket(cid, 600) == 0  # the expired ticket is gone, numbering restarts
    assert store.red.ttl(store.key_prefix + cid) > 0  # abandoned locks vanish by themselves
