"""WeChat mini-program (微信小程序) API at `/miniprogram/v1/`.

Two ways to know who is speaking:

- login mode (default): `POST /miniprogram/v1/login {"code"}` exchanges the `wx.login` code
  through WeChat's `code2Session` (`WECHAT_API_BASE`, default https://api.weixin.qq.com) for
  the openid, and answers `{"token"}`, signed by this server; messages then carry
  `Authorization: Bearer <token>`.
- cloud mode (`MP_TRUST_CLOUD_OPENID=1` or `trust_cloud_openid_header: true`): behind WeChat
  cloud hosting (云托管), which sets `X-WX-OPENID` itself, that header is the identity. Off by
  default: anywhere else anyone can send that header.

The conversation id is `mp-` + an HMAC of the openid with the server secret (`MP_SERVER_SECRET`);
the raw openid is never stored or logged, and the token holds only the HMAC. Messages are
answered within `reply_timeout_seconds` (10 s) or with a "busy" reply (503; the turn still
completes in the background); text over 2,000 characters is cut as on the REST channel.

    POST /miniprogram/v1/login      {"code"} -> {"token", "expires_in"}
    POST /miniprogram/v1/messages   {"text"} -> {"messages": [{"text", "buttons": [{"title", "payload"}]}],
                                                 "result": {...}, "next_question": {...} | null}

The contract for the mini-program's developers: miniprogram/README.md.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from typing import Any, Dict, Optional, Text

import aiohttp
from rasa.core.channels.channel import InputChannel
from sanic import Blueprint
from sanic.request import Request

from .common import body_of, converse, error, reply

logger = logging.getLogger(__name__)

PREFIX = "mp-"
DEFAULT_API = "https://api.weixin.qq.com"
BUSY = "服务繁忙，请稍后再试。您刚才说的内容会保留。"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Identity:
    """Conversation ids from openids, and the tokens that carry them (HMAC-SHA256, server secret)."""

    def __init__(self, secret: bytes, ttl: int = 24 * 3600):
        self._id_key = hmac.new(secret, b"conversation-id", hashlib.sha256).digest()
        self._token_key = hmac.new(secret, b"token", hashlib.sha256).digest()
        self.ttl = ttl

    def conversation(self, openid: str) -> str:
        return hmac.new(self._id_key, openid.encode("utf-8"), hashlib.sha256).hexdigest()[:40]

    def token(self, conversation: str, now: Optional[float] = None) -> str:
        body = _b64(json.dumps({"c": conversation, "exp": int((now or time.time()) + self.ttl)},
                               separators=(",", ":")).encode())
        return f"{body}.{_b64(hmac.new(self._token_key, body.encode(), hashlib.sha256).digest())}"

    def verify(self, token: str, now: Optional[float] = None) -> Optional[str]:
        """The conversation id a valid, unexpired token carries; else None."""
        try:
            body, sig = token.split(".")
            want = hmac.new(self._token_key, body.encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(_unb64(sig), want):
                return None
            data = json.loads(_unb64(body))
        except (ValueError, TypeError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str) or \
                not isinstance(data.get("exp"), int) or data["exp"] <= (now or time.time()):
            return None
        return data["c"]


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
        secret = env.get("MP_SERVER_SECRET") or c.get("server_secret")
        trust = env.get("MP_TRUST_CLOUD_OPENID")
        return cls(appid=env.get("MP_APPID") or c.get("appid") or "",
                   app_secret=env.get("MP_APP_SECRET") or c.get("app_secret") or "",
                   api_base=env.get("WECHAT_API_BASE") or c.get("wechat_api_base") or DEFAULT_API,
                   server_secret=secret,
                   trust_cloud_openid=_flag(trust if trust is not None else c.get("trust_cloud_openid_header", False)),
                   reply_timeout=float(env.get("MP_REPLY_TIMEOUT") or c.get("reply_timeout_seconds") or 10))

    def __init__(self, appid: str = "", app_secret: str = "", api_base: str = DEFAULT_API,
                 server_secret: Optional[str] = None, trust_cloud_openid: bool = False,
                 reply_timeout: float = 10) -> None:
        if not server_secret:
            logger.warning("MP_SERVER_SECRET is not set: a random secret is used, so mini-program "
                           "tokens and conversations do not survive a restart.")
        self.identity = Identity((server_secret or secrets.token_hex(32)).encode())
        self.appid, self.app_secret = appid, app_secret
        self.api_base = api_base.rstrip("/")
        self.trust_cloud_openid = trust_cloud_openid
        self.reply_timeout = reply_timeout

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

    def who(self, request: Request) -> Optional[str]:
        """The conversation id of the request's sender, or None."""
        if self.trust_cloud_openid:
            openid = request.headers.get("X-WX-OPENID", "").strip()
            return self.identity.conversation(openid) if openid else None
        header = request.headers.get("Authorization", "")
        if header[:7].lower() != "bearer ":
            return None
        return self.identity.verify(header[7:].strip())

    def blueprint(self, on_new_message) -> Blueprint:
        bp = Blueprint("miniprogram_door", __name__)

        @bp.route("/login", methods=["POST"])
        async def login(request: Request):
            code = body_of(request).get("code")
            if not isinstance(code, str) or not code.strip() or len(code) > 256:
                return error(401, "缺少登录凭证 code", "code required")
            if not (self.appid and self.app_secret):
                return error(503, "小程序登录未配置（MP_APPID、MP_APP_SECRET）", "mini-program login not configured")
            try:
                openid = await self.code_to_openid(code.strip())
            except ConnectionError:
                return error(502, "暂时无法连接微信服务，请稍后再试", "WeChat API unreachable")
            if openid is None:
                return error(401, "登录凭证无效或已过期，请重新登录", "code rejected by WeChat")
            token = self.identity.token(self.identity.conversation(openid))
            return reply({"token": token, "expires_in": self.identity.ttl})

        @bp.route("/messages", methods=["POST"])
        async def messages(request: Request):
            conversation = self.who(request)
            if conversation is None:
                return error(401, "身份无效，请重新登录", "no or bad identity",
                             {"WWW-Authenticate": 'Bearer realm="miniprogram"'})
            sender = PREFIX + conversation
            try:
                out = await within(converse(on_new_message, request.app.ctx.agent, sender, body_of(request).get("text"), self.name()),
                                   self.reply_timeout)
            except asyncio.TimeoutError:
                return reply({"messages": [{"text": BUSY, "buttons": []}], "result": None,
                              "next_question": None, "busy": True}, 503)
            payload = out["payload"] or {}
            return reply({"messages": out["messages"], "result": payload.get("result"),
                          "next_question": payload.get("next_question"), "truncated": out["truncated"]})

        return bp
