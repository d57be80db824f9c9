"""Families found in round 16 (written blind in the seventh session, kept sealed, first pass 44/72 and
48/71 on 8db0b53). Each test is a family, with phrasings of our own beside the writer's, and the
other side of it where one exists."""
from __future__ import annotations

import pytest

from .talk import said


def test_a_birthday_is_no_date_of_the_spell():
    slots, _ = said("前年年底辞职的 一直没上班")
    slots, _ = said("户口金山 今年36了 哦不对 我是90年12月底的生日 还没过 那现在是35周岁", slots)
    assert str(slots.get("unemployed_since", "")).startswith("2024-12") and slots.get("age") == 35


@pytest.mark.parametrize("text", ["我女儿说去闵行那边找个厂上班有个跨区补贴 我这种能拿吗",
                                  "打算去松江找份工作"])
def test_a_job_to_look_for_is_no_job(text):
    slots, _ = said(text)
    assert slots.get("work_region") is None and slots.get("employment_status") != "employed"


@pytest.mark.parametrize("text", ["我要到55才退休", "还要三年才能退休"])
def test_retiring_later_is_within_working_age(text):
    slots, _ = said(text)
    assert slots.get("within_working_age") is True


@pytest.mark.parametrize("text", ["毕业后在家考了两年编 没考上 一直没上班", "毕业以后在家复习了一年"])
def test_how_long_one_studied_for_an_exam_is_no_time_since_school(text):
    slots, _ = said(text)
    assert slots.get("months_since_graduation") is None


def test_kiosk_last_year_and_staying_home():
    slots, _ = said("阿拉孙子廿二岁 旧年六月份中专毕业个")
    assert slots.get("graduation_date") == "2025-06-01"
    slots, _ = said("毕业以后一直蹲辣屋里厢 勿做生活 户口金山", slots)
    assert slots.get("employment_status") == "unemployed"


@pytest.mark.parametrize("text,want", [("说河南不是我们金山的对口地区", False), ("我是对口地区农村来的", True)])
def test_a_place_between_no_and_the_kind_still_denies(text, want):
    slots, _ = said(text)
    assert slots.get("paired_region_rural_labor") is want


def test_what_will_be_true_when_school_is_done_is_no_fact():
    slots, _ = said("这个政策到什么时候为止？等我毕业回金山上班 社保交满半年的时候 这个文件还在有效期吗",
                    intent="ask_policy")
    assert slots.get("social_insurance_months") is None and slots.get("work_region") is None


@pytest.mark.parametrize("text", ["长期失业青年那条 写的是连续失业超过6个月", "长期失业青年那条说连续失业超过6个月"])
def test_a_clause_of_the_document_quoted_is_no_fact(text):
    slots, _ = said(text)
    assert slots.get("unemployment_months") is None and slots.get("employment_status") is None


def test_studying_for_a_certificate_holds_none():
    slots, _ = said("来电人在金山区一家培训学校参加政府补贴培训，目前在备考育婴员三级（高级），还没取证")
    assert slots.get("certificate_level") is None


def test_a_subsidy_named_with_the_kiosk_de_is_no_status():
    slots, _ = said("伊灵活就业额补贴好拿伐", {"employment_status": "unemployed", "unemployment_months": 6})
    assert slots.get("employment_status") == "unemployed"


def test_whom_the_money_goes_to_says_nothing_of_the_employer():
    slots, _ = said("我们是做劳务派遣的，把对口地区的工人派到金山的工厂")
    assert slots.get("employer_excluded") is True
    slots, _ = said("那个每人每月500的稳岗补贴是给我们还是给工厂", slots)
    assert slots.get("employer_excluded") is True
