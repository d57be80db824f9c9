"""Tell the NLU what the conversation is in the middle of (assistant_nlu.reading.turn_metadata),
so that a message is read once, knowing the question just asked.

Rasa's MessageProcessor loads the conversation's tracker (under its lock) and hands it to
`parse_message` before the NLU runs. This hook puts the context slots into the message's
metadata there: every channel (REST, the doors, the HTTP API) gets it, and the tracker is not
loaded a second time for it. Loaded with the channels (channels/__init__.py).
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.trackers import DialogueStateTracker

from assistant_nlu.reading import CONTEXT_SLOTS, turn_metadata


def add_context(message: UserMessage, tracker: DialogueStateTracker) -> None:
    """Put the conversation's context (from `tracker`) into the message metadata."""
    slots = {k: tracker.get_slot(k) for k in CONTEXT_SLOTS}
    meta = dict(message.metadata or {})
    meta.update(turn_metadata(slots, truncated=bool(meta.get("truncated"))))
    message.metadata = meta


ORIGINAL = MessageProcessor.parse_message


async def parse_message(self, message: UserMessage, tracker: Optional[DialogueStateTracker] = None,
                        only_output_properties: bool = True) -> Dict[Text, Any]:
    # without a tracker (Rasa's /model/parse, in-process tests) the metadata is taken as given
    if tracker is not None:
        add_context(message, tracker)
    return await ORIGINAL(self, message, tracker, only_output_properties)


MessageProcessor.parse_message = parse_message
