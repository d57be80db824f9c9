"""Durations on dates when dates are known, whole months otherwise.

"超过N个月" excludes N, "满N个月"/"N年以内" include it (民法典 1259). Whole months
cannot settle a boundary they sit on: 6 whole months may be 6 months and 0 days
or 6 months and 20 days, so "超过6个月" is then unknown and the exact date is asked.
"""
from __future__ import annotations

import calendar
import datetime as dt
from typing import Optional

Tri = Optional[bool]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day N months later; the 31st becomes the month's last day."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months(start: dt.date, end: dt.date) -> int:
    """Completed months from start to end (0 when end is before start)."""
    n = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(n, 0)


def longer_than(since: Optional[dt.date], months: Optional[int], limit: int,
                as_of: dt.date) -> Tri:
    """Has a period that began on `since` (or lasted `months` whole months) exceeded `limit` months?"""
    if since is not None:
        return as_of > add_months(since, limit)
    if months is None or months == limit:
        return None
    return months > limit


def within(since: Optional[dt.date], months: Optional[int], limit: int,
           as_of: dt.date) -> Tri:
    """Is as_of within `limit` months (inclusive) after `since` (or after `months` whole months)?"""
    if since is not None:
        return since <= as_of <= add_months(since, limit)
    if months is None or months == limit:
        return None
    return months < limit
