"""Families found by blind round 11 (docs/rounds/round11_first_pass.txt) and the fourth outside
check (docs/outside_check/round4/), each tested by phrasings of its own, not the round's: a sum's
period asked about answers no pending duration; 一直/一起 are no number; what a neighbour says
with no pause after 讲; a kind of person running into a subsidy's sum; a degree still studied for;
a final-year student's 明年毕业; 专升本; 一倍半; a correction that goes on is no yes/no answer;
a threshold asked about (满6个月没); 只要… (a condition, not the person's case); with no measure
asked about, the work situation is asked first."""
from __future__ import annotations

import datetime as dt

import pytest

from actions.dialogue import State, _next_question, _evaluate
from .talk import talk

TODAY = dt.date(2026, 12, 7)


def _slots_after(turns):
    return talk([(t, i) for t, i in turns], TODAY)[0]


# --------------------------------------------------- questions about a sum are no durations

@pytest.mark.parametrize("pending_fact,first,ask", [
    ("months_since_graduation", "我本科毕业的", "那每个月能拿多少"),
    ("unemployment_months", "我金山户口 28岁 没工作", "一个月可以拿多少"),
    ("contract_months", "我在闵行一家私企上班", "一年一共补多少"),
])
def test_a_sums_period_answers_no_pending_duration(pending_fact, first, ask):
    slots = _slots_after([(first, "inform")])
    slots = dict(slots, asked_fact=pending_fact)
    after, _ = talk([(ask, "ask_benefits")], TODAY, slots)
    assert after.get(pending_fact) is None


@pytest.mark.parametrize("text,fact", [
    ("我一直没工作", "unemployment_months"),
    ("跟老公一起在家带孩子", "unemployment_months"),
])
def test_a_numeral_inside_a_word_is_no_number(text, fact):
    after, _ = talk([(text, "inform")], TODAY, {"asked_fact": fact})
    assert after.get(fact) is None


def test_a_bare_count_still_answers_the_pending_duration():
    after, _ = talk([("十一", "inform")], TODAY, {"asked_fact": "unemployment_months"})
    assert after.get("unemployment_months") == 11


# --------------------------------------------------- what is not the person's own case

@pytest.mark.parametrize("text,fact", [
    ("邻居说灵活就业一个月给一千", "employment_status"),
    ("我朋友讲农村户口每月补1000块", "rural_hukou"),
    ("灵活就业每个月补1000是真的伐", "employment_status"),
    ("应届毕业生有什么补贴", "fresh_graduate"),
    ("只要不是困难人员就能拿是吧", "hard_to_employ_certified"),
    ("他社保交满六个月了没", "social_insurance_months"),
    ("失业满半年了吗", "unemployment_months"),
    ("我在交大读硕士", "education"),
    ("女儿研究生在读", "education"),
    ("专升本没考上，还是大专", None),
])
def test_words_that_assert_nothing_of_the_person_record_nothing(text, fact):
    after, _ = talk([(text, "inform")], TODAY)
    if fact:
        assert after.get(fact) is None, after
    else:
        assert after.get("education") == "junior_college"


def test_a_final_year_students_graduation_next_summer_is_stated():
    after, _ = talk([("我在华师大读本科 明年6月毕业", "inform")], TODAY)
    assert after.get("employment_status") == "student"
    assert after.get("graduating_student") is True
    assert after.get("education") is None


@pytest.mark.parametrize("text,value", [
    ("单位按最低基数的一倍半交", False),
    ("基数是最低的一倍", True),
    ("社保按最低个基数交个", True),
])
def test_a_multiple_of_the_lowest_base(text, value):
    after, _ = talk([("我在松江上班", "inform"), (text, "inform")], TODAY)
    assert after.get("insurance_base_below_1_2x_min") is value


# --------------------------------------------------- corrections

def test_a_correction_that_goes_on_is_no_yes_no_answer():
    slots, _ = talk([("阿拉儿子三十岁 金山户口 失业九个月了", "inform")], TODAY)
    slots = dict(slots, asked_fact="rural_hukou")
    after, replies = talk([("不对 是七个月 我讲错了", "deny")], TODAY, slots)
    assert after.get("rural_hukou") is None
    assert after.get("unemployment_months") == 7


def test_a_correction_answered_by_a_date_replaces_the_count():
    slots, _ = talk([("我金山户口 27岁", "inform"), ("失业四个月了", "inform")], TODAY)
    assert slots.get("unemployment_months") == 4
    slots = dict(slots, asked_fact="rural_hukou")
    after, _ = talk([("勿对 是去年三月份开始个 没认定过困难人员", "inform")], TODAY, slots)
    assert after.get("unemployed_since", "").startswith("2025-03")
    assert after.get("unemployment_months") is None
    assert after.get("hard_to_employ_certified") is False


# --------------------------------------------------- what is asked first

@pytest.mark.parametrize("facts", [
    {"hukou": "jinshan", "age": 26},
    {"hukou": "non_shanghai", "age": 34},
    {"hukou": "jinshan", "age": 30, "education": "bachelor"},
])
def test_with_no_measure_asked_about_the_work_situation_comes_first(facts):
    state = State(facts=dict(facts))
    ev = _evaluate(state, TODAY)
    assert _next_question(state, ev, None, False) == "employment_status"


def test_once_the_situation_is_known_a_settling_question_follows_not_the_registry_order():
    state = State(facts={"hukou": "jinshan", "age": 26, "employment_status": "employed"})
    ev = _evaluate(state, TODAY)
    nf = _next_question(state, ev, None, False)
    assert nf is not None and nf != "employment_status"


# --------------------------------------------------- the fourth outside check's families

def test_a_supposed_job_elsewhere_is_judged_as_that_job_and_what_was_stated_first_is_kept():
    slots, replies = talk([("我今年大四 明年毕业", "inform"),
                           ("我是金山户口。还想问下，如果我毕业后去松江工作，能拿人才回流的补贴吗", "what_if")], TODAY)
    assert slots.get("hukou") == "jinshan"
    assert slots.get("work_region") is None and slots.get("employment_status") == "student"
    assert "暂不符合一次性就业补贴（金山籍人才回流）" in replies[-1]
    assert "目前的这份工作" not in replies[-1]


@pytest.mark.parametrize("opening", ["不清楚。", "勿晓得，", "不知道 "])
def test_not_knowing_then_asking_on_skips_the_pending_question(opening):
    slots, _ = talk([("我今年大四 明年毕业", "inform")], TODAY)
    pending = slots.get("asked_fact")
    assert pending
    after, _ = talk([(opening + "那要是单位在松江的话能拿人才回流吗", "what_if")], TODAY, slots)
    assert pending in (after.get("skipped_facts") or [])
    assert after.get("asked_fact") != pending


@pytest.mark.parametrize("text", ["不是问现在，是问毕业以后", "我不是这个意思，我问的是以后"])
def test_a_no_about_the_talk_answers_no_yes_no_question(text):
    slots = {"asked_fact": "full_time_education", "employment_status": "student"}
    after, _ = talk([(text, "deny")], TODAY, slots)
    assert after.get("full_time_education") is None


def test_a_kind_asked_about_is_answered_as_a_what_if_and_never_recorded():
    slots, replies = talk([("人才回流那个一次性就业补贴 硕士是多少", "ask_benefits"), ("那大专生有没有", "ask_benefits")], TODAY)
    assert slots.get("education") is None
    assert "不符合一次性就业补贴（金山籍人才回流）" in replies[-1] and "本科及以上" in replies[-1]


def test_someone_past_working_age_asking_what_they_can_get_is_asked_no_school_question():
    slots, replies = talk([("阿拉七十岁了 金山户口 老早退休了 有啥补贴伐", "ask_benefits")], TODAY)
    assert slots.get("within_working_age") is False
    assert slots.get("asked_fact") is None
    assert replies[-1].count("还没有能确定领取的补贴") == 1


def test_an_organisations_number_of_workers_is_kept_for_a_later_total():
    first = "我是金山一家工厂的人事，招了6个对口地区农村来的工人，首次在金山就业，社保交了4个月，稳岗补贴多少"
    slots, replies = talk([(first, "ask_benefits"), ("那我们厂总共能拿多少？", "ask_benefits")], TODAY)
    assert slots.get("people_count") == 6
    assert "36000" in replies[-1]


@pytest.mark.parametrize("text,value", [("单位就业", "employed"), ("不是，单位就业", "employed")])
def test_everyday_answers_to_the_work_situation(text, value):
    after, _ = talk([(text, "inform")], TODAY, {"asked_fact": "employment_status"})
    assert after.get("employment_status") == value


def test_a_subsidys_monthly_sum_named_with_the_kind_is_no_statement():
    after, _ = talk([("灵活就业每月1000那个多少钱啊", "ask_benefits")], TODAY)
    assert after.get("employment_status") is None


@pytest.mark.parametrize("text", ["应届生回金山就业补贴阿拉好拿伐？", "应届生回金山就业补贴符合条件吗"])
def test_everyday_names_of_the_talent_return_subsidy(text):
    after, _ = talk([(text, "ask_benefits")], TODAY)
    assert after.get("last_measure") == "talent_return"
    assert after.get("fresh_graduate") is None


def test_a_hotline_notes_two_digit_dates_and_a_womans_pronoun():
    slots, replies = talk([("女29 金山户口 25.12.10起失业 26.6.20起直播带货 已办灵活就业登记", "inform"),
                           ("来电人不清楚", "dont_know")], TODAY)
    assert slots.get("unemployed_since") == "2025-12-10" and slots.get("flexible_since") == "2026-06-20"
    assert slots.get("subject") == "她"
    assert "他" not in replies[-1].replace("其他", "")


@pytest.mark.parametrize("text", ["社保基数是最低的1.5倍", "合同签了1.5年"])
def test_a_decimal_is_no_two_digit_date(text):
    after, _ = talk([(text, "inform")], TODAY)
    assert after.get("unemployed_since") is None and after.get("flexible_since") is None


def test_a_sum_the_document_does_not_write_is_said_to_be_unwritten_first():
    slots, replies = talk([("女 56 金山本地 原农业户口 在闵行私企上班 签了2年合同 社保按最低基数交 还没退休", "inform"),
                           ("跨区补贴一个月到底多少钱 有没有个大概数", "ask_benefits")], TODAY)
    assert "文件没有写这项补贴的具体数额" in replies[-1]


def test_the_internships_allowance_is_named_with_its_sum():
    _slots, replies = talk([("就业见习有补贴吗", "ask_benefits")], TODAY)
    assert "600元/月" in replies[-1]


def test_a_neighbours_words_end_where_the_writer_speaks_of_their_own():
    after, _ = talk([("隔壁阿姨讲伊拉女儿拿了三千块 阿拉女儿也是金山户口 本科 今年应届毕业", "inform")], TODAY)
    assert after.get("hukou") == "jinshan" and after.get("education") == "bachelor"


def test_an_organisation_describing_its_hires_is_no_kind_asked_about():
    first = "我们是本市一家人力资源服务机构"
    second = "推荐了一批金山对口地区的农村劳动力到金山企业首次就业，社保交了2个月。推荐就业补贴一个人多少？"
    after, _ = talk([(first, "inform"), (second, "ask_benefits")], TODAY)
    assert after.get("paired_region_rural_labor") is True


@pytest.mark.parametrize("text,value", [("专升本应届生", "bachelor"), ("他是大专 专升本没考上", "junior_college")])
def test_zhuan_sheng_ben_taken_or_not(text, value):
    after, _ = talk([(text, "inform")], TODAY)
    assert after.get("education") == value


@pytest.mark.parametrize("text", ["来电人说女儿19岁，金山户籍，高中毕业一直在家没工作", "来电人称女儿19岁 金山户籍 高中毕业 在家没工作"])
def test_a_note_reporting_the_callers_relative_is_about_the_relative(text):
    after, replies = talk([(text, "inform")], TODAY)
    assert after.get("age") == 19 and after.get("hukou") == "jinshan" and after.get("education") == "high_school"
    assert after.get("subject") == "她"


def test_an_agency_asking_a_total_for_its_referrals_gets_it_and_only_its_own_money():
    turns = [("你好，我们是上海的人力资源服务公司，问下推荐就业补贴的事", "ask_measure"),
             ("是的，我们是本市优质人力资源服务机构。我们推荐了10个对口地区的人到金山的企业上班，社保都交了3个月了", "inform"),
             ("10个人合计多少钱？", "ask_benefits"),
             ("那如果都是第一次来金山，10个人一共能拿多少钱？", "what_if")]
    _slots, replies = talk(turns, TODAY)
    assert "10000元" in replies[2]
    assert "一次性推荐就业补贴" in replies[3]
    assert "稳定岗位补贴" not in replies[3] and "一次性转移就业补贴" not in replies[3]


def test_a_question_after_a_supposition_is_not_supposed():
    slots, replies = talk([("女29 金山户口 2025.12.10失业 2026.6.20起做直播带货 已办灵活就业登记 社保已缴5个月", "inform"),
                           ("如果不是困难人员 其他条件都满足吗 失业够6个月没", "what_if")], TODAY)
    assert slots.get("flexible_since") == "2026-06-20"
    assert "假设经认定的本市就业困难人员：否（" in replies[-1]
    assert "连续失业6个月" not in replies[-1] and "目前未就业" not in replies[-1]


def test_a_condition_asked_about_is_no_status():
    slots, _ = talk([("女29 金山户口 2025.12.10失业 2026.6.20起做直播带货", "inform"),
                     ("失业时长这条 满足还是不满足", "ask_policy")], TODAY)
    assert slots.get("employment_status") == "flexible"
