"""A Redis lock store whose every read-modify-write is one atomic Lua script.

Rasa's own ``RedisLockStore`` issues a ticket by GET, change, SET: two replicas asking
for a ticket for one conversation at the same moment can both read the same lock and
both get ticket N (or one of the two tickets is lost when the second SET overwrites the
first), and then both replicas process the conversation at once — the lost-update bug
of issue 10. Here issuing, finishing and cleaning up a ticket each run as one Lua script
inside Redis, so they are atomic across processes and machines.

The stored value keeps Rasa's format (``TicketLock.dumps()``, each ticket with one more
field, ``holder``), so ``get_lock`` and the rest of ``LockStore`` work unchanged.

A replica that dies holding a ticket (killed mid-turn) would keep the conversation locked for
the ticket's lifetime (60 s). Each store has a holder id and keeps a key ``<prefix>alive:<id>``
alive in Redis (ALIVE_TTL seconds, renewed by a thread every third of that); every script drops
the tickets whose holder's key is gone, so a dead replica's lock is freed within ALIVE_TTL, on
any machine. (The scripts touch those keys without declaring them: plain Redis, not Cluster.) Ticket expiry uses the clock of the process that
calls (as Rasa's ``TicketLock`` does): keep the replicas' clocks in sync (NTP).

endpoints.yml::

    lock_store:
      type: lockstores.redis_atomic.AtomicRedisLockStore
      url: 127.0.0.1        # Redis host
      port: 6379
      db: 1
      # password: …, key_prefix: jinshan, use_ssl: false, poll_interval: 0.05
"""
from __future__ import annotations

import logging
import math
import threading
import time
import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

logger = logging.getLogger(__name__)
ALIVE_TTL = 5           # seconds a dead replica's tickets outlive it

# Shared Lua helpers. The value is Rasa's TicketLock JSON: {"conversation_id": …,
# "tickets": ["{\"number\": 0, \"expires\": 1.0}", …]} (each ticket a JSON string).
_LOAD = """
local function load(key, now, alive_prefix)
  local raw = redis.call('GET', key)
  local tickets = {}
  if raw then
    local lock = cjson.decode(raw)
    if type(lock['tickets']) == 'table' then
      for _, t in ipairs(lock['tickets']) do
        local ticket = cjson.decode(t)
        local holder = ticket['holder']
        local dead = type(holder) == 'string' and redis.call('EXISTS', alive_prefix .. holder) == 0
        if tonumber(ticket['expires']) >= now and not dead then table.insert(tickets, ticket) end
      end
    end
  end
  return tickets
end
local function store(key, cid, tickets, ttl)
  if #tickets == 0 then redis.call('DEL', key); return end
  local encoded = {}
  for i, t in ipairs(tickets) do
    encoded[i] = cjson.encode({number = t['number'], expires = t['expires'], holder = t['holder']})
  end
  local lock = cjson.encode({conversation_id = cid, tickets = encoded})
  -- cjson encodes an empty table as {} and keeps numbers as they are: fine for Rasa.
  redis.call('SET', key, lock, 'EX', ttl)
end
"""

# KEYS[1] lock key; ARGV: conversation id, now, lifetime, ttl, alive-key prefix, holder id.
# Returns the new ticket.
_ISSUE = _LOAD + """
local now = tonumber(ARGV[2])
local tickets = load(KEYS[1], now, ARGV[5])
local number = 0
if #tickets > 0 then number = tonumber(tickets[#tickets]['number']) + 1 end
table.insert(tickets, {number = number, expires = now + tonumber(ARGV[3]), holder = ARGV[6]})
store(KEYS[1], ARGV[1], tickets, tonumber(ARGV[4]))
return number
"""

# KEYS[1] lock key; ARGV: conversation id, now, ticket number (or -1 for none), ttl, alive-key prefix.
# Removes that ticket and the expired ones; deletes the key when no ticket is left.
# Returns how many tickets remain.
_FINISH = _LOAD + """
local now = tonumber(ARGV[2])
local number = tonumber(ARGV[3])
local kept = {}
for _, t in ipairs(load(KEYS[1], now, ARGV[5])) do
  if tonumber(t['number']) ~= number then table.insert(kept, t) end
end
store(KEYS[1], ARGV[1], kept, tonumber(ARGV[4]))
return #kept
"""


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` with atomic ticket issue, release and cleanup (Lua scripts)."""

    def __init__(self, endpoint_config: Any = None, poll_interval: float = 0.05,
                 **kwargs: Any) -> None:
        # Rasa builds a custom lock store as cls(endpoint_config=EndpointConfig):
        # its url is the Redis host, its other keys (port, db, password, …) go to Redis.
        if endpoint_config is not None:
            options = dict(endpoint_config.kwargs or {})
            if endpoint_config.url:
                options.setdefault("host", endpoint_config.url)
            options.update(kwargs)
        else:
            options = dict(kwargs)
        poll_interval = float(options.pop("poll_interval", poll_interval))
        options.pop("type", None)
        super().__init__(**options)
        self.poll_interval = poll_interval
        self._issue = self.red.register_script(_ISSUE)
        self._finish = self.red.register_script(_FINISH)
        self.holder = uuid.uuid4().hex
        self._alive_prefix = self.key_prefix + "alive:"
        self._beat()
        threading.Thread(target=self._heartbeat, name="lock-holder-alive", daemon=True).start()

    def _beat(self) -> None:
        self.red.set(self._alive_prefix + self.holder, "1", ex=ALIVE_TTL)

    def _heartbeat(self) -> None:
        """Keep this holder's key alive while the process lives (a daemon thread: it dies with it)."""
        while True:
            time.sleep(ALIVE_TTL / 3)
            try:
                self._beat()
            except Exception:      # Redis away for a moment: the next beat tries again
                logger.warning("lock store: could not renew this process's alive key")

    @staticmethod
    def _ttl(lock_lifetime: float) -> int:
        # The key outlives its newest ticket a little, then Redis drops it by itself.
        return int(math.ceil(lock_lifetime)) + 60

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Issue the next ticket for ``conversation_id`` atomically and return its number."""
        try:
            return int(self._issue(keys=[self.key_prefix + conversation_id],
                                   args=[conversation_id, repr(time.time()),
                                         repr(float(lock_lifetime)), self._ttl(lock_lifetime),
                                         self._alive_prefix, self.holder]))
        except Exception as e:  # same contract as LockStore.issue_ticket
            raise LockError(f"Error while acquiring lock. Error:\n{e}")

    def _remove(self, conversation_id: Text, ticket_number: int) -> int:
        return int(self._finish(keys=[self.key_prefix + conversation_id],
                                args=[conversation_id, repr(time.time()), int(ticket_number),
                                      self._ttl(LOCK_LIFETIME), self._alive_prefix]))

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        """Remove ``ticket_number`` (and expired tickets) atomically."""
        self._remove(conversation_id, ticket_number)

    def update_lock(self, conversation_id: Text) -> None:
        """Remove expired tickets and those of dead holders atomically."""
        self._remove(conversation_id, -1)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Remove the ticket and delete the lock when nobody waits, in one step: a
        ticket issued in between by another replica is never deleted with it."""
        self._remove(conversation_id, ticket_number)

    def save_lock(self, lock: TicketLock) -> None:
        """Kept for callers of the base API; this store never writes a whole lock itself."""
        self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(),
                     ex=self._ttl(LOCK_LIFETIME))

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: Optional[float] = None) -> AsyncGenerator[TicketLock, None]:
        """As ``LockStore.lock``, polling every ``poll_interval`` seconds (Rasa's default is
        1 s, which would add up to a second to a message that waits behind another)."""
        wait = self.poll_interval if wait_time_in_seconds in (None, 1) else wait_time_in_seconds
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait)
        finally:
            self.cleanup(conversation_id, ticket)
