"""The measures as loaded from data/: parameters, amounts, condition texts, rules.

Loaded once; everything here is immutable and shared by every evaluation.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Callable, Optional

import yaml

from .clauses import check_excerpt
from .model import Amount, Condition
from .reads import facts_read
from .rules import organisation, person

DATA = Path(__file__).parent / "data"
EMPLOYER_CLAUSE = "七（一）"   # every "用人单位" condition rests on 七（一）too


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    clause: str
    audience: str
    in_play: Optional[tuple[str, ...]]          # None: always in play
    source: str
    params: dict
    amounts: dict                               # variant -> Amount; None is the default
    texts: dict[str, str]                       # condition key -> text
    rule: Callable
    key_of: Callable = None                     # facts -> the values the rule reads
    conditions: dict = field(default_factory=dict, compare=False)   # (key, met, step) -> Condition
    reachable: Optional[str] = None             # the step that reaches it for someone who meets nothing else
    see_also: tuple = ()                        # the measure that pays where this one states no sum

    def amount(self, variant) -> Amount:
        return self.amounts.get(variant) or self.amounts[None]

    def condition(self, key: str, met, step: bool) -> Condition:
        c = self.conditions.get((key, met, step))
        if c is None:
            clause = EMPLOYER_CLAUSE if key == "employer" else self.clause
            c = Condition.model_construct(text=self.texts[key], met=met, step=step, clause=clause)
            self.conditions[(key, met, step)] = c
        return c


@dataclass(frozen=True)
class Catalogue:
    policy: dict
    measures: tuple[Measure, ...]
    start: dt.date
    end: dt.date

    def measure(self, measure_id: str) -> Measure:
        return next(m for m in self.measures if m.id == measure_id)


def _amounts(spec: dict) -> dict:
    per, months = spec["per"], spec.get("max_months")

    def make(yuan, basis=None, cap=None):
        total = yuan * months if yuan is not None and months else cap
        return Amount.model_construct(yuan=yuan, per=per, max_months=months,
                                      max_total_yuan=total, basis=basis)

    if "by" in spec:
        out = {k: make(v) for k, v in spec["values"].items()}
        out[None] = make(None, spec["basis"])
        return out
    return {None: make(spec.get("yuan"), spec.get("basis"), spec.get("max_total_yuan"))}


def _rule(measure_id: str, audience: str) -> Callable:
    module = person if audience == "person" else organisation
    return getattr(module, measure_id)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    policy = yaml.safe_load((DATA / "policy.yaml").read_text(encoding="utf-8"))
    specs = yaml.safe_load((DATA / "measures.yaml").read_text(encoding="utf-8"))
    measures = []
    for spec in specs:
        params = dict(spec.get("parameters") or {})
        if spec["id"] == "rural_cross_district":
            params["working_age"] = policy["working_age"]
        texts = {k: str(v).format(**params) for k, v in spec["conditions"].items()}
        play = spec["in_play"]
        measures.append(Measure(
            id=spec["id"], name=spec["name"], clause=spec["clause"], audience=spec["audience"],
            in_play=None if play == "always" else tuple(play),
            source=check_excerpt(spec["clause"], spec["source"]),
            params=params, amounts=_amounts(spec["amount"]), texts=texts,
            rule=(rule := _rule(spec["id"], spec["audience"])),
            key_of=attrgetter(*sorted(facts_read(rule))),
            reachable=spec.get("reachable"),
            see_also=tuple(spec.get("see_also") or ()),
        ))
    v = policy["validity"]
    check_excerpt(v["clause"], v["source"])
    return Catalogue(policy, tuple(measures), v["start"], v["end"])
