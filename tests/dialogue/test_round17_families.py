"""Families found in round 17 (written blind at the start of the eighth session, first pass 57/80 and
54/79 on 50dfcd7) and in replaying the outside check's round 6. Each test is a family, with
phrasings of our own beside the writer's, and the other side of it where one exists."""
from __future__ import annotations

import pytest

from .talk import said


@pytest.mark.parametrize("text,since", [
    ("他26岁，金山户口，本科毕业，2025年7月毕业的，到现在一直没找到工作", "2025-07-01"),
    ("去年7月毕业以后一直没找到工作", "2025-07-01"),
    ("今年6月毕业的，毕业后一直没上班", "2026-06-01")])
def test_no_job_since_school_starts_the_spell_at_school(text, since):
    slots, _ = said(text)
    # (a month on the boundary of 超过6个月 is held while its day is asked: 今年6月)
    held = (slots.get("fact_guess") or {}).get("value") if (slots.get("fact_guess") or {}).get("fact") == "unemployed_since" else None
    assert (slots.get("unemployed_since") or held) == since and slots.get("employment_status") == "unemployed"


def test_a_job_found_after_school_and_lost_is_no_spell_from_school():
    slots, _ = said("去年7月毕业以后找过工作，现在没工作")
    assert slots.get("unemployed_since") is None


@pytest.mark.parametrize("text,months", [("来电人女，33岁，金山户籍，今年4月底离职，之后一直未就业", "2026-04-30"),
                                         ("去年10月底被裁的", "2025-10-31")])
def test_the_end_of_a_month_is_its_last_day(text, months):
    slots, _ = said(text)
    assert slots.get("unemployed_since") == months


def test_the_start_of_a_month_stays_the_month():
    slots, _ = said("今年3月份离职")
    assert slots.get("unemployed_since") == "2026-03-01"


@pytest.mark.parametrize("text", ["辞职半年多了 呒没寻着生活", "失业半年多了"])
def test_more_than_half_a_year_is_more_than_six_months(text):
    slots, _ = said(text)
    # 7..11 months: 超过6个月 holds on every value, so it is recorded (not 6, which fails it)
    assert 7 <= (slots.get("unemployment_months") or 0) <= 11


def test_half_a_year_is_six_months():
    slots, _ = said("失业半年了")
    assert slots.get("unemployment_months") == 6


@pytest.mark.parametrize("text", ["我在考虑明年跳槽回金山的公司，到时候那个18000还能拿吗？",
                                  "伊讲考出三级有钞票 是伐 几钿"])
def test_a_move_considered_or_a_level_to_pass_is_no_fact(text):
    slots, _ = said(text)
    assert slots.get("work_region") is None and slots.get("certificate_level") is None


def test_a_job_left_by_not_going_back_is_no_job():
    slots, _ = said("我在亭林一个厂里做了五年 今年三月份厂里效益不好 我就不去了")
    assert slots.get("employment_status") == "unemployed" and slots.get("work_region") is None


def test_whose_hukou_it_goes_with_is_no_holder():
    slots, _ = said("我女儿在枫泾一个见习基地见习 是区里认定的那种")
    slots, _ = said("我是金山户口 她户口跟她爸爸在松江", slots)
    assert slots.get("hukou") == "shanghai_other"


def test_the_writers_own_fact_asked_about_is_not_the_spouses():
    slots, _ = said("我老公是云南那边对口地区农村的，今年三月第一次来金山，在张堰一家厂里上班")
    slots, _ = said("他个人有没有补贴？我是金山人有没有关系", slots)
    assert slots.get("hukou") is None


def test_a_spouse_named_beside_the_writers_case_is_a_side_remark():
    slots, _ = said("问一下 我四十岁 金山户口 原来是农业户口 地征掉了")
    slots, _ = said("我老公在闵行一个厂里上班 他说他们厂里有金山人拿跨区补贴的", slots)
    assert slots.get("work_region") is None and slots.get("employment_status") is None
    slots, reply = said("我现在在屋里厢带小孩没上班 要是我也去闵行上班 能拿伐 一个月多少", slots)
    # what the writer states before the supposition is recorded; the supposed job is not
    assert slots.get("employment_status") == "unemployed" and slots.get("work_region") is None
    assert reply.index("跨区转移就业补贴") < reply.index("就业见习") if "就业见习" in reply else "跨区" in reply


def test_the_writers_own_clause_beside_the_spouses_counts():
    slots, _ = said("我户口是金山的 33岁 从今年3月份到现在都在家")
    slots, _ = said("没认定过困难人员 那个灵活就业补贴我能拿吗 我老公说他厂里那些政策我都用不上", slots)
    assert slots.get("hard_to_employ_certified") is False


def test_a_year_corrected_is_no_duration():
    slots, _ = said("我93年的 金山户口 失业快一年了 困难人员没认定过 灵活就业补贴能拿伐")
    slots, _ = said("哦打错了 是89年的 不是93", slots)
    assert slots.get("age") in (36, 37) and slots.get("unemployment_months") in (11, 12)


def test_the_agency_a_firm_hires_through_is_not_where_the_workers_work():
    slots, _ = said("我们厂通过浦东一家人力资源公司招了5个对口地区的农村劳动力 都是第一次来金山")
    assert slots.get("work_region") != "shanghai_other"


def test_a_dispatch_firm_in_a_district_is_where_one_works():
    slots, _ = said("来电人原农业户籍，征地人员，在浦东一家劳务派遣公司上班")
    assert slots.get("work_region") == "shanghai_other"


@pytest.mark.parametrize("text", ["合同签好了，社保也交了4个月了", "劳动合同已经签了", "合同都签过了"])
def test_a_contract_said_signed_meets_the_step_with_no_term(text):
    slots, _ = said("我们厂招了6个对口地区来的工人，都是第一次在金山上班，社保交了4个月了，用工登记也办了")
    slots, reply = said(text, slots)
    assert "contract" in (slots.get("steps_done") or []) and slots.get("contract_months") is None
    slots, reply = said("稳岗补贴能拿多少", slots, intent="ask_measure")
    assert "签订劳动合同" not in reply.split("还需")[-1] if "还需" in reply else True


@pytest.mark.parametrize("text", ["还没签合同", "合同还没签", "准备签合同", "如果签了合同能拿吗", "合同签了吗"])
def test_a_contract_not_signed_or_asked_about_is_no_step_done(text):
    slots, _ = said(text)
    assert not slots.get("steps_done")


def test_a_contract_signed_does_not_meet_a_term_of_a_year():
    from actions.dialogue import State, _evaluate
    import datetime as dt
    facts = {"age": 40, "hukou": "jinshan", "rural_hukou": True, "employment_status": "employed",
             "work_region": "shanghai_other", "employer_excluded": False}
    ev = _evaluate(State(facts=facts, steps_done=["contract", "insurance_paying"]), dt.date(2026, 12, 7))
    r = ev.result("rural_cross_district")
    # 跨区 asks 一年以上: 签了合同 says no term, so that stays open; 社保在交 meets 缴纳 (at least a month)
    assert r.status == "undetermined" and "contract_months" in r.missing_facts
    assert next(c for c in r.conditions if "城镇职工社会保险费" in c.text).met is True
    s = _evaluate(State(facts={"paired_region_rural_labor": True, "first_job_in_jinshan": True,
                               "employment_registered": True}, steps_done=["insurance_paying"]), dt.date(2026, 12, 7))
    # 稳岗 asks 满3个月: 社保在交 does not meet it
    assert next(c for c in s.result("job_stabilization").conditions if "满3个月" in c.text).met is not True


@pytest.mark.parametrize("text,want", [("社保一直在交的", ["insurance_paying"]), ("单位给她交的就是城镇职工社保", ["insurance_paying"]),
                                       ("社保在交吗", []), ("社保断了几个月", []), ("社保没在交", [])])
def test_insurance_being_paid_is_read_as_a_step(text, want):
    from understanding.steps import said_done
    assert said_done(text) == want


def test_a_period_asked_of_a_measure_without_one_is_answered():
    slots, _ = said("他26岁，金山户口，本科毕业，2025年7月毕业的，到现在一直没找到工作")
    slots, reply = said("见习的600块能拿几个月，文件里有说吗？", slots, intent="ask_policy")
    assert "没有写明发放期限" in reply and "600元/月" in reply


def test_a_duration_said_is_no_question_of_a_period():
    slots, _ = said("见习 三十六岁好去伐", intent="ask_measure")
    slots, _ = said("我金山户口 没工作", slots)
    slots, reply = said("大学毕业十几年了", slots)
    assert "发放期限" not in reply


def test_a_how_much_question_after_facts_is_answered_not_the_block():
    slots, _ = said("您好，我想帮我儿子问问。他26岁，金山户口，本科毕业，2025年7月毕业的，到现在一直没找到工作。"
                    "他能拿到什么补贴吗？", intent="ask_benefits")
    slots, reply = said("不清楚。他不是困难人员。那他到底每个月能拿多少？", slots)
    assert "1000元/月" in reply and "【还需确认】" not in reply


def test_the_measure_in_the_question_is_answered_not_the_one_in_the_facts():
    slots, _ = said("您好，我问一下我女儿的情况。她23岁，金山户口，大专，现在在金山一个见习基地见习。她见习有补贴吗？",
                    intent="ask_benefits")
    slots, reply = said("她就是在见习，还没正式上班。那人才回流那个补贴她拿不了是吧？", slots, intent="why_not")
    assert slots.get("last_measure") == "talent_return" and "人才回流" in reply.split("\n")[0]


def test_an_answer_about_someone_else_says_their_pronoun():
    slots, reply = said("我老公是云南那边对口地区农村的，今年三月第一次来金山，在张堰一家厂里上班")
    assert "您的人员条件" not in reply


@pytest.mark.parametrize("text", ["我退休了呀，勿读书也勿上班", "已经退休了 不上班了"])
def test_retired_is_not_out_of_work(text):
    slots, _ = said(text)
    assert slots.get("within_working_age") is False and slots.get("employment_status") is None


def test_not_yet_retired_and_out_of_work_is_out_of_work():
    slots, _ = said("还没退休 现在没上班")
    assert slots.get("within_working_age") is None and slots.get("employment_status") == "unemployed"


def test_a_yes_or_no_about_age_is_answered_yes_first():
    slots, _ = said("我89年的 金山户口 失业快一年了 困难人员没认定过 灵活就业补贴能拿伐", intent="ask_measure")
    slots, reply = said("那是不是超龄了", slots)
    assert reply.startswith("是的。") and "35周岁" in reply and "【" not in reply


def test_a_no_claimed_and_met_is_answered_no():
    slots, _ = said("我26岁 金山户口 失业一年了 困难人员没认定过 灵活就业补贴能拿伐", intent="ask_measure")
    slots, reply = said("是不是超龄了", slots)
    assert reply.startswith("不是年龄的问题")


def test_nothing_at_all_confirmed_for_a_retiree():
    slots, _ = said("侬好，我今年七十岁了，金山户口，老早就退休了。我有啥补贴好拿伐？", intent="ask_benefits")
    slots, reply = said("格么阿拉退休额老人，格个文件里向就是一样也没份，是伐？", slots)
    # yes, none: what fails, in a few lines (the student measures are moot for a retiree), not the block
    assert reply.startswith("是的，按目前说的情况，这份文件里的补贴暂时都领不了") and "35周岁及以下" in reply
    assert "【还需确认】" not in reply


# ---- the outside check's round 6, replayed: answers in plain words first

def test_what_happens_at_retirement_is_answered_for_the_measure():
    slots, _ = said("来电女士，56岁，金山本地人，原来是农业户口，被征地的。现在在闵行一家私营公司上班，签了2年合同，"
                    "社保按最低基数交的，还没退休。她问跨区补贴能拿多少、能拿多久。", intent="ask_measure")
    slots, reply = said("单位给她交的就是城镇职工社保。她还问，到了退休年龄是不是就不能拿了？", slots)
    assert reply.split("\n")[-1].startswith("不能。跨区转移就业补贴") and "法定劳动年龄段内" in reply
    assert "insurance_paying" in slots.get("steps_done")


def test_retirement_of_a_measure_without_an_age_rule_says_the_document_is_silent():
    slots, _ = said("我26岁 金山户口 失业一年了 灵活就业补贴能拿伐", intent="ask_measure")
    slots, reply = said("退休以后还能继续拿吗", slots)
    assert "文件没有规定" in reply and "不能。" not in reply


def test_how_much_of_the_fee_is_said_plainly():
    slots, _ = said("侬好，我帮阿拉孙子问问。伊今年二十岁，金山户口，辣辣金山额中专读书，今年毕业班。伊去考了高级工，"
                    "第一趟考。格个评价费好报伐？", intent="ask_measure")
    for text in ("就是讲伊考试付脱额钞票，好统统退回来伐？", "评价费是全部报销还是报一部分？"):
        _s, reply = said(text, slots)
        assert "按公示的考试费标准补" in reply and "区人力资源社会保障部门" in reply


@pytest.mark.parametrize("text", ["这6个人必须是农村劳动力吗", "是不是一定要农村户口？"])
def test_must_they_be_rural_is_answered_yes_with_the_condition(text):
    slots, _ = said("我们厂招了6个对口地区来的工人，都是第一次在金山上班，社保交了4个月了，稳岗补贴一共多少",
                    intent="ask_measure")
    slots, reply = said(text, slots)
    assert "是的。" in reply and "对口地区农村劳动力" in reply and "户籍没有另外的要求" not in reply


def test_an_open_question_for_a_job_not_held_waits():
    slots, reply = said("您好，我想帮我儿子问问。他26岁，金山户口，本科毕业，2025年7月毕业的，到现在一直没找到工作。"
                        "他能拿到什么补贴吗？", intent="ask_benefits")
    # 原农业户籍 serves only 跨区 (a job in another district): what fits him now is asked first
    assert slots.get("asked_fact") != "rural_hukou"


def test_no_day_is_asked_when_the_measure_fails_on_another_fact():
    slots, reply = said("来电男士，34岁，外省户籍，2025年9月被裁员，2026年3月开始开网约车。他问灵活就业补贴能不能拿。",
                        intent="ask_measure")
    assert slots.get("asked_fact") is None and "本区户籍" in reply


# ---- the outside check's round 7 (played on e839807)

AGENCY = ("你好，我们是一家本市的优质人力资源服务机构，给金山的企业推荐了10个对口地区的工人，现在社保都交满3个月了。"
          "想问一下推荐就业补贴我们总共能拿多少？")


def test_an_answer_still_to_be_checked_records_nothing():
    slots, _ = said(AGENCY, intent="ask_measure")
    assert slots.get("work_region") == "jinshan"
    slots, _ = said("都是对口地区来的，是不是农村户口我还得回去查一下", slots)
    assert slots.get("paired_region_rural_labor") is None and "paired_region_rural_labor" in slots.get("skipped_facts")
    slots, _ = said("不清楚，我没问过他们以前有没有在金山干过", slots)
    assert slots.get("first_job_in_jinshan") is None


def test_facts_said_to_be_never_asserted_are_taken_back():
    slots, _ = said(AGENCY, intent="ask_measure")
    slots, _ = said("是", slots)
    slots, _ = said("是", slots)
    assert slots.get("paired_region_rural_labor") is True and slots.get("first_job_in_jinshan") is True
    slots, reply = said("我一开始就说了，都是金山的企业啊。另外我刚才说的是农村户口要查、以前有没有在金山干过也不清楚，"
                        "你怎么都记成“是”了？", slots, intent="what_if")
    assert slots.get("paired_region_rural_labor") is None and slots.get("first_job_in_jinshan") is None
    assert "已更正" in reply and "假设" not in reply and slots.get("rural_hukou") is None


@pytest.mark.parametrize("text", ["农村户口要查", "困难人员不清楚", "困难人员也不知道"])
def test_a_fact_word_followed_by_not_known_is_no_fact(text):
    slots, _ = said(text)
    assert slots.get("rural_hukou") is None and slots.get("hard_to_employ_certified") is None


def test_already_at_a_base_asks_nothing_of_who_may_start_one():
    slots, reply = said("您好，我问一下我女儿的情况。她23岁，金山户口，大专，现在在金山一个见习基地见习。她见习有补贴吗？",
                        intent="ask_benefits")
    assert slots.get("last_measure") == "internship_living_allowance" and "600元/月" in reply
    assert slots.get("asked_fact") != "employment_status"


def test_a_retiree_is_not_asked_school_questions_nor_told_they_stay_open():
    slots, reply = said("侬好，我今年七十岁了，金山户口，老早就退休了。我有啥补贴好拿伐？", intent="ask_benefits")
    assert "就业见习（一（一））：还需确认" not in reply and slots.get("asked_fact") not in (
        "full_time_education", "graduation_date", "fresh_graduate", "employment_status")


def test_an_old_lady_describing_herself_is_no_one_else():
    slots, _ = said("我勿是啥应届毕业生 七十岁个老太婆了")
    assert slots.get("subject") is None and slots.get("age") == 70


def test_a_husband_called_old_man_is_someone_else():
    slots, _ = said("阿拉老头子今年五十八")
    assert slots.get("subject") == "他"


@pytest.mark.parametrize("text,facts", [
    ("我三十二岁 金山户口 失叶十个好头了", {"unemployment_months": 10}),
    ("阿拉孙子廿岁 金山户口 辣辣金山个中专读书 今年要毕业了 伊去考了个高级工 第一趟考 迭个平价费好报伐",
     {"graduating_student": True, "skill_evaluation_taken": True, "first_skill_evaluation": True})])
def test_voice_slips_and_the_graduating_year(text, facts):
    slots, _ = said(text)
    assert {k: slots.get(k) for k in facts} == facts and slots.get("fresh_graduate") is None


def test_why_not_says_the_one_condition_and_what_was_said():
    slots, _ = said("来电男士，34岁，外省户口，2025年9月被裁员，2026年3月开始开网约车。问灵活就业补贴能不能拿。",
                    intent="ask_measure")
    slots, reply = said("他问为啥外地户口就不行？还有别的补贴他能拿吗？", slots, intent="why_not")
    first = reply.split("\n")[0]
    assert "本区户籍" in first and "外省市户籍" in first and "连续失业时间" not in first
    assert "【暂不符合】" in reply      # and the others, asked in the same message


def test_only_if_then_yes_is_answered_as_a_what_if():
    slots, _ = said("来电女士29岁，金山户口，2025年12月10日开始失业，2026年6月20日开始做直播带货，已经办了灵活就业登记，"
                    "社保交了5个月。问灵活就业补贴能不能拿，能拿多少。", intent="ask_measure")
    slots, _ = said("她说不清楚，没听说自己被认定过。", slots)
    slots, reply = said("也就是说只要她不是就业困难人员，其他条件都够了，就能拿每月1000块，对吧？", slots)
    assert "1000元/月" in reply and "现在还说不准" not in reply and slots.get("hard_to_employ_certified") is None


def test_the_caller_in_a_note_is_no_new_person():
    slots, _ = said("来电女士29岁，金山户口，2025年12月10日开始失业，2026年6月20日开始做直播带货。", intent="inform")
    slots, reply = said("她说不清楚，没听说自己被认定过。", slots)
    assert "我会问几个" not in reply


def test_when_a_measures_months_are_counted_from_is_no_question_of_validity():
    slots, _ = said("来电女士，56岁，金山本地人，原来是农业户口，被征地的。现在在闵行一家私营公司上班，签了2年合同，"
                    "社保按最低基数交的，还没退休。她问跨区补贴能拿多少、能拿多久。", intent="ask_measure")
    slots, reply = said("她问36个月是从什么时候开始算？", slots, intent="ask_policy")
    assert "跨区转移就业补贴" in reply and "文件没有写明从哪个月开始发放" in reply and "有效期至" not in reply
    _s, reply = said("这个文件什么时候开始实施的？", slots, intent="ask_policy")
    assert "2023年1月1日" in reply


@pytest.mark.parametrize("text,low", [("伊大前年辞职个 到现在呒没工作 一直勒屋里厢", 35), ("去年厂子倒闭的 一直没上班", 11)])
def test_the_year_alone_of_a_spell_is_a_range_of_months(text, low):
    slots, _ = said(text)
    assert slots.get("unemployment_months") == low and slots.get("employment_status") == "unemployed"


@pytest.mark.parametrize("text", ["我去年辞职 后来找到工作了", "去年厂里倒闭 现在跑外卖"])
def test_the_year_of_a_spell_over_is_no_spell(text):
    slots, _ = said(text)
    assert slots.get("unemployment_months") is None


@pytest.mark.parametrize("text", ["我四十七岁 金山农村户口 现在勒屋里厢", "现在在屋里厢", "伊一直辣辣屋里厢"])
def test_at_home_in_shanghainese_is_out_of_work(text):
    slots, _ = said(text)
    assert slots.get("employment_status") == "unemployed"


@pytest.mark.parametrize("text,caller", [("来电人女，33岁，金山户籍，今年4月底离职", True),
                                         ("我帮我儿子问问，他26岁，金山户口", False)])
def test_whether_the_person_talked_about_is_the_caller(text, caller):
    slots, _ = said(text)
    assert bool(slots.get("subject_is_caller")) is caller and slots.get("subject") in ("他", "她")


# ---- the outside check's round 8 (played on 11074b9)

def test_a_student_graduating_this_year_is_no_graduate():
    slots, _ = said("你好，我今年毕业，在上海读的本科（学校不在金山），户口是金山的。想问下我能去参加就业见习吗？",
                    intent="ask_measure")
    slots, _ = said("在校学生", slots)
    assert slots.get("graduating_student") is True and slots.get("fresh_graduate") is None


@pytest.mark.parametrize("text", ["那是不是要毕业后先失业超过6个月，再去跑外卖才能拿？",
                                  "所以一毕业马上跑外卖是拿不到的，要先连续失业超过6个月才行，对吗？"])
def test_a_rule_asked_about_or_a_plan_is_no_fact(text):
    slots, _ = said(text)
    assert slots.get("employment_status") is None and slots.get("unemployment_months") is None


def test_news_of_a_measure_with_steps_says_the_steps_plainly():
    _s, reply = said("你好，我今年6月本科毕业，全日制，户口是金山的", intent="inform")
    line = next((x for x in reply.split("\n") if "人才回流" in x), "")
    assert "做到还需的事项" not in reply and ("还要做到：" in line or not line)


@pytest.mark.parametrize("first,then", [("还在上学", "中专三年级，今年毕业"), ("还是学生", "大四，今年毕业")])
def test_a_student_saying_this_years_graduation_is_in_the_graduating_year(first, then):
    slots, _ = said(first)
    slots, _ = said(then, slots)
    assert slots.get("fresh_graduate") is None and slots.get("graduating_student") is True


def test_not_the_first_job_here_is_no_job_here_now():
    slots, _ = said("来电人就读学校在本市；不是第一次来金山工作")
    assert slots.get("first_job_in_jinshan") is False and slots.get("work_region") is None \
        and slots.get("employment_status") is None
