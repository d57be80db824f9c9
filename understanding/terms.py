"""Which of the document's terms a message asks about (policy_core/data/terms.yaml)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from policy_core.clauses import check_excerpt

TERMS = Path(__file__).resolve().parents[1] / "policy_core" / "data" / "terms.yaml"


@lru_cache(maxsize=1)
def terms() -> list[dict]:
    items = yaml.safe_load(TERMS.read_text(encoding="utf-8"))
    for t in items:
        check_excerpt(t["clause"], t["source"])     # the document's words, or loading fails
    return items


def term_in(text: str) -> Optional[dict]:
    """The term named in text (the longest word that names one)."""
    best, size = None, 0
    for t in terms():
        for word in t["says"]:
            if word in text and len(word) > size:
                best, size = t, len(word)
    return best
