"""The action server's logs (actions/server.py): the same privacy filter as the Rasa server
(safelog, which loads no Rasa). An action that fails on a personal value (rasa_sdk logs every
failing action's exception at ERROR; our FactsError quotes the value it refused), and an unknown
action named with an ID-card number (rasa_sdk logs the name as sent): neither value reaches the
log; the exception's type and frames do."""
from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e.servers import ROOT, free_port

PYTHON = str(ROOT / ".venv" / "bin" / "python")
ID_NUMBER, PHONE, PLACE = "31010119760224682X", "13912345678", "枫泾镇"


def call(action: str, slots: dict) -> dict:
    return {"next_action": action, "sender_id": "c1", "version": "3.6.2", "domain": {},
            "tracker": {"sender_id": "c1", "slots": slots, "latest_message": {"text": "我43岁"}, "events": [],
                        "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": None}}


def post(url: str, body: dict) -> int:
    req = urllib.request.Request(url, json.dumps(body, ensure_ascii=False).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    port, log = free_port(), tmp_path_factory.mktemp("actions") / "actions.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([PYTHON, "-m", "actions.server", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=open(log, "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline:
        assert proc.poll() is None, log.read_text()[-3000:]
        try:
            urllib.request.urlopen(url + "/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    yield url, log
    proc.terminate()
    proc.wait(20)


def test_a_failing_action_logs_no_personal_value(action_server):
    url, log = action_server
    said = f"43岁，住{PLACE}，身份证{ID_NUMBER}"
    assert post(url + "/webhook", call("action_respond", {"age": said})) == 500      # FactsError quotes it
    time.sleep(0.5)
    out = log.read_text()
    assert "Exception occurred during execution of request" in out                  # logged at ERROR
    assert "FactsError" in out and "message withheld" in out                        # type and frames kept
    assert PLACE not in out and ID_NUMBER not in out and "43岁" not in out


def test_an_identifier_in_a_logged_name_is_masked(action_server):
    url, log = action_server
    assert post(url + "/webhook", call(f"查询{ID_NUMBER}和{PHONE}", {})) == 404
    time.sleep(0.5)
    out = log.read_text()
    assert "No registered action found" in out and "<身份证号>" in out and "<手机号>" in out
    assert ID_NUMBER not in out and PHONE not in out


def test_the_filter_loads_no_rasa_in_the_action_server():
    code = ("import sys, logging, io\n"
            "from actions.server import configure_logging\n"
            "configure_logging('INFO')\n"
            "from rasa_sdk.executor import ActionExecutor\n"
            "ActionExecutor().register_package('actions')\n"
            "import channels.log_privacy as lp, safelog\n"
            "print('rasa loaded:', any(m == 'rasa' or m.startswith('rasa.') for m in sys.modules))\n"
            "print('same filter:', lp.DropMessageEvents is safelog.DropMessageEvents)\n")
    # channels.log_privacy is imported last on purpose: the action server itself never imports it
    r = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                       capture_output=True, text=True, timeout=300)
    assert "same filter: True" in r.stdout, r.stdout + r.stderr
    code_without = code.replace("import channels.log_privacy as lp, safelog\n", "").replace(
        "print('same filter:', lp.DropMessageEvents is safelog.DropMessageEvents)\n", "")
    r = subprocess.run([PYTHON, "-c", code_without], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                       capture_output=True, text=True, timeout=300)
    assert "rasa loaded: False" in r.stdout, r.stdout + r.stderr
