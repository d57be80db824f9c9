"""No personal value in a log line at INFO or above (channels/log_privacy.py), including when a
custom action fails: the action server then answers 500 with the whole tracker in its body and
Rasa 3.6 logs that body at ERROR inside the exception chain."""
from __future__ import annotations

import io
import json
import logging
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from channels import log_privacy

SAID = "我今年43岁，硕士，住在枫泾镇，失业14个月了"
VALUES = ["43岁", "硕士", "枫泾", "14个月", "43\\u5c81", "\\u67ab\\u6cfe"]


def capture(level=logging.INFO):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    old = root.level
    root.setLevel(level)
    log_privacy.install()
    return stream, lambda: (root.removeHandler(handler), root.setLevel(old))


def test_exception_messages_withheld_at_error_kept_frames():
    stream, done = capture()
    try:
        try:
            try:
                raise ValueError(f"bad value: {SAID}")
            except ValueError as e:
                raise RuntimeError("Failed to execute custom action") from e
        except RuntimeError:
            logging.getLogger("rasa.core.processor").exception("Encountered an exception while running action")
    finally:
        done()
    out = stream.getvalue()
    assert "Encountered an exception" in out and "builtins.ValueError" in out and "builtins.RuntimeError" in out
    assert "test_log_privacy.py" in out                       # the frames are still there
    assert SAID not in out and "枫泾" not in out


def test_per_message_events_dropped():
    stream, done = capture()
    try:
        logging.getLogger("rasa.core.channels.rest").error(
            '{"text": "%s", "event": "rest.message.received.timeout", "level": "error"}', SAID)
        logging.getLogger("x").info("kept")
    finally:
        done()
    assert SAID not in stream.getvalue() and "kept" in stream.getvalue()


def test_structlog_personal_keys_redacted():
    from rasa.utils.log_utils import configure_structlog
    import structlog
    configure_structlog(logging.INFO)
    import safelog
    safelog._structlog_fixed = False
    stream, done = capture()
    try:
        structlog.get_logger().info("processor.actions.log", text=SAID, slot_values={"age": 43}, other="ok")
        try:
            raise KeyError(SAID)
        except KeyError:
            structlog.get_logger().exception("nlg.failure", user_message=SAID)
    finally:
        done()
    out = stream.getvalue()
    assert "processor.actions.log" in out and "nlg.failure" in out and "ok" in out
    assert SAID not in out and "43" not in out


class FailingActions:
    """An action server that fails every call as rasa_sdk does on an exception in an action:
    500, with the request (the whole tracker) in the body."""

    def __init__(self, port: int):
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                data = json.dumps({"error": "boom", "request_body": json.loads(body)}).encode()
                self.send_response(500)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.e2e
def test_failed_custom_action_puts_no_tracker_in_the_log(rasa):
    sender = f"fail-{uuid.uuid4().hex[:8]}"
    assert rasa.say(sender, SAID)
    assert rasa.slots(sender)["age"] == 43                        # facts the tracker now holds
    rasa.kill(rasa.actions)
    fake = FailingActions(rasa.actions_port)
    try:
        reply = rasa.say(sender, "我是本科，全日制的")
        assert "暂时不可用" in reply[0]["text"]                  # answered, facts kept
        time.sleep(1)
    finally:
        fake.close()
        rasa.start_actions()
    logs = "\n".join(p.read_text(errors="replace") for p in rasa.tmp.glob("*.log"))
    assert "Encountered an exception while running action" in logs   # the failure really happened
    # Before: the action server's 500 body, i.e. the whole tracker, in rasa.log at ERROR.
    assert "request_body" not in logs and '"slots"' not in logs
    assert not re.search(r'"age"\s*:\s*43', logs)
    for v in VALUES + [SAID, "本科，全日制"]:
        assert v not in logs, v
    assert "message withheld" in logs
    assert rasa.say(sender, "本科")                               # and the conversation goes on
