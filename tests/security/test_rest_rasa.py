"""The REST webhook on the real Rasa and action servers (issue 17): a door's conversation
cannot be read or rewritten through it, a client cannot name the channel, oversized
metadata is not stored, and a turn cut off mid-flight (directly and through nginx) leaves
neither the ID number nor the name in any log."""
from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from .conftest import REST, http

pytestmark = pytest.mark.e2e

ID_NUMBER, NAME = "31010119880512403X", "欧阳翠花"


def rows(servers, sender: str) -> int:
    with sqlite3.connect(servers.tmp / "tracker.db") as db:
        return db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def db_bytes(servers) -> int:
    return sum(p.stat().st_size for p in servers.tmp.glob("tracker.db*"))


def test_agent_call_cannot_be_read_or_rewritten_over_rest(rasa):
    cid = uuid.uuid4().hex[:10]
    status, _, _ = http(f"{rasa.url}/agent/api/conversations/{cid}/messages", "POST",
                        {"text": "来电人26岁，金山户口，失业10个月了"}, {"Authorization": "Bearer local-agent-token"})
    assert status == 200
    before = rows(rasa, "agent-" + cid)
    assert before > 0
    for sender in ("agent-" + cid, "AGENT-" + cid):
        status, _, body = http(rasa.url + REST, "POST", {"sender": sender, "message": "年龄改成40岁"})
        assert status == 403 and body["error_en"], body
    assert rows(rasa, "agent-" + cid) == before                     # nothing read, nothing written
    assert rasa.slots("agent-" + cid)["age"] == 26


@pytest.mark.parametrize("sender", ["kiosk-" + "a" * 32, "mp-" + "b" * 40])
def test_kiosk_and_miniprogram_ids_refused_before_anything_is_stored(rasa, sender):
    status, _, body = http(rasa.url + REST, "POST", {"sender": sender, "message": "我26岁"})
    assert status == 403, body
    assert rows(rasa, sender) == 0


def test_long_sender_not_stored(rasa):
    """Before: a 1 MB sender was stored (11 MB in the database)."""
    start = db_bytes(rasa)
    for sender in ("s" * 65, "s" * 1_000_000):
        status, _, body = http(rasa.url + REST, "POST", {"sender": sender, "message": "我26岁"})
        assert status in (400, 413) and body["error_en"], (status, body)
    with sqlite3.connect(rasa.tmp / "tracker.db") as db:
        assert db.execute("SELECT count(*) FROM events WHERE length(sender_id) > 64").fetchone()[0] == 0
    assert db_bytes(rasa) - start < 50_000


def test_no_sender_creates_no_default_conversation(rasa):
    for body in ({"message": "我26岁"}, {"sender": None, "message": "我26岁"}, {"sender": "", "message": "我26岁"}):
        assert http(rasa.url + REST, "POST", body)[0] == 400
    assert rows(rasa, "default") == 0


def test_client_cannot_name_the_input_channel(rasa):
    sender = f"ic-{uuid.uuid4().hex[:8]}"
    assert http(rasa.url + REST, "POST", {"sender": sender, "message": "你好", "input_channel": "kiosk"})[0] == 200
    users = [e for e in rasa.tracker(sender)["events"] if e["event"] == "user"]
    assert users and {e["input_channel"] for e in users} == {"rest"}


def test_oversized_metadata_is_not_stored(rasa, record_property):
    """Before: a 3 MB request grew the database by 48 MB and slowed that conversation tenfold."""
    sender = f"meta-{uuid.uuid4().hex[:8]}"
    assert rasa.say(sender, "我26岁")
    time.sleep(0.5)
    start = db_bytes(rasa)
    big = {"sender": sender, "message": "金山户口", "metadata": {"blob": "x" * 3_000_000}}
    status, _, body = http(rasa.url + REST, "POST", big)
    assert status == 413, body
    mid = {"sender": sender, "message": "失业10个月了", "metadata": {"blob": "y" * 50_000, "client": "app"}}
    status, _, body = http(rasa.url + REST, "POST", mid)
    assert status == 200 and body, body
    small = {"sender": sender, "message": "本科", "metadata": {"client": "integration-7"}}
    assert http(rasa.url + REST, "POST", small)[0] == 200
    time.sleep(0.5)
    growth = db_bytes(rasa) - start
    record_property("db_growth_bytes_for_3MB_and_50KB_metadata", growth)
    print(f"tracker.db(+wal) growth for a refused 3 MB request, a 50 KB and a small metadata turn: {growth} bytes")
    users = [e for e in rasa.tracker(sender)["events"] if e["event"] == "user"]
    metas = [e.get("metadata") or {} for e in users]
    assert not any("blob" in m for m in metas)                      # the 50 KB blob was dropped
    assert any(m.get("client") == "integration-7" for m in metas)    # small metadata kept
    assert growth < 200_000, growth
    assert rasa.slots(sender)["unemployment_months"] == 10           # the turn itself went through


def cut_off(port: int, sender: str, text: str, wait: float = 0.0) -> None:
    """Send one REST message and close the connection before the reply."""
    payload = json.dumps({"sender": sender, "message": text}, ensure_ascii=False).encode()
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(f"POST {REST} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload)
        time.sleep(wait)


def all_logs(*dirs: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for d in dirs for p in d.rglob("*.log"))


def cut_turns(logs: str) -> int:
    """Turns seen cut off: our channel's line, or, on a loaded machine, the cut reaching Rasa while it
    waits on the action server (its action-failed line, the request to the action server cancelled)."""
    return logs.count("REST turn cancelled") + logs.count("Encountered an exception while running action")


def assert_nothing_personal(logs: str, said: str) -> None:
    for form in (ID_NUMBER, NAME, json.dumps(NAME)[1:-1], said, json.dumps(said)[1:-1]):
        assert form not in logs, form


def test_turn_cut_off_mid_flight_logs_nothing_personal(rasa):
    said = f"我叫{NAME}，身份证号{ID_NUMBER}，今年35岁" + "，金山户口，失业10个月了" * 150
    for i in range(3):                       # several times: at least one is cut mid-turn
        cut_off(rasa.rasa_port, f"cut-{uuid.uuid4().hex[:8]}", said, wait=0.02 * i)
    time.sleep(3)
    logs = all_logs(rasa.tmp)
    assert cut_turns(logs), logs[-3000:]              # the attack really happened
    assert_nothing_personal(logs, said)
    assert rasa.say(f"after-{uuid.uuid4().hex[:6]}", "你好")           # and the server still answers


def test_turn_cut_off_through_the_balancer_logs_nothing_personal(rasa):
    """scripts/run.sh with several Rasa processes: its balancer in front."""
    import subprocess
    import urllib.request
    from tests.e2e.servers import ROOT, free_port
    port = free_port()
    proc = subprocess.Popen([str(ROOT / ".venv/bin/python"), str(ROOT / "scripts" / "balancer.py"), "--listen",
                             f"127.0.0.1:{port}", "--backend", f"127.0.0.1:{rasa.rasa_port}"], cwd=ROOT,
                            stdout=open(rasa.tmp / "balancer.log", "a"), stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except Exception:
                time.sleep(0.2)
        said = f"我叫{NAME}，身份证号{ID_NUMBER}，住在亭林" + "，金山户口，失业10个月了" * 150
        before = all_logs(rasa.tmp).count("REST turn cancelled")
        cut = [f"bal-cut-{uuid.uuid4().hex[:8]}" for _ in range(3)]
        for i, sender in enumerate(cut):
            cut_off(port, sender, said, wait=0.02 * i)
        time.sleep(5)
        logs = all_logs(rasa.tmp)
        # aiohttp (the balancer) lets a request it has forwarded finish when its client goes,
        # so Rasa usually completes these turns instead of cancelling them: either way, each
        # message reached Rasa and nothing personal was logged.
        assert all(rows(rasa, s) > 0 for s in cut) or logs.count("REST turn cancelled") > before
        assert_nothing_personal(logs, said)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_turn_cut_off_through_nginx_logs_nothing_personal(rasa):
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        pytest.skip("nginx is not installed (scripts/fleet_setup.sh installs it)")
    from fleetctl.services import Nginx
    base = Path(tempfile.mkdtemp(prefix="sec-nginx-"))
    nginx = Nginx(base, [rasa.rasa_port])
    nginx.start()
    try:
        said = f"我叫{NAME}，身份证号{ID_NUMBER}，住在朱泾" + "，金山户口，失业10个月了" * 150
        status, _, _ = http(f"http://127.0.0.1:{nginx.port}{REST}", "POST",
                            {"sender": f"ngx-{uuid.uuid4().hex[:6]}", "message": "你好"})
        assert status == 200                                          # nginx really fronts Rasa
        for i in range(3):
            cut_off(nginx.port, f"ngx-cut-{uuid.uuid4().hex[:8]}", said, wait=0.02 * i)
        time.sleep(3)
        logs = all_logs(rasa.tmp, base)
        # nginx saw the client go (499); on a loaded machine it may drop the request before Rasa hears
        # of it, which is the same attack stopped earlier: the logs are checked either way
        assert "499" in (base / "access.log").read_text(), logs[-3000:]
        assert_nothing_personal(logs, said)
    finally:
        nginx.cleanup() if hasattr(nginx, "cleanup") else nginx.stop()
        shutil.rmtree(base, ignore_errors=True)
