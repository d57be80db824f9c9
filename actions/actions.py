"""The one custom action: slots in, dialogue.respond, slots and messages out.

One action per turn keeps each turn to a single call to the action server.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from policy_core import FACT_NAMES

from .dialogue import Message, State, respond

STATE_SLOTS = ("asked_fact", "fact_guess", "last_measure", "skipped_facts")


def state_from(tracker: Tracker) -> State:
    facts = {n: tracker.get_slot(n) for n in FACT_NAMES if tracker.get_slot(n) is not None}
    return State(facts=facts, asked=tracker.get_slot("asked_fact"), guess=tracker.get_slot("fact_guess"),
                 last_measure=tracker.get_slot("last_measure"),
                 skipped=list(tracker.get_slot("skipped_facts") or []))


def message_from(tracker: Tracker) -> Message:
    latest = tracker.latest_message or {}
    meta = latest.get("metadata") or {}
    return Message(text=latest.get("text") or "", intent=(latest.get("intent") or {}).get("name"),
                   entities=latest.get("entities") or [], guesses=latest.get("fact_guesses") or {},
                   truncated=bool(meta.get("truncated")))


def slot_events(before: State, after: State) -> List[Dict[Text, Any]]:
    events = [SlotSet(n, after.facts.get(n)) for n in FACT_NAMES
              if before.facts.get(n) != after.facts.get(n)]
    pairs = {"asked_fact": (before.asked, after.asked), "fact_guess": (before.guess, after.guess),
             "last_measure": (before.last_measure, after.last_measure),
             "skipped_facts": (before.skipped, after.skipped)}
    events += [SlotSet(k, new) for k, (old, new) in pairs.items() if old != new]
    return events


class ActionRespond(Action):
    def name(self) -> Text:
        return "action_respond"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        before = state_from(tracker)
        reply = respond(before, message_from(tracker))
        for m in reply.messages:
            dispatcher.utter_message(text=m["text"], buttons=m.get("buttons") or None)
        return slot_events(before, reply.state)
