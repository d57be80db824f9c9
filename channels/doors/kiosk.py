"""Kiosk (自助终端) at `/kiosk/`: a full-screen touch page for a service hall, and its session API.

A kiosk is a shared machine, so the server issues every visitor's conversation id
(unguessable, `secrets.token_urlsafe`) and forgets the conversation after an idle time
(`KIOSK_IDLE_SECONDS`, else `idle_seconds` in credentials.yml, default 120 s): a background
task deletes idle conversations from the tracker store (common.forget), and the page counts
down the same deadline and starts afresh. The sessions live in the doors' store
(store.SharedKioskSessions): every Rasa process and replica serves them, and a visit survives
the process that began it; the in-memory KioskSessions below is the same logic for one process.
Kiosk conversations with no session (left over from an earlier version's in-memory sessions)
are deleted once nothing was said in them for three idle times: checked when the server starts
and every five idle times after. Rasa's own session settings are left alone.

    POST /kiosk/api/sessions                    -> {"session", "idle_seconds", "expires_in"}
    POST /kiosk/api/sessions/<id>/messages      {"text"} -> {"messages", "result", "next_question", "facts_known", "expires_in"}
    POST /kiosk/api/sessions/<id>/touch         -> {"expires_in"}          (the visitor is still there)
    GET  /kiosk/api/sessions/<id>/takeaway      -> {"summary", "sections", "result"}   (no personal facts)
    GET  /kiosk/api/sessions/<id>/qr.svg        -> the summary as a QR code, made here (segno)
    DELETE /kiosk/api/sessions/<id>             -> 204, the conversation deleted (「重新开始」)

An unknown or expired id answers 410: the page then opens a new session.

Opening a session needs the terminal's key where keys are configured or the server is off
loopback (kiosk_keys.py), and is limited per client address (`KIOSK_SESSIONS_PER_MINUTE`, 30;
loopback exempt; the address from `X-Forwarded-For` only behind a trusted proxy, network.py).
When MAX_SESSIONS are open, the session idle the longest is closed (its conversation deleted)
for the new one: a flood of session requests once locked every terminal out until they idled.
"""
from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import secrets
import time
from typing import Any, Callable, Dict, Optional, Text

import segno
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request

from . import keys, network
from .common import WEB, body_of, converse, error, forget, add_page_routes, reply, slots_of, view
from .kiosk_keys import KioskKeys
from .limits import RateLimit
from .store import SharedKioskSessions, store_for

logger = logging.getLogger(__name__)

PREFIX = "kiosk-"
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_SESSIONS = 5000
POLICY = "金就办〔2023〕1号"
GROUPS = (("eligible", "可以领取"), ("conditional", "办完手续即可领取"), ("undetermined", "还需确认"))
QR_MAX_BYTES = 900        # what a phone reads at a glance; the money may take it past this, up to
QR_HARD_MAX = 2300        # what a QR code holds at error level M (2,331 bytes)


class KioskSessions:
    """Server-issued kiosk conversation ids and when each was last used."""

    def __init__(self, idle: float, clock: Callable[[], float] = time.monotonic, max_sessions: int = MAX_SESSIONS):
        self.idle, self.clock, self.max_sessions = float(idle), clock, max_sessions
        self._last: dict[str, float] = {}
        self._evicted: list[str] = []

    def open(self) -> str:
        """A new session; when full, the one idle the longest is closed for it (take_evicted)."""
        while len(self._last) >= self.max_sessions:
            oldest = min(self._last, key=self._last.__getitem__)
            del self._last[oldest]
            self._evicted.append(oldest)
        sid = secrets.token_urlsafe(24)          # 32 characters, 192 random bits
        self._last[sid] = self.clock()
        return sid

    def take_evicted(self) -> list[str]:
        """The sessions closed to make room since last asked (their conversations are to be cleared)."""
        out, self._evicted = self._evicted, []
        return out

    def alive(self, sid: str) -> bool:
        last = self._last.get(sid)
        return last is not None and self.clock() - last < self.idle

    def touch(self, sid: str) -> bool:
        """Mark the session used now; False when it is unknown or has idled out."""
        if not self.alive(sid):
            return False
        self._last[sid] = self.clock()
        return True

    def close(self, sid: str) -> bool:
        return self._last.pop(sid, None) is not None

    def due(self) -> list[str]:
        """The sessions that idled out, removed from the list (their conversations are to be cleared)."""
        now = self.clock()
        gone = [sid for sid, last in self._last.items() if now - last >= self.idle]
        for sid in gone:
            del self._last[sid]
        return gone

    def __contains__(self, sid: str) -> bool:
        return sid in self._last


async def clear_leftovers(agent, sessions: KioskSessions, now: float) -> list[str]:
    """Delete the kiosk conversations `sessions` does not hold in which nothing was said for
    three idle times (see the module's text); the ids deleted."""
    gone = []
    for key in await agent.tracker_store.keys():
        if not key.startswith(PREFIX) or key[len(PREFIX):] in sessions:
            continue
        tracker = await agent.tracker_store.retrieve(key)
        last = tracker.events[-1].timestamp if tracker is not None and tracker.events else 0
        if now - last >= 3 * sessions.idle and await forget(agent, key):
            gone.append(key)
    return gone


# （一（二））/（金就办〔2023〕1号三（八））: clause codes read aloud by voice output mean nothing to
# a visitor at the hall; the printed take-away keeps them (takeaway_text)
_CLAUSE_CODE = re.compile(r"（(?:金就办〔2023〕1号)?[一二三四五六七][（(][一二三四五六七八九十]+[)）]）")


def for_the_hall(message: dict) -> dict:
    if not message.get("text"):
        return message
    return {**message, "text": _CLAUSE_CODE.sub("", message["text"])}


def pays(r: dict) -> bool:
    """A measure the person can have (or have once the steps are done) with a sum of money."""
    amount = r.get("amount") or {}
    return r.get("status") in ("eligible", "conditional") and \
        (amount.get("yuan") is not None or amount.get("max_total_yuan") is not None)


def takeaway_sections(result: dict) -> list[dict]:
    """What the take-away says, in the order it matters: every measure that pays with its
    amount; then the steps still to do; then the rest (measures with no sum in the document,
    what is still to confirm). [{"key", "title", "lines"}]; never a personal fact (no 暂不符合
    rows: their reasons would tell the age or 户籍). The QR code and the print sheet both say this."""
    rows = [r for r in result.get("results") or [] if r.get("in_play")]
    label = dict(GROUPS)
    paying = [r for s, _ in GROUPS[:2] for r in rows if r["status"] == s and pays(r)]
    others = [r for s, _ in GROUPS[:2] for r in rows if r["status"] == s and not pays(r)]
    todo = [r for r in paying + others if r["status"] == "conditional" and r.get("steps")]
    open_ = [r for r in rows if r["status"] == "undetermined"]
    sections = []
    if paying:
        sections.append({"key": "pay", "title": "能领的钱", "lines": [
            f"·{r['name']}（{r['clause']}）：{r['amount_text']}【{label[r['status']]}】" for r in paying]})
    if todo:
        sections.append({"key": "steps", "title": "还需办理", "lines": [
            f"·{r['name']}：" + "；".join(r["steps"]) for r in todo]})
    rest = [f"·{r['name']}（{r['clause']}）：{r['amount_text']}【{label[r['status']]}】" for r in others + open_]
    if rest:
        sections.append({"key": "rest", "title": "其他", "lines": rest})
    return sections


def takeaway_text(result: dict, today: str, sections: Optional[list] = None) -> str:
    """The take-away as text for the QR code. Every line of the measures that pay is kept; the
    rest is dropped from the end to keep it under QR_MAX_BYTES (UTF-8), so a phone reads the
    code at a glance, with a pointer to the print sheet, which has all of it."""
    sections = takeaway_sections(result) if sections is None else sections
    head = f"金山就业政策查询结果（{POLICY}，{today}）"
    tail = "以上依据文件原文判断，具体以区人力资源社会保障部门认定为准。"
    more = "……其余见打印单"
    if not sections:
        return "\n".join([head, "暂无可以确定的补贴。", tail])
    lines = [head]
    fits = lambda extra: len("\n".join(lines + extra + [more, tail]).encode()) <= QR_MAX_BYTES
    cut = False
    for section in sections:
        block = [f"【{section['title']}】"] + section["lines"]
        if section["key"] == "pay":
            # never dropped: the money is what people come for. Past what a code holds, the
            # clause and status go (the print sheet has them), and only then lines.
            if len("\n".join(lines + block + [more, tail]).encode()) > QR_HARD_MAX:
                block = [block[0]] + [re.sub(r"（[^（）]*(?:（[^（）]*）[^（）]*)*）：", "：", x).split("【")[0] for x in block[1:]]
            while len("\n".join(lines + block + [more, tail]).encode()) > QR_HARD_MAX:
                block.pop()
                cut = True
            lines += block
            continue
        for i, line in enumerate(block):
            if cut or not fits([line] if i else [line, block[1]] if len(block) > 1 else [line]):
                cut = True
                break
            lines.append(line)
    return "\n".join(lines + ([more] if cut else []) + [tail])


def qr_svg(text: str) -> bytes:
    buf = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        buf, kind="svg", scale=6, border=2, dark="#000000", light="#ffffff", xmldecl=False,
        title="查询结果二维码")
    return buf.getvalue()


class KioskInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "kiosk"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "InputChannel":
        credentials = credentials or {}
        env = os.environ
        idle = env.get("KIOSK_IDLE_SECONDS") or credentials.get("idle_seconds") or 120
        loopback = network.served_on_loopback()
        given = env.get("KIOSK_KEYS", "")
        terminal_keys = KioskKeys(env_keys=given)
        if not loopback and not terminal_keys.required():
            # off loopback a key is always needed: one generated once and kept (the operator reads it there)
            terminal_keys = KioskKeys(env_keys=given, generated=keys.persistent("KIOSK_KEY"))
            logger.warning("Kiosk: no terminal keys configured; terminals need the generated key KIOSK_KEY "
                           "(kept with the server's secrets) or keys added with python -m channels.doors.kiosk_keys.")
        return cls(float(idle), terminal_keys=terminal_keys,
                   sessions_per_minute=float(env.get("KIOSK_SESSIONS_PER_MINUTE") or 30))

    def __init__(self, idle_seconds: float = 120, terminal_keys: Optional[KioskKeys] = None,
                 sessions_per_minute: float = 30) -> None:
        if idle_seconds <= 0:
            raise ValueError("kiosk idle_seconds must be positive")
        self.sessions = KioskSessions(idle_seconds)
        self.terminal_keys = terminal_keys or KioskKeys()
        self.open_limit = RateLimit(sessions_per_minute, 60)
        self.proxies = network.trusted_proxies()

    def url_prefix(self) -> Text:
        return "/kiosk"                        # at the root, not under /webhooks/

    def blueprint(self, on_new_message) -> Blueprint:
        bp = Blueprint("kiosk_door", __name__)
        idle = self.sessions.idle
        folders = (WEB / "kiosk", WEB / "shared")
        state: dict[str, Any] = {}

        def of(app):
            """The sessions, in the doors' store once the agent is there (every process sees them)."""
            if "shared" not in state:
                state["shared"] = SharedKioskSessions(store_for(app.ctx.agent), idle, self.sessions.max_sessions)
            return state["shared"]

        def expires_in() -> int:
            return int(idle)

        def gone():
            return error(410, "本次查询已结束，请重新开始", "session expired or unknown")

        add_page_routes(bp, folders)

        @bp.route("/api/sessions", methods=["POST"])
        async def open_session(request: Request):
            refused = self.terminal_keys.refusal(request.headers.get("X-Kiosk-Key"))
            if refused:
                return error(*refused)
            addr = network.request_address(request, self.proxies)
            if not network.is_loopback_address(addr) and not self.open_limit.allow(addr):
                return error(429, "操作太频繁，请稍后再试", "too many kiosk sessions from this address",
                             {"Retry-After": str(self.open_limit.retry_after(addr))})
            sessions = of(request.app)
            sid = sessions.open()
            for old in sessions.take_evicted():
                await forget(request.app.ctx.agent, PREFIX + old)
            return reply({"session": sid, "idle_seconds": expires_in(), "expires_in": expires_in()}, 201)

        def live(request: Request, sid: str) -> bool:
            return bool(SESSION_ID.match(sid)) and of(request.app).touch(sid)

        @bp.route("/api/sessions/<sid>/messages", methods=["POST"])
        async def message(request: Request, sid: str):
            if not live(request, sid):
                return gone()

            async def still_here():      # a slow turn is the visitor waiting, not gone: no idle expiry meanwhile
                while True:
                    await asyncio.sleep(max(0.5, idle / 4))
                    of(request.app).touch(sid)

            beat = asyncio.ensure_future(still_here())
            try:
                out = await converse(on_new_message, request.app.ctx.agent, PREFIX + sid,
                                     body_of(request).get("text"), self.name())
            finally:
                beat.cancel()
            of(request.app).touch(sid)
            payload = out["payload"] or {}
            # the facts themselves stay on the server: the kiosk only learns how many are known
            return reply({"messages": [for_the_hall(m) for m in out["messages"]], "result": payload.get("result"),
                          "next_question": payload.get("next_question"), "facts_known": len(payload.get("facts") or {}),
                          "truncated": out["truncated"], "expires_in": expires_in()})

        @bp.route("/api/sessions/<sid>/touch", methods=["POST"])
        async def touch(request: Request, sid: str):
            return reply({"expires_in": expires_in()}) if live(request, sid) else gone()

        async def current_result(request: Request, sid: str) -> dict:
            slots = await slots_of(request.app.ctx.agent, PREFIX + sid) or {}
            return view(slots)["result"]

        @bp.route("/api/sessions/<sid>/takeaway", methods=["GET"])
        async def takeaway(request: Request, sid: str):
            if not live(request, sid):
                return gone()
            result = await current_result(request, sid)
            sections = takeaway_sections(result)
            return reply({"summary": takeaway_text(result, result["as_of"], sections), "sections": sections,
                          "as_of": result["as_of"], "result": result, "expires_in": expires_in()})

        @bp.route("/api/sessions/<sid>/qr.svg", methods=["GET"])
        async def qr(request: Request, sid: str):
            if not live(request, sid):
                return gone()
            result = await current_result(request, sid)
            return response.raw(qr_svg(takeaway_text(result, result["as_of"])), content_type="image/svg+xml",
                                headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})

        @bp.route("/api/sessions/<sid>", methods=["DELETE"])
        async def end(request: Request, sid: str):
            if SESSION_ID.match(sid) and of(request.app).close(sid):
                await forget(request.app.ctx.agent, PREFIX + sid)
            return response.empty()

        # ---- the server's own idle expiry
        async def sweep(app) -> None:
            tick = max(0.5, min(5.0, idle / 10))
            next_scan = 0.0
            while True:
                await asyncio.sleep(tick)
                agent = getattr(app.ctx, "agent", None)
                if agent is None or agent.tracker_store is None:
                    continue
                try:
                    sessions = of(app)
                    if time.monotonic() >= next_scan:
                        await clear_leftovers(agent, sessions, time.time())
                        next_scan = time.monotonic() + 5 * idle
                    for sid in sessions.due():
                        await forget(agent, PREFIX + sid)
                        logger.debug("kiosk session idled out and was cleared")
                except Exception:     # a failing store must not stop the sweeper
                    logger.exception("kiosk idle sweep failed")

        @bp.listener("after_server_start")
        async def start_sweeper(app, loop):
            logger.info(f"Kiosk conversations are cleared after {idle:g} s idle.")
            state["task"] = loop.create_task(sweep(app))

        @bp.listener("before_server_stop")
        async def stop_sweeper(app, loop):
            task = state.get("task")
            if task:
                task.cancel()

        return bp
