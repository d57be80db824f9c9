"""The turn's named steps, each on its own (actions/dialogue.py STEPS), judged on a fixed day."""
from __future__ import annotations

import datetime as dt

from actions import dialogue as D
from actions.dialogue import Message, State
from assistant_nlu.component import entities_for

from .talk import talk

TODAY = dt.date(2026, 12, 2)


def turn(text: str, intent: str = "inform", state: State | None = None) -> D.Turn:
    ents, guesses, reading = entities_for(text, TODAY)
    return D._begin(state or State(), Message(text, intent, ents, guesses, reading=reading), TODAY)


def test_the_steps_run_in_the_documented_order():
    names = [s.__name__ for s in D.STEPS]
    assert names.index("_restart") < names.index("_what_if_step") < names.index("_read_facts")
    assert names.index("_read_facts") < names.index("_held_questions") < names.index("_why_not_step")
    assert names[-1] == "_not_understood"


def test_restart_clears_everything_and_other_text_passes_on():
    t = turn("重新开始", "start_over", State(facts={"age": 30}, asked="hukou"))
    reply = D._restart(t)
    assert reply.state == State() and "重新开始" not in reply.messages[0]["text"][:0]
    assert D._restart(turn("我30岁")) is None


def test_a_what_if_is_answered_and_never_stored():
    state = State(facts={"age": 26, "hukou": "jinshan", "education": "bachelor", "fresh_graduate": True})
    t = turn("如果我是硕士能拿多少", "what_if", state)
    reply = D._what_if_step(t)
    assert "8000" in reply.messages[0]["text"] and reply.state.facts["education"] == "bachelor"
    assert D._what_if_step(turn("我是硕士")) is None


def test_reading_facts_keeps_the_person_talked_about():
    t = turn("来电人安徽户籍，38岁，他爱人是金山户口")
    D._read_facts(t)
    assert t.new == {"hukou": "non_shanghai", "age": 38} and t.state.subject == "他"


def test_a_range_across_a_line_is_held_and_asked_the_same_range_inside_is_recorded():
    t = turn("我失业六七个月了")
    D._read_facts(t)
    reply = D._held_questions(t)
    assert reply is not None and reply.state.asked == "unemployment_months"
    assert "6到7个月" in reply.messages[0]["text"]
    t = turn("我失业八九个月了")
    D._read_facts(t)
    assert D._held_questions(t) is None and t.state.facts["unemployment_months"] == 8


def test_why_not_names_the_first_failing_condition_with_its_clause():
    t = turn("为什么我不能领灵活就业补贴", "why_not", State(facts={"age": 37, "hukou": "jinshan",
                                                               "unemployment_months": 10}))
    D._read_facts(t)
    assert D._held_questions(t) is None
    D._what_is_asked_about(t)
    reply = D._why_not_step(t)
    assert "35周岁及以下" in reply.messages[0]["text"] and "一（二）" in reply.messages[0]["text"]


def test_a_measure_named_by_its_amount():
    state = State(facts={"hukou": "jinshan", "fresh_graduate": True, "education": "bachelor"})
    t = turn("那个三千块怎么拿", "inform", state)
    D._read_facts(t)
    D._held_questions(t)
    D._what_is_asked_about(t)
    assert t.measures == ["talent_return"]


def test_nothing_understood_keeps_the_facts_and_says_so():
    t = turn("🙏", "nlu_fallback", State(facts={"age": 30}))
    D._read_facts(t)
    D._held_questions(t)
    D._what_is_asked_about(t)
    reply = D._not_understood(t)
    assert "保留" in reply.messages[0]["text"] and reply.state.facts == {"age": 30}


def test_a_friend_named_beside_the_writers_own_case_is_a_side_remark():
    slots, replies = talk([("我金山户口 26岁 今年8月公司裁员就没工作了", "inform"),
                           ("为啥我拿不了那个灵活就业补贴 我朋友跑外卖一个月有一千", "why_not")], TODAY)
    assert slots["employment_status"] == "unemployed" and not slots.get("subject")
    assert "灵活就业补贴" in replies[-1]
    # a parent asking for a child still talks about the child
    slots, _ = talk([("我儿子今年25，金山户口", "inform")], TODAY)
    assert slots["subject"] == "他" and slots["age"] == 25


def test_what_others_say_is_not_the_persons_fact():
    slots, _ = talk([("我金山户口 26岁 失业半年多了", "inform"),
                     ("人家说跑外卖有个灵活就业补贴一个月一千 我能拿吗", "ask_measure")], TODAY)
    assert slots["employment_status"] == "unemployed"
