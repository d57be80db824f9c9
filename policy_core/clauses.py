"""The policy's own text, split into clauses ("一（二）", "七（一）", …).

Every result quotes the clause it rests on; the text comes from the copy of
金就办〔2023〕1号 kept beside this module, never from strings in code.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

POLICY_FILE = Path(__file__).parent / "data" / "policy.txt"

_CHAPTER = re.compile(r"^([一二三四五六七])、")
# Sub-clauses use full-width （一） in most chapters and half-width (一) in 六（三） and 七.
_SUB = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]")


def _normalise(text: str) -> str:
    """Drop the spaces and page-break newlines the source document carries."""
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=1)
def clauses() -> dict[str, str]:
    """Map clause id (e.g. "一（二）") to its whole text, spaces removed."""
    out: dict[str, list[str]] = {}
    chapter = current = None
    for line in POLICY_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if m := _CHAPTER.match(line):
            chapter, current = m.group(1), None
            continue
        if chapter and (m := _SUB.match(line)):
            current = f"{chapter}（{m.group(1)}）"
            out[current] = [line]
            continue
        if current:
            out[current].append(line)
    # Headings of 一 to 五 stand on their own line; keep that break, drop the rest.
    return {cid: "\n".join(_normalise(part) for part in (lines[0], "".join(lines[1:])) if part)
            for cid, lines in out.items()}


def clause_text(clause_id: str) -> str:
    try:
        return clauses()[clause_id]
    except KeyError:
        raise KeyError(f"no clause {clause_id!r} in the policy text") from None


def check_excerpt(clause_id: str, excerpt: str) -> str:
    """Return the excerpt, normalised, after checking the clause really says it."""
    norm = _normalise(excerpt)
    if norm not in clause_text(clause_id).replace("\n", ""):
        raise ValueError(f"excerpt not found in clause {clause_id}: {excerpt[:30]}…")
    return norm
