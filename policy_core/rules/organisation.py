"""Rules for the organisation-facing measures, one function per measure id."""
from __future__ import annotations

from ..facts import Facts
from .jobs import Situation
from .logic import Check, at_least, flag, is_in, person
from .person import paired_worker_checks

GRADES_PAID = ("A", "B", "C")        # 二（五）A级、B级、C级


def _step(key: str, value) -> Check:
    return Check(key, value, step=True)


def incubator_operation(f: Facts, p: dict, s: Situation):
    grade = f.incubator_grade
    return [person("grade", is_in(grade, GRADES_PAID), "incubator_grade")], grade


def startup_guidance_station(f: Facts, p: dict, s: Situation):
    return [
        flag("in_jinshan", f.guidance_station_in_jinshan, "guidance_station_in_jinshan"),
        flag("rated", f.guidance_station_rated, "guidance_station_rated"),
        _step("assists", f.guidance_station_assists),
    ], None


def competition_hosting(f: Facts, p: dict, s: Situation):
    return [flag("hosts", f.hosts_district_startup_competition, "hosts_district_startup_competition")], None


def startup_landing(f: Facts, p: dict, s: Situation):
    # Registering in Jinshan, running a year and hiring locals are what the winner does next.
    return [
        flag("award", f.startup_org_award_winner, "startup_org_award_winner"),
        _step("in_jinshan", f.startup_org_in_jinshan),
        _step("operating", at_least(f.startup_org_operating_months, p["operating_months_min"])),
        _step("employs", f.startup_org_employs_jinshan_hukou),
    ], None


def training_institution(f: Facts, p: dict, s: Situation):
    return [
        flag("in_jinshan", f.training_institution_in_jinshan, "training_institution_in_jinshan"),
        flag("rated", f.training_institution_rated, "training_institution_rated"),
    ], None


def skill_competition_hosting(f: Facts, p: dict, s: Situation):
    return [flag("hosts", f.hosts_regional_skill_competition, "hosts_regional_skill_competition")], None


def skill_competition_training_unit(f: Facts, p: dict, s: Situation):
    return [flag("unit", f.skill_competition_training_unit, "skill_competition_training_unit")], None


def employee_training(f: Facts, p: dict, s: Situation):
    # 七（一）: only a 用人单位 in the document's sense.
    excluded = f.employer_excluded
    return [
        flag("tax", f.tax_registered_in_jinshan, "tax_registered_in_jinshan"),
        person("employer", None if excluded is None else not excluded, "employer_excluded"),
        _step("training", f.runs_employee_training),
        # 「符合条件的，按照本市有关规定」: the city's conditions are not in the document,
        # so the most the core can say is conditional (Clarifications 2026-12-06).
        _step("city_rules", None),
    ], None


def job_stabilization(f: Facts, p: dict, s: Situation):
    return paired_worker_checks(f, p, s), None


def hr_agency_referral(f: Facts, p: dict, s: Situation):
    return [
        flag("agency", f.hr_agency_quality_shanghai, "hr_agency_quality_shanghai"),
        flag("referred", f.hr_agency_referred, "hr_agency_referred"),
        *paired_worker_checks(f, p, s),
    ], None
