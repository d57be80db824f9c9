"""Personal identifiers typed into the chat (ID number, mobile number, a name given as such).
They are never facts: the reader reports only that one was there, never its value."""
from __future__ import annotations

import re

_ID = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_NAME = re.compile(r"(?:我叫|我的名字是|姓名[:：是]?|名字叫)\s*[\u4e00-\u9fff]{2,4}")


def identifiers(text: str) -> list[str]:
    """Which kinds are present: "id", "phone", "name" (never the values)."""
    kinds = [("id", _ID), ("phone", _PHONE), ("name", _NAME)]
    return [k for k, rx in kinds if rx.search(text)]


def masked(text: str) -> str:
    """The text with every identifier replaced, for anything that keeps or shows it."""
    for rx in (_ID, _PHONE):
        text = rx.sub(lambda m: "*" * len(m.group()), text)
    return text
