"""Answer first: each question kind gets its answer in the first lines of the reply.

The expected sentences are written here by hand from the templates' wording and the document's
figures (not captured from the assistant's output).
"""
from __future__ import annotations

import datetime as dt

import pytest

from tests.dialogue.talk import talk

TODAY = dt.date(2026, 12, 6)
YOUTH = ("我28岁，金山户口，失业10个月了，没认定过困难人员", "inform")
AUTH = "具体认定以区人力资源社会保障部门为准。"

TABLE = [
    ("how_much", [YOUTH, ("灵活就业补贴一个月多少钱", "ask_measure")],
     "灵活就业补贴（一（二））：1000元/月，最多12个月，共计不超过12000元。按您说的情况，您的人员条件已满足，"
     "还需：实现灵活就业并办理灵活就业登记、按规定缴纳社会保险费。" + AUTH),
    ("how_long", [("我28岁，金山户口，失业10个月了", "inform"), ("灵活就业补贴能拿几个月", "ask_measure")],
     "灵活就业补贴（一（二））：1000元/月，最多12个月，共计不超过12000元；补贴期限累计最多12个月。能否领取还要看：是否经认定的本市就业困难人员。" + AUTH),
    ("from_when", [("灵活就业补贴从什么时候开始发", "ask_measure")],
     "灵活就业补贴（一（二））：文件没有写明从哪个月开始发放，申请和发放流程由区人力资源社会保障部门制定（七（三））。"
     "能否领取还要看：户籍、年龄（周岁）、连续失业月数。" + AUTH),
    ("total_for_n", [("我们招了5个对口地区的农村劳动力，稳岗补贴一共能拿多少", "ask_measure")],
     "稳定岗位补贴（四（十一））：5人每月共2500元；按500元/人/月，最多12个月，每人共计不超过6000元计，5人最多共计30000元（3万元）。"
     "能否领取还要看：是否首次来金山就业。" + AUTH),
    ("what_means", [("就业困难人员是什么意思", "ask_policy")],
     "“就业困难人员”在文件一（二）中的原话是：“经认定的本市“就业困难人员”除外”。文件没有对“就业困难人员”另作定义。" + AUTH),
    ("counts_as", [("跑外卖算灵活就业吗", "ask_policy")],
     "“灵活就业”在文件一（二）中的原话是：“实现灵活就业，并办理灵活就业登记手续和按规定缴纳社会保险费的”。"
     "文件没有对“灵活就业”另作定义。文件没有列举哪些工作算灵活就业；按文件，要办理灵活就业登记手续，"
     "能否登记由区人力资源社会保障部门办理和认定。" + AUTH),
    ("how_to_apply", [("灵活就业补贴去哪里申请", "ask_policy")],
     "按文件五（十五），公共就业服务事项对接“一网通办”总门户，推广“不见面”网上办理。文件没有规定在哪个窗口申请以及需要哪些材料。"
     "按金就办〔2023〕1号七（三），各项条款的认定标准、申请和发放流程等操作细则，由区人力资源社会保障部门负责制定、实施和解释，"
     "请以其公布的办理要求为准。"),
    ("combine", [("人才回流补贴和见习生活费能一起拿吗", "ask_policy")],
     "文件没有规定各项补贴能否同时享受（叠加）。按金就办〔2023〕1号七（三），各项条款的认定标准、申请和发放流程等操作细则，"
     "由区人力资源社会保障部门负责制定、实施和解释，请以其公布的办理要求为准。"),
    ("deadline", [("这个政策到什么时候结束", "ask_policy")],
     "金就办〔2023〕1号七（二）：“本意见从2023年1月1日起实施，有效期至2027年12月31日。”即2023年1月1日至2027年12月31日有效，目前在有效期内。"),
]


@pytest.mark.parametrize("kind,turns,first", TABLE, ids=[k for k, *_ in TABLE])
def test_each_question_kind_is_answered_first(kind, turns, first):
    _slots, replies = talk(turns, TODAY)
    lines = replies[-1].split("\n")
    assert first in lines[:2], lines[:3]


def test_what_else_names_a_measure_that_asks_no_hukou_after_a_refusal():
    _slots, replies = talk([("我35岁外省户口，失业一年了，能领什么", "ask_benefits")], TODAY)
    assert "【还可以了解】" in replies[-1]
    assert ("· 一次性获证补贴（三（八））：参加本区职业培训机构开展的、纳入本市政府补贴培训范围的技能项目培训，"
            "取得高级工（三级）及以上证书（文件对本项未写户籍、年龄条件）。高级技师（一级）2000元、技师（二级）1500元、"
            "高级（三级）1000元") in replies[-1]


def test_someone_who_meets_every_measure_in_play_is_not_told_what_else():
    _slots, replies = talk([YOUTH, ("我能领什么", "ask_benefits")], TODAY)
    assert "【还可以了解】" not in replies[-1]


def test_an_answer_it_cannot_read_is_asked_once_more_with_skip_then_skipped():
    slots, replies = talk([("我想问灵活就业补贴", "ask_measure")], TODAY)
    asked = slots["asked_fact"]
    slots, replies = talk([("嗯嗯嗯那个", "inform")], TODAY, slots)
    assert slots["asked_fact"] == asked and "跳过" in replies[-1]
    slots, replies = talk([("呃那个", "inform")], TODAY, slots)
    assert asked in slots["skipped_facts"] and slots["asked_fact"] != asked
