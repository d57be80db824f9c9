"""WeChat mini-program (微信小程序) API at `/miniprogram/v1/`.

Two ways to know who is speaking:

- login mode (default): `POST /miniprogram/v1/login {"code"}` exchanges the `wx.login` code
  through WeChat's `code2Session` (`WECHAT_API_BASE`, default https://api.weixin.qq.com) for
  the openid, and answers `{"token"}`; messages then carry `Authorization: Bearer <token>`.
- cloud mode (`MP_TRUST_CLOUD_OPENID=1` or `trust_cloud_openid_header: true`): behind WeChat
  cloud hosting (云托管), which sets `X-WX-OPENID` itself, that header is the identity. Off by
  default: anywhere else anyone can send that header.

Who is who (store.py): the user is an HMAC of the openid with the server secret
(`MP_SERVER_SECRET`, else one generated once and kept, keys.py); the raw openid is never
stored or logged. The token is an opaque random handle kept (hashed) in the doors' store with
its expiry: it names no conversation, so a token seen once, even expired, reaches nothing.
The conversation is `mp-` + a random id recorded for the user in the same store.

One account, many people: each query (本人, 孩子, 配偶, 父母, 其他) is a conversation of its own,
behind a random query handle (store.py); the user lists, reopens and deletes them one by one,
and messages go to the current one (or the query named in the body). 「删除我的信息」 (or
`DELETE /miniprogram/v1/me`) deletes all of the user's conversations and handles. Messages are answered within `reply_timeout_seconds` (10 s) or with a "busy" reply
(503; the turn still completes in the background); text over 2,000 characters is cut as on the
REST channel; a body over MAX_BODY bytes is refused (413) without being parsed or kept.

    POST   /miniprogram/v1/login      {"code"} -> {"token", "expires_in"}     (no code: 400)
    POST   /miniprogram/v1/messages   {"text"} -> {"messages": [{"text", "buttons": [{"title", "payload"}]}],
                                                   "result": {...}, "next_question": {...} | null}
    DELETE /miniprogram/v1/me         -> {"deleted": <conversations deleted>}
    GET    /miniprogram/v1/queries    -> {"queries": [{"id", "who", "created", "last", "current"}], "whom": [...]}
    POST   /miniprogram/v1/queries    {"who": "孩子"} -> 201 {"query", "messages"}   (a new conversation, now current)
    POST   /miniprogram/v1/queries/<id>/open -> {"query", "history": [{"who", "text"}], "result", "next_question"}
    DELETE /miniprogram/v1/queries/<id>      -> {"deleted": 1}                      (that conversation only)

The local WeChat stand-in (scripts/wechat_standin.py, started by scripts/run.sh on loopback)
is refused when the server listens anywhere but loopback.

The contract for the mini-program's developers: miniprogram/README.md.
"""
from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import logging
import os
import re
import secrets
from typing import Any, Dict, Optional, Text
from urllib.parse import urlparse

import aiohttp
from rasa.core.channels.channel import InputChannel
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint
from sanic.request import Request

from channels import guard

from . import keys, network
from .common import body_of, converse, error, forget, reply, slots_of, view
from .limits import RateLimit
from .store import store_for

logger = logging.getLogger(__name__)

PREFIX = "mp-"
DOOR = "mp"
DEFAULT_API = "https://api.weixin.qq.com"
BUSY = "服务繁忙，请稍后再试。您刚才说的内容会保留。"
MAX_BODY = 64 * 1024   # 2,000 characters JSON-escaped (\uXXXX) are 12 KB; longer text is still cut, not refused
STANDIN_APPID = "local-standin"    # scripts/wechat_standin.py: loopback development only
DELETE_WORDS = {"删除我的信息", "删除我的资料", "删除我的数据", "删除我的记录"}
DELETED = "您的信息已全部删除（{n}段对话）。如需再次查询，请重新开始。"
# whom a query is for, and what the page says when one begins
WHOM = ("本人", "孩子", "配偶", "父母", "其他")
STARTED = {
    "本人": "好的，这次查询您本人的情况。请说说您的年龄、户籍、工作或失业情况，例如“我今年26岁，金山户口，失业10个月了”。",
    "孩子": "好的，这次帮孩子查询。请说说孩子的情况，例如“我儿子今年22岁，金山户口，今年6月大学毕业”。",
    "配偶": "好的，这次帮配偶查询。请说说他（她）的情况，例如“我老公今年40岁，金山户口，失业8个月了”。",
    "父母": "好的，这次帮父母查询。请说说他们的情况，例如“我妈妈今年52岁，金山户口，失业半年了”。",
    "其他": "好的，这次帮别人查询。请说说他（她）的情况，例如“他今年30岁，金山户口，失业10个月了”。",
}
QUERY_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


def is_delete_request(text: Any) -> bool:
    return isinstance(text, str) and re.sub(r"[\s。！!，,.？?「」“”\"]", "", text) in DELETE_WORDS


class Identity:
    """Users from openids, and the keyed hashes under which token handles are stored."""

    def __init__(self, secret: bytes, ttl: int = 24 * 3600):
        self._id_key = hmac.new(secret, b"conversation-id", hashlib.sha256).digest()
        self._handle_key = hmac.new(secret, b"handle", hashlib.sha256).digest()
        self.ttl = ttl

    def conversation(self, openid: str) -> str:
        """The user (`subject`): an HMAC of the openid. Before opaque handles it was also the
        conversation id (`mp-` + it): deleting a user deletes that one too."""
        return hmac.new(self._id_key, openid.encode("utf-8"), hashlib.sha256).hexdigest()[:40]

    subject = conversation

    def handle_hash(self, token: str) -> str:
        return hmac.new(self._handle_key, token.encode("utf-8", "replace"), hashlib.sha256).hexdigest()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class NoQuery(Exception):
    """Raised inside a mini-program route: the user has no such query (answered 404)."""


async def within(coro, seconds: float):
    """The coroutine's result, or TimeoutError after `seconds`; the work goes on in the
    background so the conversation stays whole."""
    task = asyncio.ensure_future(coro)
    return await asyncio.wait_for(asyncio.shield(task), seconds)


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


async def history_of(agent, conversation: str, limit: int = 200) -> list[dict]:
    """What was said in a conversation, for a reopened query: [{"who": "me" | "bot", "text"}]. A
    button's payload (/affirm, /inform{…}) shows as the button's title, as it was shown."""
    tracker = await agent.tracker_store.retrieve(conversation)
    out: list[dict] = []
    titles: dict[str, str] = {}
    for e in tracker.events if tracker is not None else []:
        if isinstance(e, BotUttered):
            if e.text:
                out.append({"who": "bot", "text": e.text})
            buttons = (e.data or {}).get("buttons") or []
            if buttons:
                titles = {str(b.get("payload")): str(b.get("title")) for b in buttons if isinstance(b, dict)}
        elif isinstance(e, UserUttered) and e.text:
            out.append({"who": "me", "text": titles.get(e.text, e.text)})
    return out[-limit:]


class MiniProgramInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "miniprogram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "InputChannel":
        c = credentials or {}
        env = os.environ
        trust = env.get("MP_TRUST_CLOUD_OPENID")
        door = cls(appid=env.get("MP_APPID") or c.get("appid") or "",
                   app_secret=env.get("MP_APP_SECRET") or c.get("app_secret") or "",
                   api_base=env.get("WECHAT_API_BASE") or c.get("wechat_api_base") or DEFAULT_API,
                   server_secret=keys.key("MP_SERVER_SECRET", c.get("server_secret")),
                   trust_cloud_openid=_flag(trust if trust is not None else c.get("trust_cloud_openid_header", False)),
                   reply_timeout=float(env.get("MP_REPLY_TIMEOUT") or c.get("reply_timeout_seconds") or 10))
        door.refuse_standin_off_loopback()
        return door

    def __init__(self, appid: str = "", app_secret: str = "", api_base: str = DEFAULT_API,
                 server_secret: Optional[str] = None, trust_cloud_openid: bool = False,
                 reply_timeout: float = 10) -> None:
        if not server_secret:
            raise ValueError("the mini-program needs a server secret (MP_SERVER_SECRET or a kept one)")
        self.identity = Identity(server_secret.encode())
        self.appid, self.app_secret = appid, app_secret
        self.api_base = api_base.rstrip("/")
        self.trust_cloud_openid = trust_cloud_openid
        self.reply_timeout = reply_timeout
        self.proxies = network.trusted_proxies()
        self.login_limit = RateLimit(float(os.environ.get("MP_LOGIN_PER_MINUTE") or 30), 60)

    def uses_standin(self) -> bool:
        host = urlparse(self.api_base).hostname or ""
        return self.appid == STANDIN_APPID or guard.is_loopback(host)

    def refuse_standin_off_loopback(self, argv=None) -> None:
        """The local WeChat stand-in lets anyone log in as anyone: never off loopback."""
        if self.uses_standin() and not network.served_on_loopback(argv):
            raise guard.UnsafeDefault(
                "Refusing to serve the mini-program off loopback with the local WeChat stand-in "
                "(MP_APPID=local-standin or a loopback WECHAT_API_BASE): set MP_APPID, MP_APP_SECRET "
                "and WECHAT_API_BASE for the real WeChat API, or bind to 127.0.0.1.")

    def url_prefix(self) -> Text:
        return "/miniprogram/v1"

    async def code_to_openid(self, code: str) -> Optional[str]:
        """WeChat's code2Session: the openid for a wx.login code, or None when WeChat refuses it.
        Raises ConnectionError when WeChat cannot be reached."""
        params = {"appid": self.appid, "secret": self.app_secret, "js_code": code,
                  "grant_type": "authorization_code"}
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as s:
                async with s.get(f"{self.api_base}/sns/jscode2session", params=params) as r:
                    data = await r.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as e:
            # never log the exception text: its URL holds the app secret and the code
            raise ConnectionError(type(e).__name__) from None
        if not isinstance(data, dict) or data.get("errcode") or not isinstance(data.get("openid"), str) \
                or not data["openid"]:
            return None
        return data["openid"]

    def subject_of(self, request: Request, store) -> Optional[str]:
        """The user the request comes from, or None."""
        if self.trust_cloud_openid:
            openid = request.headers.get("X-WX-OPENID", "").strip()
            return self.identity.subject(openid) if openid else None
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else ""
        if not token or len(token) > 128:
            return None
        return store.subject_of(self.identity.handle_hash(token), DOOR)

    def conversation_of(self, subject: str, store) -> str:
        return store.current_conversation(DOOR, subject, PREFIX + secrets.token_urlsafe(24))

    async def delete_user(self, agent, store, subject: str) -> int:
        """Every conversation of the user deleted (also the one an HMAC-named earlier version
        kept), then every row about them; the number of conversations deleted."""
        n = 0
        for cid in set(store.conversations_of(DOOR, subject)) | {PREFIX + subject}:
            if await forget(agent, cid):
                n += 1
        store.forget_subject(DOOR, subject)
        return n

    def blueprint(self, on_new_message) -> Blueprint:
        bp = Blueprint("miniprogram_door", __name__)

        def too_big(request: Request):
            if len(request.body or b"") > MAX_BODY:
                return error(413, "内容太长，请分几次发送", "request body too large")
            return None

        def unknown():
            return error(401, "身份无效，请重新登录", "no or bad identity",
                         {"WWW-Authenticate": 'Bearer realm="miniprogram"'})

        def no_query():
            return error(404, "没有找到这次查询，可能已经删除", "no such query")

        def bounded(handler):
            """413 for a body over MAX_BODY, before anything else looks at it."""
            @functools.wraps(handler)       # Sanic names the route after the handler
            async def route(request: Request, *args, **kwargs):
                return too_big(request) or await handler(request, *args, **kwargs)
            return route

        def identified(handler):
            """401 without a known user; else handler(request, agent, store, subject, ...)."""
            @functools.wraps(handler)
            async def route(request: Request, *args, **kwargs):
                agent = request.app.ctx.agent
                store = store_for(agent)
                subject = self.subject_of(request, store)
                if subject is None:
                    return unknown()
                try:
                    return await handler(request, agent, store, subject, *args, **kwargs)
                except NoQuery:
                    return no_query()
            return route

        @bp.route("/login", methods=["POST"])
        @bounded
        async def login(request: Request):
            addr = network.request_address(request, self.proxies)
            if not network.is_loopback_address(addr) and not self.login_limit.allow(addr):
                return error(429, "登录太频繁，请稍后再试", "too many log-ins",
                             {"Retry-After": str(self.login_limit.retry_after(addr))})
            code = body_of(request).get("code")
            if not isinstance(code, str) or not code.strip() or len(code) > 256:
                return error(400, "缺少登录凭证 code", "code required")
            if not (self.appid and self.app_secret):
                return error(503, "小程序登录未配置（MP_APPID、MP_APP_SECRET）", "mini-program login not configured")
            try:
                openid = await self.code_to_openid(code.strip())
            except ConnectionError:
                return error(502, "暂时无法连接微信服务，请稍后再试", "WeChat API unreachable")
            if openid is None:
                return error(401, "登录凭证无效或已过期，请重新登录", "code rejected by WeChat")
            store = store_for(request.app.ctx.agent)
            store.purge_handles()            # expired handles nobody came back with: gone at the next log-in
            subject = self.identity.subject(openid)
            token = self.identity.new_token()       # the first message opens a conversation, not the log-in
            store.put_handle(self.identity.handle_hash(token), DOOR, subject, self.identity.ttl)
            return reply({"token": token, "expires_in": self.identity.ttl})

        @bp.route("/messages", methods=["POST"])
        @bounded
        @identified
        async def messages(request: Request, agent, store, subject: str):
            text = body_of(request).get("text")
            if is_delete_request(text):
                n = await self.delete_user(agent, store, subject)
                return reply({"messages": [{"text": DELETED.format(n=n), "buttons": []}], "result": None,
                              "next_question": None, "deleted": n})
            asked = body_of(request).get("query")
            if asked is not None:
                found = store.query_of(DOOR, subject, asked) if isinstance(asked, str) and QUERY_ID.match(asked) else None
                if found is None:
                    return no_query()
                if not found["current"]:
                    store.reopen(DOOR, subject, asked)
                sender = found["conversation"]
            else:
                sender = self.conversation_of(subject, store)
            store.used(sender)
            current = store.current_query(DOOR, subject)
            query = {"id": current["id"], "who": current["who"]} if current else None
            try:
                out = await within(converse(on_new_message, agent, sender, text, self.name()),
                                   self.reply_timeout)
            except asyncio.TimeoutError:
                return reply({"messages": [{"text": BUSY, "buttons": []}], "result": None,
                              "next_question": None, "busy": True, "query": query}, 503)
            payload = out["payload"] or {}
            return reply({"messages": out["messages"], "result": payload.get("result"),
                          "next_question": payload.get("next_question"), "truncated": out["truncated"],
                          "query": query})

        @bp.route("/me", methods=["DELETE"])
        @identified
        async def delete_me(request: Request, agent, store, subject: str):
            return reply({"deleted": await self.delete_user(agent, store, subject)})

        def shown(q: dict) -> dict:
            return {k: q[k] for k in ("id", "who", "created", "last", "current") if k in q}

        def known_query(find, subject: str, qid: str) -> str:
            """The conversation of the user's query `qid` (`find`: the store's reopen or drop);
            NoQuery (404) when there is none."""
            conversation = find(DOOR, subject, qid) if QUERY_ID.match(qid) else None
            if conversation is None:
                raise NoQuery
            return conversation

        @bp.route("/queries", methods=["GET"])
        @identified
        async def list_queries(request: Request, agent, store, subject: str):
            return reply({"queries": [shown(q) for q in store.queries(DOOR, subject)], "whom": list(WHOM)})

        @bp.route("/queries", methods=["POST"])
        @bounded
        @identified
        async def new_query(request: Request, agent, store, subject: str):
            who = body_of(request).get("who", WHOM[0])
            if who not in WHOM:
                return error(400, "请选择为谁查询：" + "、".join(WHOM), "who must be one of " + "/".join(WHOM))
            handle = store.new_query(DOOR, subject, PREFIX + secrets.token_urlsafe(24), who)
            return reply({"query": shown(store.query_of(DOOR, subject, handle)),
                          "messages": [{"text": STARTED[who], "buttons": []}]}, 201)

        @bp.route("/queries/<qid>/open", methods=["POST"])
        @identified
        async def open_query(request: Request, agent, store, subject: str, qid: str):
            conversation = known_query(store.reopen, subject, qid)
            slots = await slots_of(agent, conversation)
            payload = view(slots) if slots is not None else {}
            return reply({"query": shown(store.query_of(DOOR, subject, qid)),
                          "history": await history_of(agent, conversation),
                          "result": payload.get("result") if payload.get("facts") else None,
                          "next_question": payload.get("next_question")})

        @bp.route("/queries/<qid>", methods=["DELETE"])
        @identified
        async def delete_query(request: Request, agent, store, subject: str, qid: str):
            await forget(agent, known_query(store.drop_query, subject, qid))
            return reply({"deleted": 1})

        return bp
