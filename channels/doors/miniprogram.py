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
「删除我的信息」 (or `DELETE /miniprogram/v1/me`) deletes all of the user's conversations and
handles. Messages are answered within `reply_timeout_seconds` (10 s) or with a "busy" reply
(503; the turn still completes in the background); text over 2,000 characters is cut as on the
REST channel; a body over MAX_BODY bytes is refused (413) without being parsed or kept.

    POST   /miniprogram/v1/login      {"code"} -> {"token", "expires_in"}     (no code: 400)
    POST   /miniprogram/v1/messages   {"text"} -> {"messages": [{"text", "buttons": [{"title", "payload"}]}],
                                                   "result": {...}, "next_question": {...} | null}
    DELETE /miniprogram/v1/me         -> {"deleted": <conversations deleted>}

The local WeChat stand-in (scripts/wechat_standin.py, started by scripts/run.sh on loopback)
is refused when the server listens anywhere but loopback.

The contract for the mini-program's developers: miniprogram/README.md.
"""
from __future__ import annotations

import asyncio
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
from sanic import Blueprint
from sanic.request import Request

from channels import guard

from . import keys, network
from .common import body_of, converse, error, forget, reply
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


async def within(coro, seconds: float):
    """The coroutine's result, or TimeoutError after `seconds`; the work goes on in the
    background so the conversation stays whole."""
    task = asyncio.ensure_future(coro)
    return await asyncio.wait_for(asyncio.shield(task), seconds)


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


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

        @bp.route("/login", methods=["POST"])
        async def login(request: Request):
            big = too_big(request)
            if big:
                return big
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
            self.conversation_of(subject, store)
            token = self.identity.new_token()
            store.put_handle(self.identity.handle_hash(token), DOOR, subject, self.identity.ttl)
            return reply({"token": token, "expires_in": self.identity.ttl})

        @bp.route("/messages", methods=["POST"])
        async def messages(request: Request):
            big = too_big(request)
            if big:
                return big
            agent = request.app.ctx.agent
            store = store_for(agent)
            subject = self.subject_of(request, store)
            if subject is None:
                return unknown()
            text = body_of(request).get("text")
            if is_delete_request(text):
                n = await self.delete_user(agent, store, subject)
                return reply({"messages": [{"text": DELETED.format(n=n), "buttons": []}], "result": None,
                              "next_question": None, "deleted": n})
            sender = self.conversation_of(subject, store)
            try:
                out = await within(converse(on_new_message, agent, sender, text, self.name()),
                                   self.reply_timeout)
            except asyncio.TimeoutError:
                return reply({"messages": [{"text": BUSY, "buttons": []}], "result": None,
                              "next_question": None, "busy": True}, 503)
            payload = out["payload"] or {}
            return reply({"messages": out["messages"], "result": payload.get("result"),
                          "next_question": payload.get("next_question"), "truncated": out["truncated"]})

        @bp.route("/me", methods=["DELETE"])
        async def delete_me(request: Request):
            agent = request.app.ctx.agent
            store = store_for(agent)
            subject = self.subject_of(request, store)
            if subject is None:
                return unknown()
            return reply({"deleted": await self.delete_user(agent, store, subject)})

        return bp
