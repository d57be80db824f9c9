"""Properties of evaluate() on the one generator of facts (policy_core/synthetic.py).

The generator puts every threshold of measures.yaml below, on and above its line, with
every enum value and unknowns; these properties must hold on all of it.
"""
from __future__ import annotations

import datetime as dt

import pytest

from policy_core import FACT_NAMES, evaluate
from policy_core.catalogue import catalogue
from policy_core.facts import ORG_FACTS, FactsError, parse_facts
from policy_core.reads import facts_read
from policy_core.synthetic import NOT_LIMITS, PARAM_FACTS, Generator, enum_values, lines

STATUSES = {"eligible", "conditional", "ineligible", "undetermined"}
PERS = {"once", "month", "year", "person", "person_month", None}
IDS = [m.id for m in catalogue().measures]
PROFILES = Generator(seed=2026).batch(4000)
# Facts no organisation measure reads: a speaker's own person facts, never asked of an organisation.
ORG_READS = set().union(*(facts_read(m.rule) for m in catalogue().measures if m.audience == "organisation"))


def test_every_parameter_of_the_measures_is_a_line_the_generator_knows():
    for m in catalogue().measures:
        for param in m.params:
            assert param in PARAM_FACTS or param in NOT_LIMITS or param == "working_age", (m.id, param)
    got = lines()
    assert {34, 35, 36} <= set(got["age"]) and {15, 16, 17, 48, 49, 50, 64, 65, 66} <= set(got["age"])
    assert {5, 6, 7} <= set(got["unemployment_months"]) and {23, 24, 25} <= set(got["months_since_graduation"])
    assert {11, 12, 13} <= set(got["contract_months"]) and {0, 1, 2, 3, 4, 5, 6, 7} <= set(got["social_insurance_months"])


def test_the_generator_covers_every_fact_value_and_both_sides_of_each_line():
    seen: dict = {}
    for p in PROFILES:
        for k, v in p.items():
            seen.setdefault(k, set()).add(v)
    assert set(FACT_NAMES) <= set(seen)
    for name in FACT_NAMES:
        if name in ("hukou", "education", "employment_status", "work_region", "certificate_level",
                    "incubator_grade", "startup_competition_prize"):
            assert set(enum_values(name)) <= seen[name], name
    for name, values in lines().items():
        assert set(values) <= seen[name], (name, set(values) - seen[name])
    assert "organisation" in seen["speaker"]
    assert any("age" not in p for p in PROFILES)             # unknowns occur


def test_the_generator_is_seeded():
    assert Generator(seed=5).batch(50) == Generator(seed=5).batch(50)
    assert Generator(seed=5).batch(50) != Generator(seed=6).batch(50)


def test_the_generator_writes_only_valid_input():
    for p in PROFILES:
        parse_facts(p)


@pytest.mark.parametrize("chunk", range(4))
def test_no_result_is_undetermined_with_nothing_to_ask(chunk):
    for p in PROFILES[chunk::4]:
        for r in evaluate(p).results:
            assert r.status != "undetermined" or r.missing_facts, (r.id, p)


@pytest.mark.parametrize("chunk", range(4))
def test_every_result_is_valid_against_the_contract(chunk):
    for p in PROFILES[chunk::4]:
        ev = evaluate(p)
        assert [r.id for r in ev.results] == IDS
        missing_anywhere = set()
        for r in ev.results:
            assert r.status in STATUSES and r.audience in ("person", "organisation")
            assert r.amount.per in PERS
            if r.amount.yuan is None and r.amount.max_total_yuan is None:
                assert r.amount.basis, r.id
            if r.status == "ineligible":
                assert r.reason and any(c.met is False for c in r.conditions), (r.id, p)
            else:
                assert r.reason is None
            if r.status == "undetermined":
                assert all(c.met is not False or c.step for c in r.conditions), (r.id, p)
            else:
                assert r.missing_facts == [], (r.id, p)
            if r.status == "eligible":
                assert all(c.met is True for c in r.conditions), (r.id, p)
            if r.status == "conditional":
                assert any(c.step and c.met is not True for c in r.conditions), (r.id, p)
            assert set(r.missing_facts) <= set(FACT_NAMES)
            missing_anywhere |= set(r.missing_facts)
        if ev.next_fact is not None:
            assert ev.next_fact in missing_anywhere and ev.next_fact not in p, p


def test_an_organisation_speaking_is_never_asked_its_own_person_facts_nor_judged_on_person_measures():
    orgs = [p for p in Generator(seed=9, organisation=1.0).batch(2000)]
    person_ids = {m.id for m in catalogue().measures if m.audience == "person"}
    for p in orgs:
        ev = evaluate(p)
        assert not (set(ev.in_play) & person_ids), p
        assert ev.next_fact is None or ev.next_fact in ORG_READS, (ev.next_fact, p)
        # Its own facts never enter a person measure: the same without them.
        without = {k: v for k, v in p.items() if k not in ORG_FACTS | {"employer_excluded"}}
        bare = {r.id: r for r in evaluate(without).results}
        for r in ev.results:
            if r.id in person_ids:
                assert r == bare[r.id], (r.id, p)


def test_focus_asks_first_what_settles_the_measures_asked_about():
    for p in PROFILES[:1500]:
        for mid in ("talent_return", "skill_certificate", "flexible_employment_youth"):
            ev = evaluate(p, focus=[mid])
            r = ev.result(mid)
            if r.status == "undetermined":
                assert ev.next_fact in r.missing_facts, (mid, p)
        assert evaluate(p, focus=[]).next_fact == evaluate(p).next_fact


@pytest.mark.parametrize("facts", [
    {"unemployed_since": "2026-03-01", "flexible_since": "2026-02-28"},
    {"flexible_since": "2026-12-07"},
])
def test_impossible_flexible_dates_are_bad_input(facts):
    with pytest.raises(FactsError):
        evaluate({"as_of": "2026-12-06", "employment_status": "flexible", **facts})


def test_flexible_dates_on_the_same_day_or_up_to_as_of_are_good_input():
    evaluate({"as_of": "2026-12-06", "unemployed_since": "2026-03-01", "flexible_since": "2026-03-01"})
    evaluate({"as_of": "2026-12-06", "flexible_since": "2026-12-06"})
    evaluate({"flexible_since": "2026-12-06"}, as_of=dt.date(2026, 12, 6))
