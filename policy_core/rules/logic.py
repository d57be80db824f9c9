"""Three-valued logic: True, False, or None for unknown (never read as no)."""
from __future__ import annotations

from typing import NamedTuple, Optional

Tri = Optional[bool]


class Check(NamedTuple):
    """One condition of a measure as a rule judged it."""
    key: str                    # the condition's key in data/measures.yaml
    met: Tri
    ask: tuple[str, ...] = ()   # facts that would settle it, when met is None
    step: bool = False          # something the person still does to claim
    job: bool = False           # a step failed by a job the person has now: ineligible


def is_(value, target) -> Tri:
    return None if value is None else value == target


def is_in(value, targets) -> Tri:
    return None if value is None else value in targets


def at_most(value, limit) -> Tri:
    return None if value is None else value <= limit


def at_least(value, limit) -> Tri:
    return None if value is None else value >= limit


def all3(*values: Tri) -> Tri:
    if False in values:
        return False
    return None if None in values else True


def any3(*values: Tri) -> Tri:
    if True in values:
        return True
    return None if None in values else False


def person(key: str, met: Tri, *ask: str) -> Check:
    """A condition about who the person (or organisation) is: unknown means ask."""
    return Check(key, met, ask if met is None else ())


def flag(key: str, value: Tri, fact: str) -> Check:
    """A person condition that is simply a yes/no fact."""
    return person(key, value, fact)
