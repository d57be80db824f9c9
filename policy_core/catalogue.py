"""The measures as loaded from data/: parameters, amounts, condition texts, rules.

Loaded once; everything here is immutable and shared by every evaluation.
`catalogue_with(overrides)` loads the same data with some parameters changed (to
price a change of the rules): a separate Catalogue with its own memo, so results
judged under one set of parameters are never served under another.
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
    # The engine's memoised results, kept here so they never cross to another parameter set.
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    overrides: tuple = ()                       # ((measure id, parameter, value), ...) applied

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


class OverrideError(ValueError):
    """A parameter change that names no parameter of measures.yaml, or a value of the wrong kind."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@lru_cache(maxsize=1)
def _specs() -> tuple[dict, list]:
    policy = yaml.safe_load((DATA / "policy.yaml").read_text(encoding="utf-8"))
    specs = yaml.safe_load((DATA / "measures.yaml").read_text(encoding="utf-8"))
    return policy, specs


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The measures as the document writes them."""
    return _load(())


def catalogue_with(overrides) -> Catalogue:
    """The measures with some parameters changed: {"measure.param": value} or
    [(measure, param, value)]. An empty change is the catalogue as written."""
    items = overrides.items() if isinstance(overrides, dict) else overrides
    changes = []
    for item in items:
        if len(item) == 2:
            name, value = item
            measure_id, _, param = str(name).partition(".")
        else:
            measure_id, param, value = item
        changes.append((measure_id, param, _checked(measure_id, param, value)))
    return _load(tuple(sorted(changes))) if changes else catalogue()


def _checked(measure_id: str, param: str, value):
    spec = next((s for s in _specs()[1] if s["id"] == measure_id), None)
    if spec is None:
        raise OverrideError(f"未知的措施：{measure_id}", f"unknown measure {measure_id}")
    params = spec.get("parameters") or {}
    if param not in params:
        known = ", ".join(params) or "无 / none"
        raise OverrideError(f"措施 {measure_id} 没有参数 {param}（可改：{known}）",
                            f"measure {measure_id} has no parameter {param} (parameters: {known})")
    was = params[param]
    # The same kind as the document's figure: a whole number stays whole; no negative limits.
    ok = (isinstance(value, int) and not isinstance(value, bool)) if isinstance(was, int) else \
        isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok or value < 0:
        kind = ("非负整数", "a non-negative integer") if isinstance(was, int) else ("非负数", "a non-negative number")
        raise OverrideError(f"{measure_id}.{param} 应为{kind[0]}", f"{measure_id}.{param} must be {kind[1]}")
    return value


@lru_cache(maxsize=8)
def _load(overrides: tuple) -> Catalogue:
    policy, specs = _specs()
    changed: dict[str, dict] = {}
    for measure_id, param, value in overrides:
        changed.setdefault(measure_id, {})[param] = value
    measures = []
    by_id = {spec["id"]: spec for spec in specs}
    for spec in specs:
        params = dict(spec.get("parameters") or {}, **changed.get(spec["id"], {}))
        amount = spec["amount"]
        if amount.get("basis") and spec.get("see_also"):
            # 见习: the sum of the measure that pays (见习生活费 600元/月) is read from its own data
            paid = by_id[spec["see_also"][0]]["amount"]
            unit = "元/月" if paid.get("per") == "month" else "元"
            amount = dict(amount, basis=amount["basis"].replace("{see_also_amount}", f"{paid['yuan']}{unit}"))
        if spec["id"] == "rural_cross_district":
            params["working_age"] = policy["working_age"]
        texts = {k: str(v).format(**params) for k, v in spec["conditions"].items()}
        play = spec["in_play"]
        measures.append(Measure(
            id=spec["id"], name=spec["name"], clause=spec["clause"], audience=spec["audience"],
            in_play=None if play == "always" else tuple(play),
            source=check_excerpt(spec["clause"], spec["source"]),
            params=params, amounts=_amounts(amount), texts=texts,
            rule=(rule := _rule(spec["id"], spec["audience"])),
            key_of=attrgetter(*sorted(facts_read(rule))),
            reachable=spec.get("reachable"),
            see_also=tuple(spec.get("see_also") or ()),
        ))
    v = policy["validity"]
    check_excerpt(v["clause"], v["source"])
    return Catalogue(policy, tuple(measures), v["start"], v["end"], overrides=overrides)
