"""Find which measure (contract id) or which question about the document a message names.

Vocabulary is data (topics.yaml); matching is longest-first over the raw text,
so "见习生活费" names internship_living_allowance, not internship.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml


class Hit(NamedTuple):
    kind: str      # "measure" or "topic"
    value: str     # measure id or topic name
    start: int
    end: int


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[str, str, str]]:
    data = yaml.safe_load((Path(__file__).parent / "topics.yaml").read_text(encoding="utf-8"))
    rows = [("measure", mid, w) for mid, words in data["measures"].items() for w in words]
    rows += [("topic", t, w) for t, words in data["topics"].items() for w in words]
    return sorted(rows, key=lambda r: -len(r[2]))


def find(text: str) -> list[Hit]:
    """Non-overlapping hits, longest phrase first, returned in text order."""
    taken = [False] * len(text)
    hits = []
    for kind, value, word in _phrases():
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                hits.append(Hit(kind, value, start, end))
            start = text.find(word, end)
    return sorted(hits, key=lambda h: h.start)
