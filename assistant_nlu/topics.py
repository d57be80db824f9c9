"""Find which measure (contract id) or which question about the document a message names.

Vocabulary is data (topics.yaml); matching is longest-first over the raw text,
so "见习生活费" names internship_living_allowance, not internship, and a `none`
phrase (灵活就业登记) hides the measure inside it (灵活就业).  Regular-expression
`patterns` compete with the phrases by the length of what they match.  ``find`` with
the message's tokens keeps hits on whole tokens: a hit grows to the tokens it
touches (哪里办 -> 哪里办理, 跨区就业 -> 跨区就业补贴, 对口地区 -> 对口地区农村劳动力),
unless the token it lies in is a `none` phrase (见习 in 见习基地).

``resolve`` turns the hits of one message into what it asks, in the light of the
topic the last answer was about: a follow-up (「截止到什么时候？」「严重的呢」) stays on it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, Optional, Sequence

import yaml

from fact_extraction import numbers as N

GENERAL = ("document", "policy_overview")   # answered only when nothing more specific is asked


class Hit(NamedTuple):
    kind: str      # "measure" or "topic"
    value: str     # measure id or topic name
    start: int
    end: int


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load((Path(__file__).parent / "topics.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[str, str, str]]:
    data = _data()
    rows = [("measure", mid, w) for mid, words in data["measures"].items() for w in words]
    rows += [("topic", t, w) for t, words in data["topics"].items() for w in words]
    rows += [("none", "", w) for w in _none()]
    return sorted(rows, key=lambda r: -len(r[2]))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, str, re.Pattern]]:
    data = _data()
    out = []
    for name, regexes in (data.get("patterns") or {}).items():
        kind = "none" if name == "none" else "measure" if name in data["measures"] else "topic"
        out += [(kind, "" if kind == "none" else name, re.compile(r)) for r in regexes]
    return out


@lru_cache(maxsize=1)
def _none() -> frozenset[str]:
    return frozenset(_data().get("none", []))


def measure_ids() -> frozenset[str]:
    return frozenset(_data()["measures"])


def find(text: str, tokens: Sequence[tuple[int, int]] | None = None) -> list[Hit]:
    """Non-overlapping hits, longest match first, returned in text order;
    with ``tokens`` ((start, end) of each token), snapped to whole tokens."""
    candidates = []   # (length, order, kind, value, start, end)
    for order, (kind, value, word) in enumerate(_phrases()):
        start = text.find(word)
        while start != -1:
            candidates.append((len(word), order, kind, value, start, start + len(word)))
            start = text.find(word, start + len(word))
    for order, (kind, value, rx) in enumerate(_patterns(), start=len(candidates) + 10**6):
        for m in rx.finditer(text):
            if m.end() > m.start():
                candidates.append((m.end() - m.start(), order, kind, value, m.start(), m.end()))
    taken = [False] * len(text)
    hits = []
    for _n, _o, kind, value, start, end in sorted(candidates, key=lambda c: (-c[0], c[1], c[4])):
        if not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            if kind != "none":
                hits.append(Hit(kind, value, start, end))
    if tokens is not None:
        snapped: list[Hit] = []
        for hit in (_snap(h, text, tokens) for h in sorted(hits, key=lambda h: h.start - h.end)):
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


# ---------------------------------------------------------------- what a message asks

_YEAR = re.compile(r"(20[0-9]{2}|[12][0-9]|[二两][〇零○][〇零○一二三四五六七八九]{2})年")   # 2028年, 28年, 二〇二八年
# a year of a life event (95年出生, 22年毕业) is not a year of claiming
_LIFE_EVENT = re.compile(r"出生|生的|生人|毕业|离校|失业|下岗|上班|工作|入职|辞职|离职|退休|参保|结婚|来金山")


def claim_year(text: str) -> Optional[int]:
    """The year a 申请/享受 question is about (2022年的补贴还能申请吗 -> 2022), if it names one."""
    for m in _YEAR.finditer(text):
        after = re.split(r"[，。,？?！!]", text[m.end():], maxsplit=1)[0][:16]
        if re.search(_data()["year_claim"], after) and not _LIFE_EVENT.search(after):
            y = N.cn_to_int(m.group(1))
            return y if y > 100 else 2000 + y
    return None


def year_topic(text: str) -> Optional[str]:
    """A year said with 申请/享受 (2022年的补贴还能申请吗, 2028年再去申请): before the
    policy began it is the old policy's question, after its end the validity's."""
    from policy_core.catalogue import catalogue
    year = claim_year(text)
    if year is None:
        return None
    cat = catalogue()
    if year < cat.start.year:
        return "old_policy"
    if year > cat.end.year:
        return "validity"
    return None


def asks_figure(text: str) -> bool:
    """补多少 / 标准是多少: a figure is asked for, not a list of what one can get."""
    return bool(re.search(_data()["figure_question"], text))


def asks_amount(text: str) -> bool:
    """具体能给多少钱 / 标准是多少 / 怎么算: a question about an amount or a standard."""
    return bool(re.search(_data()["amount_question"], text))


def resolve(text: str, measures: list[str], topic_hits: list[str],
            last_topic: Optional[str]) -> tuple[list[str], list[str]]:
    """(measures, document topics) the message asks about. `last_topic` is what the last
    answer was about (a topic name or a measure id): a follow-up naming nothing stays on it."""
    fu = _data()["follow_up"]
    topics = list(dict.fromkeys(topic_hits))
    if (t := year_topic(text)) and t not in topics:
        topics.append(t)
    if topics == ["validity"] and last_topic in fu["deadline_topics"] and \
            any(w in text for w in fu["deadline_words"]):
        topics = [last_topic]                      # 截止到什么时候？ after the old policy
    if "old_policy" in topics and "validity" in topics and not re.search(fu["this_policy"], text):
        topics.remove("validity")                  # 老政策的钱什么时候截止申请: the old policy's deadline
    if "validity" in topics and re.search(r"合同(?:期)?(?:到期|期满|过期|失效)", text) \
            and not re.search(fu["this_policy"] + r"|政策|文件", text):
        topics.remove("validity")                  # 今年3月合同到期离职: the contract's end, not the document's
    measures = family(text, measures, last_topic) or measures
    specific = [t for t in topics if t not in GENERAL]
    if specific or measures:
        topics = specific
    if not topics and not measures and last_topic:
        if last_topic in measure_ids():
            if asks_amount(text):                  # 具体能给多少钱 after a measure's answer
                measures = [last_topic]
        elif last_topic not in GENERAL and len(text) <= fu["max_chars"] and re.search(fu["question"], text) \
                and not re.search(fu["not_after"], text):
            topics = [last_topic]                  # 严重的呢 after fraud
    return measures, topics


def family(text: str, measures: list[str], last_topic: Optional[str]) -> list[str]:
    """The measures of a family (topics.yaml `families`) when the message asks about them
    together (对口地区三项补贴各给谁多少; 三个各多少 after one of them); else []."""
    data = _data()
    if not re.search(data["plural"], text):
        return []
    for fam in data["families"]:
        ids = fam["measures"]
        if any(w in text for w in fam["says"]) or set(measures) & set(ids) or \
                not measures and last_topic in ids:
            return list(ids)
    return []


def employer_kinds(text: str) -> tuple[list[str], list[str]]:
    """(kinds 七（一）excludes, other kinds) named in text, in text order, e.g.
    "社工机构算不算" -> (["社工组织"], []), "国企呢" -> ([], ["国企"])."""
    data = _data()
    named = []
    taken = [False] * len(text)
    words = [(w, kind, True) for kind, ws in data["employer_kinds"].items() for w in ws]
    words += [(w, w, False) for w in data["other_employer_kinds"]]
    for word, kind, excluded in sorted(words, key=lambda r: -len(r[0])):
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(word)
                named.append((start, kind, excluded))
            start = text.find(word, end)
    named.sort()
    excl = list(dict.fromkeys(k for _, k, e in named if e))
    other = list(dict.fromkeys(k for _, k, e in named if not e))
    return excl, other
