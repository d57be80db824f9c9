"""Mini-program identity (issue 17, part B step 1), each finding reproduced and shown refused:
the token used to carry the conversation id (signed, not hidden), so anyone who once saw one,
even expired, could reach that conversation for good; bodies were read without limit; a user
could not delete what they told us; `/login` without a code answered 401; the server secret was
random per start, orphaning every user's conversation at each restart."""
from __future__ import annotations

import base64
import json
import os
import sqlite3
import stat
import time
import urllib.request
import uuid

import pytest

from channels.doors import keys
from channels.doors.miniprogram import Identity, MiniProgramInput, is_delete_request
from tests.e2e.servers import TOKEN

from .conftest import MP_SERVER_SECRET
from .test_api import mp_login, mp_say

pytestmark = pytest.mark.e2e


def events_of(doors, cid: str) -> int:
    with sqlite3.connect(doors.tmp / "tracker.db") as db:
        return db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (cid,)).fetchone()[0]


def conversations_of(doors, name: str) -> list[str]:
    subject = Identity(MP_SERVER_SECRET.encode()).subject(f"openid-{name}")
    with sqlite3.connect(doors.tmp / "doors.db") as db:
        return [r[0] for r in db.execute("SELECT conversation FROM door_conversations WHERE subject = ?", (subject,))]


def test_the_token_is_an_opaque_handle_and_names_no_conversation(doors):
    name = uuid.uuid4().hex[:10]
    token = mp_login(doors, name)
    assert mp_say(doors, token, "我26岁")[0] == 200
    (cid,) = conversations_of(doors, name)
    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    for secret_part in (cid, cid[3:], Identity(MP_SERVER_SECRET.encode()).subject(f"openid-{name}")):
        assert secret_part not in token and secret_part.encode() not in decoded
    # only a keyed hash of the handle is kept: the store's file cannot be replayed as tokens
    assert token.encode() not in (doors.tmp / "doors.db").read_bytes()


def test_an_expired_token_reaches_nothing_and_is_forgotten(doors):
    name = uuid.uuid4().hex[:10]
    token = mp_login(doors, name)
    assert mp_say(doors, token, "我26岁")[0] == 200
    digest = Identity(MP_SERVER_SECRET.encode()).handle_hash(token)
    with sqlite3.connect(doors.tmp / "doors.db") as db:     # the clock moved past its expiry
        db.execute("UPDATE door_handles SET expires = ? WHERE handle_hash = ?", (time.time() - 1, digest))
    status, body = mp_say(doors, token, "我30岁")
    assert status == 401 and body["error"]
    with sqlite3.connect(doors.tmp / "doors.db") as db:
        assert db.execute("SELECT count(*) FROM door_handles WHERE handle_hash = ?", (digest,)).fetchone()[0] == 0
        # an expired handle nobody comes back with is gone at the next log-in (anyone's)
        db.execute("INSERT INTO door_handles VALUES ('stale', 'mp', 'someone', ?)", (time.time() - 1,))
    mp_login(doors, uuid.uuid4().hex[:10])
    with sqlite3.connect(doors.tmp / "doors.db") as db:
        assert db.execute("SELECT count(*) FROM door_handles WHERE handle_hash = 'stale'").fetchone()[0] == 0
    (cid,) = conversations_of(doors, name)
    assert doors.tracker_slots(cid)["age"] == 26            # nothing said was lost; a new log-in goes on
    status, body = mp_say(doors, mp_login(doors, name), "我能领什么")
    assert status == 200 and conversations_of(doors, name) == [cid]


def test_a_forged_or_reused_looking_token_is_refused(doors):
    for token in ("x" * 43, "a.b", "eyJjIjoibXAtMTIzIiwiZXhwIjo5OTk5OTk5OTk5fQ.sig", "t" * 500):
        assert mp_say(doors, token, "你好")[0] == 401


def test_a_body_over_the_cap_is_refused_unread_and_the_conversation_is_untouched(doors):
    name = uuid.uuid4().hex[:10]
    token = mp_login(doors, name)
    mp_say(doors, token, "我26岁")
    (cid,) = conversations_of(doors, name)
    before = events_of(doors, cid)
    big = json.dumps({"text": "我30岁", "padding": "x" * 3_000_000}).encode()
    status, body = doors.http("POST", "/miniprogram/v1/messages", big, {"Authorization": f"Bearer {token}"})
    assert status == 413 and "太长" in body["error"]
    assert doors.http("POST", "/miniprogram/v1/login", json.dumps({"code": "good-x" + "y" * 100_000}).encode())[0] == 413
    assert events_of(doors, cid) == before and doors.tracker_slots(cid)["age"] == 26


@pytest.mark.parametrize("body", [{}, {"code": ""}, {"code": "   "}, {"code": 12}, b"not json", b"[1,2]"],
                         ids=["empty", "blank", "spaces", "number", "not-json", "array"])
def test_login_without_a_code_is_400_not_401(doors, body):
    status, answer = doors.http("POST", "/miniprogram/v1/login", body)
    assert status == 400 and answer["error"] == "缺少登录凭证 code"


def _seed_legacy(doors, subject: str) -> str:
    """A conversation under the id the earlier version used (mp- + the HMAC), via Rasa's API."""
    cid = f"mp-{subject}"
    req = urllib.request.Request(f"{doors.url}/conversations/{cid}/tracker/events?token={TOKEN}",
                                 json.dumps([{"event": "slot", "name": "age", "value": 41}]).encode(),
                                 {"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=60).read()
    assert events_of(doors, cid) > 0
    return cid


def test_delete_my_information_deletes_every_conversation_of_the_user(doors):
    name = uuid.uuid4().hex[:10]
    subject = Identity(MP_SERVER_SECRET.encode()).subject(f"openid-{name}")
    legacy = _seed_legacy(doors, subject)
    other = mp_login(doors, "bystander" + name)
    mp_say(doors, other, "我50岁")
    token = mp_login(doors, name)
    mp_say(doors, token, "我26岁，金山户口")
    second_device = mp_login(doors, name)
    (cid,) = conversations_of(doors, name)
    assert events_of(doors, cid) > 0

    status, body = mp_say(doors, token, " 删除我的信息。")
    assert status == 200 and body["deleted"] == 2 and "已全部删除" in body["messages"][0]["text"]
    assert events_of(doors, cid) == 0 and events_of(doors, legacy) == 0
    assert conversations_of(doors, name) == []
    for t in (token, second_device):                          # every handle of the user is gone
        assert mp_say(doors, t, "我26岁")[0] == 401
    (bystander,) = conversations_of(doors, "bystander" + name)
    assert doors.tracker_slots(bystander)["age"] == 50         # nobody else's

    status, body = mp_say(doors, mp_login(doors, name), "我能领什么")   # a fresh start
    assert status == 200
    (fresh,) = conversations_of(doors, name)
    assert fresh != cid and "age" not in doors.tracker_slots(fresh)


def test_the_delete_api_needs_the_identity_and_deletes(doors):
    assert doors.http("DELETE", "/miniprogram/v1/me")[0] == 401
    name = uuid.uuid4().hex[:10]
    token = mp_login(doors, name)
    mp_say(doors, token, "我26岁")
    (cid,) = conversations_of(doors, name)
    status, body = doors.http("DELETE", "/miniprogram/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert status == 200 and body["deleted"] == 1 and events_of(doors, cid) == 0
    assert mp_say(doors, token, "我26岁")[0] == 401


def test_delete_words_are_recognised_only_as_the_whole_message():
    for said in ("删除我的信息", "删除我的信息。", " 「删除我的信息」 ", "删除我的数据！"):
        assert is_delete_request(said), said
    for said in ("我不想删除我的信息", "删除", None, 3, "删除我的信息吗我26岁"):
        assert not is_delete_request(said), said


def test_the_server_secret_is_kept_across_restarts_when_not_given(monkeypatch, tmp_path):
    monkeypatch.delenv("MP_SERVER_SECRET", raising=False)
    monkeypatch.setenv("RUN_DIR", str(tmp_path))            # channels/secrets.py keeps it in RUN_DIR/secrets.json
    first = MiniProgramInput.from_credentials({}).identity.subject("openid-a")
    second = MiniProgramInput.from_credentials({}).identity.subject("openid-a")    # "after a restart"
    assert first == second
    path = tmp_path / "secrets.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and "MP_SERVER_SECRET" in json.loads(path.read_text())
    path.unlink()                                          # a lost file: another secret, as it must be
    assert MiniProgramInput.from_credentials({}).identity.subject("openid-a") != first
    monkeypatch.setenv("MP_SERVER_SECRET", "given-by-the-operator")
    assert MiniProgramInput.from_credentials({}).identity.subject("openid-a") != first
    assert keys.key("MP_SERVER_SECRET") == "given-by-the-operator"
