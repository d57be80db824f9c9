"""Which of the rules' facts a message may write: only what it asserts about the person
(or organisation) in focus. Supposes, asks, intends and hearsay write nothing; a hedge is
confirmed first; a third party's fact, or the writer's own in a talk about someone else
(or about an organisation), is not the subject's.
"""
from __future__ import annotations

import re

from policy_core.catalogue import catalogue
from policy_core.reads import facts_read

from .read import CONFIDENT
from .typed import Reading

# What no organisation measure reads (age, 户籍, degree…): said by an organisation's clerk,
# it is the clerk's own, never the organisation's nor its workers'.
PERSONAL = frozenset(set().union(*(facts_read(m.rule) for m in catalogue().measures))
                     - set().union(*(facts_read(m.rule) for m in catalogue().measures
                                     if m.audience == "organisation")))

NOT_ASSERTED = ("asks", "supposes", "intends", "hearsay")
# The writer's own fact in a talk about someone else: the holder classifier confuses "self"
# and "asked_about" (他大专毕业 in a mother's message, a hotline note 男，32…), and on the
# conversation sets setting "self" apart lost 13 of the 60 strangers' conversations. So the
# rule reader's own subject tracking (fact_extraction: 我自己…, 不问我的) decides that, and
# the classifier only sets apart third parties and, when an organisation speaks, the
# clerk's own personal facts.
SELF_APART = 1.01
# A third party's fact: on the corpus's dev split the holder classifier sets them apart well
# (0.5–0.9 all within 1.4 points), but on real conversations it called 全日制 and 应届 in a
# graduate's own long message third parties (0.87): it reads the whole message and has learnt
# the corpus's stacked clauses. Until a holder model reads as well as the act model does, the
# rule reader's own side-people tracking (我朋友…, 其丈夫…不在本次咨询范围) decides.
THIRD_PARTY = 1.01


# 失业10个月左右 / 失业大概一年: a loose number right after the word of being out of work
_LOOSE_NUMBER = re.compile(r"(?:了)?(?:大概|大约|差不多|估计|将近|快)?[0-9一二三四五六七八九十两半几]+[^，,。；;]{0,4}?(?:左右|上下|来|多|出头)")


def sift(reading: Reading, new: dict, organisation: bool, about_other: bool) -> tuple[dict, dict, dict]:
    """(kept, hedged, dropped) of `new`, each fact -> value; a fact the reading does not
    locate is kept as the rules read it."""
    kept, hedged, dropped = dict(new), {}, {}
    for m in reading.mentions:
        if m.fact not in kept or kept[m.fact] != m.value:
            continue
        if not m.span:      # read only as the answer to the pending question: dropped when it asks
            if m.act in NOT_ASSERTED:
                dropped[m.fact] = kept.pop(m.fact)
            continue
        holder_out = m.holder_p >= THIRD_PARTY and m.holder == "third_party" or m.holder == "self" and (
            about_other and m.holder_p >= SELF_APART or organisation and m.fact in PERSONAL and m.holder_p >= CONFIDENT)
        if m.act_p >= CONFIDENT and m.act in NOT_ASSERTED or holder_out:
            dropped[m.fact] = kept.pop(m.fact)
        elif m.act_p >= CONFIDENT and m.act == "hedges" and not (
                m.fact == "employment_status" and m.value == "unemployed" and (
                    {"unemployment_months", "unemployed_since"} & set(new)
                    or _LOOSE_NUMBER.match(reading.text, m.end or 0))):
            # (失业10个月左右: the number is loose, and its range rule takes it; being out of work is not)
            hedged[m.fact] = kept.pop(m.fact)
    away = [m for m in reading.mentions if m.fact == "employment_status" and (
        m.act in ("hearsay", "intends", "asks", "supposes") or m.holder == "third_party")]   # not their own work now
    planned_flex = dropped.get("flexible_employment_registered") is True and "employment_status" not in new
    if ("employment_status" in dropped and away or planned_flex) and "employment_status" not in kept \
            and "flexible_since" not in kept \
            and "flexible_employment_registered" not in kept \
            and any(f in kept for f in ("unemployed_since", "unemployment_months")) \
            and reading.pending not in ("unemployed_since", "unemployment_months", "flexible_since"):
        # 湿业一年半了 隔壁小王讲伊跑快递…: the neighbour's work set aside, a spell going on is being out of work
        kept["employment_status"] = "unemployed"
    return kept, hedged, dropped
