"""Check the action server's answers against Rasa's schema once-compiled (a third of a turn).

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)`
on every custom-action answer. That builds a validator and first checks the (large) events
schema itself against the JSON-Schema meta-schema each time: 16 ms of a 47 ms turn here
(benchmarks/profile_turn.py). This keeps Rasa's check and its error message, with the
validator built once per process. Loaded with the channels (channels/__init__.py), so every
`rasa run` of this project uses it.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, Text

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@functools.lru_cache(maxsize=1)
def _validator():
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self, result: Dict[Text, Any]) -> bool:
    try:
        _validator().validate(result)
        return True
    except ValidationError as e:
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


ORIGINAL = RemoteAction._validate_action_result
RemoteAction._validate_action_result = _validate_action_result
