"""Organisation-side and award facts named in a message (孵化基地评估B级, 创业大赛二等奖, …).

Small, closed vocabularies, so plain patterns suffice; values are policy_core's.
"""
from __future__ import annotations

import re

_GRADE = re.compile(r"(?:评估|评级|等级|评为|评上|评了|评到|评的|定为|拿了|获得|是)[^，。,.!?？！]{0,6}?([ABCDabcd])\s*级|([ABCDabcd])\s*级(?:基地|孵化)")
_UNQUALIFIED = re.compile(r"不达标")
_NOT_ASSESSED = re.compile(r"(?:没|未)(?:有)?参(?:加|与)(?:评估|评级)")
_PRIZE = re.compile(r"([一二三123])\s*等奖")
_PRIZE_VALUE = {"一": "first", "1": "first", "二": "second", "2": "second", "三": "third", "3": "third"}
_STARTUP = re.compile(r"创业|创客|大赛|赛事")
_SKILL = re.compile(r"技能|职业技能")
_NEG = re.compile(r"没|未|不是|没有")
# "承办创业大赛的单位有补贴吗": describing the kind of organisation, not stating
_DESCRIBED = re.compile(r"^(?:的|之)(?:单位|企业|机构|公司|组织|基地|选手|人|团队)")
# "首席技师有什么补贴", "首席技师资助标准", "创业大赛一等奖有多少资助": asking about the
# measure (its standard, amount, conditions) ...
_NOT_STATED = re.compile(r"^[^，,。！!；;]{0,2}?(?:吗|么|呢|\?|？|有什么|有没有|有啥|多少|怎么)"
                         r"|^[^，,。！!；;]{0,6}?(?:标准|多少|怎么|如何|条件|要求|是什么|是啥|啥)")
# ... unless the clause also says so (我们基地评了B级，运作费多少; 创业大赛拿了一等奖能给多少钱)
_STATING = re.compile(r"是|为|评上|评了|评到|入选|获得|获|拿了|拿到|得了|得到|荣获|属于|成了|承办了")
_NOT_STATING = re.compile(r"是不是|是否|如果|要是|假如|假设|万一|怎么|什么|哪")
# "是不是首席技师", "算不算集训单位": a question about the words right after it
_ASKED_BEFORE = re.compile(r"(?:是不是|是否|算不算|属不属于|有没有)[^，,。！!？?；;]{0,4}$")
_CLAUSE_BREAK = re.compile(r"[，,。！!？?；;\s]")
# Words a follow-up ("A级呢", "二等奖呢") leaves out: the measure talked about last supplies them.
FOLLOW_UP = {"incubator_operation": "孵化基地评估为", "competition_prize": "创业赛事获得",
             "award_matching": "创业赛事获得"}

_FLAGS = [  # (pattern, fact) — a positive statement sets the fact true
    (re.compile(r"首席技师"), "chief_technician_project"),
    (re.compile(r"承办[^，。]{0,8}(?:创业)(?:大赛|赛事|比赛)"), "hosts_district_startup_competition"),
    (re.compile(r"承办[^，。]{0,8}(?:技能)(?:大赛|赛事|比赛|竞赛)"), "hosts_regional_skill_competition"),
    (re.compile(r"集训单位"), "skill_competition_training_unit"),
    (re.compile(r"(?:国家级|市级)[^，。]{0,10}(?:创新创业|创业)(?:大赛|比赛)[^，。]{0,6}(?:获奖|奖项|得奖|拿奖)"), "national_or_city_startup_award"),
    (re.compile(r"代表金山[^，。]{0,12}技能[^，。]{0,6}(?:获奖|奖项|得奖|拿奖)"), "skill_competition_award_winner"),
]


def _stated(text: str, m: re.Match) -> bool:
    """The words matched by m state a fact: no question about the measure follows
    them, or the clause says the organisation has it (是/评了/拿了 before them)."""
    after = text[m.end():]
    if _DESCRIBED.search(after) or _ASKED_BEFORE.search(text, 0, m.start()):
        return False
    if not _NOT_STATED.search(after):
        return True
    breaks = [b.end() for b in _CLAUSE_BREAK.finditer(text, 0, m.start())]
    before = text[breaks[-1] if breaks else 0:m.start()]
    return bool(_STATING.search(before)) and not _NOT_STATING.search(before)


def find(text: str, last_measure: str | None = None) -> list[tuple[str, object, int, int]]:
    """(fact, value, start, end) for each org/award fact stated in text; with last_measure,
    text is read as a follow-up about that measure (spans then index the prefixed text)."""
    text = FOLLOW_UP.get(last_measure, "") + text
    out = []
    if _UNQUALIFIED.search(text) and ("基地" in text or "孵化" in text):
        m = _UNQUALIFIED.search(text)
        out.append(("incubator_grade", "unqualified", m.start(), m.end()))
    elif m := _GRADE.search(text):
        if "基地" in text or "孵化" in text or "评估" in text:
            g = (m.group(1) or m.group(2)).upper()
            out.append(("incubator_grade", g, m.start(), m.end()))
    elif (m := _NOT_ASSESSED.search(text)) and ("基地" in text or "孵化" in text):
        out.append(("incubator_grade", "not_assessed", m.start(), m.end()))
    if (m := _PRIZE.search(text)) and _STARTUP.search(text) and not _SKILL.search(text) \
            and _stated(text, m):
        out.append(("startup_competition_prize", _PRIZE_VALUE[m.group(1)], m.start(), m.end()))
    for pattern, fact in _FLAGS:
        if (m := pattern.search(text)) and _stated(text, m):
            before = text[max(0, m.start() - 3):m.start()]
            out.append((fact, not _NEG.search(before), m.start(), m.end()))
    return out
