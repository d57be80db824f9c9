"""evaluate(facts): judge one person or organisation against every measure.

Input is validated once (facts.parse_facts); the result is built from trusted
parts with model_construct, never validated again. A measure's result depends
only on its checks and amount variant, so results are memoised per measure.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from .catalogue import Catalogue, Measure, catalogue
from .facts import FACT_NAMES, Facts, fact_info, parse_facts
from .model import Evaluation, MeasureResult
from .rules.jobs import situation
from .rules.logic import Check

_MEMO_LIMIT = 20_000          # distinct (checks, variant) per measure; far above what occurs
_ORDER = {name: i for i, name in enumerate(FACT_NAMES)}


def _judge(m: Measure, checks: list[Check], variant) -> MeasureResult:
    fail = next((c for c in checks if c.met is False and (not c.step or c.job)), None)
    missing: list[str] = []
    if fail is not None:
        status = "ineligible"
    else:
        for c in checks:
            if c.met is None and not c.step:
                missing += [a for a in c.ask if a not in missing]
        if missing:
            status = "undetermined"
        elif any(c.step and c.met is not True for c in checks):
            status = "conditional"
        else:
            status = "eligible"
    return MeasureResult.model_construct(
        id=m.id, name=m.name, clause=m.clause, audience=m.audience, status=status,
        amount=m.amount(variant),
        conditions=[m.condition(c.key, c.met, c.step) for c in checks],
        missing_facts=missing,
        reason=m.texts[fail.key] if fail is not None else None,
        source=m.source,
    )


def _result(m: Measure, f: Facts, s) -> MeasureResult:
    checks, variant = m.rule(f, m.params, s)
    key = (tuple(checks), variant if variant in m.amounts else None)
    memo = _memo.setdefault(m.id, {})
    r = memo.get(key)
    if r is None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        r = memo[key] = _judge(m, checks, key[1])
    return r


_memo: dict[str, dict] = {}
_out_of_force: dict[str, MeasureResult] = {}


def _not_in_force(cat: Catalogue, m: Measure) -> MeasureResult:
    r = _out_of_force.get(m.id)
    if r is None:
        v = cat.policy["validity"]
        from .model import Condition
        cond = Condition.model_construct(text=v["condition"], met=False, step=False, clause=v["clause"])
        r = _out_of_force[m.id] = MeasureResult.model_construct(
            id=m.id, name=m.name, clause=m.clause, audience=m.audience, status="ineligible",
            amount=m.amount(None), conditions=[cond], missing_facts=[], reason=v["condition"],
            source=m.source)
    return r


def _next_fact(results: list[MeasureResult], in_play: list[str], org_given: bool) -> Optional[str]:
    """The missing fact that settles the most undetermined in-play measures."""
    counts: dict[str, int] = {}
    for r in results:
        if r.status == "undetermined" and r.id in in_play:
            for name in r.missing_facts:
                counts[name] = counts.get(name, 0) + 1
    if not org_given:   # a citizen is never asked about organisations
        info = fact_info()
        counts = {n: c for n, c in counts.items() if not info[n].get("org")}
    if not counts:
        return None
    return min(counts, key=lambda n: (-counts[n], _ORDER[n]))


def evaluate(facts: Any, as_of: Optional[dt.date] = None) -> Evaluation:
    """Judge facts (a dict or Facts) on `as_of` (default: the facts' as_of, else today)."""
    f = parse_facts(facts)
    day = as_of or f.as_of or dt.date.today()
    cat = catalogue()
    given = {n for n in f.model_fields_set if n != "as_of" and getattr(f, n) is not None}
    in_play = [m.id for m in cat.measures if m.in_play is None or given.intersection(m.in_play)]
    in_force = cat.start <= day <= cat.end
    if in_force:
        s = situation(f, day)
        results = [_result(m, f, s) for m in cat.measures]
    else:
        results = [_not_in_force(cat, m) for m in cat.measures]
    info = fact_info()
    org_given = any(info[n].get("org") for n in given)
    return Evaluation.model_construct(
        policy=cat.policy["policy"], as_of=day, in_force=in_force, results=results,
        next_fact=_next_fact(results, in_play, org_given) if in_force else None, in_play=in_play)
