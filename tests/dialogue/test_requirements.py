"""A question about what a measure requires gets the document's conditions, the one asked about
first; what it names (学生, 社保) is asked, never recorded. Found in round 11's document readers
(「社保要交满几个月才能拿」 answered with the amount; 「哪些学生能拿」 recorded 在校学生)."""
from __future__ import annotations

import datetime as dt

import pytest

from understanding import requires

from .talk import talk

TODAY = dt.date(2026, 12, 7)
TALENT = [("人才回流的一次性就业补贴是怎么回事", "ask_measure")]


@pytest.mark.parametrize("text, topics", [
    ("需要什么条件", []), ("条件是什么", []), ("哪些学生能拿", ["student"]), ("什么样的企业可以申请", []),
    ("社保要交满几个月才能拿", ["insurance"]), ("劳动合同要签多久", ["contract"]),
    ("要失业多久才能申请", ["unemployed"]), ("那年龄有要求吗", ["age"]), ("户口有没有限制", ["hukou"]),
    ("多大年纪才能领", ["age"])])
def test_a_requirement_question_is_read_with_the_condition_it_asks_about(text, topics):
    assert requires.topics(text) == topics


@pytest.mark.parametrize("text", ["我社保交了3个月", "合同签了两年", "还要等多久才能到账", "需要什么材料",
                                  "我失业8个月了", "一个月多少钱"])
def test_a_statement_or_another_question_is_no_requirement_question(text):
    assert requires.topics(text) is None


@pytest.mark.parametrize("question, said", [
    ("社保要交满几个月才能拿", "缴纳社会保险费满6个月"), ("劳动合同要签多久", "1年"),
    ("需要什么条件", "应届高校毕业生")])
def test_the_condition_asked_about_is_answered_from_the_document(question, said):
    slots, replies = talk(TALENT + [(question, "ask_measure")], TODAY)
    assert said in replies[-1] and "全部条件" in replies[-1] and "具体认定以区人力资源社会保障部门为准" in replies[-1]
    assert slots.get("social_insurance_months") is None and slots.get("contract_months") is None


def test_a_condition_the_measure_does_not_set_is_said_to_be_unset():
    _, replies = talk(TALENT + [("那年龄有要求吗", "ask_measure")], TODAY)
    assert "文件对本项的年龄没有另外的要求" in replies[-1]
    _, replies = talk([("灵活就业补贴是什么", "ask_measure"), ("那年龄有要求吗", "ask_measure")], TODAY)
    assert "35周岁及以下" in replies[-1] and "没有另外的要求" not in replies[-1]


def test_who_can_get_it_records_no_one():
    slots, replies = talk([("学生参加职业技能评价的评价费补贴 哪些学生能拿", "ask_measure")], TODAY)
    assert slots.get("employment_status") is None and slots.get("graduating_student") is None
    assert "毕业学年" in replies[-1]


def test_a_person_who_says_their_own_case_beside_the_question_has_it_recorded():
    slots, replies = talk([("我社保交了3个月，人才回流补贴社保要交满几个月才能拿", "ask_measure")], TODAY)
    assert slots.get("social_insurance_months") == 3 and "满6个月" in replies[-1]


def test_the_standard_of_a_measure_with_no_figure_is_its_basis():
    _, replies = talk([("评价费补贴是什么", "ask_measure"), ("补贴标准是多少", "ask_measure")], TODAY)
    assert "备案" in replies[-1] and "没有看懂" not in replies[-1]
