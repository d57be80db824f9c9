"""channels/context.py: the NLU is told the question just asked, from the tracker Rasa loaded."""
from __future__ import annotations

from pathlib import Path

from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from channels import context

ROOT = Path(__file__).resolve().parents[2]


def tracker_with(**slots) -> DialogueStateTracker:
    t = DialogueStateTracker("x", Domain.load(str(ROOT / "domain.yml")).slots)
    for k, v in slots.items():
        t.update(SlotSet(k, v))
    return t


def test_the_question_asked_and_the_measure_talked_about_go_into_the_metadata():
    m = UserMessage("28", metadata={"truncated": True, "client": "kiosk"})
    context.add_context(m, tracker_with(asked_fact="age", last_measure="talent_return", age=30))
    assert m.metadata["context"] == {"asked_fact": "age", "last_measure": "talent_return"}
    assert m.metadata["truncated"] is True and m.metadata["client"] == "kiosk"


def test_a_new_conversation_has_an_empty_context():
    m = UserMessage("你好")
    context.add_context(m, tracker_with())
    assert m.metadata == {"context": {}}


def test_rasas_processor_parses_through_the_hook():
    assert MessageProcessor.parse_message is context.parse_message
    assert context.ORIGINAL is not context.parse_message
