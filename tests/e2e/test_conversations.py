"""Multi-turn conversations (conversations.yaml) against the real Rasa and action servers.

One test per conversation. After each turn the expectations of that turn are
checked against the reply (all messages joined, button titles included), the
tracker's slots, and policy_core.evaluate run on those slots. The schema is
described at the top of conversations.yaml.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
import yaml

from policy_core import FACT_NAMES, evaluate
from policy_core.durations import add_months

pytestmark = pytest.mark.e2e

DATA = yaml.safe_load((Path(__file__).with_name("conversations.yaml")).read_text(encoding="utf-8"))
CONVERSATIONS = DATA["conversations"]
TODAY = dt.date.today()
# {B}: the month six months back, where a month alone cannot settle "超过6个月";
# {BDAY}: a day of it; {BD}: that date; {BSTATUS}: flexible_employment_youth on it.
_B = add_months(TODAY.replace(day=1), -6)
_BD = _B.replace(day=min(TODAY.day, 28))
PLACEHOLDERS = {"{Y}": str(TODAY.year), "{Y-1}": str(TODAY.year - 1),
                "{B}": f"{_B.year}年{_B.month}月", "{BDAY}": str(_BD.day), "{BD}": _BD.isoformat(),
                "{BSTATUS}": "conditional" if TODAY > add_months(_BD, 6) else "ineligible",
                # a birth year whose two possible ages (35/36) straddle "35周岁及以下"
                "{BY35}": str(TODAY.year - 36), "{BY-NOW}": str(TODAY.year - 30)}

# Never in any reply: links, phone numbers, money in Chinese numerals.
FORBIDDEN = [re.compile(p) for p in (r"https?://|www\.", r"(?<![\d.])\d{7,}(?!\d*元)",
                                     r"\d{3,4}-\d{7,8}", r"[零一二两三四五六七八九十百千]元")]
# The grouped answer (可以领取 / 做到下面这些以后可以领取 / 暂不符合 / 还需确认).
GROUPED = re.compile(r"您问的这一项已经可以判断了|【(可以领取|做到下面这些以后可以领取|暂不符合|还需确认)】")




def _fill(value):
    """Replace {Y}/{Y-1} in strings (this year / last year), recursively."""
    if isinstance(value, str):
        for k, v in PLACEHOLDERS.items():
            value = value.replace(k, v)
        return value
    if isinstance(value, list):
        return [_fill(v) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v) for k, v in value.items()}
    return value


def _message(turn: dict):
    if "say_long" in turn:
        unit, n = turn["say_long"]["text"], turn["say_long"]["chars"]
        return (unit * (n // len(unit) + 1))[:n]
    return _fill(turn["say"])


def _facts(slots: dict) -> dict:
    return {n: slots[n] for n in FACT_NAMES if slots.get(n) is not None}


def _check(where: str, exp: dict, reply: str, buttons: list, slots: dict, before: dict):
    facts = _facts(slots)
    for name, want in (exp.get("slots") or {}).items():
        assert slots.get(name) == want, f"{where}: slot {name} = {slots.get(name)!r}, want {want!r}"
    if "slots_exact" in exp:
        assert facts == exp["slots_exact"], f"{where}: fact slots {facts}"
    if exp.get("keeps"):
        assert facts == before, f"{where}: fact slots changed from {before} to {facts}"
    if exp.get("cleared"):
        assert facts == {}, f"{where}: fact slots not cleared: {facts}"
    if "asks" in exp:
        assert slots.get("asked_fact") == exp["asks"], \
            f"{where}: asked {slots.get('asked_fact')!r}, want {exp['asks']!r}\n{reply}"
    for text in exp.get("contains") or []:
        assert text in reply, f"{where}: reply lacks {text!r}:\n{reply}"
    for text in exp.get("not_contains") or []:
        assert text not in reply, f"{where}: reply has {text!r}:\n{reply}"
    for payload in exp.get("buttons") or []:
        assert payload in buttons, f"{where}: no button {payload!r} in {buttons}"
    if exp.get("status"):
        ev = evaluate(dict(facts, as_of=TODAY.isoformat()))
        for measure, want in exp["status"].items():
            got = ev.result(measure).status
            assert got == want, f"{where}: {measure} is {got}, want {want} (facts {facts})"


@pytest.mark.parametrize("conv", CONVERSATIONS, ids=[c["name"] for c in CONVERSATIONS])
def test_conversation(conv, servers):
    sender = f"e2e-{uuid.uuid4().hex[:10]}"
    before: dict = {}
    questions, settled_after = 0, None     # questions asked before the grouped answer
    for i, turn in enumerate(conv["turns"], 1):
        where = f"turn {i} ({str(turn.get('say', '<long>'))[:30]!r})"
        out = servers.say(sender, _message(turn))
        texts = [m.get("text") or "" for m in out]
        buttons = [b["payload"] for m in out for b in m.get("buttons") or []]
        reply = "\n".join(texts + [b["title"] for m in out for b in m.get("buttons") or []])
        assert any(t.strip() for t in texts), f"{where}: empty reply {out}"
        for rx in FORBIDDEN:
            assert not rx.search(reply), f"{where}: reply has {rx.pattern!r}:\n{reply}"
        if "万元" in reply:
            assert re.search(r"\d+元", reply), f"{where}: money without digits and 元:\n{reply}"
        slots = servers.slots(sender)
        _check(where, _fill(turn), reply, buttons, slots, before)
        before = _facts(slots)
        if settled_after is None:
            if slots.get("asked_fact"):
                questions += 1
            elif GROUPED.search(reply):
                settled_after = questions
    if "final" in conv:
        _check("final", _fill(conv["final"]), reply, buttons, slots, before)
    if "budget" in conv:
        assert settled_after is not None, "never settled: no grouped answer without a question"
        assert settled_after <= conv["budget"], f"{settled_after} questions, budget {conv['budget']}"
