"""The phrase table (phrases.yaml) and the shape of extract()'s result."""
from __future__ import annotations

import dataclasses
import datetime
import importlib
from pathlib import Path

import pytest
import yaml

from fact_extraction import Extraction, extract, vocab

# the module, not the function of the same name that the package exports
extract_module = importlib.import_module("fact_extraction.extract")

TABLE = yaml.safe_load((Path(__file__).with_name("phrases.yaml")).read_text(encoding="utf-8"))
TODAY: datetime.date = TABLE["today"]
CASES = TABLE["cases"]


def _id(case: dict) -> str:
    text = case["text"] or "<empty>"
    return f"{text} [asked={case['asked']}]" if case.get("asked") else text


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_phrase(case):
    r = extract(case["text"], TODAY, case.get("asked"))
    assert r.facts == case["facts"]
    assert r.confirm == case.get("confirm", {})


def test_table_is_large_and_dates_are_strings():
    assert len(CASES) >= 220
    for case in CASES:
        for value in list(case["facts"].values()) + list(case.get("confirm", {}).values()):
            assert not isinstance(value, datetime.date), case["text"]


def test_values_are_contract_types():
    enums = {
        "hukou": {"jinshan", "shanghai_other", "non_shanghai"},
        "education": {"below_high_school", "high_school", "secondary_vocational",
                      "junior_college", "bachelor", "master", "doctor"},
        "employment_status": {"unemployed", "employed", "flexible", "student"},
        "work_region": {"jinshan", "shanghai_other", "outside_shanghai"},
        "certificate_level": {f"level{i}" for i in range(1, 6)},
    }
    for case in CASES:
        r = extract(case["text"], TODAY, case.get("asked"))
        for fact, value in {**r.facts, **r.confirm}.items():
            if fact == "birth_year":        # not a contract fact: the year behind an age guess
                assert isinstance(value, int)
                continue
            if fact in enums:
                assert value in enums[fact]
            elif fact in extract_module.BOOL_FACTS:
                assert type(value) is bool
            elif fact in extract_module.INT_FACTS:
                assert type(value) is int and value >= 0
            elif fact in extract_module.DATE_FACTS:
                datetime.date.fromisoformat(value)
            else:
                pytest.fail(f"unknown fact {fact}")


def test_result_shape_and_spans():
    text = "我今年28岁，金山户口，失业八个月了"
    r = extract(text, TODAY)
    assert dataclasses.is_dataclass(r) and isinstance(r, Extraction)
    starts = [s[2] for s in r.spans]
    assert starts == sorted(starts)
    for fact, value, start, end, span_text in r.spans:
        assert text[start:end] == span_text
    assert ("age", 28, 3, 6, "28岁") in r.spans
    assert ("hukou", "jinshan", 7, 11, "金山户口") in r.spans
    assert ("unemployment_months", 8, 14, 17, "八个月") in r.spans
    assert {s[0] for s in r.spans} == set(r.facts)


def test_spans_quote_what_was_typed_after_normalising():
    text = "三十五歲，金山戶口，失業九個月"      # 繁体 is read as 简体, spans quote the 繁体
    r = extract(text, TODAY)
    assert ("hukou", "jinshan", 5, 9, "金山戶口") in r.spans
    assert r.facts["unemployment_months"] == 9 and r.facts["age"] == 35


def test_spans_keep_original_characters():
    text = "失业８个月"      # full-width digit: offsets refer to the text as given
    r = extract(text, TODAY)
    assert ("unemployment_months", 8, 2, 5, "８个月") in r.spans


def test_spans_are_the_winning_facts_only():
    assert extract("三十出头", TODAY).spans == []          # guesses have no span
    r = extract("我28岁，不对，是29岁", TODAY)
    assert r.spans == [("age", 29, 9, 12, "29岁")]
    r = extract("签了三年合同", TODAY)
    assert r.spans == [("contract_months", 36, 2, 4, "三年"), ("employment_status", "employed", 2, 4, "三年")]
    for case in CASES:
        r = extract(case["text"], TODAY, case.get("asked"))
        assert [(f, v) for f, v, *_ in r.spans] == [(f, v) for f, v, *_ in r.spans if r.facts[f] == v]
        assert sorted(f for f, *_ in r.spans) == sorted(r.facts), case["text"]
        assert all(case["text"][a:b] == t for _f, _v, a, b, t in r.spans)


def test_stated_value_beats_guess():
    r = extract("三十出头，不对，我32岁", TODAY)
    assert r.facts == {"age": 32} and r.confirm == {}
    r = extract("我28岁，95年的", TODAY)
    assert r.facts == {"age": 28} and r.confirm == {}


def test_today_matters():
    assert extract("去年十月开始没工作", datetime.date(2024, 3, 1)).facts["unemployed_since"] == "2023-10-01"
    assert extract("1995年出生", datetime.date(2030, 1, 1)).confirm == {"age": 35, "birth_year": 1995}


def test_future_start_date_is_ignored():
    assert extract("2027年3月开始失业", TODAY).facts == {"employment_status": "unemployed"}


def test_pipeline_is_built_once():
    first = extract_module._pipeline()
    extract("热身", TODAY)
    assert extract_module._pipeline() is first
    nlp = first[0]
    assert nlp.lang == "zh" and nlp.tokenizer.segmenter == "jieba"


def test_jieba_keeps_vocabulary_whole():
    nlp = extract_module._pipeline()[0]
    for word in ["金山工业区", "灵活就业登记", "就业困难人员", "无固定期限", "高级技师", "非全日制",
                 "金山户口", "用工登记", "被征地人员"]:
        assert [t.text for t in nlp.make_doc(f"我{word}了")] == ["我", word, "了"], word
    # place + 人 compounds in jieba's own dictionary are split (河南人 -> 河南 / 人)
    assert [t.text for t in nlp.make_doc("河南人")] == ["河南", "人"]


def test_userdict_matches_patterns():
    expected = vocab.build_userdict()
    assert vocab.USERDICT_PATH.read_text(encoding="utf-8") == expected
    for line in expected.splitlines():
        word, freq, tag = line.split(" ")
        assert word and freq.isdigit() and tag


def test_patterns_are_contract_values():
    ents = vocab.patterns()["entities"]
    assert set(ents["EDU"]) == {"below_high_school", "high_school", "secondary_vocational",
                                "junior_college", "bachelor", "master", "doctor"}
    assert set(ents["CERT"]) == set(ents["CERT_WEAK"]) == {f"level{i}" for i in range(1, 6)}
    assert set(ents["STATUS"]) == {"unemployed", "employed", "flexible", "student"}
    for key in list(ents["BOOL"]) + list(ents["DONE_BOOL"]):
        fact, value = key.split("=")
        assert fact in extract_module.BOOL_FACTS and value in ("true", "false")
