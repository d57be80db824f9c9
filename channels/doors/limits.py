"""Per-address rate limits and the log-in lock-out, in this process's memory.

`RateLimit(n, per)`: at most n events per `per` seconds for one key (a token bucket: a burst of
n, then one every per/n seconds). `LockOut(failures, window, lock)`: after `failures` failed
log-ins from one key within `window` seconds, every attempt from it is refused for `lock`
seconds, right token or not (so guessing cannot go on in the lock's shadow).

Both forget keys they no longer need, so a flood of addresses cannot grow them without bound.
"""
from __future__ import annotations

import time
from typing import Callable


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
