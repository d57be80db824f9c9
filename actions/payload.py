"""The one structured result every front door renders (kiosk cards, agent desk, mini-program):
the facts held, every measure's status, amount, missing facts, open steps, reason and clause,
and the next question. Doors read this, never the reply text; they build it after each turn from
the slots the turn left (channels/doors/common.converse), so it is never stored in the tracker.
An ineligible measure also carries `refusal`: the one refusal sentence the dialogue says
(dialogue.refusal: 本项要求35周岁及以下，按您说的是58岁，所以暂不符合。), so a door shows what is
not met instead of the bare condition in `reason`."""
from __future__ import annotations

import datetime as dt
from typing import Optional

import re

from policy_core import FACT_NAMES, evaluate
from policy_core.explain import amount_text

from . import templates as T

_HINT = re.compile(r"例如：.*$")      # a typing hint is not read aloud


def result_payload(facts: dict, skipped: list, today: dt.date, asked: Optional[str] = None,
                   subject: Optional[str] = None, org: bool = False, caller: bool = False) -> dict:
    from .dialogue import State, _question, about, about_answer, refusal   # the dialogue's own sentences: one builder

    held = {k: facts[k] for k in FACT_NAMES if facts.get(k) is not None}
    ev = evaluate(dict(held, as_of=today.isoformat()), skip=skipped)
    state = State(facts=held, skipped=list(skipped), subject=subject)
    results = []
    for r in ev.results:
        results.append({
            "id": r.id, "name": r.name, "clause": r.clause, "audience": r.audience, "status": r.status,
            "in_play": r.id in ev.in_play,
            "amount": r.amount.model_dump(mode="json"), "amount_text": amount_text(r.amount),
            "missing_facts": list(r.missing_facts),
            "steps": [c.text for c in r.conditions if c.step and c.met is not True],
            "reason": r.reason,
            "refusal": about_answer(refusal(r, state, today), subject) if r.status == "ineligible" else None,
            # what is still open about the person (what the doors show as 还需确认)
            "open_conditions": [c.text for c in r.conditions if c.met is None and not c.step],
        })
    question = None
    if asked and asked in T.QUESTIONS:
        shown = _question(asked, org, subject)
        # as the agent desk reads it to the caller: about the same person as the screen (他/她, 员工)
        aloud = _question(asked, org, subject, door="agent")["text"]
        question = {"fact": asked, "text": shown["text"], "buttons": shown["buttons"],
                    # the agent reads it to the caller: 您 when the person talked about is the caller
                    # (来电人…), 他/她 when the caller asks for someone else (来电人问儿子…)
                    "read_aloud": _HINT.sub("", aloud) if org else about(aloud, None if caller else subject)}
    return {"facts": held,
            "result": {"policy": ev.policy, "as_of": ev.as_of.isoformat(), "in_force": ev.in_force,
                       "next_fact": ev.next_fact, "results": results},
            "next_question": question}
