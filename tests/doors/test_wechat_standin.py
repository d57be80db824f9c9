"""The local WeChat login stand-in (issue 17, part B step 2): the mini-program used to answer
503 to every log-in from the run command (no WeChat account on a developer's machine). Now
scripts/run.sh starts scripts/wechat_standin.py on loopback; the stand-in is clearly marked,
answers only loopback, refuses to listen elsewhere, and the Rasa server refuses to serve the
mini-program with it off loopback."""
from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from channels.guard import UnsafeDefault
from channels.doors.miniprogram import MiniProgramInput

from tests.e2e.servers import ROOT, free_port

from .support import run_env, running

sys.path.insert(0, str(ROOT / "scripts"))
import wechat_standin  # noqa: E402

pytestmark = pytest.mark.e2e
Q = {"appid": "local-standin", "secret": "local-standin", "grant_type": "authorization_code"}


def test_the_same_code_is_the_same_local_user_and_every_answer_is_marked():
    status, a = wechat_standin.answer("/sns/jscode2session", dict(Q, js_code="alice"))
    _, again = wechat_standin.answer("/sns/jscode2session", dict(Q, js_code="alice"))
    _, bob = wechat_standin.answer("/sns/jscode2session", dict(Q, js_code="bob"))
    assert status == 200 and a["openid"] == again["openid"] != bob["openid"] and a["standin"] is True
    assert "alice" not in a["openid"]
    for query in (dict(Q, appid="wx-real-app", js_code="alice"), dict(Q, js_code=""), dict(Q, js_code="x" * 300)):
        _, refused = wechat_standin.answer("/sns/jscode2session", query)
        assert refused["errcode"] and "openid" not in refused and refused["standin"] is True


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "example.org"])
def test_the_stand_in_refuses_to_listen_off_loopback(host):
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "wechat_standin.py"), "--host", host,
                        "--port", str(free_port())], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "loopback only" in r.stderr


def test_the_rasa_server_refuses_the_stand_in_off_loopback():
    standin = MiniProgramInput(appid="local-standin", app_secret="local-standin", server_secret="s",
                               api_base="http://127.0.0.1:5056")
    with pytest.raises(UnsafeDefault, match="stand-in"):
        standin.refuse_standin_off_loopback(["rasa", "run", "-i", "0.0.0.0", "-p", "5005"])
    with pytest.raises(UnsafeDefault):
        standin.refuse_standin_off_loopback(["rasa", "run", "-p", "5005"])      # Rasa's default is 0.0.0.0
    standin.refuse_standin_off_loopback(["rasa", "run", "-i", "127.0.0.1"])    # loopback: fine
    # a loopback WECHAT_API_BASE under any app id is a stand-in too
    with pytest.raises(UnsafeDefault):
        MiniProgramInput(appid="wx123", app_secret="s", server_secret="s", api_base="http://localhost:9/") \
            .refuse_standin_off_loopback(["rasa", "run", "-i", "0.0.0.0"])
    MiniProgramInput(appid="wx123", app_secret="s", server_secret="s") \
        .refuse_standin_off_loopback(["rasa", "run", "-i", "0.0.0.0"])        # the real WeChat API


def test_behind_the_balancer_the_stand_in_is_refused_when_the_public_address_is_not_loopback(monkeypatch):
    """run.sh with several processes: each listens on 127.0.0.1, the balancer on RASA_HOST."""
    standin = MiniProgramInput(appid="local-standin", app_secret="local-standin", server_secret="s",
                               api_base="http://127.0.0.1:5056")
    behind = ["rasa", "run", "-i", "127.0.0.1", "-p", "5105"]
    monkeypatch.setenv("RASA_PUBLIC_HOST", "0.0.0.0")
    with pytest.raises(UnsafeDefault):
        standin.refuse_standin_off_loopback(behind)
    monkeypatch.setenv("RASA_PUBLIC_HOST", "127.0.0.1")
    standin.refuse_standin_off_loopback(behind)


def _post(url: str, body: dict, token: str | None = None):
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    req = urllib.request.Request(url, json.dumps(body).encode(), headers)
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, json.loads(r.read())


def test_the_run_command_lets_the_mini_program_log_in_on_loopback(tmp_path):
    env = run_env(tmp_path, RASA_PROCESSES="1")
    out = tmp_path / "run.out"
    with running(env, out, ready_within=600):
        assert "LOCAL WeChat stand-in" in out.read_text()
        base = f"http://127.0.0.1:{env['RASA_PORT']}/miniprogram/v1"
        status, body = _post(f"{base}/login", {"code": "alice"})
        assert status == 200 and body["token"]
        status, said = _post(f"{base}/messages", {"text": "我30岁，金山户口"}, body["token"])
        assert status == 200 and said["messages"] and said["result"]["results"]
        # the same local user on a second log-in: the same conversation goes on
        status, again = _post(f"{base}/messages", {"text": "我能领什么"}, _post(f"{base}/login", {"code": "alice"})[1]["token"])
        statuses = lambda r: {m["id"]: m["status"] for m in r["results"] if m["in_play"]}   # noqa: E731
        assert status == 200 and statuses(again["result"]) == statuses(said["result"])
        secrets_file = Path(env["RUN_DIR"]) / "secrets.json"   # the kept server secret, owner-only
        assert secrets_file.stat().st_mode & 0o077 == 0 and "MP_SERVER_SECRET" in json.loads(secrets_file.read_text())
