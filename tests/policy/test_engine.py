"""evaluate() beyond single cases: its arguments, clauses, periods and what it may ask.

Every test judges on a fixed day (never date.today()).
"""
from __future__ import annotations

import datetime as dt

import pytest

from policy_core import ORG_FACTS, evaluate, fact_info
from policy_core.catalogue import catalogue
from policy_core.reads import facts_read

from policy_core.facts import parse_facts
from policy_core.rules.jobs import situation
from policy_core.synthetic import Generator

DAY = "2026-11-27"
YOUTH = {"age": 28, "hukou": "jinshan", "employment_status": "unemployed", "hard_to_employ_certified": False}


# ---------------------------------------------------------------- as_of
def test_the_as_of_argument_wins_over_the_facts_as_of():
    # 2026-05-26 + 6个月 = 2026-11-26: on 11-26 not yet 超过6个月, on 11-27 it is.
    facts = {**YOUTH, "as_of": "2026-11-27", "unemployed_since": "2026-05-26"}
    assert evaluate(facts).result("flexible_employment_youth").status == "conditional"
    ev = evaluate(facts, as_of=dt.date(2026, 11, 26))
    assert ev.as_of == dt.date(2026, 11, 26)
    assert ev.result("flexible_employment_youth").status == "ineligible"

    later = evaluate({**facts, "as_of": "2026-11-26"}, as_of=dt.date(2026, 11, 27))
    assert later.as_of == dt.date(2026, 11, 27)
    assert later.result("flexible_employment_youth").status == "conditional"


def test_the_as_of_argument_decides_whether_the_policy_is_in_force():
    ev = evaluate({**YOUTH, "as_of": "2027-12-31"}, as_of=dt.date(2028, 1, 1))
    assert ev.in_force is False and ev.as_of == dt.date(2028, 1, 1)
    ev = evaluate({**YOUTH, "as_of": "2028-01-01"}, as_of=dt.date(2027, 12, 31))
    assert ev.in_force is True and ev.as_of == dt.date(2027, 12, 31)


# ---------------------------------------------------------------- skip
def test_skip_passes_over_facts_the_person_could_not_answer():
    facts = {"as_of": DAY}
    assert evaluate(facts).next_fact == "hukou"                       # 4 measures need it
    assert evaluate(facts, skip=["hukou"]).next_fact == "age"         # 3 need age
    assert evaluate(facts, skip=("hukou", "age")).next_fact == "rural_hukou"
    # Skipping changes the question only, never a result.
    assert evaluate(facts, skip=["hukou"]).results == evaluate(facts).results


def test_skipping_the_last_missing_fact_leaves_no_question():
    facts = {"as_of": DAY, **YOUTH, "unemployed_since": "2025-01-01", "rural_hukou": True, "fresh_graduate": True}
    ev = evaluate(facts)
    assert ev.next_fact == "education"
    assert {n for r in ev.results if r.id in ev.in_play for n in r.missing_facts} == {"education"}
    assert evaluate(facts, skip=["education"]).next_fact is None


# ---------------------------------------------------------------- clauses
EMPLOYER_MEASURES = {"talent_return", "rural_cross_district", "employee_training",
                     "job_stabilization", "hr_agency_referral", "paired_region_worker"}


def test_the_employer_condition_rests_on_7_1_and_every_other_on_the_measures_clause():
    facts = {"as_of": DAY, "employment_status": "employed", "employer_excluded": True, "work_region": "jinshan",
             "contract_months": 12, "tax_registered_in_jinshan": True}
    ev = evaluate(facts)
    excluded = "机关、事业单位、社工组织、非正规劳动组织、公益性劳动组织或劳务派遣公司"
    seen = set()
    for r in ev.results:
        for c in r.conditions:
            if excluded in c.text:
                seen.add(r.id)
                assert c.clause == "七（一）", (r.id, c.text, c.clause)
                assert c.met is False, (r.id, c.text)
            else:
                assert c.clause == r.clause, (r.id, c.text, c.clause)
    assert seen == EMPLOYER_MEASURES


# ---------------------------------------------------------------- periods
# Contract, Clarifications: the document's period; null where it states none.
PERIOD = {
    "internship": None, "skill_evaluation_fee": "once", "flexible_employment_youth": "month",
    "talent_return": "once", "internship_living_allowance": "month", "rural_cross_district": "month",
    "incubator_operation": "year", "startup_guidance_station": "year", "competition_hosting": "once",
    "competition_prize": "once", "award_matching": None, "startup_landing": "once",
    "skill_certificate": "once", "chief_technician": None, "training_institution": None,
    "skill_competition_award": None, "skill_competition_hosting": None,
    "skill_competition_training_unit": None, "employee_training": None,
    "job_stabilization": "person_month", "hr_agency_referral": "person", "paired_region_worker": "once",
}


def test_every_measure_states_the_documents_period_whatever_its_amount_depends_on():
    assert [m.id for m in catalogue().measures] == list(PERIOD)
    for m in catalogue().measures:
        for variant, amount in m.amounts.items():   # None: the fact deciding the amount not yet known
            assert amount.per == PERIOD[m.id], (m.id, variant, amount.per)
    out = evaluate({"as_of": DAY}).model_dump(mode="json")
    assert {r["id"]: r["amount"]["per"] for r in out["results"]} == PERIOD


# ---------------------------------------------------------------- what may be asked
def _can_enter_play_without_an_organisation_fact(m) -> bool:
    return m.in_play is None or any(name not in ORG_FACTS for name in m.in_play)


def test_measures_a_citizen_can_bring_into_play_never_need_an_organisation_fact():
    """Why a citizen is never asked about organisations: the in-play rule, held on the catalogue.

    (engine.py once also filtered organisation facts out of next_fact; no profile could
    reach that filter, so it was dropped and the claim rests on this.)"""
    citizen_side = [m for m in catalogue().measures if _can_enter_play_without_an_organisation_fact(m)]
    assert {"internship", "flexible_employment_youth", "talent_return", "rural_cross_district",
            "job_stabilization", "paired_region_worker"} <= {m.id for m in citizen_side}
    for m in citizen_side:
        assert not (facts_read(m.rule) & ORG_FACTS), m.id


def _citizen_profiles(n: int, seed: int) -> list[dict]:
    gen = Generator(seed, organisation=0)
    return [{k: v for k, v in gen.facts().items() if k not in ORG_FACTS} for _ in range(n)]


def test_a_citizen_is_never_asked_an_organisation_fact():
    for p in _citizen_profiles(3000, 5):
        ev = evaluate(p)
        assert ev.next_fact not in ORG_FACTS, (p, ev.next_fact)


def test_an_organisation_that_gave_an_organisation_fact_is_asked_the_next_one():
    org = {"as_of": DAY, "speaker": "organisation"}
    assert evaluate({**org, "guidance_station_in_jinshan": True}).next_fact == "guidance_station_rated"
    assert evaluate({**org, "hr_agency_referred": True, "paired_region_rural_labor": True,
                     "first_job_in_jinshan": True}).next_fact == "hr_agency_quality_shanghai"


# Steps (contract "Status rules"): what the person does to claim; never asked, except a
# current job's region, employer kind and required term (Clarifications 2026-12-06).
STEP_FACTS = {"flexible_employment_registered", "work_region", "contract_months", "contract_open_ended",
              "employment_registered", "social_insurance_months", "insurance_base_below_1_2x_min",
              "skill_evaluation_taken"}
CURRENT_JOB_FACTS = {"work_region", "employer_excluded", "contract_months"}


def test_steps_are_never_missing_facts_nor_next_fact_except_a_current_jobs():
    assert STEP_FACTS <= set(fact_info())
    gen = Generator(13)
    for _ in range(3000):
        p = gen.facts()
        ev = evaluate(p)
        f = parse_facts(p)
        has_job = situation(f, f.as_of).has_job
        allowed = CURRENT_JOB_FACTS if has_job else set()
        assert ev.next_fact not in STEP_FACTS - allowed, p
        for r in ev.results:
            assert not (set(r.missing_facts) & (STEP_FACTS - allowed)), (r.id, r.missing_facts, p)


def test_a_current_jobs_facts_are_missing_only_while_a_job_is_described():
    base = {"as_of": DAY, "age": 30, "hukou": "jinshan", "rural_hukou": True}
    job = evaluate({**base, "employment_status": "employed"}).result("rural_cross_district")
    none = evaluate({**base, "employment_status": "unemployed"}).result("rural_cross_district")
    assert set(job.missing_facts) == CURRENT_JOB_FACTS and job.status == "undetermined"
    assert none.missing_facts == [] and none.status == "conditional"


@pytest.mark.parametrize("months,status", [(5, "ineligible"), (6, "undetermined"), (7, "eligible")])
def test_a_flexible_workers_spell_is_judged_on_whole_months_around_six(months, status):
    facts = {"as_of": DAY, **YOUTH, "employment_status": "flexible", "unemployment_months": months,
             "flexible_employment_registered": True, "social_insurance_months": 1}
    assert evaluate(facts).result("flexible_employment_youth").status == status
