"""Questions about 金就办〔2023〕1号 itself, by family: every wording of a family gets the
document's answer with its clause; follow-ups stay on the topic just discussed; where the
document is silent the answer says so and names 区人力资源社会保障部门 (七（三））.
Judged on fixed dates."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from actions import answers
from actions.templates import NOT_UNDERSTOOD
from policy_core.clauses import POLICY_FILE, check_excerpt

from .talk import talk

TODAY = dt.date(2026, 12, 2)        # after the old policy's claim deadline, inside validity
EARLY = dt.date(2023, 2, 1)         # before the old policy's claim deadline (2023-03-31)
KINDS = ["机关", "事业单位", "社工组织", "非正规劳动组织", "公益性劳动组织", "劳务派遣公司"]


def last(turns, today=TODAY, slots=None):
    slots, replies = talk(turns, today, slots)
    assert all(r.strip() for r in replies), replies
    assert NOT_UNDERSTOOD not in replies[-1], replies[-1]
    return slots, replies[-1]


# ---------------------------------------------------------------- data

def test_every_document_fact_is_quoted_from_its_clause():
    policy = yaml.safe_load(open("policy_core/data/policy.yaml", encoding="utf-8"))
    quoted = [k for k, v in policy.items() if isinstance(v, dict) and "source" in v]
    assert {"validity", "old_policy", "excluded_employers", "interpretation", "fraud", "precedence",
            "incubator_revocation"} <= set(quoted)
    for key in quoted:
        check_excerpt(policy[key]["clause"], policy[key]["source"])
    assert policy["excluded_employers"]["kinds"] == KINDS


@pytest.mark.parametrize("name", ["validity", "old_policy", "excluded_employers", "interpretation", "fraud",
                                  "precedence", "incubator_revocation", "how_to_apply", "combine",
                                  "paired_region_definition", "contact", "who_to_ask", "document"])
def test_document_answers_invent_no_number_phone_or_address(name):
    text = answers.topic(name, TODAY, "", {})
    source = POLICY_FILE.read_text(encoding="utf-8").replace(" ", "")
    allowed = {str(TODAY.year), str(TODAY.month), str(TODAY.day), "3"}   # today's date; 3种情形
    for number in re.findall(r"\d+", text):
        assert number in source or number in allowed, (name, number)
    assert not re.search(r"http|www|\.com|\d{3,4}-\d{7,8}|1[3-9]\d{9}|路\d+号", text)


# ---------------------------------------------------------------- 七（一）用人单位

@pytest.mark.parametrize("text", ["文件里说的用人单位 哪些是不算的", "哪些单位不算用人单位", "用人单位不包括哪些",
                                  "文件里的用人单位有哪些不算"])
def test_which_employers_do_not_count_names_every_kind_with_the_clause(text):
    _, said = last([(text, "ask_policy")])
    assert "七（一）" in said and "不包括" in said
    for kind in KINDS:
        assert kind in said


@pytest.mark.parametrize("text,kind", [
    ("社工组织算不算", "社工组织"), ("社工组织也不算？", "社工组织"), ("社工机构算用人单位吗", "社工组织"),
    ("劳务派遣公司算用人单位吗", "劳务派遣公司"), ("派遣公司可以吗", "劳务派遣公司"),
    ("事业单位算不算", "事业单位"), ("机关单位的人能领吗", "机关"),
    ("公益性劳动组织呢", "公益性劳动组织"), ("非正规劳动组织属于用人单位吗", "非正规劳动组织"),
])
def test_each_excluded_kind_asked_by_name_gets_a_clear_no(text, kind):
    slots, said = last([(text, "ask_policy")])
    assert said.startswith(f"{kind}不算"), said
    assert "七（一）" in said
    assert slots.get("employer_excluded") is None      # a question, not a fact about anyone


def test_a_kind_the_clause_does_not_name_is_not_called_excluded():
    _, said = last([("国企算不算用人单位", "ask_policy")])
    assert "国企不在七（一）列出的排除范围内" in said and "区人力资源社会保障部门" in said


def test_the_follow_up_on_a_kind_stays_on_employers():
    _, said = last([("文件里说的用人单位 哪些不算", "ask_policy"), ("那社工组织呢", "ask_policy")])
    assert said.startswith("社工组织不算")


# ---------------------------------------------------------------- 七（二）validity, old policy, precedence

@pytest.mark.parametrize("text", ["金就办〔2023〕1号这个文件是哪天开始执行的", "请问金就办2023年1号文是啥时候开始实施的",
                                  "这个政策什么时候失效", "文件哪年到期", "那有效期到啥时候", "这个政策我看是2023年开始的"])
def test_validity_in_its_wordings(text):
    slots, said = last([(text, "ask_policy")])
    assert "2023年1月1日" in said and "2027年12月31日" in said and "七（二）" in said
    assert slots["last_topic"] == "validity"


def test_a_year_after_the_end_is_out_of_validity():
    _, said = last([("要是等到2028年再去申请 还能享受吗", "what_if")])
    assert "2028年已过有效期" in said and "2027年12月31日" in said


def test_validity_is_judged_on_the_day_asked():
    assert "目前在有效期内" in answers.validity(dt.date(2027, 12, 31))
    assert "今天不在有效期内" in answers.validity(dt.date(2028, 1, 1))


@pytest.mark.parametrize("text", ["以前那个金山区扶持创业带动就业实施办法还有效吗", "原来的老政策还能申请吗",
                                  "金人社规〔2019〕1号还能用吗", "我有一笔2022年的补贴一直没去申请 现在还能申请吗",
                                  "老政策的钱什么时候截止申请"])
def test_old_policy_in_its_wordings(text):
    _, said = last([(text, "ask_policy")])
    assert "金人社规〔2019〕1号" in said and "2022年12月31日停止执行" in said and "2023年3月31日" in said
    assert "有效期至2027年12月31日" not in said      # the old policy's question, not this one's validity
    assert "已过这个申请受理期限" in said


def test_old_policy_deadline_is_judged_on_the_day_asked():
    _, said = last([("原来的老政策还能申请吗", "ask_policy")], today=EARLY)
    assert "还在这个申请受理期限内" in said


@pytest.mark.parametrize("follow_up", ["那截止到什么时候？", "过了期限还能申请吗", "截止日期呢"])
def test_a_deadline_follow_up_stays_on_the_old_policy(follow_up):
    _, said = last([("原来那个金山区扶持创业带动就业实施办法现在还能用吗", "ask_policy"),
                    ("我们2022年有笔补贴没来得及申请 还能按老办法申请吗", "ask_benefits"),
                    (follow_up, "ask_policy")])
    assert "2023年3月31日" in said and "七（二）" in said


@pytest.mark.parametrize("text", ["金就办2023年1号文件跟国家的政策是什么关系",
                                  "要是以后国家或者市里出了新政策 跟这个文件说的不一样 按哪个来",
                                  "以哪个为准", "国家政策和这个不一样怎么办"])
def test_national_and_city_rules_prevail(text):
    _, said = last([(text, "ask_policy")])
    assert "以国家和本市法规政策为准" in said and "七（二）" in said


# ---------------------------------------------------------------- 二（五）a base's title

@pytest.mark.parametrize("text", ["假如一个基地连续两年都评了D级的话 会怎么样", "孵化基地连续2年D级会怎样",
                                  "会不会直接被取消示范基地称号", "不达标会被摘牌吗", "基地没参加评估会怎么样"])
def test_when_a_base_loses_its_title(text):
    _, said = last([(text, "ask_policy")])
    assert "取消区级创业孵化示范基地称号" in said and "连续两年评估为D级" in said and "二（五）" in said


def test_a_supposed_grade_is_not_stored():
    slots, _ = last([("假如一个基地连续两年都评了D级的话 会怎么样", "what_if")])
    assert slots.get("incubator_grade") is None


def test_one_d_grade_is_not_a_case_of_losing_the_title():
    _, said = last([("孵化基地评了D级 还有运作费吗", "ask_measure"), ("会不会直接被取消示范基地称号", "inform")])
    assert "只评过一年D级的，不在上面列出的情形中" in said and "连续两年" in said


# ---------------------------------------------------------------- 六（三）fraud

@pytest.mark.parametrize("text", ["这个文件里对骗补贴的有什么说法", "如果有单位用假材料骗就业补贴 文件里怎么处理",
                                  "骗补贴要坐牢吗", "虚报冒领会判刑吗", "伪造材料领补贴会怎样"])
def test_fraud_in_its_wordings(text):
    _, said = last([(text, "ask_policy")])
    assert "责令改正" in said and "刑事责任" in said and "六（三）" in said


@pytest.mark.parametrize("follow_up", ["严重的呢", "严重的呢 会不会坐牢", "单位会被怎么处理"])
def test_a_fraud_follow_up_stays_on_fraud(follow_up):
    _, said = last([("骗取就业资金是什么后果", "ask_policy"), (follow_up, "nlu_fallback")])
    assert "刑事责任" in said


# ---------------------------------------------------------------- 七（三）and what the document does not say

@pytest.mark.parametrize("text", ["里面各项条款的认定标准、申请和发放流程由哪个部门负责制定和解释？",
                                  "那这些细则由哪个部门来定 谁解释", "最终解释权归谁"])
def test_who_interprets(text):
    _, said = last([(text, "ask_policy")])
    assert "区人力资源社会保障部门" in said and "七（三）" in said


@pytest.mark.parametrize("turns", [
    [("灵活就业补贴去哪里申请", "ask_policy"), ("要准备什么材料 文件里有写吗", "ask_policy")],
    [("稳岗补贴申请要准备哪些材料", "ask_policy"), ("文件里没写吗 那我该问谁", "ask_policy")],
    [("我看了金就办2023年1号文件 里面有个灵活就业补贴", "ask_measure"), ("这个去哪里申请啊 在哪个窗口办", "ask_policy")],
    [("网上能申请吗", "ask_policy")], [("找谁咨询", "ask_policy")],
])
def test_what_the_document_does_not_say_names_who_decides(turns):
    _, said = last(turns)
    assert "文件没有" in said and "区人力资源社会保障部门" in said
    assert not re.search(r"\d{7,}", said)               # no phone number


def test_the_document_named_alone_is_introduced_not_misunderstood():
    _, said = last([("想问一下金就办〔2023〕1号文件", "ask_policy")])
    assert "金山区关于进一步做好稳就业促发展工作的实施意见" in said and "2027年12月31日" in said


def test_naming_the_document_with_a_measure_answers_the_measure():
    _, said = last([("我看了金就办2023年1号文件 里面有个灵活就业补贴", "ask_measure")])
    assert said.startswith("灵活就业补贴") and "1000元/月" in said


# ---------------------------------------------------------------- follow-ups do not hijack other questions

def test_a_benefits_question_after_a_document_answer_is_not_a_follow_up():
    _, said = last([("我26岁，金山户口，失业10个月了", "inform"), ("这个政策有效期到什么时候", "ask_policy"),
                    ("那我能领什么", "ask_benefits")])
    assert "有效期至2027年12月31日" not in said and "灵活就业补贴" in said


def test_a_what_if_after_a_document_answer_is_a_what_if():
    _, said = last([("骗补贴会怎么样", "ask_policy"), ("如果我是硕士呢", "what_if")])
    assert "刑事责任" not in said and "假设" in said


def test_the_last_topic_is_forgotten_after_another_kind_of_answer():
    slots, _ = last([("骗补贴会怎么样", "ask_policy"), ("我26岁", "inform")])
    assert slots.get("last_topic") is None
