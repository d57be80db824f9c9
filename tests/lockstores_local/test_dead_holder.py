"""lockstores/local.py: a conversation's lock is freed when the process holding it dies (issue
17: a Rasa process killed mid-turn left its ticket, and the next message waited 54 s for it to
expire). The time it takes is printed: `pytest -s` shows it."""
from __future__ import annotations

import asyncio
import multiprocessing as mp
from concurrent.futures import ThreadPoolExecutor
import os
import signal
import time

import pytest

from lockstores.local import SQLiteLockStore, alive

CONVERSATION = "mid-turn"


def _hold(path: str, ready, release) -> None:
    store = SQLiteLockStore(path=path)
    store.issue_ticket(CONVERSATION, 60)           # serving (its ticket is the first): the lock is held
    ready.set()
    release.wait(120)
    store.cleanup(CONVERSATION, 0)


def run(coro):
    """asyncio.run on a thread of its own (another test's Playwright may hold this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _acquire(store: SQLiteLockStore, wait: float = 1.0) -> float:
    started = time.monotonic()
    async with store.lock(CONVERSATION, lock_lifetime=60, wait_time_in_seconds=wait):
        return time.monotonic() - started


@pytest.mark.parametrize("reaped", [True, False], ids=["reaped", "zombie"])
def test_the_lock_is_freed_within_a_retry_when_its_holder_is_killed(tmp_path, reaped):
    path = str(tmp_path / "locks.db")
    ctx = mp.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold, args=(path, ready, release))
    holder.start()
    assert ready.wait(60)
    store = SQLiteLockStore(path=path)
    assert store.get_lock(CONVERSATION).is_locked(1)
    os.kill(holder.pid, signal.SIGKILL)              # killed mid-turn
    killed = time.monotonic()
    if reaped:
        holder.join(30)
    waited = run(_acquire(store))
    freed_after = time.monotonic() - killed
    print(f"[lock] holder killed ({'reaped' if reaped else 'not yet reaped'}): lock acquired after "
          f"{freed_after:.2f} s (ticket lifetime 60 s)")
    assert freed_after < 3.0 and waited < 3.0
    holder.join(30)
    assert store.get_lock(CONVERSATION) is None       # cleaned up after use: nothing left behind


def test_a_live_holder_keeps_the_lock_until_it_is_done(tmp_path):
    path = str(tmp_path / "locks.db")
    ctx = mp.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold, args=(path, ready, release))
    holder.start()
    assert ready.wait(60)
    store = SQLiteLockStore(path=path)

    async def scenario():
        waiter = asyncio.ensure_future(_acquire(store, wait=0.1))
        await asyncio.sleep(2.0)
        assert not waiter.done(), "a live holder's lock was taken from it"
        release.set()
        return await asyncio.wait_for(waiter, 10)

    assert run(scenario()) >= 2.0
    holder.join(30)
    assert holder.exitcode == 0


def test_alive_tells_a_reused_pid_and_a_zombie_from_the_holder():
    me = os.getpid()
    with open(f"/proc/{me}/stat") as f:
        started = f.read().rsplit(")", 1)[1].split()[19]
    assert alive(me, started) and alive(me, "")
    assert not alive(me, str(int(started) + 1))       # same pid, another process
    child = mp.get_context("fork").Process(target=os._exit, args=(0,))
    child.start()
    deadline = time.time() + 10
    while alive(child.pid, "") and time.time() < deadline:
        time.sleep(0.05)
    assert not alive(child.pid, "")                   # exited, not reaped yet: a zombie
    child.join()
    assert not alive(child.pid, "")
