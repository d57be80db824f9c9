"""Play a conversation through the dialogue in-process, without the trained model: the
entities come from the NLU component's reader (entities_for), the intent is given.

    slots, replies = talk([("社工组织算不算", "ask_policy")], TODAY)
"""
from __future__ import annotations

import datetime as dt

from actions.conversation import run_turn
from assistant_nlu.component import entities_for


def turn(slots: dict, text: str, intent: str, today: dt.date) -> tuple[dict, str]:
    found = entities_for(text, today, last_measure=slots.get("last_measure"))   # (entities, guesses[, reading])
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": found[0],
              "fact_guesses": found[1], "reading": found[2] if len(found) > 2 else None, "metadata": {}}
    slots, messages = run_turn(slots, latest, today)
    said = "\n".join([m.get("text") or "" for m in messages]
                     + [b["title"] for m in messages for b in m.get("buttons") or []])
    return slots, said


def talk(turns: list[tuple[str, str]], today: dt.date, slots: dict | None = None) -> tuple[dict, list[str]]:
    """Slots after the last turn and every reply (messages and button titles joined)."""
    slots, replies = dict(slots or {}), []
    for text, intent in turns:
        slots, said = turn(slots, text, intent, today)
        replies.append(said)
    return slots, replies


def said(text: str, slots: dict | None = None, intent: str = "inform",
         today: dt.date = dt.date(2026, 12, 7)) -> tuple[dict, str]:
    """One message through the dialogue: the slots after it and its reply (the families' tests)."""
    slots, replies = talk([(text, intent)], today, slots)
    return slots, replies[-1]
