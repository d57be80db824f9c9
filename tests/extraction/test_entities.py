"""The Rasa component's entities (phrases.yaml, section `entities`) and the
`spans` of the phrase table: which words each fact, measure and topic is on."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from assistant_nlu import topics
from assistant_nlu.component import entities_for, jieba_tokens
from fact_extraction import extract

TABLE = yaml.safe_load((Path(__file__).with_name("phrases.yaml")).read_text(encoding="utf-8"))
TODAY: datetime.date = TABLE["today"]
SPANS = [c for c in TABLE["cases"] if "spans" in c]
ENTITIES = TABLE["entities"]


@pytest.mark.parametrize("case", SPANS, ids=[c["text"] for c in SPANS])
def test_fact_spans(case):
    r = extract(case["text"], TODAY, case.get("asked"))
    assert [[f, t] for f, _v, _a, _b, t in r.spans] == case["spans"]


@pytest.mark.parametrize("case", ENTITIES, ids=[c["text"] for c in ENTITIES])
def test_component_entities(case):
    text = case["text"]
    ents, _, _ = entities_for(text, TODAY)
    assert [[e["entity"], e["value"], text[e["start"]:e["end"]]] for e in ents] == case["entities"]
    tokens = jieba_tokens(text)
    starts, ends = {s for s, _ in tokens}, {e for _, e in tokens}
    for e in ents:
        assert e["start"] in starts and e["end"] in ends, (e, "/".join(text[s:t] for s, t in tokens))


def test_topics_snap_to_tokens():
    text = "我在见习基地见习，跨区就业补贴去哪里办"
    raw = [(h.value, text[h.start:h.end]) for h in topics.find(text)]
    assert ("rural_cross_district", "跨区就业") in raw
    snapped = [(h.value, text[h.start:h.end]) for h in topics.find(text, jieba_tokens(text))]
    assert snapped == [("internship", "见习"), ("rural_cross_district", "跨区就业补贴"),
                       ("how_to_apply", "哪里办")]


@pytest.mark.parametrize("text,year,topic", [
    ("要是拖到二〇二八年再申请呢？", 2028, "validity"),
    ("要是拖到二○二八年再申请呢？", 2028, "validity"),        # ○ typed for 〇
    ("二零二二年的补贴还能申请吗", 2022, "old_policy"),
    ("如果2028年再申请呢", 2028, "validity"),
    ("2025年申请来得及吗", 2025, None),           # inside the period: no year question of its own
    ("九五年出生的还能申请吗", None, None),          # a year of birth, not of claiming
])
def test_the_year_a_claim_is_about_in_figures_or_chinese_numerals(text, year, topic):
    assert topics.claim_year(text) == year and topics.year_topic(text) == topic


@pytest.mark.parametrize("text,want", [
    ("同来的老乡王某系第一次来金山，王某的情况另行来电咨询。", []),      # said of someone not asked about
    ("第一次来金山打工", [("first_job_in_jinshan", True)]),
    ("今年3月再次来金山就业", [("first_job_in_jinshan", False)]),
    ("他以前在金山打过工", [("first_job_in_jinshan", False)]),
])
def test_first_job_in_jinshan_and_only_of_the_person_asked_about(text, want):
    ents, _, _ = entities_for(text, TODAY)
    assert [(e["entity"], e["value"]) for e in ents if e["entity"] == "first_job_in_jinshan"] == want
