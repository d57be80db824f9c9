"""What the outside check (docs/outside_check/) found, each as its family: a question's words
never recorded as a fact, a short yes/no read by its polarity (上海话 too), the other measures
asked for in words, an organisation's monthly sum."""
from __future__ import annotations

import datetime as dt

import pytest

from actions import templates as T

from .talk import talk

TODAY = dt.date(2026, 12, 6)
SON = [("你好，我想帮我儿子问问，他大学毕业一年多了还没找到工作，有啥补贴可以拿吗", "ask_benefits"),
       ("金山的，他是金山户口。今年26岁，本科，去年7月毕业的", "inform")]


@pytest.mark.parametrize("question", ["一个月多少钱", "我就想知道他能拿点啥，一个月多少钱", "每个月能拿多少",
                                      "一年补几钿"])
def test_the_period_of_a_sum_asked_about_is_no_fact(question):
    slots, _ = talk(SON + [(question, "ask_benefits")], TODAY)
    assert slots.get("unemployment_months") is None and slots.get("social_insurance_months") is None


@pytest.mark.parametrize("answer,value", [("弗是呀", False), ("勿是", False), ("覅", False), ("是额", True),
                                          ("不是", False), ("有的", True)])
def test_a_short_yes_or_no_is_read_by_its_polarity(answer, value):
    slots, _ = talk([("我是金山户口，26岁", "inform")], TODAY)
    slots["asked_fact"] = "hard_to_employ_certified"
    slots, _ = talk([(answer, "affirm")], TODAY, slots)    # the classifier's intent may say otherwise
    assert slots["hard_to_employ_certified"] is value


def test_other_measures_asked_for_in_words_widen_the_talk():
    slots, replies = talk([("扬帆启航那个补贴补多少", "ask_measure"), ("49岁", "inform"),
                           ("还有别的补贴吗", "ask_benefits")], TODAY)
    assert T.MORE_OFFER in replies[1]
    assert slots.get("last_measure") is None and slots.get("asked_fact")      # now about every measure


def test_an_employer_is_told_the_months_sum_for_its_workers():
    _slots, replies = talk([("我们厂招了6个对口地区来的农村劳动力，稳岗补贴一共能拿多少", "ask_measure")], TODAY)
    assert "6人每月共3000元；按500元/人/月，最多12个月，每人共计不超过6000元计，6人最多共计36000元。" in replies[0]


@pytest.mark.parametrize("said,first", [("以前都没在金山上过班", True), ("之前从来没在金山工作过", True),
                                        ("他们早先在金山别的厂上过班", False), ("以前在金山干过", False)])
def test_never_having_worked_in_jinshan_is_a_first_job_there(said, first):
    from assistant_nlu import org_facts
    assert [v for f, v, *_ in org_facts.find(said) if f == "first_job_in_jinshan"] == [first]


def test_words_that_begin_a_subsidys_name_are_no_fact():
    slots, _ = talk([("农村户口跨区就业补贴一共给多少", "ask_measure")], TODAY)
    assert slots.get("rural_hukou") is None
    slots, _ = talk([("我是农村户口，跨区就业补贴能拿吗", "ask_measure")], TODAY)
    assert slots.get("rural_hukou") is True


def test_a_term_asked_about_is_explained_not_recorded_and_the_question_comes_back():
    slots, _ = talk([("我是金山户口，26岁", "inform")], TODAY)
    slots["asked_fact"] = "full_time_education"
    slots, replies = talk([("啥叫全日制 我勿懂额", "affirm")], TODAY, slots)
    assert slots.get("full_time_education") is None
    assert "“全日制”在文件一（一）中的原话是：“离校2年内未就业全日制毕业生”。文件没有对“全日制”另作定义。" in replies[0]
    assert slots["asked_fact"] == "full_time_education"


@pytest.mark.parametrize("said", ["勿晓得", "伐晓得额", "不清楚", "记不得了", "忘记脱了"])
def test_not_knowing_is_never_a_yes(said):
    slots, _ = talk([("我是金山户口，26岁", "inform")], TODAY)
    slots["asked_fact"] = "rural_hukou"
    slots, replies = talk([(said, "affirm")], TODAY, slots)     # whatever the classifier said
    assert slots.get("rural_hukou") is None and "rural_hukou" in slots["skipped_facts"]
