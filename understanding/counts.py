"""How many people a message speaks of (「5个工人」「招了十二名」): a value, read by rule."""
from __future__ import annotations

import re
from typing import Optional

from fact_extraction.numbers import cn_to_int

_PEOPLE = re.compile(r"([0-9]+|[一二两三四五六七八九十百]+)\s*(?:(?:个|名|位)(?![月年])[^，。,;；\d]{0,10}?)?"
                     r"(?:人|工人|员工|职工|劳动力|劳动者|农民工)")


# 招了10个 最多一共多少 / 推荐了8名 / 三个加起来: hired, referred or summed, with no noun after
_HIRED = re.compile(r"(?:招|招了|招用了?|招收了?|吸纳了?|推荐了?|录用了?|雇了?|安置了?)\s*([0-9]+|[一二两三四五六七八九十百]+)\s*(?:个|名|位)(?![月年小星礼])"
                    r"|([0-9]+|[一二两三四五六七八九十百]+)\s*(?:个|名|位)(?:都|一共|总共|合计|加起来|加在一起)")


# 一个人多少 / 每人每月多少: the unit a sum is per, not a number of people
_PER_HEAD = re.compile(r"(?:每|一)\s*(?:个|名|位)?\s*(?:人|员工|工人)(?:每月|一个月|每个月)?\s*(?:最多|能|可以|大概|一共)*\s*(?:拿|补|给|发|领)?\s*(?:多少|几钿|几多)")


def people_count(text: str) -> Optional[int]:
    text = _PER_HEAD.sub(lambda m: "_" * len(m.group(0)), text)
    m = _PEOPLE.search(text) or _HIRED.search(text)
    if not m:
        return None
    if m.re is _HIRED:
        word = m.group(1) or m.group(2)
        n = int(word) if word.isdigit() else cn_to_int(word)
        return n if n and 0 < n < 100000 else None
    n = int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))
    return n if n and 0 < n < 100000 else None
