"""Families found in round 14 (written blind at the seventh session's start, first pass 55/72 and
41/70 on 8713e33). Each test is a family, with phrasings of our own beside the writer's, and
the other side of it where one exists."""
from __future__ import annotations

import pytest

from .talk import said


@pytest.mark.parametrize("text", ["伐是困难人员", "伊伐是困难人员 灵活就业补贴好拿伐", "困难人员?伐是额",
                                  "困难人员认定过伐?没", "就业困难人员认定过吗？没有"])
def test_a_kiosk_no_or_the_writers_own_question_then_no_denies(text):
    # voice input writes 伐 (弗) for 不 before a verb; 认定过伐?没 asks itself, then answers
    slots, _ = said(text)
    assert slots.get("hard_to_employ_certified") is False


@pytest.mark.parametrize("text,want", [("是困难人员", True), ("困难人员认定过吗？有的", True),
                                       ("就业困难人员认定过吗", None), ("灵活就业补贴好拿伐", None)])
def test_the_other_side_a_yes_stays_yes_and_a_question_records_nothing(text, want):
    slots, _ = said(text)
    assert slots.get("hard_to_employ_certified") is want
    assert slots.get("employment_status") is None


@pytest.mark.parametrize("text,want", [
    ("我是江西户口 嫁到金山这边的 老公是金山本地人", "non_shanghai"),
    ("我今年40 老公是金山户口 我是安徽的", "non_shanghai"),
    ("阿拉是崇明人 嫁到金山来额 户口没迁 还勒崇明", "shanghai_other"),
    ("我是崇明人 嫁到金山来的", "shanghai_other")])
def test_the_writers_own_hukou_is_not_taken_from_a_spouse_or_where_she_married_to(text, want):
    slots, _ = said(text)
    assert slots.get("hukou") == want and slots.get("subject") is None


def test_the_other_side_a_spouse_named_first_is_the_one_asked_about():
    slots, _ = said("我老公金山户口 失业8个月")
    assert slots.get("hukou") == "jinshan" and slots.get("subject") == "他"


@pytest.mark.parametrize("text,want", [("在金山一家电子厂 厂里直接跟我签的合同 不是中介派遣的", False),
                                       ("在金山厂里上班 不是外包派遣的", False),
                                       ("在金山厂里上班 是中介派遣的", True)])
def test_a_negation_reaches_over_the_go_between(text, want):
    slots, _ = said(text)
    assert slots.get("employer_excluded") is want


@pytest.mark.parametrize("text", ["失业补贴 灵活就业个", "补贴 灵活就业那个", "补贴：灵活就业的"])
def test_a_subsidy_then_the_kind_it_is_named_by_is_no_status(text):
    slots, reply = said(text)
    assert slots.get("employment_status") is None and "1000" in reply


def test_the_other_side_a_status_said_of_oneself_is_recorded():
    slots, _ = said("我现在灵活就业 跑外卖")
    assert slots.get("employment_status") == "flexible"


@pytest.mark.parametrize("text,want", [("考出来高级工 三级 老早还考过一张四级额", "level3"),
                                       ("以前考过四级，今年考出了三级", "level3"),
                                       ("我有四级证书", "level4")])
def test_the_certificate_of_now_not_the_earlier_one(text, want):
    slots, _ = said(text)
    assert slots.get("certificate_level") == want


def test_an_age_said_to_be_the_nominal_one_corrects_nothing_else():
    slots, _ = said("伲子三十六 金山户口 失业两年多了")
    slots, reply = said("哦 讲错了 三十六是虚岁 实足三十五", slots)
    assert slots.get("age") == 35 and slots.get("unemployment_months") == 25
    assert "民法典" not in reply


def test_nominal_and_real_age_said_together_is_no_boundary_question():
    slots, reply = said("我虚岁三十七 周岁三十六 户口金山个 失业八个号头了")
    assert slots.get("age") == 36 and "民法典" not in reply


def test_the_other_side_a_nominal_age_asked_about_gets_the_boundary():
    _, reply = said("我虚岁37 是不是超了", intent="ask_policy")
    assert "周岁" in reply and "虚岁" in reply


def test_a_certification_that_was_a_relatives_is_taken_back():
    slots, _ = said("我32 金山户口 失业十个月 之前街道认定过就业困难人员")
    assert slots.get("hard_to_employ_certified") is True
    slots, _ = said("不对不对 我搞错了 认定的是我妈 我自己没有认定过", slots)
    assert slots.get("hard_to_employ_certified") is False


def test_the_other_side_a_relatives_no_says_nothing_of_the_writer():
    slots, _ = said("我今年30 金山户口 我妈没认定过")
    assert slots.get("hard_to_employ_certified") is None


@pytest.mark.parametrize("text,want", [("我五十二 老早屋里额地被征脱了 户口金山", True),
                                       ("金山户口 土地被征了", True),
                                       ("我也是金山户口 不过我家一直是城镇户口 没当过农业户口", False)])
def test_rural_hukou_in_everyday_words(text, want):
    slots, _ = said(text)
    assert slots.get("rural_hukou") is want


def test_drawing_a_pension_is_past_working_age():
    slots, _ = said("来电人女62岁 金山户籍原农业户口 已经办了退休在拿养老金")
    assert slots.get("within_working_age") is False


@pytest.mark.parametrize("text", ["对口地区农村劳动力，首次来金就业，张堰镇一家民营食品厂",
                                  "我云南来的 今年第一次出来打工 在金山一家电子厂",
                                  "招了几个对口地区来的农村妇女 都是第一次来上海打工"])
def test_a_first_time_out_to_work_is_a_first_job_here(text):
    slots, _ = said(text)
    assert slots.get("first_job_in_jinshan") is True


def test_the_other_side_a_first_visit_is_no_job():
    slots, _ = said("我第一次来金山玩")
    assert slots.get("first_job_in_jinshan") is None


def test_early_spring_and_a_closed_shop_date_a_spell():
    slots, _ = said("去年开春厂里歇生意 到现在没做")
    assert slots.get("employment_status") == "unemployed"
    assert str(slots.get("unemployed_since", "")).startswith("2025-02")


@pytest.mark.parametrize("text,age", [("来电人男38 金山户籍原农业户口", 38), ("女 34 金山户籍 失业9个月", 34)])
def test_a_hotline_notes_sex_then_age(text, age):
    slots, _ = said(text)
    assert slots.get("age") == age


def test_ten_and_some_years_since_school_is_past_two_years():
    slots, _ = said("来电女士40岁，金山户口，本科毕业十几年了，失业一年多")
    assert (slots.get("months_since_graduation") or 0) >= 132 or \
        (slots.get("fact_guess") or {}).get("fact") in ("months_since_graduation", "unemployment_months")


def test_caring_for_a_school_child_is_the_writers_own_case():
    slots, _ = said("问一下哈 我在家带孩子带了好几年了 现在孩子上小学了想出去上班")
    assert slots.get("education") is None and slots.get("subject") is None
    assert slots.get("employment_status") == "unemployed"


def test_the_other_side_a_child_asked_about_keeps_his_degree():
    slots, _ = said("帮我孩子问下 他初中学历 19岁")
    assert slots.get("education") == "below_high_school" and slots.get("subject") == "他"


@pytest.mark.parametrize("text", ["这些补贴网上能办吗 还是一定要跑窗口", "手机上好申请伐"])
def test_asking_whether_it_is_done_online_gets_the_documents_words(text):
    _, reply = said(text, intent="ask_policy")
    assert "一网通办" in reply


def test_a_question_back_ending_in_ne_gets_the_measure_talked_about():
    # 户口已经农转非了呢 while 户籍 is asked: a question about the measure, not an answer it cannot read
    slots, _ = said("跨区转移就业补贴里的农民", intent="ask_policy")
    slots, reply = said("户口已经农转非了呢", slots)
    assert "被征地" in reply and "请从下面的选项中选择" not in reply


def test_the_other_side_something_going_on_is_no_question_back():
    slots, _ = said("跨区转移就业补贴里的农民", intent="ask_policy")
    _, reply = said("还在念书呢", slots)
    assert "一（四）" not in reply.split("\n")[0]
