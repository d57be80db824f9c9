"""What the fleet's lock tests share: a Redis server of their own, and the lock store on it."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from fleetctl import Redis, ensure_installed
from rasa.utils.endpoints import EndpointConfig


@pytest.fixture(scope="module")
def redis_port():
    ensure_installed()
    base = Path(tempfile.mkdtemp(prefix="jinshan-redis-"))
    r = Redis(base)
    r.start()
    yield r.port
    r.stop()
    shutil.rmtree(base, ignore_errors=True)


def lock_store(port: int, key_prefix: str):
    """A store of its own, as each Rasa replica has (also in the tests' child processes)."""
    from lockstores.redis_atomic import AtomicRedisLockStore
    return AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=port, db=1, key_prefix=key_prefix))
