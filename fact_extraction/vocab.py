"""Load patterns.yaml and build what spaCy and jieba need from it.

`python -m fact_extraction userdict` rewrites userdict.txt from patterns.yaml
(run it after editing the vocabulary; tests/extraction checks they agree).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

HERE = Path(__file__).resolve().parent
PATTERNS_PATH = HERE / "patterns.yaml"
USERDICT_PATH = HERE / "userdict.txt"

USER_FREQ = 20000      # high enough that jieba keeps a vocabulary word whole


@lru_cache(maxsize=1)
def patterns() -> dict:
    with open(PATTERNS_PATH, encoding="utf-8") as f:
        return yaml.safe_load(f)


@lru_cache(maxsize=1)
def context() -> dict[str, re.Pattern]:
    return {k: re.compile(v) for k, v in patterns()["context"].items()}


def entity_words() -> list[tuple[str, str, str]]:
    """(label, id, word) for every vocabulary word."""
    out = []
    for label, groups in patterns()["entities"].items():
        for ident, words in groups.items():
            out.extend((label, str(ident), str(w)) for w in words)
    return out


def ruler_patterns() -> list[dict]:
    """EntityRuler patterns: phrase patterns from `entities` + token patterns."""
    pats = [{"label": label, "id": ident, "pattern": word}
            for label, ident, word in entity_words()]
    pats.extend(patterns().get("token_patterns", []))
    return pats


@lru_cache(maxsize=1)
def _corrections() -> re.Pattern:
    words = sorted(patterns()["short_answers"]["corrections"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def correction_in(text: str) -> Optional[re.Match]:
    """The first correction word of the message (不对 / 说错了 / 更正), if any."""
    return _corrections().search(text or "")


def corrects(text: str) -> bool:
    """The message says something said before was wrong."""
    return correction_in(text) is not None


def short_answer_sets() -> tuple[set[str], set[str], str]:
    sa = patterns()["short_answers"]
    return {str(w) for w in sa["yes"]}, {str(w) for w in sa["no"]}, sa["particles"]


def userdict_lines(jieba_freq: dict[str, int] | None = None) -> list[str]:
    """Lines `word freq tag` for jieba: every multi-character vocabulary word,
    plus (freq 0, i.e. "always split") the place+suffix compounds that jieba's
    own dictionary ``jieba_freq`` would otherwise keep whole."""
    words: dict[str, str] = {}
    for label, _ident, word in entity_words():
        if len(word) >= 2:
            words.setdefault(word, "ns" if label in ("PLACE", "HUKOU_PLACE") else "n")
    for word in patterns().get("userdict_extra", []):
        words.setdefault(str(word), "n")
    lines = [f"{w} {USER_FREQ} {tag}" for w, tag in words.items()]
    if jieba_freq is not None:
        places = [w for label, _i, w in entity_words() if label == "PLACE"]
        for place in places:
            for suffix in patterns()["split_suffixes"]:
                compound = place + suffix
                if compound not in words and jieba_freq.get(compound, 0) > 0:
                    words[compound] = "x"
                    lines.append(f"{compound} 0 n")
    return lines


def build_userdict() -> str:
    """The text of userdict.txt, computed against jieba's main dictionary."""
    import jieba  # local import: only the generator needs a fresh dictionary

    tok = jieba.Tokenizer()
    tok.initialize()
    return "\n".join(userdict_lines(tok.FREQ)) + "\n"

