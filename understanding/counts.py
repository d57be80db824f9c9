"""How many people a message speaks of (「5个工人」「招了十二名」): a value, read by rule."""
from __future__ import annotations

import re
from typing import Optional

from fact_extraction.numbers import cn_to_int

_PEOPLE = re.compile(r"([0-9]+|[一二两三四五六七八九十百]+)\s*(?:(?:个|名|位)(?![月年])[^，。,;；\d]{0,10}?)?"
                     r"(?:人|工人|员工|职工|劳动力|劳动者|农民工)")


def people_count(text: str) -> Optional[int]:
    m = _PEOPLE.search(text)
    if not m:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))
    return n if n and 0 < n < 100000 else None
