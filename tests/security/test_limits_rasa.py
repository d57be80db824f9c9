"""The message limits and the once-only handoff on the real Rasa server with the real doors (the
stub tests cover every route quickly; here the whole app): a kiosk visitor's and an agent's
flood from one address gets 429 in Chinese, local use stays unlimited, and a REST request
passed on again with the balancer's X-Request-Id is applied once."""
from __future__ import annotations

import json
import os
import shutil
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.doors.support import environ
from tests.e2e.servers import ROOT, TOKEN, Servers

from .conftest import REST, http

N = 3
ENV = {"DOORS_TRUSTED_PROXIES": "127.0.0.1", "KIOSK_MESSAGES_PER_MINUTE": str(N),
       "AGENT_MESSAGES_PER_MINUTE": str(N), "MP_MESSAGES_PER_MINUTE": str(N), "REST_TOKEN": ""}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    model = tmp_path_factory.mktemp("model") / "current.tar.gz"
    shutil.copyfile(ROOT / "models" / "current.tar.gz", model)      # the lead may retrain meanwhile
    with environ(ENV):
        os.environ.pop("REST_TOKEN")           # unset (ENV names it so that it is restored after)
        s = Servers(model=model).start()
    yield s
    s.stop()


def user_texts(server, sender):
    with urllib.request.urlopen(f"{server.url}/conversations/{sender}/tracker?token={TOKEN}", timeout=60) as r:
        return [e.get("text") for e in json.loads(r.read())["events"] if e["event"] == "user"]


@pytest.mark.e2e
def test_a_kiosk_flood_from_one_address_gets_429_in_chinese_and_loopback_stays_unlimited(server):
    status, _, body = http(server.url + "/kiosk/api/sessions", "POST", {})
    assert status == 201, body
    path = f"{server.url}/kiosk/api/sessions/{body['session']}/messages"
    away = {"X-Forwarded-For": "203.0.113.60"}
    results = [http(path, "POST", {"text": t}, away) for t in ("我26岁", "金山户口", "失业10个月了", "本科", "是")]
    assert [r[0] for r in results] == [200] * N + [429] * 2, [(r[0], r[2]) for r in results]
    status, headers, body = results[-1]
    assert "频繁" in body["error"] and "频繁" in body["messages"][0]["text"] and int(headers["Retry-After"]) >= 1
    assert all(http(path, "POST", {"text": "是"})[0] == 200 for _ in range(N + 2))     # the terminal on loopback


@pytest.mark.e2e
def test_an_agent_flood_from_one_address_gets_429(server):
    cid = uuid.uuid4().hex[:10]
    auth = {"Authorization": "Bearer local-agent-token", "X-Forwarded-For": "203.0.113.61"}
    statuses = [http(f"{server.url}/agent/api/conversations/{cid}/messages", "POST", {"text": "来电人26岁"}, auth)[0]
                for _ in range(N + 1)]
    # (the local account works only from loopback: a far address is refused 403, and still counted)
    assert statuses[-1] == 429 and statuses.count(429) == 1, statuses


@pytest.mark.e2e
def test_a_request_passed_on_with_the_same_id_is_applied_once(server):
    sender, rid = f"handoff-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    first = http(server.url + REST, "POST", {"sender": sender, "message": "我26岁"}, {"X-Request-Id": rid})
    again = http(server.url + REST, "POST", {"sender": sender, "message": "我26岁"}, {"X-Request-Id": rid})
    assert first[0] == again[0] == 200 and first[2] == again[2] and first[2]
    assert user_texts(server, sender) == ["我26岁"]
    http(server.url + REST, "POST", {"sender": sender, "message": "金山户口"}, {"X-Request-Id": uuid.uuid4().hex})
    assert user_texts(server, sender) == ["我26岁", "金山户口"]
    assert server.slots(sender)["hukou"] == "jinshan" and server.slots(sender)["age"] == 26
