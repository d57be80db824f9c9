"""A message passed on again after its Rasa process died is applied once.

scripts/balancer.py passes a request on to the next Rasa process when the one it chose died
with the request in hand (no longer listening). The dead process may have finished the turn
and saved it (Rasa saves the tracker at the end of the turn, then writes the reply): the turn
is applied, only the reply was lost. Processed again, the same words would be applied twice
(an answer "是" first answers the question asked, then the question asked next).

So the balancer gives every request an id (`X-Request-Id`, the same on every attempt; any id
the client sent is replaced) and here, before a turn:
- the id becomes the user message's `message_id`, which Rasa keeps in the tracker's user event;
- under the conversation's lock, a tracker that already holds a user event with that id means
  the turn was applied: its replies (the bot events after it) are sent again instead.

The header is believed only from a proxy listed in DOORS_TRUSTED_PROXIES (the balancer on
127.0.0.1): a client talking to Rasa directly cannot name an id. Without an id, nothing changes.
"""
from __future__ import annotations

import contextvars
import logging
import re
from typing import Any

from rasa.shared.core.events import BotUttered, UserUttered

from channels.doors.network import _ip, _trusted

logger = logging.getLogger(__name__)

HEADER = "X-Request-Id"
VALID = re.compile(r"[A-Za-z0-9_-]{16,64}")
REQUEST_ID: contextvars.ContextVar = contextvars.ContextVar("jinshan_request_id", default=None)


def request_id(request: Any, proxies) -> str | None:
    """The balancer's id of this request, or None (no id, a bad one, or not from a trusted proxy)."""
    value = request.headers.get(HEADER)
    if not value or not VALID.fullmatch(value) or not _trusted(_ip(request.ip or ""), proxies):
        return None
    return value


def mark(request: Any, proxies) -> None:
    """Remember this request's id for the turn it runs (always set: one task serves the requests
    of a kept-alive connection one after another)."""
    REQUEST_ID.set(request_id(request, proxies))


async def replay(agent: Any, message: Any) -> bool:
    """True when the tracker already holds `message` (by its id): its replies were sent again."""
    tracker = await agent.tracker_store.retrieve(message.sender_id)
    if tracker is None:
        return False
    events = list(tracker.events)
    for i in range(len(events) - 1, -1, -1):
        e = events[i]
        if isinstance(e, UserUttered) and e.message_id == message.message_id:
            break
    else:
        return False
    for e in events[i + 1:]:
        if isinstance(e, UserUttered):
            break
        if isinstance(e, BotUttered):
            await message.output_channel.send_response(message.sender_id, e.message())
    logger.info("A request passed on after its process died had been applied already: its reply sent again")
    return True


def install(agent: Any) -> None:
    """Wrap `agent.handle_message` (the handler every input channel calls) once per agent."""
    if agent is None or getattr(agent, "_replay_installed", False):
        return
    original = agent.handle_message

    async def handle_message(message):
        rid = REQUEST_ID.get()
        if not rid or not agent.is_ready():
            return await original(message)
        message.message_id = rid
        async with agent.lock_store.lock(message.sender_id):
            if await replay(agent, message):
                return None
            return await agent.processor.handle_message(message)

    agent.handle_message = handle_message
    agent._replay_installed = True
