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


class ActionRespond(Action):
    def name(self) -> Text:
        return "action_respond"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        names = list(FACT_NAMES) + list(STATE_SLOTS)
        slots = {n: tracker.get_slot(n) for n in names}
        new, messages = run_turn(slots, tracker.latest_message or {})
        for m in messages:
            dispatcher.utter_message(text=m.get("text") or None, buttons=m.get("buttons") or None)
        return [SlotSet(k, v) for k, v in new.items() if slots.get(k) != v]
