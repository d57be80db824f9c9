"""One home per fact: the policy core's fact list (policy_core/data/facts.yaml) is the home;
the domain's slots and entities, the question wording, the display words, the button payloads
and the extractor's vocabulary are checked against it here."""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from actions import templates as T
from actions.dialogue import about
from fact_extraction import vocab
from policy_core import FACT_NAMES, ORG_FACTS, fact_kind, parse_facts
from policy_core.facts import FactsError

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
STEPS = {"flexible_employment_registered", "employment_registered", "skill_evaluation_taken",
         "contract_months", "contract_open_ended", "social_insurance_months", "employer_excluded",
         "work_region", "insurance_base_below_1_2x_min"}


def _valid(name, value) -> bool:
    try:
        parse_facts({name: value})
        return True
    except FactsError:
        return False


def test_every_fact_has_a_slot_and_an_entity_of_its_name():
    assert set(FACT_NAMES) - {"as_of"} <= set(DOMAIN["slots"])
    assert set(FACT_NAMES) - {"as_of"} - {"unemployed_since", "graduation_date", "flexible_since"} <= set(DOMAIN["entities"]) | {
        "skill_evaluation_taken"}


def test_every_fact_the_dialogue_may_ask_has_a_question_with_valid_buttons():
    askable = [f for f in FACT_NAMES if f != "as_of" and f not in STEPS]
    missing = [f for f in askable if f not in T.QUESTIONS]
    assert not missing, missing
    for fact, (text, buttons) in T.QUESTIONS.items():
        assert "您" not in about(text, "他"), fact      # the third-person form is made from this one
        for title, payload in buttons:
            m = re.fullmatch(r'/inform(\{.*\})', payload)
            if m:
                (name, value), = json.loads(m.group(1)).items()
                assert name == fact and _valid(fact, value), (fact, title, payload)


def test_display_words_cover_every_value_of_every_enumerated_fact():
    for fact, words in T.VALUE_WORDS.items():
        assert all(_valid(fact, v) for v in words), fact
        buttons = {json.loads(re.fullmatch(r'/inform(\{.*\})', p).group(1))[fact]
                   for _, p in T.QUESTIONS.get(fact, ("", []))[1] if p.startswith("/inform")}
        assert buttons <= set(words), (fact, buttons - set(words))


def test_the_extractors_vocabulary_gives_only_contract_values():
    entities = vocab.patterns()["entities"]
    for label, groups in entities.items():
        for key in groups:
            if "=" in str(key):
                name, value = str(key).split("=")
                value = {"true": True, "false": False}.get(value, value)
                assert name in FACT_NAMES and _valid(name, value), (label, key)
    for value in entities["EDU"]:
        assert _valid("education", value)
    for value in list(entities["CERT"]) + list(entities["CERT_WEAK"]):
        assert _valid("certificate_level", value)
    for value in entities["STATUS"]:
        assert _valid("employment_status", value)
    assert fact_kind("age") == "int" and fact_kind("hukou") != "int"
