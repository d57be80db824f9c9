"""The REST channel (`/webhooks/rest/webhook`) with the input rules of the house.

Same route and payload as Rasa's RestInput; before NLU sees a message it is
made safe: no text or only spaces becomes the `empty_input` intent, anything
that is not a string becomes text, "/…" other than our buttons' payloads is
read as plain text, and text over 2,000 characters is cut to 2,000 with
`truncated: true` in the metadata, so the reply can say so.
"""
from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic.request import Request

from channels import guard

MAX_CHARS = 2000
EMPTY = "/empty_input"


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


class PolicyRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "PolicyRestInput":
        guard.check()      # no local default API token off loopback (channels/guard.py)
        return cls()

    def blueprint(self, on_new_message):
        return super().blueprint(with_reply(on_new_message))

    def _extract_message(self, req: Request) -> Optional[Text]:
        return clean((req.json or {}).get("message"))[0]

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        body = request.json or {}
        meta = body.get("metadata")
        meta = dict(meta) if isinstance(meta, dict) else {}
        if clean(body.get("message"))[1]:
            meta["truncated"] = True
        return meta
