"""One seeded generator of facts for tests, benchmarks, the dialogue simulator and rosters.

Every threshold of data/measures.yaml (and the working-age band of data/policy.yaml) is
put below, on and above its line; every enum value and unknowns (absent facts) occur.
The numbers come from the catalogue, so a changed parameter moves the generator with it.
Dates are placed around their lines in days (a day before, on, a day after), and always
form valid input (flexible_since between unemployed_since and as_of).

    from policy_core.synthetic import Generator
    g = Generator(seed=1)
    g.facts()          # one dict of facts, as evaluate() takes it
    g.batch(n)         # a list of n of them
"""
from __future__ import annotations

import datetime as dt
import random
import typing
from functools import lru_cache
from typing import Optional

from .catalogue import catalogue
from .durations import add_months
from .facts import INPUTS, ORG_FACTS, Facts, fact_kind

AS_OF = dt.date(2026, 12, 6)

# Which fact each month- or age-parameter of measures.yaml limits (the parameter names are
# the data's; a parameter missing here fails tests/policy/test_synthetic.py).
PARAM_FACTS = {
    "age_max": ("age",),
    "months_since_leaving_max": ("months_since_graduation",),
    "unemployed_over_months": ("unemployment_months",),
    "insurance_months_min": ("social_insurance_months",),
    "contract_months_min": ("contract_months",),
    "operating_months_min": ("startup_org_operating_months",),
}
NOT_LIMITS = {"share_of_city_subsidy"}          # a share of a city figure, not a line on a fact
DATE_LINES = {                                   # date fact -> the month-parameter it is judged against
    "unemployed_since": "unemployed_over_months",
    "graduation_date": "months_since_leaving_max",
}


def _around(n: int) -> list[int]:
    return [v for v in (n - 1, n, n + 1) if v >= 0]


@lru_cache(maxsize=1)
def lines() -> dict[str, list[int]]:
    """Every value on or next to a line, per int fact, read from the catalogue."""
    out: dict[str, set] = {}
    cat = catalogue()
    for m in cat.measures:
        for param, value in m.params.items():
            if param == "working_age":
                for v in (value["min_age"], value["surely_within_max"], value["surely_outside_from"]):
                    out.setdefault("age", set()).update(_around(v))
                continue
            if param in NOT_LIMITS:
                continue
            for fact in PARAM_FACTS[param]:
                out.setdefault(fact, set()).update(_around(int(value)))
    return {k: sorted(v) for k, v in out.items()}


def enum_values(name: str) -> list:
    literal = next(a for a in typing.get_args(Facts.model_fields[name].annotation) if a is not type(None))
    return list(typing.get_args(literal))


FIELDS = tuple(n for n in Facts.model_fields if n not in INPUTS)
PERSON_SIDE = tuple(n for n in FIELDS if n not in ORG_FACTS)


class Generator:
    """Seeded random facts; `known` is the chance that a fact is given at all."""

    def __init__(self, seed: int = 0, as_of: dt.date = AS_OF, known: float = 0.35,
                 organisation: float = 0.1):
        self.rng = random.Random(seed)
        self.as_of, self.known, self.organisation = as_of, known, organisation
        self._lines = lines()

    def value(self, name: str):
        """One value for a fact: half the time on or next to a line when it has one."""
        r = self.rng
        kind = fact_kind(name)
        if kind == "enum":
            return r.choice(enum_values(name))
        if kind == "bool":
            return r.random() < 0.5
        if kind == "int":
            if name in self._lines and r.random() < 0.6:
                return r.choice(self._lines[name])
            return r.randint(14, 70) if name == "age" else r.randint(0, 40)
        return self._date(name).isoformat()

    def _date(self, name: str) -> dt.date:
        r = self.rng
        param = DATE_LINES.get(name)
        if param and r.random() < 0.6:
            months = int(catalogue().measure(
                "flexible_employment_youth" if param == "unemployed_over_months" else "internship").params[param])
            return add_months(self.as_of, -months) + dt.timedelta(days=r.choice((-1, 0, 1)))
        return self.as_of - dt.timedelta(days=r.randint(0, 4 * 365))

    def facts(self) -> dict:
        r = self.rng
        org = r.random() < self.organisation
        pool = FIELDS if org else PERSON_SIDE if r.random() < 0.7 else FIELDS
        out = {n: self.value(n) for n in pool if r.random() < self.known}
        if org:
            out["speaker"] = "organisation"
        self._flexible_since(out)
        out["as_of"] = self.as_of.isoformat()
        return out

    def _flexible_since(self, out: dict) -> None:
        """Valid by construction: not before unemployed_since, not after as_of; often on
        the 6-month line after unemployed_since (a day before, on, a day after)."""
        out.pop("flexible_since", None)
        if self.rng.random() >= self.known:
            return
        since: Optional[str] = out.get("unemployed_since")
        if since is None:
            day = self.as_of - dt.timedelta(days=self.rng.randint(0, 3 * 365))
        else:
            start = dt.date.fromisoformat(since)
            limit = int(catalogue().measure("flexible_employment_youth").params["unemployed_over_months"])
            day = add_months(start, limit) + dt.timedelta(days=self.rng.choice((-1, 0, 1)))
            if not start <= day <= self.as_of:
                day = start + dt.timedelta(days=self.rng.randint(0, (self.as_of - start).days))
        out["flexible_since"] = day.isoformat()

    def batch(self, n: int) -> list[dict]:
        return [self.facts() for _ in range(n)]
