"""The facts a person or organisation gives: validated once, here, at the boundary.

Absent or null means unknown, never "no" and never 0. Types are strict: "26" or
true is not an age. Bad input raises FactsError with a one-line message in
Chinese and English.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    # Only a real date or a "YYYY-MM-DD" string; pydantic's lax mode would take timestamps.
    if isinstance(value, dt.datetime):
        raise ValueError("date")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO.match(value):
        return dt.date.fromisoformat(value)  # raises for 2026-02-30
    raise ValueError("date")


Date = Annotated[Optional[dt.date], BeforeValidator(lambda v: None if v is None else _iso_date(v))]
# The contract's ranges for input (not policy figures): ages 0 to 120, months up to 50 years.
MAX_AGE, MAX_MONTHS = 120, 50 * 12
Age = Optional[Annotated[int, Field(ge=0, le=MAX_AGE)]]
Months = Optional[Annotated[int, Field(ge=0, le=MAX_MONTHS)]]
Flag = Optional[bool]

Hukou = Literal["jinshan", "shanghai_other", "non_shanghai"]
Education = Literal["below_high_school", "high_school", "secondary_vocational",
                    "junior_college", "bachelor", "master", "doctor"]
EmploymentStatus = Literal["unemployed", "employed", "flexible", "student"]
Region = Literal["jinshan", "shanghai_other", "outside_shanghai"]
Certificate = Literal["level1", "level2", "level3", "level4", "level5"]
IncubatorGrade = Literal["A", "B", "C", "D", "unqualified", "not_assessed"]
Prize = Literal["first", "second", "third", "none"]
Speaker = Literal["person", "organisation"]


class Facts(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    as_of: Date = None
    # Who is asking (contract, Clarifications 2026-12-06); absent means a person.
    speaker: Optional[Speaker] = None
    # --- the contract's facts, in its order ---
    age: Age = None
    hukou: Optional[Hukou] = None
    rural_hukou: Flag = None
    within_working_age: Flag = None
    paired_region_rural_labor: Flag = None
    education: Optional[Education] = None
    full_time_education: Flag = None
    fresh_graduate: Flag = None
    graduation_date: Date = None
    months_since_graduation: Months = None
    graduating_student: Flag = None
    school_in_shanghai: Flag = None
    school_in_jinshan: Flag = None
    employment_status: Optional[EmploymentStatus] = None
    unemployed_since: Date = None
    unemployment_months: Months = None
    hard_to_employ_certified: Flag = None
    flexible_employment_registered: Flag = None
    flexible_since: Date = None
    work_region: Optional[Region] = None
    employer_excluded: Flag = None
    contract_months: Months = None
    contract_open_ended: Flag = None
    employment_registered: Flag = None
    social_insurance_months: Months = None
    insurance_base_below_1_2x_min: Flag = None
    in_jinshan_internship_base: Flag = None
    certificate_level: Optional[Certificate] = None
    subsidized_training_in_jinshan: Flag = None
    first_skill_evaluation: Flag = None
    skill_evaluation_taken: Flag = None
    first_job_in_jinshan: Flag = None
    # --- facts this project adds (data/facts.yaml has their labels) ---
    chief_technician_project: Flag = None
    skill_competition_award_winner: Flag = None
    startup_competition_prize: Optional[Prize] = None
    national_or_city_startup_award: Flag = None
    incubator_grade: Optional[IncubatorGrade] = None
    guidance_station_in_jinshan: Flag = None
    guidance_station_rated: Flag = None
    guidance_station_assists: Flag = None
    hosts_district_startup_competition: Flag = None
    startup_org_award_winner: Flag = None
    startup_org_in_jinshan: Flag = None
    startup_org_operating_months: Months = None
    startup_org_employs_jinshan_hukou: Flag = None
    training_institution_in_jinshan: Flag = None
    training_institution_rated: Flag = None
    hosts_regional_skill_competition: Flag = None
    skill_competition_training_unit: Flag = None
    tax_registered_in_jinshan: Flag = None
    runs_employee_training: Flag = None
    hr_agency_quality_shanghai: Flag = None
    hr_agency_referred: Flag = None


class FactsError(ValueError):
    """Bad input: carries one line in Chinese and one in English."""

    def __init__(self, zh: str, en: str, fact: Optional[str] = None):
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en
        self.fact = fact     # the fact at fault, so a caller can say why without quoting the value


@lru_cache(maxsize=1)
@lru_cache(maxsize=None)
def fact_info() -> dict[str, dict]:
    """The registry of facts (label, questions, read-back words), in the contract's order.
    Read once: treat it as read-only."""
    path = Path(__file__).parent / "data" / "facts.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# Inputs that are not facts about anyone: never asked, never a slot of their own.
INPUTS = ("as_of", "speaker")
FACT_NAMES = tuple(n for n in Facts.model_fields if n not in INPUTS)

_ENUMS = {
    "hukou": Hukou, "education": Education, "employment_status": EmploymentStatus,
    "work_region": Region, "certificate_level": Certificate,
    "incubator_grade": IncubatorGrade, "startup_competition_prize": Prize, "speaker": Speaker,
}


ORG_FACTS = frozenset(n for n, info in fact_info().items() if info.get("org"))


def fact_kind(name: str) -> str:
    """"enum", "date", "int" or "bool", read off the fact's annotation."""
    if name in _ENUMS:
        return "enum"
    text = repr(Facts.model_fields[name].annotation)
    return "date" if "date" in text else "int" if "int" in text else "bool"


def expected(name: str) -> tuple[str, str]:
    """What a fact takes, said in Chinese and English."""
    if name not in Facts.model_fields:
        return "已知的事实名", "a known fact"
    kind = fact_kind(name)
    if kind == "enum":
        values = "/".join(_ENUMS[name].__args__)
        return f"取值之一：{values}", f"one of {values}"
    if kind == "date":
        return "YYYY-MM-DD 格式的日期", "a date YYYY-MM-DD"
    if kind == "int":
        hi = MAX_AGE if name == "age" else MAX_MONTHS
        return f"0到{hi}之间的整数", f"an integer from 0 to {hi}"
    return "true 或 false", "true or false"


_UNKNOWN = dict.fromkeys(Facts.model_fields)
_set = object.__setattr__


def enum_values(name: str) -> tuple:
    """The values an enumerated fact takes."""
    return _ENUMS[name].__args__


def int_range(name: str) -> tuple[int, int]:
    return 0, MAX_AGE if name == "age" else MAX_MONTHS


def trusted(values: dict) -> Facts:
    """Facts from values already checked, a whole column at a time, against the same kinds,
    enumerations and ranges (screen/cells.py); equal to Facts.model_validate(values) for them,
    without validating each row again. Dates are datetime.date; no None values."""
    f = Facts.__new__(Facts)
    d = _UNKNOWN.copy()
    d.update(values)
    _set(f, "__dict__", d)
    _set(f, "__pydantic_fields_set__", set(values))
    _set(f, "__pydantic_extra__", None)
    _set(f, "__pydantic_private__", None)
    return f


def trusted_row(values: dict, known: set) -> Facts:
    """trusted() for a full row: `values` names every field (None for unknown), `known` those
    given. The screen builds one per person; this skips even the copy of the defaults."""
    f = Facts.__new__(Facts)
    _set(f, "__dict__", values)
    _set(f, "__pydantic_fields_set__", known)
    _set(f, "__pydantic_extra__", None)
    _set(f, "__pydantic_private__", None)
    return f


def parse_facts(data: Any) -> Facts:
    """Validate a dict (or a Facts) into Facts, or raise FactsError."""
    if isinstance(data, Facts):
        return data
    if not isinstance(data, dict):
        raise FactsError("输入有误：事实应为 JSON 对象", "Bad input: facts must be a JSON object")
    try:
        f = Facts.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        name = str(err["loc"][0]) if err["loc"] else "?"
        got = json.dumps(err.get("input"), ensure_ascii=False, default=str)[:40]
        if err["type"] == "extra_forbidden":
            raise FactsError(f"输入有误：未知的事实 {name}", f"Bad input: unknown fact {name}", name) from None
        zh, en = expected(name)
        raise FactsError(f"输入有误：{name} 应为{zh}，收到 {got}",
                         f"Bad input: {name} must be {en}, got {got}", name) from None
    check_dates(f, f.as_of)
    return f


def check_dates(f: Facts, as_of) -> None:
    """flexible_since before unemployed_since, or after the day judged on, is bad input
    (contract, Clarifications 2026-12-06)."""
    if f.flexible_since is None:
        return
    if f.unemployed_since is not None and f.flexible_since < f.unemployed_since:
        raise FactsError("输入有误：flexible_since（开始灵活就业的日期）早于 unemployed_since（失业起始日）",
                         "Bad input: flexible_since is before unemployed_since")
    if as_of is not None and f.flexible_since > as_of:
        raise FactsError("输入有误：flexible_since（开始灵活就业的日期）晚于判断日 as_of",
                         "Bad input: flexible_since is after as_of")
