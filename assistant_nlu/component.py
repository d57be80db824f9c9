"""Rasa NLU component: the facts, measures and topics a message names, as entities.

A thin adapter: fact_extraction (spaCy + jieba, pure Python) does the work;
this turns its findings into Rasa entities with character spans. Guesses the
assistant must confirm ("三十出头") travel in the parse data as `fact_guesses`.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant_nlu import org_facts, topics
from fact_extraction import extract


def entities_for(text: str, today: dt.date) -> tuple[list[dict], dict]:
    """Entities (fact/measure/topic) found in text, and the guesses to confirm."""
    found = extract(text, today)
    ents = [{"entity": fact, "value": value, "start": start, "end": end, "confidence_entity": 1.0}
            for fact, value, start, end, _ in found.spans]
    seen = {e["entity"] for e in ents}
    for fact, value in found.facts.items():     # facts without a span of their own
        if fact not in seen:
            ents.append({"entity": fact, "value": value, "start": 0, "end": 0, "confidence_entity": 1.0})
    for fact, value, start, end in org_facts.find(text):
        ents.append({"entity": fact, "value": value, "start": start, "end": end, "confidence_entity": 1.0})
    for hit in topics.find(text):
        ents.append({"entity": hit.kind, "value": hit.value, "start": hit.start, "end": hit.end,
                     "confidence_entity": 1.0})
    return ents, dict(found.confirm)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class FactExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FactExtractor":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        today = dt.date.today()
        for message in messages:
            text = message.get(TEXT) or ""
            ents, guesses = entities_for(text, today) if text.strip() else ([], {})
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(ents),
                        add_to_output=True)
            message.set("fact_guesses", guesses, add_to_output=True)
        return messages
