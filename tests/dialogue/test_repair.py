"""Conversation repair, one test per pattern (Rasa's patterns as the checklist): correction,
undo (「不对」), skip, clarification, digression and return, cancel, repeat, cannot handle,
hand-off per door; and the measure asked about answered before anything else is asked.
Expected sentences are written by hand from the templates and the document."""
from __future__ import annotations

import datetime as dt

from actions import templates as T
from actions.actions import DOORS
from actions.conversation import run_turn
from assistant_nlu.component import entities_for
from channels.prefixes import DOOR_PREFIXES
from understanding.repair import repair_of

from .talk import talk

TODAY = dt.date(2026, 12, 6)


def test_correction_replaces_the_value_and_says_the_old_one():
    slots, replies = talk([("我26岁，金山户口", "inform"), ("不对，我27岁", "inform")], TODAY)
    assert slots["age"] == 27 and "已更正：年龄（周岁）为27岁（原为26岁）。" in replies[1]


def test_undo_removes_what_was_just_recorded_and_asks_it_again():
    slots, replies = talk([("我是金山户口", "inform"), ("不对", "deny")], TODAY)
    assert slots.get("hukou") is None
    assert "好的，已撤销刚才记录的：金山区户籍。请再告诉我一次。" in replies[1]
    assert T.QUESTIONS["hukou"][0] in replies[1]


def test_undo_is_not_taken_for_no_to_a_yes_no_question():
    slots, _ = talk([("我26岁，金山户口，失业10个月", "inform")], TODAY)
    slots["asked_fact"] = "hard_to_employ_certified"
    slots, replies = talk([("不对", "deny")], TODAY, slots)
    assert slots["hard_to_employ_certified"] is False and "已撤销" not in replies[0]


def test_undo_with_nothing_just_recorded_undoes_nothing():
    slots, replies = talk([("我是金山户口", "inform"), ("灵活就业补贴多少钱", "ask_measure"), ("不对", "deny")], TODAY)
    assert slots["hukou"] == "jinshan" and "已撤销" not in replies[2]


def test_skip_after_dont_know_moves_on_and_never_asks_it_again_in_a_row():
    slots, replies = talk([("灵活就业补贴我能领吗", "ask_measure"), ("不清楚", "dont_know")], TODAY)
    asked_first = slots["skipped_facts"][0]
    assert "没关系，这一项先跳过。" in replies[1] and slots["asked_fact"] != asked_first


def test_clarification_a_term_is_explained_and_the_pending_question_comes_back():
    slots, _ = talk([("我28岁，金山户口，失业10个月了", "inform")], TODAY)
    pending = slots["asked_fact"]
    slots, replies = talk([("就业困难人员是什么意思", "ask_policy")], TODAY, slots)
    assert "“就业困难人员”在文件一（二）中的原话是" in replies[0]
    assert slots["asked_fact"] == pending and T.QUESTIONS[pending][0] in replies[0]


def test_repeat_gives_the_answer_and_the_pending_question_again():
    slots, replies = talk([("灵活就业补贴一个月多少钱", "ask_measure"), ("再说一遍", "out_of_scope")], TODAY)
    assert replies[1].startswith("好的，再说一遍：") or T.QUESTIONS[slots["asked_fact"]][0] in replies[1]
    assert T.QUESTIONS[slots["asked_fact"]][0] in replies[1]


def test_cancel_stops_the_questions_and_keeps_what_was_said():
    slots, replies = talk([("我26岁，金山户口", "inform"), ("算了", "deny")], TODAY)
    assert slots["age"] == 26 and slots["hukou"] == "jinshan" and slots.get("asked_fact") is None
    assert replies[1] == T.CANCELLED


def test_cannot_handle_says_what_it_can_do_and_keeps_the_facts():
    slots, replies = talk([("我26岁", "inform"), ("今天天气怎么样？", "out_of_scope")], TODAY)
    assert T.OUT_OF_SCOPE in replies[1] and T.HELP in replies[1] and T.KEPT in replies[1]
    assert slots["age"] == 26


def _turn(text, door):
    found = entities_for(text, TODAY)
    latest = {"text": text, "intent": {"name": "out_of_scope"}, "entities": found[0], "fact_guesses": found[1],
              "reading": found[2], "metadata": {"door": door} if door else {}}
    return "\n".join(m.get("text") or "" for m in run_turn({}, latest, TODAY)[1])


def test_hand_off_per_door(monkeypatch):
    monkeypatch.delenv("HANDOFF_CONTACT", raising=False)
    assert T.HANDOFF_KIOSK in _turn("转人工", "kiosk")
    assert T.HANDOFF_DEPARTMENT in _turn("转人工", None)       # no contact configured: none invented
    monkeypatch.setenv("HANDOFF_CONTACT", "服务大厅3号窗口")
    assert "需要人工帮助的话，可以联系：服务大厅3号窗口。" in _turn("有没有真人", "mp")


def test_repair_words_inside_statements_are_not_repair():
    assert repair_of("工作人员说我不符合条件，为什么呢") is None
    assert repair_of("不对口地区的") is None
    assert repair_of("客服说的") is None
    assert [repair_of(t) for t in ("不对", "再说一遍", "转人工", "算了")] == ["undo", "repeat", "handoff", "cancel"]


def test_the_actions_know_every_doors_prefix():
    assert {d + "-" for d in DOORS} == set(DOOR_PREFIXES)


# ---- ask only what matters: the measure asked about settles, then an offer, not more questions

def test_a_settled_measure_is_answered_and_the_rest_is_offered_not_asked():
    slots, replies = talk([("扬帆启航那个补贴补多少", "ask_measure"), ("49岁", "inform")], TODAY)
    assert "灵活就业补贴（一（二））：本项要求35周岁及以下，按您说的是49岁，所以暂不符合。该项金额：1000元/月，" \
           "最多12个月，共计不超过12000元。具体认定以区人力资源社会保障部门为准。" in replies[1]
    assert T.MORE_OFFER in replies[1] and slots.get("asked_fact") is None


def test_taking_the_offer_asks_for_the_other_measures():
    slots, replies = talk([("扬帆启航那个补贴补多少", "ask_measure"), ("49岁", "inform"), ("好的", "affirm")], TODAY)
    assert slots.get("last_measure") is None and slots.get("asked_fact")       # every measure in play now
    assert slots["asked_fact"] != "age"


def test_the_agent_desk_reads_questions_to_the_caller_in_the_second_person():
    found = entities_for("来电人女，29岁", TODAY)
    latest = {"text": "来电人女，29岁", "intent": {"name": "inform"}, "entities": found[0],
              "fact_guesses": found[1], "reading": found[2], "metadata": {"door": "agent"}}
    slots, messages = run_turn({}, latest, TODAY)
    question = messages[-1]["text"]
    assert question == T.AGENT_QUESTIONS[slots["asked_fact"]] and "例如" not in question and "她" not in question
    latest["metadata"] = {}
    _slots, chat = run_turn({}, latest, TODAY)           # the chat speaks of her
    assert "她" in chat[-1]["text"]



def test_the_refusal_names_the_condition_and_what_was_said():
    _slots, replies = talk([("灵活就业补贴我能拿吗", "ask_measure"), ("我是外地户口", "inform")], TODAY)
    assert "本项要求本区户籍，按您说的是外省市户籍，所以暂不符合。" in replies[1]
