"""evaluate(facts): judge one person or organisation against every measure.

Input is validated once (facts.parse_facts); the result is built from trusted
parts with model_construct, never validated again. A measure's result depends
only on its checks and amount variant, so results are memoised per measure.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Optional

from .catalogue import Catalogue, Measure, catalogue
from .facts import FACT_NAMES, INPUTS, ORG_FACTS, Facts, check_dates, parse_facts
from .model import Condition, Evaluation, MeasureResult, built
from .rules.jobs import situation
from .rules.logic import Check

# Entries kept before a memo starts afresh: bounded memory (a few hundred MB at most per
# process), large enough that a roster of distinct people still finds most results there.
_MEMO_LIMIT = 50_000          # per situation and measure: the facts a rule reads -> result
_CHECKS_LIMIT = 100_000       # (measure, checks, variant) -> result: few distinct ones
_ORDER = {name: i for i, name in enumerate(FACT_NAMES)}


def _judge(m: Measure, checks: list[Check], variant) -> MeasureResult:
    fail = next((c for c in checks if c.met is False and (not c.step or c.job)), None)
    missing: list[str] = []
    if fail is not None:
        status = "ineligible"
    else:
        unknown = [c for c in checks if c.met is None and not c.step]
        for c in unknown:
            missing += [a for a in c.ask if a not in missing]
        if unknown:   # missing may stay empty when no fact the core takes settles it
            status = "undetermined"
        elif any(c.step and c.met is not True for c in checks):
            status = "conditional"
        else:
            status = "eligible"
    return built(
        MeasureResult, id=m.id, name=m.name, clause=m.clause, audience=m.audience, status=status,
        amount=m.amount(variant),
        conditions=[m.condition(c.key, c.met, c.step) for c in checks],
        missing_facts=missing,
        reason=m.texts[fail.key] if fail is not None else None,
        source=m.source,
    )


def _memos(cat: Catalogue, s) -> dict:
    memo = cat.memo.setdefault("by_situation", {})
    memos = memo.get(s)
    if memos is None:
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memos = memo[s] = {m.id: {} for m in cat.measures}
    return memos


def sides(f: Facts, day: dt.date) -> dict:
    """The facts and situation each audience's measures are judged on.

    An organisation speaking: its own facts never enter a person measure
    (contract, Clarifications 2026-12-06)."""
    s = situation(f, day)
    same = (f, s)
    both = {"organisation": same, "person": same}
    if hides_own_org_facts(f):
        fp = f.model_copy(update={n: None for n in OWN_ORG_FACTS})
        both["person"] = (fp, situation(fp, day))
    return both


def hides_own_org_facts(f) -> bool:
    """An organisation speaking with facts of its own: person measures are judged without
    them (OWN_ORG_FACTS set to unknown). Reads the facts only as attributes."""
    return f.speaker == "organisation" and any(getattr(f, n) is not None for n in OWN_ORG_FACTS)


def judge(cat: Catalogue, m: Measure, f: Facts, s) -> MeasureResult:
    """One measure's result on the facts (of its side) and situation: the rule, then the
    shared result for its checks. evaluate() memoises this; the screen calls it once per
    distinct input of the measure."""
    checks, variant = m.rule(f, m.params, s)
    return _judged(cat, m, tuple(checks), variant if variant in m.amounts else None)


def _results(cat: Catalogue, f: Facts, day: dt.date) -> list[MeasureResult]:
    """Each measure's result, memoised on (situation, the facts its rule reads)."""
    judged_on = sides(f, day)
    # The memos of each side's situation, looked up once per person rather than per measure.
    person = judged_on["person"]
    side = (_memos(cat, person[1]), *person)
    org = judged_on["organisation"]
    memos = {"person": side, "organisation": side if org is person else (_memos(cat, org[1]), *org)}
    out = []
    for m in cat.measures:
        by_measure, f_m, s_m = memos[m.audience]
        memo = by_measure[m.id]
        key = m.key_of(f_m)
        r = memo.get(key)
        if r is None:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            r = memo[key] = judge(cat, m, f_m, s_m)
        out.append(r)
    return out


# The memos live on the catalogue (cat.memo): situation -> measure id -> read values -> result,
# and (measure id, checks, variant) -> result, since many fact sets judge alike. A catalogue
# with changed parameters has its own, so no result crosses from one parameter set to another.


def _judged(cat: Catalogue, m: Measure, checks: tuple, variant) -> MeasureResult:
    by_checks = cat.memo.setdefault("by_checks", {})
    key = (m.id, checks, variant)
    r = by_checks.get(key)
    if r is None:
        if len(by_checks) >= _CHECKS_LIMIT:
            by_checks.clear()
        r = by_checks[key] = _judge(m, list(checks), variant)
    return r


def not_in_force(cat: Catalogue, m: Measure) -> MeasureResult:
    out_of_force = cat.memo.setdefault("out_of_force", {})
    r = out_of_force.get(m.id)
    if r is None:
        v = cat.policy["validity"]
        cond = Condition.model_construct(text=v["condition"], met=False, step=False, clause=v["clause"])
        r = out_of_force[m.id] = MeasureResult.model_construct(
            id=m.id, name=m.name, clause=m.clause, audience=m.audience, status="ineligible",
            amount=m.amount(None), conditions=[cond], missing_facts=[], reason=v["condition"],
            source=m.source)
    return r


def _next_fact(results: list[MeasureResult], in_play: set[str],
               skip: Iterable[str] = (), focus: Iterable[str] = ()) -> Optional[str]:
    """The missing fact that settles the most undetermined in-play measures.

    A citizen is never asked about organisations because of what is in play: a measure
    that can miss an organisation fact comes into play only once an organisation fact
    has been given (tests/policy/test_engine.py checks this on the catalogue).
    `focus`: the measures asked about are settled first (Clarifications 2026-12-06).
    """
    skip = set(skip)
    focus = set(focus)
    for measures in ((focus, in_play) if focus else (in_play,)):   # no focus: one pass, not two
        counts: dict[str, int] = {}
        for r in results:
            if r.status == "undetermined" and r.id in measures:
                for name in r.missing_facts:
                    if name not in skip:
                        counts[name] = counts.get(name, 0) + 1
        if counts:
            return min(counts, key=lambda n: (-counts[n], _ORDER[n]))
    return None


def _in_play(cat: Catalogue, given: set[str], organisation: bool) -> list[str]:
    # Only the facts that bring a measure into play matter: memoised on them.
    key = (frozenset(given.intersection(_TRIGGERS)), organisation)
    ids = _in_play_memo.get(key)
    if ids is None:
        ids = set() if organisation else set(_ALWAYS)
        for name in key[0]:
            ids.update(_TRIGGERS[name])
        ids = _in_play_memo[key] = tuple(
            m.id for m in cat.measures if m.id in ids and not (organisation and m.audience == "person"))
    return list(ids)


_in_play_memo: dict = {}     # which measures are in play does not depend on parameters


# An organisation's own facts (contract, Clarifications 2026-12-06: e.g. employer_excluded):
# never read into a person measure when the organisation speaks.
OWN_ORG_FACTS = ORG_FACTS | {"employer_excluded"}
_OWN_ORG_FACTS = OWN_ORG_FACTS


def evaluate(facts: Any, as_of: Optional[dt.date] = None, skip: Iterable[str] = (),
             focus: Optional[Iterable[str]] = None, cat: Optional[Catalogue] = None) -> Evaluation:
    """Judge facts (a dict or Facts) on `as_of` (default: the facts' as_of, else today).

    `skip`: facts the person could not answer; next_fact passes over them.
    `focus`: measure ids asked about; next_fact settles them first.
    `cat`: the measures to judge by (catalogue.catalogue_with: changed parameters);
    default: as the document writes them.
    """
    f = parse_facts(facts)
    day = as_of or f.as_of or dt.date.today()
    check_dates(f, day)
    cat = cat or catalogue()
    organisation = f.speaker == "organisation"
    given = {n for n in f.model_fields_set if n not in INPUTS and getattr(f, n) is not None}
    in_play = _in_play(cat, given, organisation)
    in_force = cat.start <= day <= cat.end
    if in_force:
        results = _results(cat, f, day)
        next_fact = _next_fact(results, set(in_play), skip, focus or ())
    else:
        results = [not_in_force(cat, m) for m in cat.measures]
        next_fact = None
    return built(Evaluation,
                 policy=cat.policy["policy"], as_of=day, in_force=in_force, results=results,
                 next_fact=next_fact, in_play=in_play)


_ALWAYS = tuple(m.id for m in catalogue().measures if m.in_play is None)
_TRIGGERS: dict[str, list[str]] = {}
for _m in catalogue().measures:
    for _name in _m.in_play or ():
        _TRIGGERS.setdefault(_name, []).append(_m.id)
