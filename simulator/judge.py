"""Judging one simulated conversation against its persona's truth."""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from policy_core import FACT_NAMES, evaluate
from policy_core.catalogue import catalogue
from policy_core.reads import facts_read
from policy_core.rules.jobs import situation

from .persona import Persona

STATUS_WORDS = {"eligible": ("符合", "可以领取", "可以领"), "conditional": ("还需", "手续", "即可领取"),
                "ineligible": ("不符合", "暂不能", "不能领取"), "undetermined": ("还需确认", "还要看", "还需", "确认")}
MAX_SEARCH = 6


@dataclass
class Verdict:
    success: bool
    wrong: list
    repeats: int
    asked: int
    fewest: int
    turns: int


def _statuses(facts: dict, goals: list, today: dt.date) -> dict:
    ev = evaluate(dict(facts, as_of=today.isoformat()))
    return {m: ev.result(m).status for m, _ in goals}


def fewest(p: Persona, today: dt.date) -> int:
    """The fewest of the persona's true facts that settle its goal measures as the whole truth
    does (search capped at MAX_SEARCH facts; beyond it, the cap). Every rule is judged on the
    situation too (the employment status, a running spell, flexible work): the facts it reads
    are searched with the rule's own."""
    want = _statuses(p.truth, p.goals, today)
    read = set(facts_read(situation)).union(*(facts_read(catalogue().measure(m).rule) for m, _ in p.goals))
    relevant = [f for f in p.truth if f in read]
    for k in range(0, min(MAX_SEARCH, len(relevant)) + 1):
        for subset in itertools.combinations(relevant, k):
            if _statuses({f: p.truth[f] for f in subset}, p.goals, today) == want:
                return k
    return MAX_SEARCH


def _answers_goal(text: str, measure: str, status: str) -> bool:
    r = catalogue().measure(measure)
    named = r.name in text
    worded = any(w in text for w in STATUS_WORDS[status])
    a = r.amount(None)
    figure = True if a.yuan is None and not r.amounts.get(None).max_total_yuan else \
        any(str(v.yuan) in text.replace(",", "") for v in r.amounts.values() if v.yuan) or \
        (a.max_total_yuan is not None and str(a.max_total_yuan) in text)
    return named and worded and figure


def judge(p: Persona, slots: dict, log: list, asked_seq: list, today: dt.date) -> Verdict:
    recorded = {k: slots[k] for k in FACT_NAMES if slots.get(k) is not None}
    wrong = [k for k, v in recorded.items() if k in p.truth and p.truth[k] != v
             or k not in p.truth and k not in ("employment_status",)]
    truth_status = _statuses(p.truth, p.goals, today)
    got_status = _statuses(recorded, p.goals, today)
    replies = [text for _user, text in log]
    answered = all(any(_answers_goal(t, m, got_status[m]) for t in replies) for m, _ in p.goals)
    repeats = sum(1 for (a, _), (b, answered) in zip(asked_seq, asked_seq[1:]) if a and a == b and answered)
    return Verdict(success=truth_status == got_status and answered, wrong=wrong, repeats=repeats,
                   asked=sum(1 for a, _ in asked_seq if a), fewest=fewest(p, today), turns=len(log))
