"""Dialogue families found by the simulated users (analysis of 2026-12-07), each tested by
phrasings of its own, not the phrase banks': a measure's name inside an answer keeps the talk on
the measure asked about, and a person is never asked an organisation's question; a skipped
question still says where the measure asked about stands; only restart words clear, only
farewell words end; a jobless spell of the past never undoes flexible work held; and the first
question is the one that settles the measure asked about soonest."""
from __future__ import annotations

import datetime as dt

import pytest

from actions import templates as T

from .talk import talk

TODAY = dt.date(2026, 12, 7)


# ------------------------------------------------------------- family 5: the focus stays

@pytest.mark.parametrize("answer", ["我眼下是灵活就业的", "一直在做灵活就业", "灵活就业，跑跑快递"])
def test_a_status_named_like_a_measure_answers_the_measure_asked_about(answer):
    slots, replies = talk([("想参加就业见习，可以吗", "ask_measure"), (answer, "inform")], TODAY)
    assert slots.get("employment_status") == "flexible"
    assert slots.get("last_measure") == "internship"
    assert "就业见习" in replies[-1] and "灵活就业补贴（" not in replies[-1]


def test_a_measure_word_beside_the_answer_keeps_the_focus():
    slots, replies = talk([("跨区转移就业补贴", "ask_measure"), ("金山户口", "inform"),
                           ("52岁了，老家那边也不是对口地区", "inform")], TODAY)
    assert slots.get("age") == 52 and slots.get("last_measure") == "rural_cross_district"
    assert "一次性转移就业补贴" not in replies[-1]


def test_an_answer_that_asks_about_the_named_measure_moves_the_focus():
    slots, _ = talk([("想参加就业见习，可以吗", "ask_measure"),
                     ("我在跑外卖，那灵活就业补贴我能拿吗", "inform")], TODAY)
    assert slots.get("last_measure") == "flexible_employment_youth"


def test_a_measure_named_with_nothing_pending_is_still_asked_about():
    slots, _ = talk([("想参加就业见习，可以吗", "ask_measure"), ("灵活就业补贴呢", "ask_measure")], TODAY)
    assert slots.get("last_measure") == "flexible_employment_youth"


@pytest.mark.parametrize("answer", ["是在区里的培训机构上的补贴课", "金山本地培训机构办的政府补贴班"])
def test_a_training_centre_named_in_a_persons_answer_asks_them_nothing_as_an_organisation(answer):
    slots, replies = talk([("拿了技能证书，一次性获证补贴能领吗", "ask_measure"), ("技师", "inform"),
                           (answer, "inform")], TODAY)
    assert slots.get("last_measure") == "skill_certificate"
    assert not any("贵机构" in r for r in replies)


@pytest.mark.parametrize("answer", ["就是报了个培训机构", "培训机构那边给弄的"])
def test_an_unread_answer_naming_a_training_centre_is_asked_again_not_answered_as_its_measure(answer):
    slots, replies = talk([("拿了技能证书，一次性获证补贴能领吗", "ask_measure"), ("技师", "inform"),
                           (answer, "ask_measure")], TODAY)
    assert slots.get("last_measure") == "skill_certificate"
    assert "贵机构" not in replies[-1] and "培训机构办学资助" not in replies[-1]
    assert slots.get("asked_fact") == "subsidized_training_in_jinshan" \
        or slots.get("subsidized_training_in_jinshan") is not None


# ------------------------------------------------------------- family 10: a skip still answers

def test_a_question_skipped_after_two_unread_answers_says_where_the_measure_stands():
    slots, replies = talk([("想参加就业见习，可以吗", "ask_measure"), ("这个嘛一言难尽", "inform"),
                           ("反正挺复杂的", "inform")], TODAY)
    assert "employment_status" in (slots.get("skipped_facts") or [])
    assert replies[-1].startswith(T.SKIPPED)
    assert "就业见习（" in replies[-1] and "还要看" in replies[-1]


def test_a_measure_open_only_by_skipped_facts_is_answered_not_left_on_a_bare_skip():
    turns = [("灵活就业补贴", "ask_measure"), ("28岁，金山户口，在跑网约车", "inform"),
             ("这个记不得了", "dont_know"), ("说不好", "dont_know"), ("也记不清", "dont_know")]
    slots, replies = talk(turns, TODAY)
    assert slots.get("asked_fact") is None
    last = replies[-1]
    assert "灵活就业补贴（" in last and "暂时判断不了" in last and "1000元/月" in last
    assert "已经可以判断了" not in last      # it is not settled: only the offer of the rest


def test_after_an_answer_unread_twice_nothing_else_is_asked_when_the_measure_cannot_move():
    turns = [("灵活就业补贴", "ask_measure"), ("29岁，金山户口，在跑网约车", "inform"),
             ("不清楚", "dont_know"), ("说不好", "dont_know"), ("这个嘛一言难尽", "inform"),
             ("反正挺复杂的", "inform")]
    slots, replies = talk(turns, TODAY)
    assert "unemployed_since" in (slots.get("skipped_facts") or [])
    assert slots.get("asked_fact") is None
    assert replies[-1].startswith(T.SKIPPED) and "灵活就业补贴（" in replies[-1] and "暂时判断不了" in replies[-1]


def test_a_fact_the_measure_is_judged_on_is_asked_before_giving_up_on_it():
    # the rule reads the employment status through the situation: not in its missing facts,
    # yet someone in a job is settled by it
    turns = [("灵活就业补贴", "ask_measure"), ("33岁，金山户口，没认定过就业困难", "inform"),
             ("记不清了", "dont_know")]
    slots, _ = talk(turns, TODAY)
    assert slots.get("asked_fact") in ("unemployed_since", "employment_status")
    slots, replies = talk([("也记不清", "dont_know")], TODAY, slots) if slots.get("asked_fact") == "unemployed_since" \
        else (slots, None)
    assert slots.get("asked_fact") == "employment_status"
    slots, replies = talk([("在单位上班的", "inform")], TODAY, slots)
    assert "灵活就业补贴（" in replies[-1] and "暂不符合" in replies[-1]


def test_a_leaving_date_not_known_is_asked_as_months_since_leaving():
    turns = [("就业见习", "ask_measure"), ("没工作", "inform"), ("27", "inform"), ("外地的", "inform"),
             ("是全日制的", "inform"), ("记不得了", "dont_know")]
    slots, _ = talk(turns, TODAY)
    assert slots.get("asked_fact") == "months_since_graduation"


# ------------------------------------------------------------- family 14: only restart words clear

def _org_first_job_pending():
    slots, _ = talk([("我们厂招了几个对口地区来的农民工，稳岗补贴可以拿吗", "ask_measure")], TODAY)
    assert slots.get("asked_fact") == "first_job_in_jinshan"
    return slots


@pytest.mark.parametrize("answer", ["是的，他们第一次到金山来工作", "嗯，这些人都是头一趟来"])
def test_an_answer_the_classifier_calls_start_over_clears_nothing(answer):
    slots = _org_first_job_pending()
    slots, replies = talk([(answer, "start_over")], TODAY, slots)
    assert T.RESTARTED not in replies[-1]
    assert slots.get("paired_region_rural_labor") is True


def test_a_message_without_restart_words_never_clears():
    slots, replies = talk([("我30岁，金山户口", "inform"), ("换个问法问一下", "start_over")], TODAY)
    assert T.RESTARTED not in replies[-1] and slots.get("age") == 30


@pytest.mark.parametrize("text", ["刚才的都不算，从头来", "全部清掉重新来过", "重新开始吧"])
def test_restart_words_still_clear_even_with_a_question_pending(text):
    slots = _org_first_job_pending()
    slots, replies = talk([(text, "start_over")], TODAY, slots)
    assert T.RESTARTED in replies[-1] and slots.get("paired_region_rural_labor") is None


# ------------------------------------------------------------- family 17: only farewell words end

@pytest.mark.parametrize("answer", ["他们以前在金山上过班的", "这几个人早就在金山做过工"])
def test_an_answer_the_classifier_calls_goodbye_does_not_end_the_talk(answer):
    slots = _org_first_job_pending()
    slots, replies = talk([(answer, "goodbye")], TODAY, slots)
    assert T.GOODBYE not in replies[-1]
    assert slots.get("paired_region_rural_labor") is True


def test_an_unread_answer_called_goodbye_is_asked_again():
    slots = _org_first_job_pending()
    slots, replies = talk([("这个情况么我们这边晓得的", "goodbye")], TODAY, slots)
    assert T.GOODBYE not in replies[-1] and slots.get("asked_fact") == "first_job_in_jinshan"


@pytest.mark.parametrize("text,intent,said", [("拜拜啦", "goodbye", T.GOODBYE),
                                               ("那先这样吧，再见", "goodbye", T.GOODBYE),
                                               ("多谢你", "thanks", T.THANKS)])
def test_farewell_and_thanks_words_still_end(text, intent, said):
    slots = _org_first_job_pending()
    _slots, replies = talk([(text, intent)], TODAY, slots)
    assert said in replies[-1]


# ------------------------------------------------------------- family 4: a past spell keeps flexible work

def _flexible_spell_pending():
    slots, _ = talk([("灵活就业补贴", "ask_measure"), ("27岁，金山户口，现在开网约车", "inform")], TODAY)
    assert slots.get("employment_status") == "flexible" and slots.get("asked_fact") == "unemployment_months"
    return slots


@pytest.mark.parametrize("answer,months", [("失业了9个月", 9), ("没活干了9个月才开始跑的", 9),
                                           ("没工作14个月以后才去开车", 14), ("在家闲了10个月才出来开车的", 10)])
def test_a_jobless_spell_of_the_past_keeps_the_flexible_work_held(answer, months):
    slots, replies = talk([(answer, "inform")], TODAY, _flexible_spell_pending())
    assert slots.get("employment_status") == "flexible" and slots.get("unemployment_months") == months
    assert "已更正：目前的就业状态" not in replies[-1]


@pytest.mark.parametrize("answer", ["不是的，我以前失业了10个月", "以前失业过一阵子"])
def test_a_past_spell_said_to_another_question_keeps_the_flexible_work(answer):
    slots, _ = talk([("8个月", "inform"), (answer, "inform")], TODAY, _flexible_spell_pending())
    assert slots.get("employment_status") == "flexible"


def test_no_work_now_still_corrects_the_flexible_work():
    slots, replies = talk([("现在又不开了，目前没工作", "inform")], TODAY, _flexible_spell_pending())
    assert slots.get("employment_status") == "unemployed"


# ------------------------------------------------------------- questions: the soonest first

def test_internship_asks_the_employment_status_before_the_age():
    slots, _ = talk([("就业见习我能去吗", "ask_measure")], TODAY)
    assert slots.get("asked_fact") == "employment_status"


def test_someone_in_a_job_is_answered_on_internship_at_once():
    slots, replies = talk([("就业见习我能去吗", "ask_measure"), ("在单位上班", "inform")], TODAY)
    assert slots.get("asked_fact") is None and "就业见习（" in replies[-1] and "暂不符合" in replies[-1]


def test_cross_district_transfer_asks_the_hukou_before_the_age():
    slots, _ = talk([("想了解跨区转移就业补贴", "ask_measure")], TODAY)
    assert slots.get("asked_fact") == "hukou"


def test_without_a_clear_gain_the_usual_order_stands():
    slots, _ = talk([("拿了技能证书，一次性获证补贴能领吗", "ask_measure")], TODAY)
    assert slots.get("asked_fact") == "certificate_level"


def test_a_person_is_never_asked_an_organisations_question_even_about_its_measure():
    slots, replies = talk([("我30岁金山户口", "inform"), ("培训机构办学资助是什么", "ask_measure")], TODAY)
    assert "贵机构" not in replies[-1]


@pytest.mark.parametrize("answer", ["我是派遣公司的人", "我在事业单位上班"])
def test_a_persons_answer_about_their_employer_is_not_an_organisation_introducing_itself(answer):
    turns = [("跨区转移就业补贴", "ask_measure"), ("金山户口", "inform"), ("以前是农村户口", "inform"),
             ("23岁", "inform"), ("在单位上班，合同签了两年", "inform"), ("在徐汇上班", "inform")]
    slots, _ = talk(turns, TODAY)
    assert slots.get("asked_fact") == "employer_excluded"
    slots, replies = talk([(answer, "inform")], TODAY, slots)
    assert slots.get("employer_excluded") is True
    assert "跨区转移就业补贴（" in replies[-1] and "暂不符合" in replies[-1]
    assert "文件中发给单位或机构的补贴有" not in replies[-1]


def test_no_stand_in_for_a_skipped_status_is_asked():
    # could not say whether they work: not asked when their flexible work began or was registered
    turns = [("就业见习", "ask_measure"), ("这个嘛一言难尽", "inform"), ("反正挺复杂的", "inform")]
    slots, _ = talk(turns, TODAY)
    asked = []
    for _ in range(8):
        if not slots.get("asked_fact"):
            break
        asked.append(slots["asked_fact"])
        slots, _ = talk([("不清楚", "dont_know")], TODAY, slots)
    assert "employment_status" not in asked
    assert not {"flexible_since", "flexible_employment_registered", "unemployed_since"} & set(asked)


# ------------------------------------------------------------- the classifier's what_if alone

@pytest.mark.parametrize("answer,value", [("在校学生", "student"), ("学生", "student"), ("没有工作", "unemployed")])
def test_an_answer_the_classifier_calls_what_if_is_recorded(answer, value):
    slots, replies = talk([("就业见习", "ask_measure"), (answer, "what_if")], TODAY)
    assert slots.get("employment_status") == value and "假设" not in replies[-1]


@pytest.mark.parametrize("text", ["如果我是在校学生呢", "要是没工作的话"])
def test_a_what_if_in_words_is_still_a_what_if_with_a_question_pending(text):
    slots, replies = talk([("就业见习", "ask_measure"), (text, "what_if")], TODAY)
    assert slots.get("employment_status") is None and "假设" in replies[-1]


# ------------------------------------------------------------- the classifier's greet alone

@pytest.mark.parametrize("answer", ["在念书", "还在读大学", "打点零工"])
def test_an_answer_the_classifier_calls_greet_gets_no_welcome(answer):
    _slots, replies = talk([("就业见习", "ask_measure"), (answer, "greet")], TODAY)
    assert "您好！我是金山就业政策助手" not in replies[-1]


@pytest.mark.parametrize("text", ["你好，在吗", "老师您好"])
def test_greeting_words_still_greet(text):
    _slots, replies = talk([("就业见习", "ask_measure"), (text, "greet")], TODAY)
    assert "您好！我是金山就业政策助手" in replies[-1]
