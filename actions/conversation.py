"""One turn as plain data: the slots before, the parsed message, the slots and messages after.

The Rasa action (actions.py) and the in-process player (tests/strangers/play.py) both call
run_turn, so a conversation tested without servers is the one the servers hold.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from policy_core import FACT_NAMES

from .dialogue import Message, State, organisation_speaks, respond

STATE_SLOTS = ("asked_fact", "fact_guess", "last_measure", "last_topic", "skipped_facts", "subject", "speaker",
               "recorded_facts", "people_count", "steps_done", "subject_is_caller")


def state_from(slots: dict) -> State:
    facts = {n: slots.get(n) for n in FACT_NAMES if slots.get(n) is not None}
    return State(facts=facts, asked=slots.get("asked_fact"), guess=slots.get("fact_guess"),
                 last_measure=slots.get("last_measure"), last_topic=slots.get("last_topic"),
                 skipped=list(slots.get("skipped_facts") or []), subject=slots.get("subject"),
                 recorded=list(slots.get("recorded_facts") or []), people=slots.get("people_count"),
                 steps_done=list(slots.get("steps_done") or []), caller=bool(slots.get("subject_is_caller")),
                 org=slots.get("speaker") == "organisation")


def message_from(latest: dict) -> Message:
    meta = latest.get("metadata") or {}
    return Message(text=latest.get("text") or "", intent=(latest.get("intent") or {}).get("name"),
                   entities=latest.get("entities") or [], guesses=latest.get("fact_guesses") or {},
                   truncated=bool(meta.get("truncated")), reading=latest.get("reading"), door=meta.get("door"))


def slot_changes(before: State, after: State) -> dict[str, Any]:
    """The slots that changed, by name (None clears a slot)."""
    changes = {n: after.facts.get(n) for n in FACT_NAMES if before.facts.get(n) != after.facts.get(n)}
    pairs = {"asked_fact": (before.asked, after.asked), "fact_guess": (before.guess, after.guess),
             "last_measure": (before.last_measure, after.last_measure),
             "last_topic": (before.last_topic, after.last_topic),
             "skipped_facts": (before.skipped, after.skipped), "subject": (before.subject, after.subject),
             "recorded_facts": (before.recorded, after.recorded),
             "people_count": (before.people, after.people),
             "steps_done": (before.steps_done, after.steps_done),
             "subject_is_caller": (before.caller, after.caller)}
    changes.update({k: new for k, (old, new) in pairs.items() if old != new})
    return changes


def run_turn(slots: dict, latest: dict, today: Optional[dt.date] = None) -> tuple[dict, list]:
    """The slots after the turn and the reply messages (text, buttons). The front doors build
    the structured result (payload.py) from the slots after the turn: a reply's data would stay
    in the tracker, which Rasa loads, saves and sends to the action server on every turn."""
    today = today or dt.date.today()
    before = state_from(slots)
    reply = respond(before, message_from(latest), today)
    messages = [dict(m) for m in reply.messages] or [{"text": ""}]
    after = dict(slots, **slot_changes(before, reply.state))
    if organisation_speaks(reply.state) and slots.get("speaker") != "organisation":
        after["speaker"] = "organisation"     # the contract's input: who is asking (kept once known)
    elif slots.get("speaker") == "organisation" and not reply.state.facts and not reply.state.org:
        after["speaker"] = None               # started afresh
    return after, messages
