"""The REST channel (`/webhooks/rest/webhook`) with the input rules of the house.

Same route and payload as Rasa's RestInput; before NLU sees a message it is
made safe: no text or only spaces becomes the `empty_input` intent, anything
that is not a string becomes text, "/…" other than our buttons' payloads is
read as plain text, and text over 2,000 characters is cut to 2,000 with
`truncated: true` in the metadata, so the reply can say so.

The request itself (issue 17), checked before anything is stored:
- REST_TOKEN set: every REST request needs `Authorization: Bearer <REST_TOKEN>` (401);
  unset, REST is open as before, which the guard allows on loopback only (channels/guard.py);
- off loopback, a rate limit per client address (REST_RATE_PER_MINUTE, counted over every
  process: channels/http_guard.py);
- the body: a JSON object of at most MAX_BODY bytes (400/413 with a Chinese and English reason);
- `sender`: a string of 1–64 characters without control characters (400), and never a door's
  conversation (`agent-`, `kiosk-`, `mp-`…: channels/prefixes.py, 403);
- client `metadata` kept only when small (MAX_METADATA bytes as JSON, MAX_DEPTH levels):
  it is stored with every turn, for good;
- `input_channel` is always "rest" (a client cannot pass as a door).
A cancelled or failed turn is logged without the message (Rasa's own handler logs the whole
text at ERROR): see `receive`.
"""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from channels import guard, http_guard, log_privacy
from channels.prefixes import door_of

logger = logging.getLogger(__name__)

MAX_CHARS = 2000
EMPTY = "/empty_input"
MAX_SENDER = 64
MAX_BODY = 64 * 1024            # 2,000 characters as JSON escapes are 12 KB
MAX_METADATA = 2048             # bytes of JSON
MAX_DEPTH = 8
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# Payloads our own buttons send; any other "/…" would reach Rasa as an intent
# (/restart wipes the conversation, /session_start answers nothing), so it is read as text.
BUTTON_PAYLOAD = re.compile(r"^/(?:affirm|deny|dont_know|inform\{[^{}]*\})$")


# Said when a turn produced no reply at all: Rasa 3.6 logs a failed custom action (action
# server down or crashed) and answers nothing. The facts said before are in the tracker and
# stay there; the next message goes on with them once the action server is back.
UNAVAILABLE = "服务暂时不可用，请稍后再把这句话发一次。您之前告诉我的信息都已保留。"


async def ensure_reply(message: UserMessage) -> None:
    """After Rasa handled `message`: if nothing was said, say UNAVAILABLE."""
    out = message.output_channel
    if isinstance(out, CollectingOutputChannel) and not out.messages:
        await out.send_text_message(message.sender_id, UNAVAILABLE)


def with_reply(on_new_message: Callable[[UserMessage], Awaitable[Any]]):
    """`on_new_message` that never leaves the user without an answer (see UNAVAILABLE)."""
    async def handle(message: UserMessage) -> None:
        await on_new_message(message)
        await ensure_reply(message)
    return handle


def clean(raw: Any) -> tuple[str, bool]:
    """(text for NLU, was it truncated)."""
    text = "" if raw is None else raw if isinstance(raw, str) else str(raw)
    text = text.replace("\x00", "").strip()
    if text.startswith("/") and not BUTTON_PAYLOAD.match(text):
        text = text.lstrip("/").strip()
    if not text:
        return EMPTY, False
    if len(text) > MAX_CHARS:
        return text[:MAX_CHARS], True
    return text, False


class BadRequest(Exception):
    def __init__(self, status: int, zh: str, en: str) -> None:
        super().__init__(en)
        self.status, self.zh, self.en = status, zh, en


def refusal(status: int, zh: str, en: str, headers: Optional[dict] = None):
    return response.json({"error": zh, "error_en": en}, status=status, headers=headers)


def depth(value: Any, limit: int) -> int:
    """Nesting depth of a parsed JSON value, counted up to `limit + 1`."""
    if limit < 0 or not isinstance(value, (dict, list)):
        return 0
    items = value.values() if isinstance(value, dict) else value
    return 1 + max((depth(v, limit - 1) for v in items), default=0)


def parse_body(raw: bytes) -> dict:
    """The request body as a JSON object, or BadRequest with the reason."""
    if len(raw or b"") > MAX_BODY:
        raise BadRequest(413, f"请求太大（至多 {MAX_BODY // 1024} KB）", f"request body over {MAX_BODY // 1024} KB")
    try:
        body = json.loads(raw or b"")
    except RecursionError:
        raise BadRequest(400, "请求嵌套过深", "JSON nested too deeply")
    except ValueError:
        raise BadRequest(400, "请求不是有效的 JSON", "body is not valid JSON")
    if not isinstance(body, dict):
        raise BadRequest(400, "请求应为 JSON 对象，例如 {\"sender\": \"…\", \"message\": \"…\"}",
                         "body must be a JSON object like {\"sender\": \"…\", \"message\": \"…\"}")
    return body


def check_sender(sender: Any) -> str:
    """The sender as the tracker id, or BadRequest (400, or 403 for a door's conversation)."""
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest(400, "缺少 sender（对话编号，1–64个字符的字符串）",
                         "sender is required: a string of 1-64 characters")
    if len(sender) > MAX_SENDER or CONTROL.search(sender):
        raise BadRequest(400, f"sender 至多 {MAX_SENDER} 个字符，且不能含控制字符",
                         f"sender must be at most {MAX_SENDER} characters, no control characters")
    if door_of(sender):
        raise BadRequest(403, "这个对话编号属于自助终端、热线坐席或小程序，不能通过 REST 访问",
                         "this conversation id belongs to a door (kiosk, agent desk, mini-program)")
    return sender


def client_metadata(meta: Any) -> dict:
    """The client's metadata when small and shallow, else nothing (it is stored with the turn)."""
    if not isinstance(meta, dict) or not meta or depth(meta, MAX_DEPTH) > MAX_DEPTH:
        return {}
    try:
        size = len(json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    except (TypeError, ValueError, RecursionError):
        return {}
    return dict(meta) if size <= MAX_METADATA else {}


def bearer_ok(request: Request, token: str) -> bool:
    header = request.headers.get("Authorization", "")
    given = header[7:].strip() if header[:7].lower() == "bearer " else ""
    return bool(given) and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


class PolicyRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "PolicyRestInput":
        guard.check()      # nothing guessable off loopback (channels/guard.py)
        log_privacy.install()   # no message text in logs at INFO or above, whatever the path
        return cls(token=os.environ.get("REST_TOKEN") or None, limited=guard.exposed())

    def __init__(self, token: Optional[str] = None, limited: bool = False) -> None:
        self.token = token
        # Off loopback every client; on loopback only clients a trusted proxy names off loopback:
        # local tools and tests talk to a loopback server at full speed (http_guard.MessageLimits).
        self.limited = limited

    def blueprint(self, on_new_message):
        on_new_message = with_reply(on_new_message)
        bp = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @bp.listener("before_server_start")
        async def whole_app(app, _loop):
            http_guard.install(app)
            log_privacy.install()     # again: handlers Rasa added after the channel was built

        def admit(request: Request):
            """None, or the answer refusing the request (rate limit, then token)."""
            limited = http_guard.limits_of(request.app).refusal(request, "rest", exposed=self.limited)
            if limited is not None:
                return limited
            if self.token and not bearer_ok(request, self.token):
                return refusal(401, "需要令牌（Authorization: Bearer …）", "REST token required",
                               {"WWW-Authenticate": 'Bearer realm="rest"'})
            return None

        @bp.route("/", methods=["GET"])
        async def health(request: Request):
            return admit(request) or response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            denied = admit(request)
            if denied:
                return denied
            try:
                body = parse_body(request.body)
                sender = check_sender(body.get("sender"))
            except BadRequest as e:
                return refusal(e.status, e.zh, e.en)
            text, truncated = clean(body.get("message"))
            metadata = client_metadata(body.get("metadata"))
            if truncated:
                metadata["truncated"] = True
            if rasa_bool(request.args.get("stream")):
                return response.stream(self.stream_response(on_new_message, text, sender, self.name(), metadata),
                                       content_type="text/event-stream")
            collector = CollectingOutputChannel()
            message = UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
            try:
                await on_new_message(message)
            except asyncio.CancelledError:
                # The client went away mid-turn. Rasa's handler logs the whole text here at
                # ERROR (rest.message.received.timeout): only the fact is logged.
                logger.info("REST turn cancelled: the client went away before the reply")
                raise
            except Exception as e:       # noqa: BLE001: the user gets an answer, the log no text
                logger.error("REST turn failed (%s); details at DEBUG", type(e).__name__)
                logger.debug("REST turn failure", exc_info=True)
                await ensure_reply(message)
            return response.json(collector.messages)

        return bp


def rasa_bool(value: Optional[str]) -> bool:
    return (value or "").strip().lower() in ("true", "1", "yes")
