"""The conversation-id prefixes the doors own (channels/doors/): one list, so the REST channel
can refuse every door's conversations, including doors added later.

A door whose conversations live in the shared tracker store adds its prefix here; the REST
webhook refuses a `sender` that starts with any of them (case-insensitively: `AGENT-x` is a
different tracker id, but refusing it costs nothing and leaves no doubt).
"""
from __future__ import annotations

DOOR_PREFIXES: tuple[str, ...] = ("agent-", "kiosk-", "mp-")


def door_of(sender: str) -> str | None:
    """The door prefix `sender` starts with, or None for an ordinary REST conversation."""
    low = sender.lower()
    for prefix in DOOR_PREFIXES:
        if low.startswith(prefix):
            return prefix
    return None
