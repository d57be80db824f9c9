"""channels/fast_events.py answers as Rasa's own lookup does."""
from __future__ import annotations

import pytest
from rasa.shared.core.events import (ActionExecuted, BotUttered, Event, Restarted, SessionStarted, SlotSet,
                                     UserUttered)

from channels import fast_events


@pytest.mark.parametrize("name,cls", [("user", UserUttered), ("bot", BotUttered), ("action", ActionExecuted),
                                      ("slot", SlotSet), ("restart", Restarted),
                                      ("session_started", SessionStarted)])
def test_every_type_name_gives_rasas_class_twice(name, cls):
    assert Event.resolve_by_type is not fast_events.ORIGINAL
    assert Event.resolve_by_type(name) is cls is Event.resolve_by_type(name) is fast_events.ORIGINAL(name)


def test_unknown_names_keep_rasas_answers():
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None and "no_such_event" not in fast_events._FOUND


def test_a_stored_tracker_loads_through_it():
    events = [ActionExecuted("action_listen").as_dict(), UserUttered("我30岁").as_dict(), SlotSet("age", 30).as_dict()]
    loaded = [Event.from_parameters(e) for e in events]
    assert [type(e) for e in loaded] == [ActionExecuted, UserUttered, SlotSet] and loaded[2].value == 30
