"""Hotline agent desk (热线坐席辅助) at `/agent/`: the desk page and its API.

The agent types or pastes what the caller says (third person works); beside the chat the desk
shows the facts understood (correctable by hand, validated as chat's facts are), every
measure's status, amount, missing facts and clause, the next question to read out, and the
explanation to read to the caller — all from the one structured result.

Every API route needs the desk's token, `AGENT_TOKEN` (else `token` in credentials.yml, else
the local default `local-agent-token`, for loopback use only), sent as
`Authorization: Bearer …` or `?token=`: 401 when missing, 403 when wrong. The page and its
files load without it. Agents never hold Rasa's own API token.

    GET  /agent/api/facts                          -> {"facts": [{name, label, kind, options}]}
    POST /agent/api/conversations/<id>/messages    {"text"} -> {"sender", "facts", "result", "messages", ...}
    GET  /agent/api/conversations/<id>             -> {"sender", "facts", "result", ...}   (404 if never opened)
    POST /agent/api/conversations/<id>/facts       {"facts": {...}} -> the same view, re-judged; 400 with the reason
                                                   (a new id opens the conversation, as a message would)

The desk's conversations are `agent-<id>` in the tracker store: it reaches no other door's.
"""
from __future__ import annotations

import hmac
import logging
import os
from typing import Any, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint
from sanic.request import Request

from channels import guard
from policy_core import FactsError, evaluate
from policy_core.explain import summary

from .common import (CLIENT_ID, WEB, body_of, converse, correct_facts, error, fact_schema, reply,
                     add_page_routes, slots_of, view)

logger = logging.getLogger(__name__)

PREFIX = "agent-"
DEFAULT_TOKEN = "local-agent-token"    # loopback development only: set AGENT_TOKEN anywhere else


def check_token(request: Request, token: str):
    """None when the request carries the desk's token; else the 401/403 answer."""
    header = request.headers.get("Authorization", "")
    given = header[7:].strip() if header[:7].lower() == "bearer " else request.args.get("token")
    if not given:
        return error(401, "需要坐席令牌", "agent token required",
                     {"WWW-Authenticate": 'Bearer realm="agent-desk"'})
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        return error(403, "坐席令牌不正确", "wrong agent token")
    return None


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
        return cls(token)

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.token = token
        if token == DEFAULT_TOKEN:
            logger.warning("Agent desk uses the local default token: set AGENT_TOKEN for anything but loopback use.")

    def url_prefix(self) -> Text:
        return "/agent"

    def blueprint(self, on_new_message) -> Blueprint:
        bp = Blueprint("agent_door", __name__)
        folders = (WEB / "agent", WEB / "shared")
        token = self.token

        def guard(request: Request, cid: Optional[str] = None):
            denied = check_token(request, token)
            if denied:
                return denied
            if cid is not None and not CLIENT_ID.match(cid):
                return error(400, "通话编号只能包含字母、数字、- 和 _（至多64个）", "bad conversation id")
            return None

        add_page_routes(bp, folders)

        @bp.route("/api/facts", methods=["GET"])
        async def facts(request: Request):
            return guard(request) or reply({"facts": fact_schema()})

        @bp.route("/api/conversations/<cid>/messages", methods=["POST"])
        async def message(request: Request, cid: str):
            denied = guard(request, cid)
            if denied:
                return denied
            sender = PREFIX + cid
            out = await converse(on_new_message, request.app.ctx.agent, sender, body_of(request).get("text"),
                                 self.name())
            if out["payload"] is None:
                return reply({"error": "对话记录暂时读不到，请稍后刷新", "error_en": "conversation unavailable",
                              "messages": out["messages"]}, 503)
            return reply(dict(desk_view(sender, out["slots"], out["payload"]), messages=out["messages"],
                              truncated=out["truncated"]))

        @bp.route("/api/conversations/<cid>", methods=["GET"])
        async def get(request: Request, cid: str):
            denied = guard(request, cid)
            if denied:
                return denied
            sender = PREFIX + cid
            slots = await slots_of(request.app.ctx.agent, sender)
            if slots is None:
                return error(404, "没有这个通话", "no such conversation")
            return reply(desk_view(sender, slots))

        @bp.route("/api/conversations/<cid>/facts", methods=["POST"])
        async def correct(request: Request, cid: str):
            denied = guard(request, cid)
            if denied:
                return denied
            sender = PREFIX + cid
            try:
                slots = await correct_facts(request.app.ctx.agent, sender, body_of(request).get("facts"), create=True)
            except FactsError as e:
                return reply({"error": e.zh, "error_en": e.en}, 400)
            return reply(desk_view(sender, slots))

        return bp
