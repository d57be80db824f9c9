"""The REST channel (`/webhooks/rest/webhook`) with the input rules of the house.

Same route and payload as Rasa's RestInput; before NLU sees a message it is
made safe: no text or only spaces becomes the `empty_input` intent, anything
that is not a string becomes text, "/…" other than our buttons' payloads is
read as plain text, and text over 2,000 characters is cut to 2,000 with
`truncated: true` in the metadata, so the reply can say so.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.request import Request

MAX_CHARS = 2000
EMPTY = "/empty_input"


# Payloads our own buttons send; any other "/…" would reach Rasa as an intent
# (/restart wipes the conversation, /session_start answers nothing), so it is read as text.
BUTTON_PAYLOAD = re.compile(r"^/(?:affirm|deny|dont_know|inform\{[^{}]*\})$")


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

    def _extract_message(self, req: Request) -> Optional[Text]:
        return clean((req.json or {}).get("message"))[0]

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        body = request.json or {}
        meta = body.get("metadata")
        meta = dict(meta) if isinstance(meta, dict) else {}
        if clean(body.get("message"))[1]:
            meta["truncated"] = True
        return meta
