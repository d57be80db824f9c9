"""What the three front doors share.

- `converse`: one message through the Rasa agent (the same handler Rasa gives every input
  channel), with the REST channel's input rules (`rest_channel.clean`: empty text, 2,000
  characters): the reply messages, and the structured result of the slots the turn left.
- The structured result (actions/payload.py) is the only thing the doors render; `decorate`
  adds the labels of missing facts (policy_core's facts.yaml) so no door has to know them.
- Conversation state read from, and facts written to, the tracker in-process (agent desk
  corrections, kiosk reset), under the conversation's lock.
- The pages' own files, served with a strict content-security policy (no outside resource,
  no inline script).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import typing
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterable, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.events import Restarted, SlotSet
from sanic import response
from sanic.request import Request

from channels.rest_channel import clean, ensure_reply
from policy_core import FACT_NAMES, Facts, FactsError, evaluate, fact_info, fact_kind, parse_facts
from policy_core.facts import int_range
from trackerstores.lean_sql import unwrapped

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
STATE_SLOTS = ("asked_fact", "fact_guess", "skipped_facts", "subject")

# A conversation id a client may name (agent desk): letters, digits, "-" and "_".
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

OnMessage = Callable[[UserMessage], Awaitable[Any]]


# ---------------------------------------------------------------- one message
async def converse(on_new_message: OnMessage, agent, sender: str, raw: Any, channel: str) -> dict:
    """Send one message of `sender` through Rasa; return {"messages": [{"text", "buttons"}],
    "payload": the structured result (None when the conversation cannot be read back: never an
    empty result that would look like "nothing known"), "slots": the slots after the turn,
    "truncated"}.

    The structured result is built here from the slots the turn left (actions/payload.py, the
    same builder the views use), not sent by the action: a reply's data stays in the tracker
    for good, and Rasa loads, saves and sends the whole tracker on every turn."""
    text, truncated = clean(raw)
    collector = CollectingOutputChannel()
    message = UserMessage(text, collector, sender, input_channel=channel,
                          metadata={"truncated": True} if truncated else {})
    await on_new_message(message)
    await ensure_reply(message)      # action server down: "briefly unavailable", facts kept
    slots = await slots_of(agent, sender)      # None only when the store cannot be read now
    return {"messages": reply_messages(collector.messages), "slots": slots or {},
            "payload": None if slots is None else view(slots), "truncated": truncated}


def reply_messages(collected: Iterable[dict]) -> list[dict]:
    """Rasa's collected messages -> the reply messages (text and buttons)."""
    messages = []
    for m in collected:
        if m.get("text") or m.get("buttons"):
            buttons = [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                       for b in m.get("buttons") or [] if isinstance(b, dict)]
            messages.append({"text": m.get("text") or "", "buttons": buttons})
    return messages


def decorate(payload: dict) -> dict:
    """The structured result with, on every measure, `missing_labels`: what is still to confirm,
    in words (the missing facts' labels, else the open conditions themselves); on the next
    question, `kind` ("number", "date", "enum", "bool": the kiosk offers a number pad or year and
    month pickers) and, for a number, its `unit` (岁, 个月) from the registry of facts."""
    info = fact_info()
    out = dict(payload)
    question = out.get("next_question")
    if question and question.get("fact") in info:
        out["next_question"] = dict(question, **answer_kind(question["fact"]))
    result = dict(out.get("result") or {})
    rows = []
    for r in result.get("results") or []:
        r = dict(r)
        labels = [info.get(n, {}).get("label", n) for n in r.get("missing_facts") or []]
        if not labels and r.get("status") == "undetermined":
            labels = list(r.get("open_conditions") or [])
        r["missing_labels"] = labels
        rows.append(r)
    result["results"] = rows
    out["result"] = result
    return out


def answer_kind(fact: str) -> dict:
    """How a fact is answered: {"kind": "number", "unit": "岁"}; {"kind": "date", "past": never after
    today (PAST_DATES), "day": the question asks for the day (its example names one, 2026年5月20日)};
    {"kind": "enum"}; {"kind": "bool"}."""
    kind = fact_kind(fact)
    info = fact_info().get(fact, {})
    if kind == "int":
        pattern = info.get("number", "{}")
        return {"kind": "number", "unit": pattern.split("{}", 1)[1] if "{}" in pattern else ""}
    if kind == "date":
        return {"kind": "date", "past": fact in PAST_DATES, "day": bool(re.search(r"\d+月\d+日", info.get("ask", "")))}
    return {"kind": kind}


# ---------------------------------------------------------------- state in the tracker
async def slots_of(agent, sender: str) -> Optional[dict]:
    """The conversation's slots, or None when it does not exist."""
    tracker = await agent.tracker_store.retrieve(sender)
    if tracker is None or not tracker.events:
        return None
    return tracker.current_slot_values()


def view(slots: dict, today: Optional[dt.date] = None) -> dict:
    """The structured result for a conversation's slots, as `action_respond` builds it (for views
    asked for without a message: the agent desk's GET and corrections, the kiosk's take-away)."""
    from actions.payload import result_payload   # the action's own builder: one definition

    today = today or dt.date.today()
    facts = {n: slots.get(n) for n in FACT_NAMES if slots.get(n) is not None}
    skipped = list(slots.get("skipped_facts") or [])
    return decorate(result_payload(facts, skipped, today, slots.get("asked_fact"), slots.get("subject"),
                                   org=slots.get("speaker") == "organisation",
                                   caller=bool(slots.get("subject_is_caller"))))


# Dates that say when something began: never after today (a graduation date may be ahead).
PAST_DATES = ("unemployed_since", "flexible_since")


def merge_facts(held: dict, updates: Any, today: Optional[dt.date] = None) -> dict:
    """The facts after a hand correction (`null` clears a fact), validated as chat's facts are
    (policy_core.parse_facts) and against today (PAST_DATES): raises FactsError with the reason."""
    if not isinstance(updates, dict) or not updates:
        raise FactsError("输入有误：没有要更正的内容", "Bad input: facts must be a non-empty JSON object")
    if "as_of" in updates:
        raise FactsError("输入有误：判断日期不能手工更正", "Bad input: unknown fact as_of")
    merged = {k: v for k, v in dict(held, **updates).items() if v is not None}
    try:
        parsed = parse_facts(merged)
    except FactsError as e:
        raise in_words(e) from None
    today = today or dt.date.today()
    for name in PAST_DATES:
        value = getattr(parsed, name, None) if name in updates else None
        if isinstance(value, dt.date) and value > today:
            label = fact_info().get(name, {}).get("label", name)
            raise FactsError(f"输入有误：{label}不能晚于今天（{_day(today)}），收到 {_day(value)}",
                             f"Bad input: {name} cannot be after today ({today.isoformat()}), got {value.isoformat()}",
                             name)
    return {n: merged.get(n) for n in FACT_NAMES if n in merged or n in held}


def _day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def value_titles(name: str) -> dict:
    """An enumerated fact's value -> its words (the registry's button titles)."""
    return {str(k): v for k, v in (fact_info().get(name, {}).get("choices") or {}).items()}


def in_words(e: FactsError) -> FactsError:
    """policy_core's error for a hand correction, said with the fact's Chinese label and value
    words from the registry (policy_core/data/facts.yaml), never an internal name: 「户籍应为以下之一：
    金山区、上海其他区、外省市」, not 「hukou 应为取值之一：jinshan/…」. The English line is kept."""
    info = fact_info()
    name = e.fact
    if name in info:
        label = info[name]["label"]
        got = e.zh.rsplit("收到 ", 1)[1] if "收到 " in e.zh else ""
        kind = fact_kind(name)
        if kind == "enum":
            zh = f"输入有误：{label}应为以下之一：" + "、".join(value_titles(name).values())
        elif kind == "int":
            low, high = int_range(name)
            zh = f"输入有误：{label}应为{low}到{high}之间的整数" + (f"，收到 {got}" if got else "")
        elif kind == "date":
            zh = f"输入有误：{label}应为日期（年-月-日，例如 2025-06-01）" + (f"，收到 {got}" if got else "")
        else:
            zh = f"输入有误：{label}应为“是”或“否”"
        return FactsError(zh, e.en, name)
    # errors about two facts (flexible_since before unemployed_since …): each name, with or without
    # its gloss in brackets, becomes its label
    zh = e.zh
    for n in sorted(info, key=len, reverse=True):
        zh = re.sub(rf"\b{n}\b(?:（[^）]*）)?", info[n]["label"], zh)
    zh = re.sub(r"\s*\bas_of\b", "", zh)
    zh = re.sub(r"(?<=[\u4e00-\u9fff）]) +(?=[\u4e00-\u9fff])", "", zh)
    if name and name not in info:
        zh = f"输入有误：没有“{name}”这一项事实"
    return FactsError(zh, e.en, name)


async def correct_facts(agent, sender: str, updates: Any, create: bool = False) -> Optional[dict]:
    """Set facts by hand and return the conversation's new slots (None: no such conversation
    and `create` is off). Bad values raise FactsError and change nothing."""
    async with agent.lock_store.lock(sender):
        tracker = await agent.tracker_store.retrieve(sender)
        if tracker is None or not tracker.events:
            if not create:
                return None
            merge_facts({}, updates)               # refuse bad values before creating anything
            tracker = await agent.processor.fetch_tracker_and_update_session(sender, CollectingOutputChannel())
        slots = tracker.current_slot_values()
        held = {n: slots.get(n) for n in FACT_NAMES if slots.get(n) is not None}
        new = merge_facts(held, updates)
        events = [SlotSet(n, v) for n, v in new.items() if slots.get(n) != v]
        changed = {e.key for e in events}
        skipped = [f for f in slots.get("skipped_facts") or [] if f not in changed]
        if skipped != list(slots.get("skipped_facts") or []):
            events.append(SlotSet("skipped_facts", skipped))
        guess = slots.get("fact_guess")
        if isinstance(guess, dict) and guess.get("fact") in changed:
            events.append(SlotSet("fact_guess", None))
        asked = slots.get("asked_fact")
        if asked is None or asked in changed:
            # The question the desk shows next: the one the policy core now wants.
            facts = {n: v for n, v in new.items() if v is not None}
            nxt = evaluate(dict(facts, as_of=dt.date.today().isoformat()), skip=skipped).next_fact
            if nxt != asked:
                events.append(SlotSet("asked_fact", nxt))
        for e in events:
            tracker.update(e)
        if events:
            await agent.tracker_store.save(tracker)
        return tracker.current_slot_values()


async def forget(agent, sender: str) -> bool:
    """Clear a conversation (kiosk reset and idle expiry): deleted from the tracker store when
    the store can delete (trackerstores/lean_sql.py: nothing the visitor said stays), else
    restarted so it holds no slots any more. True when something was cleared."""
    async with agent.lock_store.lock(sender):
        store = unwrapped(agent.tracker_store)
        if callable(getattr(store, "delete", None)):
            # also a conversation an earlier version only restarted: its words are still there
            return await store.delete(sender) > 0
        tracker = await agent.tracker_store.retrieve(sender)
        if tracker is None or not tracker.applied_events():
            return False                      # never started, or already restarted
        tracker.update(Restarted())
        await agent.tracker_store.save(tracker)
        return True


# ---------------------------------------------------------------- facts for forms


def _enum_values(name: str) -> list[str]:
    ann = Facts.model_fields[name].annotation
    for arg in typing.get_args(ann) or (ann,):
        if typing.get_origin(arg) is typing.Literal:
            return [str(v) for v in typing.get_args(arg)]
    return []


def fact_schema() -> list[dict]:
    """Every fact with its label, kind and (for enums) options, in the contract's order."""
    info = fact_info()
    out = []
    for n in FACT_NAMES:
        kind = fact_kind(n)
        row = {"name": n, "label": info[n]["label"], "kind": kind, "org": bool(info[n].get("org"))}
        if kind == "enum":
            titles = value_titles(n)
            row["options"] = [{"value": v, "title": titles.get(v, v)} for v in _enum_values(n)]
        out.append(row)
    return out


# ---------------------------------------------------------------- HTTP helpers
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
         ".ico": "image/x-icon"}
FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


def add_page_routes(bp, folders: Iterable[Path]) -> None:
    """The page (GET /) and its own files (GET /static/<name>): served without a token."""
    folders = list(folders)

    @bp.route("/", methods=["GET"])
    async def page(request):
        return serve_file(folders, "index.html")

    @bp.route("/static/<name>", methods=["GET"])
    async def static(request, name: str):
        return serve_file(folders, name)


def serve_file(folders: Iterable[Path], name: str):
    """One of the page's own files (first folder that has it); 404 for anything else."""
    if not FILE_NAME.match(name) or ".." in name or Path(name).suffix not in TYPES:
        return error(404, "没有这个文件", "not found")
    for folder in folders:
        path = folder / name
        if path.is_file():
            return response.raw(path.read_bytes(), content_type=TYPES[path.suffix], headers=SECURITY_HEADERS)
    return error(404, "没有这个文件", "not found")


def reply(body: Any, status: int = 200, headers: Optional[dict] = None):
    return response.json(body, status=status, headers=dict(headers or {}, **{"Cache-Control": "no-store"}),
                         dumps=lambda o: json.dumps(o, ensure_ascii=False))


def error(status: int, zh: str, en: str, headers: Optional[dict] = None):
    return reply({"error": zh, "error_en": en}, status, headers)


def body_of(request: Request) -> dict:
    """The JSON object sent, or {} (bad JSON is treated as no body)."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
