"""Families found by the simulated users on the fifth fresh phrase bank (first run 94.6%, 22 personas
with a wrong fact, 60 with a repeated question on eeec72e; the bank is no longer blind after this).
Phrasings of our own beside the bank's, and the other side where one exists."""
from __future__ import annotations

import pytest

from .talk import said


@pytest.mark.parametrize("asked", ["employer_excluded", "subsidized_training_in_jinshan", "rural_hukou"])
@pytest.mark.parametrize("text", ["嗯…不晓得哎", "嗯 不知道", "嗯，说不上来", "哦 忘了"])
def test_a_filler_then_not_knowing_is_no_yes(asked, text):
    slots, _ = said(text, {"asked_fact": asked})
    assert slots.get(asked) is None


@pytest.mark.parametrize("text", ["嗯 是的", "是"])
def test_the_other_side_a_yes_is_yes(text):
    slots, _ = said(text, {"asked_fact": "rural_hukou"})
    assert slots.get("rural_hukou") is True


def test_how_far_from_a_place_is_not_being_there():
    slots, _ = said("刚满50周岁、学校离金山远着呢，不在金山", {"asked_fact": "age"})
    assert slots.get("age") == 50 and slots.get("school_in_jinshan") is not True


@pytest.mark.parametrize("text,fact", [("她户口在松江 哦还有 在金山以外读的", "school_in_jinshan"),
                                       ("在金山以外的机构培训的", "subsidized_training_in_jinshan")])
def test_outside_a_place_is_not_in_it(text, fact):
    slots, _ = said(text)
    assert slots.get(fact) is False


def test_the_district_of_a_shanghai_hukou_said_next_is_the_hukou():
    slots, _ = said("上海户口 在浦东，再说一下，31个月没做生活了", {"asked_fact": "hukou"})
    assert slots.get("hukou") == "shanghai_other" and slots.get("work_region") is None
    assert slots.get("employment_status") == "unemployed" and slots.get("unemployment_months") == 31


@pytest.mark.parametrize("asked,text,fact,want", [
    ("employment_status", "勒学堂里读书", "employment_status", "student"),
    ("employment_status", "有份正式工作", "employment_status", "employed"),
    ("employment_status", "接点散活做做", "employment_status", "flexible"),
    ("months_since_graduation", "出学校16个月", "months_since_graduation", 16),
    ("education", "职校毕业的", "education", "secondary_vocational"),
    ("subsidized_training_in_jinshan", "自费报的社会培训班", "subsidized_training_in_jinshan", False),
    ("subsidized_training_in_jinshan", "自己考的，没参加培训", "subsidized_training_in_jinshan", False),
    ("rural_hukou", "从小就是居民户口", "rural_hukou", False),
    ("graduating_student", "才大二", "graduating_student", False),
    ("graduating_student", "毕业班额学生", "graduating_student", True)])
def test_answers_in_everyday_words(asked, text, fact, want):
    slots, _ = said(text, {"asked_fact": asked})
    assert slots.get(fact) == want


def test_the_time_until_school_ends_is_no_time_since_it():
    slots, _ = said("离毕业还有两年", {"asked_fact": "graduating_student"})
    assert slots.get("graduating_student") is False and slots.get("months_since_graduation") is None


def test_the_other_side_time_since_school_is_read():
    slots, _ = said("毕业两年了")
    assert slots.get("months_since_graduation") == 24


def test_an_employer_says_its_workers_worked_here_before():
    slots, _ = said("我们是金山的一家企业，招了几个对口地区来的农村劳动力，稳岗补贴给企业补多少", intent="ask_benefits")
    slots, _ = said("来电单位招用人员此前在金就业过", slots)
    assert slots.get("first_job_in_jinshan") is False


@pytest.mark.parametrize("text", ["不是 还有两年才毕业", "还要一年多才毕业"])
def test_a_graduation_to_come_is_no_time_since_school_and_no_graduate(text):
    slots, _ = said(text, {"asked_fact": "graduating_student", "employment_status": "student"})
    assert slots.get("months_since_graduation") is None and slots.get("fresh_graduate") is None


@pytest.mark.parametrize("text", ["今年毕业 还在学校", "不是，阿拉今年毕业 还勒学堂里"])
def test_graduating_this_year_while_still_at_school_is_the_graduating_year(text):
    slots, _ = said(text, {"asked_fact": "graduating_student", "employment_status": "student"})
    assert slots.get("graduating_student") is True and slots.get("fresh_graduate") is None


def test_the_last_year_of_school_is_no_duration():
    slots, _ = said("最后一年了 还没离校", {"asked_fact": "graduating_student", "employment_status": "student"})
    assert slots.get("months_since_graduation") is None


@pytest.mark.parametrize("text", ["这个月刚毕业", "今年毕业的 在找工作"])
def test_the_other_side_a_graduate_of_this_year_is_a_graduate(text):
    slots, _ = said(text)
    assert slots.get("fresh_graduate") is True
