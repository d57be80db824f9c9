"""The typed reading writes only what is asserted about the one in focus.

The messages below are the families of wrong facts named in the issue and phrasings of the
same families written here (not corpus text); each is played through the dialogue in-process.
"""
from __future__ import annotations

import datetime as dt

import pytest

from tests.dialogue.talk import talk
from understanding.read import typed_reading
from understanding.typed import Reading

TODAY = dt.date(2026, 12, 6)

NOT_ASSERTED = [
    # (message, intent, fact that must stay unrecorded)
    ("灵活就业那个我为啥拿不到", "why_not", "employment_status"),
    ("准备过了年去开网约车", "inform", "employment_status"),
    ("毕业了要是留在金山上班呢", "what_if", "work_region"),
    ("在家备考事业编", "inform", "employer_excluded"),
    ("好像认定过困难人员", "inform", "hard_to_employ_certified"),
    ("听邻居讲我们这种金山户口的可以拿", "inform", "hukou"),
    ("我朋友是对口地区来的，第一次来金山打工", "inform", "paired_region_rural_labor"),   # an acquaintance named
]


@pytest.mark.parametrize("text,intent,fact", NOT_ASSERTED)
def test_what_is_not_asserted_is_not_recorded(text, intent, fact):
    slots, _ = talk([(text, intent)], TODAY)
    assert slots.get(fact) is None, slots


ASSERTED = [
    ("我今年28，金山户口，失业10个月了", {"age": 28, "hukou": "jinshan", "unemployment_months": 10}),
    ("我们单位是金山的一家事业单位", {"employer_excluded": True}),
    ("没有认定过困难人员", {"hard_to_employ_certified": False}),
]


@pytest.mark.parametrize("text,facts", ASSERTED)
def test_what_is_asserted_is_recorded(text, facts):
    slots, _ = talk([(text, "inform")], TODAY)
    assert {k: slots.get(k) for k in facts} == facts


def test_a_hedged_fact_is_confirmed_with_yes_and_no_before_it_counts():
    slots, replies = talk([("好像是农业户口", "inform")], TODAY)
    assert slots.get("rural_hukou") is None and slots.get("asked_fact") == "rural_hukou"
    assert "是" in replies[-1] and "不是" in replies[-1]
    slots, _ = talk([("是的", "affirm")], TODAY, slots)
    assert slots.get("rural_hukou") is True


def test_the_reading_is_typed_and_a_short_answer_to_the_pending_question_is_stated():
    r = typed_reading("一年半", [], {"unemployment_months": 18}, pending="unemployment_months")
    assert isinstance(r, Reading) and r.writes() == {"unemployment_months": 18}
    r = typed_reading("我准备去开网约车", [("employment_status", "flexible", 3, 8)],
                      {"employment_status": "flexible"})
    (m,) = r.mentions
    assert (m.fact, m.act, m.span) == ("employment_status", "intends", "去开网约车") and r.writes() == {}


def test_an_id_number_a_phone_and_a_name_are_never_recorded_nor_echoed():
    slots, replies = talk([("我叫张伟，身份证310228199001011234，电话13812345678，金山户口，失业8个月", "inform")], TODAY)
    said = replies[-1]
    assert "310228199001011234" not in said and "13812345678" not in said and "张伟" not in said
    assert "不需要身份证号、手机号或姓名" in said and "联系方式" not in said
    assert slots.get("hukou") == "jinshan" and slots.get("age") is None
    assert not any("310228" in str(v) or "138123" in str(v) for v in slots.values())
