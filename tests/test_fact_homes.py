"""One home per fact: the policy core's fact list (policy_core/data/facts.yaml) is the home;
the domain's slots and entities, the question wording, the display words, the button payloads
and the extractor's vocabulary are checked against it here."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import yaml

from actions import templates as T
from actions.dialogue import about
from assistant_nlu.reading import read
from fact_extraction import vocab
from policy_core import FACT_NAMES, ORG_FACTS, fact_info, fact_kind, parse_facts
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
                # (a button for another fact the registry names for this question: 已经退休)
                also = fact_info()[fact].get("also") or {}
                assert (name == fact or also.get(title) == {name: value}) and _valid(name, value), (fact, title, payload)


def test_display_words_cover_every_value_of_every_enumerated_fact():
    for fact, words in T.VALUE_WORDS.items():
        assert all(_valid(fact, v) for v in words), fact
        said = [json.loads(re.fullmatch(r'/inform(\{.*\})', p).group(1))
                for _, p in T.QUESTIONS.get(fact, ("", []))[1] if p.startswith("/inform")]
        buttons = {s[fact] for s in said if fact in s}
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


# ---- the registry of facts (policy_core/data/facts.yaml) is the one home of every fact's words

REGISTRY = yaml.safe_load((ROOT / "policy_core" / "data" / "facts.yaml").read_text(encoding="utf-8"))


def test_the_registry_names_every_fact_of_the_core_and_no_other():
    assert list(REGISTRY) == list(FACT_NAMES)
    assert {f for f, m in REGISTRY.items() if m.get("org")} == set(ORG_FACTS)


def test_every_fact_a_slot_a_question_a_read_back_and_a_reading():
    today = dt.date(2026, 12, 6)
    for fact, meta in REGISTRY.items():
        assert fact in DOMAIN["slots"], fact
        if fact in STEPS:
            continue
        assert meta.get("ask"), fact
        kind = fact_kind(fact)
        if kind == "enum":     # every value can be asked (a button), read back and typed as its title
            values = set(meta["choices"])
            assert all(_valid(fact, v) for v in values), fact
            assert values <= set(meta.get("show", values)), fact
            for value, title in meta["choices"].items():
                assert read(title, today, fact)[1]["facts"].get(fact) == value, (fact, title)
        elif kind == "int":
            assert read("28", today, fact)[1]["facts"].get(fact) == 28, fact
            assert "{}" in meta["number"] or fact.startswith("startup_org"), fact
        elif kind == "date":
            assert read("2025年6月15日", today, fact)[1]["facts"].get(fact) == "2025-06-15", fact
            assert "{}" in meta["date"], fact


def test_the_templates_hold_no_fact_wording_of_their_own():
    """Questions, the agent's and the organisation's wording and read-back words come from the registry."""
    source = (ROOT / "actions" / "templates.py").read_text(encoding="utf-8")
    for fact, meta in REGISTRY.items():
        for key in ("ask", "agent", "workers"):
            if meta.get(key):
                assert meta[key] not in source, (fact, key)
    assert T.QUESTIONS["age"][0] == REGISTRY["age"]["ask"]
    assert T.ABOUT_WORKERS["first_job_in_jinshan"] == REGISTRY["first_job_in_jinshan"]["workers"]


def test_the_agent_reads_questions_aloud_without_typing_hints():
    for fact, text in T.AGENT_QUESTIONS.items():
        assert not re.search(r"例如|直接回复|回复数字", text), (fact, text)
        assert "？" in text, (fact, text)


def test_a_typed_choice_is_read_only_when_it_is_the_whole_answer():
    today = dt.date(2026, 12, 6)
    assert read("A级", today, "incubator_grade")[1]["facts"]["incubator_grade"] == "A"
    assert "incubator_grade" not in read("不是A级", today, "incubator_grade")[1]["facts"]
    assert read("上海以外", today, "work_region")[1]["facts"]["work_region"] == "outside_shanghai"
    assert "work_region" not in read("上海以外的事我不清楚", today, "work_region")[1]["facts"]


def test_no_fact_name_outside_the_registry():
    """The simulator's banks and the corpus name only registry facts (the corpus also counts
    workers: corpus/SCHEMA.md's `workers_count`, a number, not a fact)."""
    names = set(REGISTRY) | {"workers_count"}
    for bank in ("phrases.yaml", "phrases_fresh.yaml"):
        data = yaml.safe_load((ROOT / "simulator" / bank).read_text(encoding="utf-8"))
        assert set(data["answers"]) <= names and set(data["organisation_answers"]) <= names, bank
    for path in sorted((ROOT / "corpus").glob("w*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for m in json.loads(line).get("mentions", []):
                assert m["fact"] in names, (path.name, m["fact"])
