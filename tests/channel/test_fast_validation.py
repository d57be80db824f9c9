"""channels/fast_validation.py: the same verdicts as Rasa's own check of action answers."""
import pytest
from rasa.core.actions.action import RemoteAction

import channels  # noqa: F401  (installs the check, as Rasa loading the channels does)
from channels.fast_validation import ORIGINAL

ACTION = RemoteAction.__new__(RemoteAction)

ANSWERS = [
    {"events": [{"event": "slot", "name": "age", "value": 37}], "responses": [{"text": "好的"}]},
    {"events": [], "responses": []},
    {},
    {"events": [{"event": "slot"}], "responses": [{"text": "x"}]},
    {"events": "nope"},
    {"events": [{"event": "no_such_event"}]},
    {"responses": "nope"},
]


def verdict(check, answer):
    try:
        return check(ACTION, answer)
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e).splitlines()[0]


@pytest.mark.parametrize("answer", ANSWERS)
def test_same_verdict_as_rasa(answer):
    assert RemoteAction._validate_action_result is not ORIGINAL
    assert verdict(RemoteAction._validate_action_result, answer) == verdict(ORIGINAL, answer)
