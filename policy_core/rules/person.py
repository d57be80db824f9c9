"""Rules for the person-facing measures, one function per measure id.

Each takes the facts, the measure's parameters (data/measures.yaml) and the
situation, and returns its checks and the amount variant (None: the default).
"""
from __future__ import annotations

from ..durations import add_months, longer_than, within
from ..facts import Facts
from .jobs import Situation, insurance, insurance_base, job_steps, registered
from .logic import Check, all3, any3, at_most, flag, is_, is_in, person

DEGREES_PAID = ("bachelor", "master", "doctor")          # 一（三）本科、硕士研究生、博士研究生
SHANGHAI_HUKOU = ("jinshan", "shanghai_other")           # 本市户籍
CERTIFICATES_PAID = ("level1", "level2", "level3")       # 三（八）一级、二级、三级


def _graduating(f: Facts, s: Situation):
    """毕业学年学生: someone known to be out of school is not one."""
    if f.graduating_student is not None:
        return f.graduating_student
    return False if s.status not in (None, "student") else None


def internship(f: Facts, p: dict, s: Situation):
    # 一（一）three groups may join; meeting any one is enough.
    unemployed = is_(s.status, "unemployed")
    groups = {
        "group_youth": ({"age": at_most(f.age, p["age_max"]), "hukou": is_in(f.hukou, SHANGHAI_HUKOU),
                         "employment_status": unemployed}),
        "group_graduate": ({"employment_status": unemployed, "full_time_education": f.full_time_education,
                            "graduation_date": within(f.graduation_date, f.months_since_graduation,
                                                      p["months_since_leaving_max"], s.as_of)}),
        "group_student": ({"graduating_student": _graduating(f, s),
                           "full_time_education": f.full_time_education,
                           "school_in_shanghai": f.school_in_shanghai}),
    }
    verdicts = {k: all3(*g.values()) for k, g in groups.items()}
    met = any3(*verdicts.values())
    if met:
        who = Check(next(k for k, v in verdicts.items() if v), True)
    elif met is False:
        who = Check("no_group", False)
    else:
        ask = []
        for k, g in groups.items():
            if verdicts[k] is None:
                ask += [fact for fact, v in g.items() if v is None and fact not in ask]
        who = Check("any_group", None, tuple(ask))
    return [who, Check("take_part", True if f.in_jinshan_internship_base else None, step=True)], None


def _graduating_when_evaluated(f: Facts, s: Situation) -> Check:
    """毕业学年学生 is read when the evaluation is taken (Clarifications 2026-12-06): one who
    took it in the graduating year keeps the right after leaving school; one who left
    school without taking it has none."""
    left_school = s.status not in (None, "student")
    if left_school and f.skill_evaluation_taken is False:
        return person("graduating_student", False)
    return person("graduating_student", f.graduating_student, "graduating_student")


def skill_evaluation_fee(f: Facts, p: dict, s: Situation):
    return [
        _graduating_when_evaluated(f, s),
        flag("school_in_jinshan", f.school_in_jinshan, "school_in_jinshan"),
        flag("first_skill_evaluation", f.first_skill_evaluation, "first_skill_evaluation"),
        # The fee is paid for taking part: taking the evaluation is a step.
        Check("taken", f.skill_evaluation_taken, step=True),
    ], None


def _long_unemployed(f: Facts, p: dict, s: Situation) -> Check:
    """连续失业时间超过N个月.

    A running spell is judged up to as_of. For someone now in flexible work the spell
    runs from unemployed_since to flexible_since (contract, Clarifications 2026-12-06,
    whose table this follows row by row).
    """
    limit = p["unemployed_over_months"]
    if s.status == "flexible":
        key = "unemployed_before_flexible"
        since, began, months = f.unemployed_since, f.flexible_since, f.unemployment_months
        if since is not None and began is not None:
            return person(key, began > add_months(since, limit))
        if since is not None and not longer_than(since, None, limit, s.as_of):
            return person(key, False)       # the spell cannot have exceeded N months yet
        if months is not None and months != limit:
            return person(key, months > limit)
        if months == limit:                 # whole months on the line: the days decide
            return person(key, None, *[n for n, v in (("unemployed_since", since), ("flexible_since", began))
                                       if v is None])
        if since is not None:
            return person(key, None, "flexible_since")
        return person(key, None, "unemployment_months")
    ask = "unemployed_since" if f.unemployment_months == limit else "unemployment_months"
    return person("unemployed", longer_than(f.unemployed_since, f.unemployment_months, limit, s.as_of), ask)


def flexible_employment_youth(f: Facts, p: dict, s: Situation):
    checks = [
        person("hukou", is_(f.hukou, "jinshan"), "hukou"),
        person("age", at_most(f.age, p["age_max"]), "age"),
    ]
    if s.status == "employed":
        checks.append(Check("not_in_unit_job", False))
    elif s.status == "student":
        checks.append(Check("not_student", False))
    checks += [
        _long_unemployed(f, p, s),
        person("not_hard_to_employ", None if f.hard_to_employ_certified is None
               else not f.hard_to_employ_certified, "hard_to_employ_certified"),
    ]
    # Steps: take up flexible work and register it, then pay social insurance.
    registered_ = f.flexible_employment_registered
    if registered_ is None and s.status == "unemployed":
        registered_ = False
    paying = None
    if s.status == "flexible" and f.social_insurance_months is not None:
        paying = f.social_insurance_months >= p["insurance_months_min"]
    checks += [Check("flexible_registered", registered_, step=True), Check("insurance", paying, step=True)]
    return checks, None


def talent_return(f: Facts, p: dict, s: Situation):
    return [
        person("hukou", is_(f.hukou, "jinshan"), "hukou"),
        flag("fresh_graduate", f.fresh_graduate, "fresh_graduate"),
        person("degree", is_in(f.education, DEGREES_PAID), "education"),
        *job_steps(f, s, "jinshan", p["contract_months_min"]),
        registered(f, s),
        insurance(f, s, p["insurance_months_min"]),
    ], f.education


def internship_living_allowance(f: Facts, p: dict, s: Situation):
    return [
        person("hukou", is_(f.hukou, "jinshan"), "hukou"),
        flag("base", f.in_jinshan_internship_base, "in_jinshan_internship_base"),
    ], None


def _working_age(f: Facts, wa: dict):
    """劳动年龄段内: 16–49 within, under 16 or 65+ not, 50–64 depends on rules the document lacks."""
    if f.within_working_age is not None:
        return person("working_age", f.within_working_age)
    if f.age is None:
        return person("working_age", None, "age")
    if f.age < wa["min_age"] or f.age >= wa["surely_outside_from"]:
        return person("working_age", False)
    if f.age <= wa["surely_within_max"]:
        return person("working_age", True)
    return person("working_age", None, "within_working_age")


def rural_cross_district(f: Facts, p: dict, s: Situation):
    return [
        _working_age(f, p["working_age"]),
        person("hukou", is_(f.hukou, "jinshan"), "hukou"),
        flag("rural", f.rural_hukou, "rural_hukou"),
        *job_steps(f, s, "shanghai_other", p["contract_months_min"]),
        registered(f, s),
        insurance(f, s, p["insurance_months_min"]),
        # The insurance base is a property of the job (contract, Clarifications).
        insurance_base(f, s),
    ], None


def competition_prize(f: Facts, p: dict, s: Situation):
    prize = f.startup_competition_prize
    return [person("prize", is_in(prize, ("first", "second", "third")), "startup_competition_prize")], prize


def award_matching(f: Facts, p: dict, s: Situation):
    return [flag("award", f.national_or_city_startup_award, "national_or_city_startup_award")], None


def skill_certificate(f: Facts, p: dict, s: Situation):
    return [
        person("level", is_in(f.certificate_level, CERTIFICATES_PAID), "certificate_level"),
        flag("training", f.subsidized_training_in_jinshan, "subsidized_training_in_jinshan"),
    ], f.certificate_level


def chief_technician(f: Facts, p: dict, s: Situation):
    return [flag("project", f.chief_technician_project, "chief_technician_project")], None


def skill_competition_award(f: Facts, p: dict, s: Situation):
    return [flag("award", f.skill_competition_award_winner, "skill_competition_award_winner")], None


def paired_worker_checks(f: Facts, p: dict, s: Situation) -> list[Check]:
    """四（十一）–（十三）: a paired-region rural worker's first job in Jinshan, 3 months insured."""
    return [
        flag("paired", f.paired_region_rural_labor, "paired_region_rural_labor"),
        flag("first_job", f.first_job_in_jinshan, "first_job_in_jinshan"),
        *job_steps(f, s, "jinshan", p["contract_months_min"]),   # 签订劳动合同: any term
        registered(f, s),
        insurance(f, s, p["insurance_months_min"]),
    ]


def paired_region_worker(f: Facts, p: dict, s: Situation):
    return paired_worker_checks(f, p, s), None

