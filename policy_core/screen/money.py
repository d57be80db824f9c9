"""Money where the document fixes the amount; counted, never priced, where it does not.

A result's sum for one person (or organisation): yuan × max_months where the document caps
the months, the sum itself where it is paid once (or per person). 「按市级标准」, 备案费用,
「不超过N元」 and the like have no yuan: they are counted and never given a figure, and so is
a monthly sum with no cap on the months (600元/月 for as long as the internship lasts).
"""
from __future__ import annotations

from typing import Optional

ONE_OFF = ("once", "person")


def committed(yuan: Optional[int], per: Optional[str], max_total_yuan: Optional[int]) -> Optional[int]:
    if yuan is None:
        return None
    if max_total_yuan is not None:
        return max_total_yuan
    return yuan if per in ONE_OFF else None


def of(result) -> Optional[int]:
    a = result.amount
    return committed(a.yuan, a.per, a.max_total_yuan)
