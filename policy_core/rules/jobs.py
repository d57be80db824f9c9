"""The steps many measures share: take a job with a qualifying employer (七（一）)
in the right place on the right contract, have it registered, pay social insurance.

A step not yet done leaves the measure conditional. The one exception
(contract, "Status rules" and "Clarifications"): a job the person has *now* that
fails the region, the employer kind, the contract term or (一（四）) the insurance
base makes the measure ineligible for that job.
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple, Optional

from ..facts import Facts
from .logic import Check, Tri

_JOB_FACTS = ("work_region", "employer_excluded", "contract_months", "contract_open_ended",
              "employment_registered")


class Situation(NamedTuple):
    """What every rule needs to know beside the facts."""
    as_of: dt.date
    status: Optional[str]     # employment status, "unemployed" when only a duration was given
    has_job: bool             # a current job with an employer is described
    not_working: bool         # no job with an employer yet: job steps are simply not done


def situation(f: Facts, as_of: dt.date) -> Situation:
    status = f.employment_status
    if status is None and (f.flexible_employment_registered or f.flexible_since is not None):
        status = "flexible"     # registered flexible work is flexible work (Clarifications 2026-12-06)
    elif status is None and (f.unemployed_since is not None or f.unemployment_months is not None):
        status = "unemployed"   # a running spell of unemployment says so
    has_job = status == "employed" or (
        status is None and any(getattr(f, n) is not None for n in _JOB_FACTS))
    return Situation(as_of, status, has_job, status in ("unemployed", "student", "flexible"))


def _step(key: str, met: Tri, s: Situation, hard: bool) -> Check:
    if s.not_working:
        return Check(key, False, step=True)
    return Check(key, met, step=True, job=hard and s.has_job and met is False)


def _current(key: str, met: Tri, s: Situation, fact: str) -> Check:
    """A current job is asked about, not assumed (Clarifications 2026-12-06): while its region,
    employer kind or required term is unknown, that fact is missing, not a step."""
    if s.has_job and met is None:
        return Check(key, None, (fact,))
    return _step(key, met, s, True)


def job_steps(f: Facts, s: Situation, region: str, contract_min: int) -> list[Check]:
    """Region, employer kind and contract term of the job (hard fails for a current job).

    A term is asked only where the measure names a minimum (一（三）、一（四）: 1年);
    四（十一）–（十三）「签订劳动合同」 names none and stays a step."""
    if f.contract_open_ended:
        term: Tri = True        # 无固定期限 meets every "N年以上"
    elif f.contract_months is not None:
        term = f.contract_months >= contract_min
    else:
        term = None
    return [
        _current("region", None if f.work_region is None else f.work_region == region, s, "work_region"),
        _current("employer", None if f.employer_excluded is None else not f.employer_excluded, s,
                 "employer_excluded"),
        _current("contract", term, s, "contract_months") if contract_min > 0 else _step("contract", term, s, True),
    ]


def registered(f: Facts, s: Situation) -> Check:
    return _step("registered", f.employment_registered, s, False)


def insurance_base(f: Facts, s: Situation) -> Check:
    """一（四）「月缴费基数低于…1.2倍」 is a property of the job, like its term: a current job
    known not to be below it fails; unknown stays a step."""
    return _step("low_base", f.insurance_base_below_1_2x_min, s, True)


def insurance(f: Facts, s: Situation, months_min: int) -> Check:
    """Social insurance months short of the count stay a step, current job or not."""
    n = f.social_insurance_months
    return _step("insurance", None if n is None else n >= months_min, s, False)
