"""No message text, slot, fact or identifier in any log line at INFO or above: the filter shared
by the Rasa server (channels/log_privacy.py imports it from here) and the action server
(actions/server.py). Standard library only, structlog when present: importing it loads no Rasa
(the `channels` package does, through channels/__init__.py).

What reaches a log at INFO or above and how it is kept out:
- Rasa 3.6 logs the whole text at ERROR when a REST turn is cancelled or fails
  (`rest.message.received.timeout` / `.failure`): such records are dropped (MESSAGE_EVENTS);
- structlog events carry keys such as `text`, `user_message`, `slot_values`, `tracker_states`:
  their values become `<redacted>` (PERSONAL_KEYS), and exceptions render without the local
  variables of every frame;
- an exception's own message (a failing custom action's 500 body holds the whole tracker; a
  pydantic error quotes the input; rasa_sdk logs every exception of an action at ERROR):
  tracebacks keep every frame and exception type, never the message (`safe_traceback`);
- an ID-card or mobile number anywhere in a line (the action server logs an unknown action's
  name as sent, rasa_sdk's own lines quote what they were given): replaced by `<身份证号>` /
  `<手机号>` (IDENTIFIERS, the same patterns as understanding/pii.py).
DEBUG keeps it all (and the guard refuses DEBUG off loopback).

`install()` is idempotent: call it once the logging is configured and again when the server
starts (servers add handlers in between).
"""
from __future__ import annotations

import logging
import re
import sys
import traceback

PERSONAL_KEYS = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states",
    "old_states", "successes", "current_entity", "next_entity", "states", "entity", "token_text",
    "user_message", "json_message", "metadata", "tracker", "events", "slots", "value",
})
# Rasa events that are about one user message: dropped at the handler whatever they carry.
MESSAGE_EVENTS = ("rest.message.received.timeout", "rest.message.received.failure",
                  "hangouts.message.blueprint.timeout", "hangouts.message.blueprint.failure",
                  "facebook.message.cannot.handle")
REDACTED = "<redacted>"
# Identifiers the assistant never needs (understanding/pii.py): masked in any line at INFO+.
IDENTIFIERS = ((re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"), "<身份证号>"),
               (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "<手机号>"))


def mask(text: str) -> str:
    """`text` with every ID-card and mobile number replaced."""
    for pattern, placeholder in IDENTIFIERS:
        text = pattern.sub(placeholder, text)
    return text


_LEVELS = {"debug": 10, "info": 20, "warning": 30, "warn": 30, "error": 40, "exception": 40,
           "critical": 50, "fatal": 50, "msg": 20}


def safe_traceback(exc_info) -> str:
    """The traceback of `exc_info` (and of its causes) with every exception's message withheld."""
    chain, seen, value = [], set(), exc_info[1]
    while value is not None and id(value) not in seen:
        seen.add(id(value))
        chain.append(value)
        value = value.__cause__ or (None if value.__suppress_context__ else value.__context__)
    parts = []
    for i, value in enumerate(reversed(chain)):         # the first cause first, as Python prints
        if i:
            parts.append("\nThe above exception led to the following exception:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts += traceback.format_list(traceback.extract_tb(value.__traceback__))
        parts.append(f"{type(value).__module__}.{type(value).__qualname__}: "
                     f"<message withheld: {len(str(value))} characters>\n")
    return "".join(parts).rstrip("\n")


def redact_event(_logger, method_name: str, event_dict: dict) -> dict:
    """structlog processor: personal keys' values replaced, tracebacks without messages, at INFO and above."""
    if _LEVELS.get(method_name, 20) >= logging.INFO:
        for key in PERSONAL_KEYS.intersection(event_dict):
            event_dict[key] = REDACTED
        exc = event_dict.pop("exc_info", method_name == "exception")
        if exc:
            info = sys.exc_info() if exc is True else (type(exc), exc, exc.__traceback__) \
                if isinstance(exc, BaseException) else exc
            if info and info[0] is not None:
                event_dict["exception"] = safe_traceback(info)
    return event_dict


class DropMessageEvents(logging.Filter):
    """Handler filter: records at INFO or above naming a per-message event are not written;
    their tracebacks lose the exceptions' messages."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.INFO:
            return True
        if record.exc_info and record.exc_info[0] is not None:
            # The formatter uses exc_text when it is set: the safe form is written instead.
            record.exc_text = safe_traceback(record.exc_info)
        try:
            text = record.getMessage()
        except Exception:      # a record that cannot be formatted: keep the decision simple
            return True
        if any(event in text for event in MESSAGE_EVENTS):
            return False
        masked = mask(text)
        if masked != text:
            record.msg, record.args = masked, None
        return True


_NET = DropMessageEvents()
_structlog_fixed = False


def install() -> None:
    """Idempotent; called when the channel is built and again when the server starts (Rasa adds
    its --log-file handler in between)."""
    global _structlog_fixed
    if not _structlog_fixed:
        _structlog_fixed = True
        _fix_structlog()
    for name in ("", "sanic.root", "sanic.error", "rasa", "rasa_sdk"):
        for handler in logging.getLogger(name).handlers:
            if _NET not in handler.filters:
                handler.addFilter(_NET)


def _fix_structlog() -> None:
    try:
        import structlog
        from structlog.processors import ExceptionRenderer
        from structlog.tracebacks import ExceptionDictTransformer
    except ImportError:        # not under Rasa: nothing to fix
        return
    procs = structlog.get_config()["processors"]
    # In place: loggers already bound (cache_logger_on_first_use) hold this very list.
    if redact_event not in procs:
        procs.insert(0, redact_event)
    for i, p in enumerate(procs):
        if p is structlog.processors.dict_tracebacks:
            procs[i] = ExceptionRenderer(ExceptionDictTransformer(show_locals=False))
        elif isinstance(p, structlog.dev.ConsoleRenderer):
            p._exception_formatter = structlog.dev.plain_traceback
