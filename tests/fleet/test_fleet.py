"""The fleet (fleetctl/, scripts/fleet.sh) end to end: PostgreSQL tracker store, Redis
atomic lock store, two Rasa replicas, one action server and nginx with consistent
hashing, all on free loopback ports (never 5005/5055, so a copy of the assistant started
by scripts/run.sh may keep running). Installs PostgreSQL, Redis and nginx when missing."""
from __future__ import annotations

import subprocess
import threading
import urllib.error
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from fleetctl import Fleet, ensure_installed
from fleetctl.services import ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def fleet():
    ensure_installed()
    train = subprocess.run(["bash", "scripts/train.sh"], cwd=ROOT, capture_output=True, text=True)
    assert train.returncode == 0, f"scripts/train.sh failed:\n{train.stdout[-2000:]}{train.stderr[-2000:]}"
    f = Fleet(replicas=2)
    try:
        f.start(log=lambda m: None)
    except Exception:
        f.cleanup()
        raise
    yield f
    f.cleanup()


def facts(f: Fleet, cid: str) -> dict:
    keep = ("age", "hukou", "unemployment_months", "rural_hukou")
    return {k: v for k, v in f.slots(cid).items() if k in keep and v is not None}


def cid(tag: str) -> str:
    return f"fleet-{tag}-{uuid.uuid4().hex[:8]}"


def test_one_conversation_stays_on_one_replica(fleet):
    c = cid("sticky")
    used = set()
    for text in ("你好", "我26岁，金山户口", "失业10个月了"):
        msgs, upstream = fleet.say(c, text)
        assert msgs, f"no reply to {text!r}"
        used.add(upstream)
    assert len(used) == 1, f"one conversation went to several replicas: {used}"
    assert facts(fleet, c) == {"age": 26, "hukou": "jinshan", "unemployment_months": 10}


def test_a_replica_killed_mid_conversation_another_one_continues_with_every_fact(fleet):
    c = cid("failover")
    fleet.say(c, "我26岁")
    _, upstream = fleet.say(c, "金山户口")
    dead = fleet.replica_ports.index(int(upstream.rsplit(":", 1)[1]))
    fleet.kill_replica(dead)
    try:
        msgs, now = fleet.say(c, "失业10个月了")  # nginx fails over: no error for the user
        assert msgs and now != upstream, f"still served by the dead replica {upstream}"
        assert facts(fleet, c) == {"age": 26, "hukou": "jinshan", "unemployment_months": 10}
        fleet.say(c, "不对，我三十七岁")
        assert facts(fleet, c) == {"age": 37, "hukou": "jinshan", "unemployment_months": 10}
    finally:
        fleet.start_replica(dead)
    # back on the ring: the conversation is picked up again by its own replica, facts intact
    _, back = fleet.say(c, "你好")
    assert back == upstream
    assert facts(fleet, c) == {"age": 37, "hukou": "jinshan", "unemployment_months": 10}


def _at_once(calls) -> list:
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return [fut.result() for fut in [pool.submit(run, c) for c in calls]]


def test_two_messages_of_one_conversation_at_once_lose_no_update(fleet):
    """Each message straight to a different replica (no nginx stickiness): only the
    Redis lock keeps the second replica from saving over the first one's events."""
    for k in range(4):
        c = cid(f"race{k}")
        _at_once([lambda: fleet.say(c, f"我{30 + k}岁", header=False, base=fleet.replica_url(0)),
                  lambda: fleet.say(c, "金山户口", header=False, base=fleet.replica_url(1))])
        assert facts(fleet, c) == {"age": 30 + k, "hukou": "jinshan"}
    # and through nginx without the header (the requests land wherever the hash sends them)
    c = cid("race-nginx")
    _at_once([lambda: fleet.say(c, "我41岁", header=False), lambda: fleet.say(c, "金山户口", header=False),
              lambda: fleet.say(c, "失业8个月了", header=False)])
    assert facts(fleet, c) == {"age": 41, "hukou": "jinshan", "unemployment_months": 8}


def test_conversations_resume_after_postgresql_restarts(fleet):
    before = [cid(f"pg{i}") for i in range(4)]  # spread over both replicas
    for i, c in enumerate(before):
        fleet.say(c, f"我{22 + i}岁")
    fleet.postgres.restart()
    for i, c in enumerate(before):
        msgs, _ = fleet.say(c, "金山户口")
        assert msgs
        assert facts(fleet, c) == {"age": 22 + i, "hukou": "jinshan"}, "the conversation did not resume"
    c = cid("pg-new")
    fleet.say(c, "我33岁，失业5个月了")
    assert facts(fleet, c) == {"age": 33, "unemployment_months": 5}


def test_each_conversation_ends_with_its_own_facts_under_concurrent_load(fleet):
    n = 16
    convs = [(cid(f"load{i}"), 20 + i, i + 1) for i in range(n)]

    def play(conv):
        c, age, months = conv
        for text in (f"我{age}岁", "金山户口", f"失业{months}个月了", "我能领什么补贴"):
            msgs, _ = fleet.say(c, text, header=(age % 2 == 0))  # half rely on the lock alone
            assert msgs, f"{c}: no reply to {text!r}"
        return c

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(play, convs))
    for c, age, months in convs:
        assert facts(fleet, c) == {"age": age, "hukou": "jinshan", "unemployment_months": months}, c


def test_a_kiosk_session_works_through_nginx(fleet):
    """Kiosk sessions live in one replica's memory: the terminal sticks to one replica."""
    import json
    import urllib.request

    def post(path, body=None):
        req = urllib.request.Request(fleet.url + path, json.dumps(body or {}).encode(),
                                     {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"{}"), r.headers.get("X-Fleet-Upstream")

    status, body, first = post("/kiosk/api/sessions")
    assert status == 201
    sid = body["session"]
    ups = {first}
    for text in ("我26岁，金山户口", "失业10个月了"):
        status, _, up = post(f"/kiosk/api/sessions/{sid}/messages", {"text": text})
        assert status == 200
        ups.add(up)
    assert len(ups) == 1
    assert facts(fleet, f"kiosk-{sid}") == {"age": 26, "hukou": "jinshan", "unemployment_months": 10}
