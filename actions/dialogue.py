"""What the assistant says after each user message: pure Python, no Rasa imports.

respond(state, message, today) -> Reply. The Rasa action (actions.py) only turns
slots into a State and a Reply back into events and messages, so every turn of
the conversation can be tested here without a server.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any, Optional

from fact_extraction import extract
from policy_core import FACT_NAMES, Facts, FactsError, evaluate, fact_info, parse_facts
from policy_core.explain import explain, summary, why_not
from policy_core.model import Evaluation

from . import answers, templates as T

MAX_CHARS = 2000
_WHAT_IF = re.compile(r"^\s*(?:那|那么)?\s*(?:如果|假如|要是|假设|万一|若是|倘若)")
_RESTART = re.compile(r"重新开始|重来|从头开始|清空|重置|重新咨询")
_WHY_NOT = re.compile(r"为什么|为啥|怎么(?:不能|不可以|领不了|没有)|凭什么")
_ENGLISH = re.compile(r"^[\sA-Za-z0-9,.'?!:;\-()\"]+$")
_PAIRS = {  # setting one of a pair clears the other: the newer statement is the one that counts
    "unemployed_since": "unemployment_months", "unemployment_months": "unemployed_since",
    "graduation_date": "months_since_graduation", "months_since_graduation": "graduation_date",
}
_FACTS = set(FACT_NAMES)


@dataclass
class Message:
    text: str
    intent: Optional[str] = None
    entities: list = field(default_factory=list)
    guesses: dict = field(default_factory=dict)   # {"age": 31}: values to confirm
    truncated: bool = False


@dataclass
class State:
    facts: dict = field(default_factory=dict)
    asked: Optional[str] = None           # the fact the last reply asked for
    guess: Optional[dict] = None          # {"fact": "age", "value": 31} awaiting confirmation
    last_measure: Optional[str] = None    # the measure talked about last ("为什么不能领" refers to it)
    skipped: list = field(default_factory=list)   # facts the person could not answer


@dataclass
class Reply:
    state: State
    messages: list                        # [{"text": str, "buttons": [{"title", "payload"}]}]


# ---------------------------------------------------------------- reading facts

def _kind(name: str) -> str:
    return repr(Facts.model_fields[name].annotation)


def _valid(name: str, value: Any) -> Any:
    """The value in the contract's type, or None when it cannot be one."""
    if isinstance(value, str):
        if "int" in _kind(name) and value.strip().isdigit():
            value = int(value)
        elif value.lower() in ("true", "false"):
            value = value.lower() == "true"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        parse_facts({name: value})
    except FactsError:
        return None
    return value


def _is_bool(name: str) -> bool:
    return "bool" in _kind(name)


def facts_in(msg: Message, state: State, today: dt.date) -> dict:
    """Facts the message states, including short answers to the question just asked."""
    found: dict = {}
    for e in msg.entities:
        name = e.get("entity")
        if name in _FACTS:
            value = _valid(name, e.get("value"))
            if value is not None:
                found[name] = value
    asked = state.guess["fact"] if state.guess else state.asked
    if asked and asked not in found:
        if state.guess and msg.intent == "affirm":
            found[asked] = state.guess["value"]
        elif msg.intent in ("affirm", "deny") and _is_bool(asked):
            found[asked] = msg.intent == "affirm"
        else:
            value = extract(msg.text, today, asked=asked).facts.get(asked)
            if value is not None and _valid(asked, value) is not None:
                found[asked] = value
    return found


def _show(name: str, value: Any) -> str:
    if name in T.VALUE_WORDS:
        return T.VALUE_WORDS[name].get(value, str(value))
    if name in T.NUMBER_FORMAT:
        return T.NUMBER_FORMAT[name].format(value)
    if name in T.DATE_FORMAT:
        d = dt.date.fromisoformat(value)
        return T.DATE_FORMAT[name].format(f"{d.year}年{d.month}月{d.day}日")
    label = fact_info()[name]["label"]
    return f"{label.removeprefix('是否')}：{'是' if value else '否'}" if isinstance(value, bool) else f"{label}：{value}"


def _apply(state: State, new: dict) -> tuple[State, list[str]]:
    """Merge new facts (later statements override) and say what was understood."""
    facts = dict(state.facts)
    recorded, corrected = [], []
    for name, value in new.items():
        old = facts.get(name)
        if old == value:
            continue
        facts[name] = value
        if name in _PAIRS:
            facts.pop(_PAIRS[name], None)
        if old is None:
            recorded.append(_show(name, value))
        else:
            label = fact_info()[name]["label"]
            corrected.append(T.CORRECTED.format(label=label, new=_show(name, value), old=_show(name, old)))
    lines = []
    if recorded:
        lines.append(T.CONFIRM_PREFIX + "；".join(recorded) + "。")
    lines += corrected
    skipped = [s for s in state.skipped if s not in new]
    guess = state.guess if state.guess and state.guess["fact"] not in new else None
    return replace(state, facts=facts, skipped=skipped, guess=guess), lines


# ---------------------------------------------------------------- replying

def _evaluate(state: State, today: dt.date, extra: Optional[dict] = None) -> Evaluation:
    facts = dict(state.facts, **(extra or {}), as_of=today.isoformat())
    return evaluate(facts, skip=state.skipped)


def _question(fact: str) -> dict:
    text, buttons = T.QUESTIONS[fact]
    return {"text": text, "buttons": [{"title": t, "payload": p} for t, p in buttons]}


def _hits(msg: Message, kind: str) -> list[str]:
    out = []
    for e in msg.entities:
        if e.get("entity") == kind and e.get("value") not in out:
            out.append(e["value"])
    return out


def _hypothesis(text: str, today: dt.date) -> dict:
    """Facts of "如果我是硕士呢": the extractor ignores hypotheticals, so read the clause after 如果."""
    clause = _WHAT_IF.sub("", text).rstrip("呢？?。！!吧")
    found = extract(clause, today).facts
    return {k: v for k, v in found.items() if _valid(k, v) is not None}


def _what_if(state: State, msg: Message, today: dt.date) -> list[str]:
    hypo = _hypothesis(msg.text, today)
    if not hypo:
        return [T.WHAT_IF_NONE]
    now, then = _evaluate(state, today), _evaluate(state, today, hypo)
    change = "；".join(_show(k, v) for k, v in hypo.items())
    lines = [T.WHAT_IF_HEAD.format(change=change)]
    play = set(now.in_play) | set(then.in_play)
    for a, b in zip(now.results, then.results):
        if b.id in play and (a.status != b.status or a.amount != b.amount):
            lines.append("· " + explain(b).split("依据：")[0])
    if len(lines) == 1:
        lines.append(T.WHAT_IF_SAME)
    return lines


def respond(state: State, msg: Message, today: Optional[dt.date] = None) -> Reply:
    today = today or dt.date.today()
    text = (msg.text or "").strip()
    out: list[str] = [T.TRUNCATED] if msg.truncated else []
    intent = msg.intent or "nlu_fallback"

    if not text or intent == "empty_input":
        return _with_question(state, out + [T.EMPTY, T.HELP], today, state.facts != {})
    if intent == "start_over" or (_RESTART.search(text) and len(text) <= 20):
        return Reply(State(), [{"text": "\n".join(out + [T.RESTARTED, T.WELCOME])}])
    if intent == "what_if" or _WHAT_IF.search(text):
        return _with_question(state, out + _what_if(state, msg, today), today, False)

    new = facts_in(msg, state, today)
    if intent == "dont_know" and state.asked and not new:
        state = replace(state, skipped=state.skipped + [state.asked], guess=None)
        out.append(T.SKIPPED)
    state, lines = _apply(state, new)
    out += lines
    for fact, value in msg.guesses.items():
        if fact in _FACTS and fact not in new:
            state = replace(state, guess={"fact": fact, "value": value})
            label = fact_info()[fact]["label"]
            out.append(T.GUESS.format(value=_show(fact, value), label=label))
            return Reply(replace(state, asked=fact), [{"text": "\n".join(out)}])

    ev = _evaluate(state, today)
    measures, topics = _hits(msg, "measure"), _hits(msg, "topic")
    if measures:
        state = replace(state, last_measure=measures[0])

    if intent == "why_not" or (_WHY_NOT.search(text) and (measures or state.last_measure)):
        target = measures[0] if measures else state.last_measure
        if not target:
            return Reply(state, [{"text": "\n".join(out + [T.WHY_NOT_WHICH])}])
        result = ev.result(target)
        out.append(why_not(result))
        if result.status == "undetermined":   # ask what this very measure still needs
            return _with_question(state, out, today, True, ev, first=result.missing_facts[0])
        return _with_question(state, out, today, True, ev)

    specific = [t for t in topics if t != "policy_overview"]
    if specific or (topics and not measures and intent in ("ask_policy", "ask_benefits", "ask_measure")
                    and not state.facts):
        for t in specific or topics:
            out.append(answers.topic(t, today))
        return _with_question(state, out, today, bool(new), ev)
    if measures and (intent in ("ask_measure", "ask_benefits", "ask_policy") or not new or
                     any(fact_info()[n].get("org") for n in new)):
        for m in measures[:2]:
            out.append(answers.measure(m, ev if state.facts else None))
        return _with_question(state, out, today, bool(new), ev)
    if intent == "ask_benefits":
        if not state.facts:
            out.append(T.NOTHING_YET)
            return _with_question(state, out, today, True, ev)
        out += [summary(ev), T.DISCLAIMER]
        return _with_question(state, out, today, True, ev)
    if intent == "greet" and not new:
        out.append(T.WELCOME)
        if state.facts:
            out.append(T.KEPT)
        return _with_question(state, out, today, bool(state.facts), ev)
    if intent in ("goodbye", "thanks", "bot_challenge") and not new:
        out.append({"goodbye": T.GOODBYE, "thanks": T.THANKS, "bot_challenge": T.BOT}[intent])
        return Reply(replace(state, asked=None), [{"text": "\n".join(out)}])
    if not new and state.asked and intent in ("affirm", "deny") and not _is_bool(state.asked):
        out.append(T.CHOOSE)   # 是/不是 to a question that wants a value
        return _with_question(state, out, today, True, ev)
    if not new and intent not in ("dont_know",):
        # Nothing understood: say what the assistant can do, keep what was said, re-ask.
        out.append(T.ENGLISH if _ENGLISH.match(text) else T.NOT_UNDERSTOOD)
        out.append(T.HELP)
        if state.facts:
            out.append(T.KEPT)
        return _with_question(state, out, today, bool(state.facts), ev)
    return _with_question(state, out, today, True, ev, settle=True)


def _with_question(state: State, out: list[str], today: dt.date, ask: bool,
                   ev: Optional[Evaluation] = None, settle: bool = False,
                   first: Optional[str] = None) -> Reply:
    """Finish the reply: the next useful question, or, when nothing is open, the answer."""
    ev = ev or _evaluate(state, today)
    nf = (first or ev.next_fact) if ask else None
    messages = [{"text": "\n".join(x for x in out if x)}] if any(out) else []
    if nf:
        messages.append(_question(nf))
        return Reply(replace(state, asked=nf), messages)
    if settle and state.facts:
        messages.append({"text": "\n".join([T.ALL_SETTLED, summary(ev), T.DISCLAIMER])})
    return Reply(replace(state, asked=None), messages)
