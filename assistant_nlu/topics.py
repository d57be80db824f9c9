"""Find which measure (contract id) or which question about the document a message names.

Vocabulary is data (topics.yaml); matching is longest-first over the raw text,
so "见习生活费" names internship_living_allowance, not internship, and a `none`
phrase (灵活就业登记) hides the measure inside it (灵活就业).  ``find`` with the
message's tokens keeps hits on whole tokens: a hit grows to the tokens it
touches (哪里办 -> 哪里办理, 跨区就业 -> 跨区就业补贴, 对口地区 -> 对口地区农村劳动力),
unless the token it lies in is a `none` phrase (见习 in 见习基地).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Sequence

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
    rows += [("none", "", w) for w in _none()]
    return sorted(rows, key=lambda r: -len(r[2]))


@lru_cache(maxsize=1)
def _none() -> frozenset[str]:
    data = yaml.safe_load((Path(__file__).parent / "topics.yaml").read_text(encoding="utf-8"))
    return frozenset(data.get("none", []))


def find(text: str, tokens: Sequence[tuple[int, int]] | None = None) -> list[Hit]:
    """Non-overlapping hits, longest phrase first, returned in text order;
    with ``tokens`` ((start, end) of each token), snapped to whole tokens."""
    taken = [False] * len(text)
    hits = []
    for kind, value, word in _phrases():
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                if kind != "none":
                    hits.append(Hit(kind, value, start, end))
            start = text.find(word, end)
    if tokens is not None:
        snapped: list[Hit] = []
        for hit in (_snap(h, text, tokens) for h in hits):   # longest phrase first
            if hit is not None and not any(hit.start < o.end and o.start < hit.end for o in snapped):
                snapped.append(hit)
        hits = snapped
    return sorted(hits, key=lambda h: h.start)


def _snap(hit: Hit, text: str, tokens: Sequence[tuple[int, int]]) -> Hit | None:
    touched = [(s, e) for s, e in tokens if s < hit.end and hit.start < e]
    if not touched:
        return hit
    start, end = min(s for s, _ in touched), max(e for _, e in touched)
    if len(touched) == 1 and text[start:end] in _none():
        return None             # 见习 inside the token 见习基地: a different word
    return hit._replace(start=start, end=end)
