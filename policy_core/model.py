"""What the core returns (contract: "Result"). Frozen, so cached parts can be shared."""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict

Status = Literal["eligible", "conditional", "ineligible", "undetermined"]
# The period the document states; None where it states none (contract, Clarifications).
Per = Literal["once", "month", "year", "person", "person_month"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


_set = object.__setattr__


def built(cls, **values):
    """cls.model_construct(**values) for trusted values that name every field, without
    pydantic's per-field loop (the engine builds one Evaluation per person screened)."""
    m = cls.__new__(cls)
    _set(m, "__dict__", values)
    _set(m, "__pydantic_fields_set__", set(values))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


class Amount(_Frozen):
    yuan: Optional[int] = None
    per: Optional[Per]
    max_months: Optional[int] = None
    max_total_yuan: Optional[int] = None
    # Where the document sets no fixed figure: what decides it, and who.
    basis: Optional[str] = None


class Condition(_Frozen):
    text: str
    met: Optional[bool] = None
    step: bool = False
    clause: str


class MeasureResult(_Frozen):
    id: str
    name: str
    clause: str
    audience: Literal["person", "organisation"]
    status: Status
    amount: Amount
    conditions: list[Condition]
    missing_facts: list[str]
    # The first failing condition when ineligible.
    reason: Optional[str] = None
    source: str


class Evaluation(_Frozen):
    policy: str
    as_of: dt.date
    in_force: bool
    results: list[MeasureResult]
    next_fact: Optional[str] = None
    # Measures the conversation should talk about (contract: "in play").
    in_play: list[str]

    def result(self, measure_id: str) -> MeasureResult:
        for r in self.results:
            if r.id == measure_id:
                return r
        raise KeyError(measure_id)
