"""A mention in its message, as the classifiers read it.

The clause around the span (between punctuation or spaces, as people type on phones) with
the span between ⟦ ⟧: character n-grams across the brackets carry what stands next to it
(准备⟦, ⟧吗). A pending question about the same fact is marked by a leading 〖 (a short
answer to it is a statement). Measured on the corpus's dev split, the clause reads acts
better than the sentence (act accuracy 0.96 against 0.88) or the clause with its neighbours.
"""
from __future__ import annotations

import re

_CLAUSE_END = re.compile(r"[。！？!?\n，,；;\s]")
REACH = 30      # a clause with no break (a pasted run-on) is read this far each side of the span


_REPEAT = re.compile(r"(.)\1{3,}")


def _squeeze(s: str) -> str:
    """啊啊啊啊啊… -> 啊啊啊: a held key says nothing about the fact beside it."""
    return _REPEAT.sub(r"\1\1\1", s)


def marked(text: str, start: int, end: int, answers_pending: bool = False) -> str:
    lo = 0
    for m in _CLAUSE_END.finditer(text, 0, start):
        lo = m.end()
    m = _CLAUSE_END.search(text, end)
    hi = m.start() if m else len(text)
    lo, hi = max(lo, start - REACH), min(hi, end + REACH)
    out = f"{_squeeze(text[lo:start])}⟦{text[start:end]}⟧{_squeeze(text[end:hi])}"
    return ("〖" if answers_pending else "") + out


def whole(text: str, start: int, end: int, speaker_hint: str = "") -> str:
    """The whole message (capped) with the span marked: who a fact is about may be said far from it."""
    lo, hi = max(0, start - 60), min(len(text), end + 40)
    return f"{speaker_hint}{_squeeze(text[lo:start])}⟦{text[start:end]}⟧{_squeeze(text[end:hi])}"


def span_of(text: str, span: str) -> tuple[int, int]:
    i = text.find(span)
    return (i, i + len(span)) if i >= 0 else (-1, -1)
