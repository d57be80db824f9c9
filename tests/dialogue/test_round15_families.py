"""Families found in round 15 (written blind at the seventh session's start, kept sealed, first pass
33/72 and 53/71 on eeec72e after that session's first changes). Each test is a family, with
phrasings of our own beside the writer's, and the other side of it where one exists."""
from __future__ import annotations

import pytest

from .talk import said


@pytest.mark.parametrize("text,since,flex", [
    ("去年年底厂里裁脱 屋里蹲到今年十月 现在开网约车了", "2025-12", "2026-10"),
    ("去年年底被裁掉 在家待到今年十月 现在开网约车了", "2025-12", "2026-10")])
def test_a_spell_then_what_is_done_now_dates_both(text, since, flex):
    slots, _ = said(text)
    assert str(slots.get("unemployed_since", "")).startswith(since)
    assert str(slots.get("flexible_since", "")).startswith(flex) and slots.get("employment_status") == "flexible"


def test_starting_to_take_orders_on_a_platform_dates_the_flexible_work():
    slots, _ = said("今年4月份开始在平台上接单做设计 灵活就业登记也去街道办好了")
    assert str(slots.get("flexible_since", "")).startswith("2026-04")
    assert slots.get("flexible_employment_registered") is True


@pytest.mark.parametrize("text", ["毕业后在徐汇上了一年班 今年八月份辞职了 现在在家",
                                  "毕业以后在厂里干了两年 上个月辞职了"])
def test_how_long_a_job_lasted_is_not_the_time_since_school(text):
    slots, _ = said(text)
    assert slots.get("months_since_graduation") is None and slots.get("employment_status") == "unemployed"


def test_the_other_side_the_time_since_school_is_read():
    slots, _ = said("本科毕业一年了")
    assert slots.get("months_since_graduation") == 12


@pytest.mark.parametrize("text,want", [("合同是两年 不是一年", 24), ("合同签的三年，不是两年", 36)])
def test_of_two_values_the_one_denied_goes(text, want):
    slots, _ = said(text)
    assert slots.get("contract_months") == want


def test_a_correction_with_the_old_value_denied_corrects():
    slots, _ = said("来电人女 52岁 本区户籍 现在闵行一家超市做理货员 合同一年")
    slots, _ = said("更正：合同是两年 不是一年", slots)
    assert slots.get("contract_months") == 24


def test_a_year_and_a_bit_is_more_than_a_year():
    slots, _ = said("我三十二岁 金山户口 没工作一年出头了")
    assert (slots.get("unemployment_months") or 13) >= 13


def test_a_kiosk_topic_particle_is_no_question():
    slots, _ = said("困难人员么没认定过额", {"asked_fact": "hard_to_employ_certified"})
    assert slots.get("hard_to_employ_certified") is False


@pytest.mark.parametrize("text", ["困难人员有没有认定过", "就业困难人员认定过吗"])
def test_the_other_side_a_question_records_nothing(text):
    slots, _ = said(text)
    assert slots.get("hard_to_employ_certified") is None


@pytest.mark.parametrize("text", ["工作还没定 手上有徐汇一个offer 金山也有一家在谈",
                                  "松江有家公司在谈 还没签"])
def test_an_offer_or_a_job_being_talked_about_is_no_job(text):
    slots, _ = said(text)
    assert slots.get("work_region") is None and slots.get("employment_status") != "employed"


def test_where_dispatched_workers_go_says_nothing_of_their_employer():
    slots, _ = said("我们是一家人力资源公司 主要做劳务派遣")
    assert slots.get("employer_excluded") is True
    slots, _ = said("招了几个金山籍的应届本科生 派到金山的厂里上班 合同签了两年", slots)
    assert slots.get("employer_excluded") is True


@pytest.mark.parametrize("text", ["四级中级工证书有没有", "五级的证书算不算"])
def test_whether_a_certificate_counts_is_asked_not_held(text):
    slots, _ = said(text, {"last_measure": "skill_certificate"})
    assert slots.get("certificate_level") is None


def test_the_other_side_a_certificate_said_to_be_held_is_recorded():
    slots, _ = said("我四级证书有的")
    assert slots.get("certificate_level") == "level4"


@pytest.mark.parametrize("text", ["就业见习的对象 35周岁以下 是要金山户口还是上海户口就行",
                                  "在金山上班还是在松江上班有区别吗"])
def test_two_options_either_side_of_haishi_are_asked_about(text):
    slots, _ = said(text)
    assert slots.get("hukou") is None and slots.get("work_region") is None and slots.get("subject") is None


def test_a_window_of_the_document_is_no_value():
    slots, _ = said("离校两年内的毕业生呢 要户口吗", {"last_measure": "internship"})
    assert slots.get("months_since_graduation") is None


def test_hearsay_about_coming_back_to_work_names_the_talent_subsidy():
    _, reply = said("邻居阿姨说金山户口的大学生毕业回金山上班 政府给一万块 真的假的", intent="ask_policy")
    assert "一（三）" in reply and "3000" in reply
