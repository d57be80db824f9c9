"""No message text, slot or fact in any log line at INFO or above.

Rasa 3.6 logs what people said in a few places above DEBUG:
- rasa/core/channels/rest.py logs the whole text at ERROR when a turn is cancelled (the client
  went away: `rest.message.received.timeout`) or fails (`rest.message.received.failure`); our
  REST channel has its own handler (channels/rest_channel.py), this is the second line;
- structlog events carry keys such as `text`, `user_message`, `slot_values`, `tracker_states`
  (rasa/utils/log_utils.py lists them for its anonymiser, which is empty unless a plugin fills
  it);
- structlog renders an exception with the local variables of every frame
  (`show_locals` is structlog's default): a failing turn would print the tracker's contents.

`install()` (idempotent, called when the REST channel is built, so in every Rasa process):
1. a structlog processor, first in the chain, that replaces those keys' values with
   `<redacted>` for events at INFO or above;
2. exception rendering without local variables (plain tracebacks);
3. a filter on every handler of the root logger that drops records of the events above
   whose text is the message (a stdlib-level net for any path missed).
"""
from __future__ import annotations

import logging

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
_LEVELS = {"debug": 10, "info": 20, "warning": 30, "warn": 30, "error": 40, "exception": 40,
           "critical": 50, "fatal": 50, "msg": 20}


def redact_event(_logger, method_name: str, event_dict: dict) -> dict:
    """structlog processor: personal keys' values replaced at INFO and above."""
    if _LEVELS.get(method_name, 20) >= logging.INFO:
        for key in PERSONAL_KEYS.intersection(event_dict):
            event_dict[key] = REDACTED
    return event_dict


class DropMessageEvents(logging.Filter):
    """Handler filter: records at INFO or above naming a per-message event are not written."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.INFO:
            return True
        try:
            text = record.getMessage()
        except Exception:      # a record that cannot be formatted: keep the decision simple
            return True
        return not any(event in text for event in MESSAGE_EVENTS)


_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    _fix_structlog()
    net = DropMessageEvents()
    for handler in logging.getLogger().handlers:
        handler.addFilter(net)
    # Handlers added later (Rasa's --log-file handler is added before channels are built, but
    # a library may add its own): the root logger's own filter catches records logged on it.
    logging.getLogger().addFilter(net)


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
