"""Tell the NLU what the conversation is in the middle of (assistant_nlu.reading.turn_metadata),
so that a message is read once, knowing the question just asked."""
from __future__ import annotations

import logging

from rasa.core.channels.channel import UserMessage

from assistant_nlu.reading import CONTEXT_SLOTS, turn_metadata

log = logging.getLogger(__name__)


async def add_context(message: UserMessage) -> None:
    """Put the conversation's context into the message metadata; never fails a message (the
    dialogue reads the text itself when the context is missing)."""
    try:
        from sanic import Sanic
        agent = Sanic.get_app().ctx.agent
        tracker = await agent.tracker_store.retrieve(message.sender_id)
    except Exception:       # no app, no agent yet, store unavailable: read without context
        log.debug("no conversation context for the NLU", exc_info=True)
        return
    if tracker is None:
        return
    slots = {k: tracker.get_slot(k) for k in CONTEXT_SLOTS}
    meta = dict(message.metadata or {})
    meta.update(turn_metadata(slots, truncated=bool(meta.get("truncated"))))
    message.metadata = meta
