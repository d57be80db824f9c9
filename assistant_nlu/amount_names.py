"""A subsidy named by what it pays: 个人有一千二的补贴是伐 / 那个3000块的 / 600块生活费.

The amounts are the catalogue's (each measure's amount and those of its `by` table, as the
dialogue's own _measures_by_amount reads them); an amount more than one measure pays (1000元:
灵活就业, 推荐就业, 高级工证书) names none.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

import cn2an

from policy_core.catalogue import catalogue

_N = r"(?P<n>\d+(?:\.\d+)?万?|[零〇一二两三四五六七八九十百千万]{2,})"
# the amount with its unit or the subsidy after it (一千二的补贴), or after 拿/领 (好拿一万八是伐)
_MONEY = re.compile(_N + r"(?:块钱|块|元|的补贴|的不贴|个补贴|个不贴|的那个|那个|的)|"
                    r"(?:拿|领|给|补|这个|那个)" + _N.replace("?P<n>", "?P<m>") + r"(?![0-9零〇一二两三四五六七八九十百千万个岁年月天号])")


@lru_cache(maxsize=2)
def _sole_payer(monthly: bool = False) -> dict[int, str]:
    """yuan -> the one measure paying it (monthly: among the sums paid by the month, so
    1000块一个月 is 灵活就业 alone)."""
    seen: dict[int, set] = {}
    for m in catalogue().measures:
        for a in m.amounts.values():
            if isinstance(a.yuan, int) and (not monthly or a.per in ("month", "person_month")):
                seen.setdefault(a.yuan, set()).add(m.id)
    return {v: next(iter(ids)) for v, ids in seen.items() if len(ids) == 1}


_A_MONTH = re.compile(r"\s*(?:块钱|块|元)?\s*(?:一个|每个?|/|一)月")


def _yuan(span: str) -> Optional[int]:
    try:
        value = cn2an.cn2an(span, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return int(value) if value == int(value) else None


def find(text: str) -> list[tuple[str, int, int]]:
    """(measure id, start, end) for each amount in text only one measure pays (300元 and up)."""
    out = []
    for m in _MONEY.finditer(text):
        value = _yuan(m.group("n") or m.group("m"))
        payer = _sole_payer(monthly=True).get(value) if _A_MONTH.match(text, m.end()) else None
        payer = payer or _sole_payer().get(value)
        if value and value >= 300 and payer:
            out.append((payer, m.start(), m.end()))
    return out
