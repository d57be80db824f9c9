"""Rasa NLU component: the facts, measures and topics a message names, as entities.

A thin adapter: fact_extraction (spaCy + jieba, pure Python) does the work;
this turns its findings into Rasa entities with character spans. Guesses the
assistant must confirm ("三十出头") travel in the parse data as `fact_guesses`.

Entity order matters where two share one span (签了三年合同: contract_months and
the derived employment_status; 对口地区: the fact and the measure): the main one
comes first, as Rasa's evaluation labels a token with the first entity on it.
Measure/topic spans are snapped to the JiebaTokenizer's tokens (topics.find).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant_nlu import amount_names, org_facts, topics
from assistant_nlu.reading import read
from fact_extraction.spoken import normalise
from policy_core import FACT_NAMES
from understanding import requires
from understanding.acts import question_of
from understanding.counts import people_count
from understanding.steps import said_done
from understanding.pii import identifiers
from understanding.read import typed_reading

FACT_SET = frozenset(FACT_NAMES)


def jieba_tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of the tokens JiebaTokenizer gives text, with the project's
    dictionary (fact_extraction loads it into jieba's default tokenizer)."""
    import jieba

    from fact_extraction.extract import _pipeline

    _pipeline()
    return [(s, e) for _w, s, e in jieba.tokenize(text)]


def entities_for(text: str, today: dt.date, tokens: list[tuple[int, int]] | None = None,
                 asked: str | None = None, last_measure: str | None = None) -> tuple[list[dict], dict, dict]:
    """Entities (fact/measure/topic) found in text, the guesses to confirm, and the reading
    (assistant_nlu.reading: the facts read knowing the question `asked`, when it is known)."""
    found, reading = read(text, today, asked, last_measure)
    if tokens is None:
        tokens = jieba_tokens(text)
    ents = [{"entity": fact, "value": value, "start": start, "end": end, "confidence_entity": 1.0}
            for fact, value, start, end, _ in found.spans]
    seen = {e["entity"] for e in ents}
    for fact, value in found.facts.items():     # facts without a span of their own
        if fact not in seen:
            ents.append({"entity": fact, "value": value, "start": 0, "end": 0, "confidence_entity": 1.0})
    # 不对，B级是去年的，今年是C级 after talk of 孵化基地: the measure talked about tells what it is of
    shift = len(org_facts.FOLLOW_UP.get(last_measure, ""))
    said = org_facts.find(text) or [(f, v, a - shift, b - shift) for f, v, a, b in org_facts.find(text, last_measure)
                                    if a >= shift]
    for fact, value, start, end in said:
        if any(lo <= start < hi for lo, hi in found.not_asked):
            continue            # 同来的老乡王某系第一次来金山，另行咨询: not the subject's
        if any(e["entity"] == fact and e["value"] == value and e["start"] < end and start < e["end"] for e in ents):
            ents = [e for e in ents if not (e["entity"] == fact and e["start"] < end and start < e["end"])]
            # (他以前在金山打过工: the same fact read twice over the same words is one mention)
        ents.append({"entity": fact, "value": value, "start": start, "end": end, "confidence_entity": 1.0})
    hits = topics.find(text, tokens)
    for hit in hits:
        ents.append({"entity": hit.kind, "value": hit.value, "start": hit.start, "end": hit.end,
                     "confidence_entity": 1.0})
    if not any(h.kind == "measure" for h in hits):   # 一千二的补贴: named by what it pays
        ents += [{"entity": "measure", "value": mid, "start": a, "end": b, "confidence_entity": 1.0}
                 for mid, a, b in amount_names.find(text)]
    reading["typed"] = typed_of(text, ents, reading, asked).model_dump(mode="json")
    reading["question"] = list(question_of(text))
    reading["requires"] = requires.topics(text)      # 需要什么条件 / 社保要交满几个月: None when not asked
    reading["people"] = people_count(text)
    reading["steps_done"] = said_done(text)     # 合同签好了: a step no fact records
    reading["identifiers"] = identifiers(text)
    return ents, dict(reading["guesses"]), reading


def typed_of(text: str, ents: list[dict], reading: dict, asked: str | None):
    """The typed reading (understanding/): each fact entity with its holder and act."""
    facts = dict(reading.get("facts") or {})
    spans = [(e["entity"], e["value"], e["start"], e["end"]) for e in ents if e["entity"] in FACT_SET]
    for f, v, *_ in spans:
        facts.setdefault(f, v)
    names = [(e["start"], e["end"]) for e in ents if e["entity"] == "measure"]   # a subsidy's name
    return typed_reading(text, spans, facts, asked, names)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class SpokenNormaliser(GraphComponent):
    """First in the pipeline: 繁体, kiosk Shanghainese and typing slips become the words the
    tokenizer, the classifier and the extractor know (fact_extraction/spoken.yaml). The
    length is kept, so entity spans still point at what was typed."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SpokenNormaliser":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text:
                message.set(TEXT, normalise(text), add_to_output=True)
        return messages


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
            toks = message.get(TOKENS_NAMES[TEXT]) or None
            tokens = [(t.start, t.end) for t in toks] if toks else None
            # the question just asked, when the channel says it (metadata "context")
            context = (message.get("metadata") or {}).get("context") or {}
            guess = context.get("fact_guess") or {}
            asked = guess.get("fact") or context.get("asked_fact")
            ents, guesses, reading = entities_for(text, today, tokens, asked, context.get("last_measure")) \
                if text.strip() else ([], {}, {})
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(ents),
                        add_to_output=True)
            message.set("fact_guesses", guesses, add_to_output=True)
            message.set("reading", reading, add_to_output=True)
        return messages
