"""Find an event's class by its type name once, not once per event loaded.

Rasa 3.6's `Event.resolve_by_type` walks every subclass of `Event` (about 25, with an
`inspect.isabstract` check on each) for every event it deserialises: loading a 60-event tracker
spent 4 ms there of 5 (tests/test_fast_events.py compares with Rasa's own answer). This keeps
Rasa's lookup and remembers what it found. Loaded with the channels (channels/__init__.py).
"""
from __future__ import annotations

from typing import Optional, Text, Type

from rasa.shared.core.events import Event

ORIGINAL = Event.resolve_by_type
_FOUND: dict[Text, Type[Event]] = {}


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    cls = _FOUND.get(type_name)
    if cls is None:
        cls = ORIGINAL(type_name, default)       # unknown names: Rasa's own answer (default or error)
        if cls is not None and cls is not default:
            _FOUND[type_name] = cls
    return cls


Event.resolve_by_type = staticmethod(resolve_by_type)
