"""Per-address rate limits and the log-in lock-out.

`RateLimit(n, per)`: at most n events per `per` seconds for one key (a token bucket: a burst of
n, then one every per/n seconds). `LockOut(failures, window, lock)`: after `failures` failed
log-ins from one key within `window` seconds, every attempt from it is refused for `lock`
seconds, right token or not (so guessing cannot go on in the lock's shadow).

Both forget keys they no longer need, so a flood of addresses cannot grow them without bound.
Both live in this process's memory.

`SharedRateLimit(n, per)`: the same limit counted over every process and replica that shares a
store (GCRA: one number per key, the "theoretical arrival time"; a burst of n, then one every
per/n seconds, exactly as RateLimit): `SQLRates` in a SQL table (the doors' store: `doors.db`
beside the SQLite tracker, or the fleet's PostgreSQL), `RedisRates` in Redis (the fleet's lock
store). One atomic statement or script per event, so two processes never both take the last
place. When no store is bound yet (before the model is loaded) or the store fails, the limit
falls back to this process's RateLimit (then each process allows n: see docs/security.md).
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable, Optional

logger = logging.getLogger(__name__)


class RateLimit:
    def __init__(self, n: float, per: float, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000):
        self.n, self.per, self.clock, self.max_keys = float(n), float(per), clock, max_keys
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, key: str) -> bool:
        now = self.clock()
        tokens, then = self._buckets.get(key, (self.n, now))
        tokens = min(self.n, tokens + (now - then) * self.n / self.per)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        if key not in self._buckets and len(self._buckets) >= self.max_keys:
            self._prune(now)
        self._buckets[key] = (tokens - 1, now)
        return True

    def exhausted(self, key: str) -> bool:
        """True when the next event would be refused (nothing used up)."""
        if key not in self._buckets:
            return False
        tokens, then = self._buckets[key]
        return min(self.n, tokens + (self.clock() - then) * self.n / self.per) < 1

    def retry_after(self, key: str) -> int:
        tokens, _ = self._buckets.get(key, (self.n, 0))
        return max(1, int((1 - tokens) * self.per / self.n + 0.999))

    def _prune(self, now: float) -> None:
        full = [k for k, (t, then) in self._buckets.items() if t + (now - then) * self.n / self.per >= self.n]
        for k in full:
            del self._buckets[k]


class LockOut:
    def __init__(self, failures: int = 10, window: float = 900, lock: float = 900,
                 clock: Callable[[], float] = time.monotonic):
        self.failures, self.window, self.lock, self.clock = failures, window, lock, clock
        self._failed: dict[str, list[float]] = {}
        self._locked: dict[str, float] = {}

    def locked_for(self, key: str) -> float:
        """Seconds the key stays locked (0: not locked)."""
        until = self._locked.get(key)
        if until is None:
            return 0.0
        left = until - self.clock()
        if left <= 0:
            del self._locked[key]
            return 0.0
        return left

    def failed(self, key: str) -> bool:
        """Record a failure; True when it locked the key."""
        now = self.clock()
        recent = [t for t in self._failed.get(key, []) if now - t < self.window] + [now]
        if len(recent) >= self.failures:
            self._failed.pop(key, None)
            self._locked[key] = now + self.lock
            return True
        self._failed[key] = recent
        if len(self._failed) > 100_000:       # forget the oldest stray addresses
            for k in list(self._failed)[:10_000]:
                del self._failed[k]
        return False

    def succeeded(self, key: str) -> None:
        self._failed.pop(key, None)


# ---------------------------------------------------------------- shared over processes
class SQLRates:
    """GCRA state in a SQL table (SQLite 3.35+ or PostgreSQL: one UPSERT … RETURNING per event)."""

    TABLE = "CREATE TABLE IF NOT EXISTS door_rates (k VARCHAR(120) PRIMARY KEY, tat DOUBLE PRECISION NOT NULL, " \
            "ok INTEGER NOT NULL)"

    def __init__(self, engine: Any):
        import sqlalchemy as sa

        self.engine, self._sa, self._calls = engine, sa, 0
        for attempt in range(5):
            try:
                with engine.begin() as c:
                    c.exec_driver_sql(self.TABLE)
                break
            except sa.exc.DBAPIError:           # two processes creating the table at once
                if attempt == 4:
                    raise
                time.sleep(0.2)
        mx = "max" if engine.dialect.name == "sqlite" else "GREATEST"
        later = f"{mx}(door_rates.tat, :now) + :t"
        self._take = sa.text(
            "INSERT INTO door_rates (k, tat, ok) VALUES (:k, :now + :t, 1) ON CONFLICT (k) DO UPDATE SET "
            f"tat = CASE WHEN {later} - :now <= :per THEN {later} ELSE door_rates.tat END, "
            f"ok = CASE WHEN {later} - :now <= :per THEN 1 ELSE 0 END "
            "RETURNING tat, ok")

    def take(self, key: str, now: float, interval: float, per: float) -> float:
        """0 when the event is allowed (and counted); else the seconds until it would be."""
        with self.engine.begin() as c:
            tat, ok = c.execute(self._take, dict(k=key[:120], now=now, t=interval, per=per)).one()
            self._calls += 1
            if self._calls % 256 == 0:          # keys back to a full burst are the same as no key: gone
                c.execute(self._sa.text("DELETE FROM door_rates WHERE tat < :now"), dict(now=now))
        return 0.0 if ok else max(0.001, tat + interval - now - per)


class RedisRates:
    """GCRA state in Redis, one Lua script per event (atomic over every replica); each key
    expires when its burst is full again."""

    SCRIPT = """
local now, t, per = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
if tat < now then tat = now end
local new = tat + t
if new - now <= per then
  redis.call('SET', KEYS[1], string.format('%.6f', new), 'PX', math.ceil((new - now) * 1000) + 1)
  return '0'
end
return string.format('%.6f', new - now - per)
"""

    def __init__(self, client: Any, prefix: str = ""):
        self.client, self.prefix = client, prefix
        self._script = client.register_script(self.SCRIPT)

    def take(self, key: str, now: float, interval: float, per: float) -> float:
        wait = float(self._script(keys=[f"{self.prefix}rate:{key}"], args=[repr(now), repr(interval), repr(per)]))
        return 0.0 if wait <= 0 else max(0.001, wait)


class SharedRateLimit:
    """RateLimit's limit counted in a shared store (see the module's text). `wait(key)`: 0 when
    the event is allowed, else the seconds to wait (nothing counted)."""

    def __init__(self, n: float, per: float, backend: Any = None, clock: Callable[[], float] = time.time):
        if n < 1 or per <= 0:
            raise ValueError(f"a rate limit needs at least 1 event per period, got {n} per {per} s")
        self.n, self.per, self.backend, self.clock = float(n), float(per), backend, clock
        self.local = RateLimit(n, per)
        self._failing = False

    @property
    def shared(self) -> bool:
        return self.backend is not None

    def wait(self, key: str) -> float:
        if self.backend is not None:
            try:
                wait = self.backend.take(key, self.clock(), self.per / self.n, self.per)
                self._failing = False
                return wait
            except Exception as e:               # noqa: BLE001: a store down must not stop every door
                if not self._failing:
                    logger.warning("Shared rate limit store failed (%s): counting in this process meanwhile",
                                   type(e).__name__)
                self._failing = True
        if self.local.allow(key):
            return 0.0
        return float(self.local.retry_after(key))


def shared_backend(agent: Any) -> Optional[Any]:
    """Where the doors' limits are counted for this Rasa agent: the Redis of a Redis lock store
    (the fleet), else the doors' SQL store (channels/doors/store.py: doors.db beside an SQLite
    tracker, the tracker's PostgreSQL in the fleet); None without a tracker store (stand-ins)."""
    lock_store = getattr(agent, "lock_store", None)
    client = getattr(lock_store, "red", None)
    if client is not None and callable(getattr(client, "register_script", None)):
        return RedisRates(client, str(getattr(lock_store, "key_prefix", "") or ""))
    if getattr(agent, "tracker_store", None) is None:
        return None
    from .store import store_for        # SQLAlchemy and the tracker store: only when serving

    return SQLRates(store_for(agent).engine)
