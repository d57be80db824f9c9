"""The one custom action: a thin adapter from Rasa's tracker to conversation.run_turn.

One action per turn keeps each turn to a single call to the action server.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from policy_core import FACT_NAMES

from .conversation import STATE_SLOTS, run_turn

DOORS = ("kiosk", "agent", "mp")   # the doors' conversation-id prefixes (channels/prefixes.py; a test keeps them equal)


class ActionRespond(Action):
    def name(self) -> Text:
        return "action_respond"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        names = list(FACT_NAMES) + list(STATE_SLOTS)
        slots = {n: tracker.get_slot(n) for n in names}
        latest = dict(tracker.latest_message or {})
        door = next((d for d in DOORS if (tracker.sender_id or "").startswith(d + "-")), None)
        if door:   # who hands off how (转人工 at a kiosk: 大厅工作人员)
            latest["metadata"] = dict(latest.get("metadata") or {}, door=door)
        new, messages = run_turn(slots, latest)
        for m in messages:
            dispatcher.utter_message(text=m.get("text") or None, buttons=m.get("buttons") or None)
        return [SlotSet(k, v) for k, v in new.items() if slots.get(k) != v]
