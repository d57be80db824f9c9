"""Hotline agent desk (热线坐席辅助) at `/agent/`: the desk page and its API.

The agent types or pastes what the caller says (third person works); beside the chat the desk
shows the facts understood (correctable by hand, validated as chat's facts are), every
measure's status, amount, missing facts and clause, the next question to read out, and the
explanation to read to the caller — all from the one structured result.

Every API route needs an agent's token (accounts.py: one account per agent in a file the
operator edits; the local default `local-agent-token` only on a loopback server; an
`AGENT_TOKEN` of the operator's own as one shared account), sent as `Authorization: Bearer …`
only: 401 when missing, 403 when wrong, 400 when put in the URL (it would land in logs and
history). Wrong tokens from one address are limited (AGENT_FAILURES_PER_MINUTE, default 5,
loopback exempt; counted per process) and lock the address out after AGENT_LOCKOUT_FAILURES
(10) within 15 minutes, for AGENT_LOCKOUT_SECONDS (900): 429, even with a right token (counted in
the doors' store, over every process and replica). Every read and correction leaves
an audit record (store.py): agent, time, conversation, action, the names of the facts (never
their values). Hand corrections are checked against today: no date in the future.
The page and its files load without a token. Agents never hold Rasa's own API token.

    GET  /agent/api/facts                          -> {"facts": [{name, label, kind, options}]}
    POST /agent/api/conversations/<id>/messages    {"text"} -> {"sender", "facts", "result", "messages", ...}
    GET  /agent/api/conversations/<id>             -> {"sender", "facts", "result", ...}   (404 if never opened)
    POST /agent/api/conversations/<id>/facts       {"facts": {...}} -> the same view, re-judged; 400 with the reason
                                                   (a new id opens the conversation, as a message would)

The desk's conversations are `agent-<id>` in the tracker store: it reaches no other door's.
"""
from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import Any, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint
from sanic.request import Request

from channels import guard
from policy_core import FactsError, evaluate
from policy_core.explain import summary

from . import network
from .accounts import DEFAULT_TOKEN, Accounts
from .common import (CLIENT_ID, WEB, body_of, converse, correct_facts, error, fact_schema, reply,
                     add_page_routes, slots_of, view)
from .limits import LockOut, RateLimit
from .store import SharedLockOut, store_for

logger = logging.getLogger(__name__)

PREFIX = "agent-"


class DeskAuth:
    """Who is calling the desk's API, with the failure limits (see the module's text)."""

    def __init__(self, accounts: Accounts, proxies=(), failures_per_minute: float = 5,
                 lockout_failures: int = 10, lockout_seconds: float = 900):
        self.accounts, self.proxies = accounts, list(proxies)
        self.rate = RateLimit(failures_per_minute, 60)
        self.lockout = LockOut(lockout_failures, 900, lockout_seconds)

    def check(self, request: Request):
        """(agent name, None) for a known token; else (None, the 400/401/403/429 answer)."""
        if "token" in request.args:
            return None, error(400, "坐席令牌只能放在请求头 Authorization 中，不能放在网址里",
                               "the agent token goes in the Authorization header, never in the URL")
        addr = network.request_address(request, self.proxies)
        left = self.lockout.locked_for(addr)
        if left:
            return None, error(429, f"登录失败次数过多，请{int(left // 60) + 1}分钟后再试",
                               "locked out after repeated failures", {"Retry-After": str(int(left) + 1)})
        header = request.headers.get("Authorization", "")
        given = header[7:].strip() if header[:7].lower() == "bearer " else ""
        if not given:
            return None, error(401, "需要坐席令牌", "agent token required",
                               {"WWW-Authenticate": 'Bearer realm="agent-desk"'})
        limited = not network.is_loopback_address(addr)
        if limited and self.rate.exhausted(addr):
            return None, error(429, "登录尝试太频繁，请稍后再试", "too many failed log-ins",
                               {"Retry-After": str(self.rate.retry_after(addr))})
        name = self.accounts.who(given) if len(given) <= 256 else None
        if name is not None:
            self.lockout.succeeded(addr)
            return name, None
        if limited:
            self.rate.allow(addr)                  # only failures use up the address's allowance
        if self.lockout.failed(addr):
            logger.warning("Agent desk: an address was locked out after repeated wrong tokens.")
            return None, error(429, f"登录失败次数过多，请{int(self.lockout.lock // 60)}分钟后再试",
                               "locked out after repeated failures", {"Retry-After": str(int(self.lockout.lock))})
        return None, error(403, "坐席令牌不正确", "wrong agent token")


def check_token(request: Request, token: str):
    """None when the request carries `token` (a one-account desk, for callers and tests that
    have one token); else the answer."""
    _, denied = DeskAuth(Accounts(path=Path(os.devnull), shared_token=token, loopback=False)).check(request)
    return denied


def desk_view(sender: str, slots: dict, payload: Optional[dict] = None) -> dict:
    """What the desk shows: the structured result of `slots` (`payload` when the caller has built
    it already, as `converse` does)."""
    payload = payload or view(slots)
    return {"sender": sender, "facts": payload["facts"], "result": payload["result"],
            "next_question": payload["next_question"], "read_out": read_out(payload, slots),
            "skipped": list(slots.get("skipped_facts") or [])}


def read_out(payload: dict, slots: dict) -> str:
    """The grouped explanation an agent reads to the caller (policy_core.explain.summary)."""
    if not payload.get("facts"):
        return ""
    ev = evaluate(dict(payload["facts"], as_of=payload["result"]["as_of"]), skip=list(slots.get("skipped_facts") or []))
    return summary(ev)


class AgentDeskInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "agent"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "InputChannel":
        credentials = credentials or {}
        token = os.environ.get("AGENT_TOKEN") or credentials.get("token") or DEFAULT_TOKEN
        guard.check(agent_token=token)   # the local default token only on loopback (channels/guard.py)
        env = os.environ
        return cls(token, loopback=network.served_on_loopback(),
                   failures_per_minute=float(env.get("AGENT_FAILURES_PER_MINUTE") or 5),
                   lockout_failures=int(env.get("AGENT_LOCKOUT_FAILURES") or 10),
                   lockout_seconds=float(env.get("AGENT_LOCKOUT_SECONDS") or 900))

    def __init__(self, token: str = DEFAULT_TOKEN, loopback: bool = True, accounts_file: Optional[Path] = None,
                 **limits) -> None:
        self.token = token
        self.auth = DeskAuth(Accounts(accounts_file, shared_token=token, loopback=loopback),
                             network.trusted_proxies(), **limits)
        if token == DEFAULT_TOKEN:
            logger.warning("Agent desk accepts the local default token (loopback only): add agents with "
                           "`python -m channels.doors.accounts add NAME` for anything else.")

    def url_prefix(self) -> Text:
        return "/agent"

    def blueprint(self, on_new_message) -> Blueprint:
        bp = Blueprint("agent_door", __name__)
        folders = (WEB / "agent", WEB / "shared")
        auth = self.auth

        def guard(request: Request, cid: Optional[str] = None):
            """(agent name, None) or (None, the refusal)."""
            if not isinstance(auth.lockout, SharedLockOut):      # the agent exists now: count over every process
                old = auth.lockout
                auth.lockout = SharedLockOut(store_for(request.app.ctx.agent), old.failures, old.window, old.lock)
            who, denied = auth.check(request)
            if denied:
                return None, denied
            if cid is not None and not CLIENT_ID.match(cid):
                return None, error(400, "通话编号只能包含字母、数字、- 和 _（至多64个）", "bad conversation id")
            return who, None

        def on_conversation(handler):
            """A route on one conversation: the guard's refusal, else handler(request, agent's
            name, the desk's sender for `cid`)."""
            @functools.wraps(handler)       # Sanic names the route after the handler
            async def route(request: Request, cid: str):
                who, denied = guard(request, cid)
                return denied or await handler(request, who, PREFIX + cid)
            return route

        def audit(request: Request, who: str, sender: str, action: str, facts) -> None:
            store_for(request.app.ctx.agent).audit(who, sender, action, facts)

        add_page_routes(bp, folders)

        @bp.route("/api/facts", methods=["GET"])
        async def facts(request: Request):
            who, denied = guard(request)
            return denied or reply({"facts": fact_schema(), "agent": who})

        @bp.route("/api/conversations/<cid>/messages", methods=["POST"])
        @on_conversation
        async def message(request: Request, who: str, sender: str):
            out = await converse(on_new_message, request.app.ctx.agent, sender, body_of(request).get("text"),
                                 self.name())
            if out["payload"] is None:
                return reply({"error": "对话记录暂时读不到，请稍后刷新", "error_en": "conversation unavailable",
                              "messages": out["messages"]}, 503)
            audit(request, who, sender, "message", out["payload"]["facts"])
            return reply(dict(desk_view(sender, out["slots"], out["payload"]), messages=out["messages"],
                              truncated=out["truncated"]))

        @bp.route("/api/conversations/<cid>", methods=["GET"])
        @on_conversation
        async def get(request: Request, who: str, sender: str):
            slots = await slots_of(request.app.ctx.agent, sender)
            if slots is None:
                return error(404, "没有这个通话", "no such conversation")
            shown = desk_view(sender, slots)
            audit(request, who, sender, "read", shown["facts"])
            return reply(shown)

        @bp.route("/api/conversations/<cid>/facts", methods=["POST"])
        @on_conversation
        async def correct(request: Request, who: str, sender: str):
            updates = body_of(request).get("facts")
            try:
                slots = await correct_facts(request.app.ctx.agent, sender, updates, create=True)
            except FactsError as e:
                return reply({"error": e.zh, "error_en": e.en}, 400)
            audit(request, who, sender, "correct", updates)
            return reply(desk_view(sender, slots))

        return bp
