"""No message text, slot or fact in any log line at INFO or above, in every Rasa process.

The filter itself is `safelog` (the repository's root): standard library only, so the action
server (actions/server.py) installs the very same one without loading Rasa (importing the
`channels` package would). What it keeps out of the logs and how: see safelog.py.

`install()` (idempotent) is called when the REST channel is built, so in every Rasa process,
and again when the server starts (Rasa adds its --log-file handler in between).
"""
from __future__ import annotations

from safelog import (IDENTIFIERS, MESSAGE_EVENTS, PERSONAL_KEYS, REDACTED, DropMessageEvents,  # noqa: F401
                     install, mask, redact_event, safe_traceback)
