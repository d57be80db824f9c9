"""Issue 17: "no rate limit anywhere". Every door's message route (kiosk, agent desk messages and
corrections, mini-program) and REST off loopback is limited per client address, counted over
every process in the shared store (the doors' SQL store; Redis in the fleet), with a 429 in
Chinese; local use of a loopback server stays unlimited. The floods run on the model-less stub
(tests/security/stub_server.py): the limits are the whole app's (channels/http_guard.py)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from channels import http_guard
from channels.doors.limits import SharedRateLimit, SQLRates

from .conftest import REST

N = 5          # per minute for every door in these tests: a burst of 5, then one every 12 s
LIMITS = {"KIOSK_MESSAGES_PER_MINUTE": str(N), "AGENT_MESSAGES_PER_MINUTE": str(N),
          "MP_MESSAGES_PER_MINUTE": str(N), "REST_RATE_PER_MINUTE": str(N)}
PATHS = {"kiosk": "/kiosk/api/sessions/AbCdEfGhIjKlMnOpQrStUvWxYz012345/messages",
         "agent": "/agent/api/conversations/call-1/messages",
         "agent-facts": "/agent/api/conversations/call-1/facts",
         "miniprogram": "/miniprogram/v1/messages",
         "rest": REST}


def body_for(path):
    return {"sender": "flood", "message": "hi"} if path == REST else {"text": "我26岁"}


def flood(stub, path, n, address=None, forged=None):
    headers = {}
    if address:
        headers["X-Forwarded-For"] = address
    out = []
    for i in range(n):
        if forged:
            headers["X-Forwarded-For"] = f"198.51.100.{i % 250 + 1}"     # a new address every time
        out.append(stub.post(body_for(path), headers, path=path))
    return out


def assert_refused_in_chinese(result):
    status, headers, body = result
    assert status == 429, (status, body)
    assert 1 <= int(headers["Retry-After"]) <= 60
    assert "频繁" in body["error"] and body["error_en"]
    if "messages" in body:                 # the doors show it as the assistant's reply
        assert "频繁" in body["messages"][0]["text"]


# ---------------------------------------------------------------- which routes
def test_every_door_route_that_sends_a_message_is_limited():
    """The doors' own blueprints: every POST route whose handler runs a turn or changes facts is
    one of the limited routes (a new message route added to a door without a limit fails here)."""
    from channels.doors.agent import AgentDeskInput
    from channels.doors.kiosk import KioskInput
    from channels.doors.miniprogram import MiniProgramInput

    doors = [KioskInput(120), AgentDeskInput("t" * 40, loopback=False),
             MiniProgramInput(appid="a", app_secret="b", server_secret="s" * 40)]
    seen = {}
    for door in doors:
        bp = door.blueprint(lambda m: None)
        for route in bp._future_routes:
            if "POST" not in route.methods:
                continue
            path = door.url_prefix() + route.uri.replace("<sid>", "A" * 32).replace("<cid>", "c1")
            seen[(route.handler.__name__, path)] = http_guard.door_route("POST", path)
    sending = {k: v for k, v in seen.items() if k[0] in ("message", "messages", "correct")}
    assert len(sending) == 4, seen                     # kiosk, desk message, desk correction, mini-program
    assert all(sending.values()), sending
    assert http_guard.door_route("GET", "/miniprogram/v1/messages") is None


# ---------------------------------------------------------------- floods
@pytest.fixture(scope="module")
def doors_stub(stub_factory, tmp_path_factory):
    """A loopback server behind a trusted proxy (loopback): a test speaks for any address."""
    db = tmp_path_factory.mktemp("rates") / "doors.db"
    return stub_factory(STUB_DOORS="1", STUB_SHARED_STORE="1", DOORS_DB=str(db),
                        DOORS_TRUSTED_PROXIES="127.0.0.1", **LIMITS)


@pytest.mark.parametrize("route", list(PATHS))
def test_a_flood_of_messages_from_one_address_gets_429_in_chinese(doors_stub, route):
    address = f"203.0.113.{list(PATHS).index(route) + 10}"
    results = flood(doors_stub, PATHS[route], N + 3, address)
    assert [r[0] for r in results] == [200] * N + [429] * 3, [(r[0], r[2]) for r in results]
    assert_refused_in_chinese(results[-1])
    # another address is not held back by the flood
    assert flood(doors_stub, PATHS[route], 1, address.replace("203.0.113", "192.0.2"))[0][0] == 200


def test_loopback_local_use_stays_unlimited(doors_stub):
    for path in PATHS.values():
        statuses = {r[0] for r in flood(doors_stub, path, 4 * N)}
        assert statuses == {200}, (path, statuses)


def test_the_limit_is_shared_by_every_process(stub_factory, tmp_path):
    """Two processes on one doors' store: a flood spread over both gets N in all, not 2N."""
    env = dict(STUB_DOORS="1", STUB_SHARED_STORE="1", DOORS_DB=str(tmp_path / "doors.db"),
               DOORS_TRUSTED_PROXIES="127.0.0.1", **LIMITS)
    a, b = stub_factory(**env), stub_factory(**env)
    statuses = [flood(s, PATHS["kiosk"], 1, "203.0.113.77")[0][0] for s in [a, b] * (N + 1)]
    assert statuses == [200] * N + [429] * (N + 2), statuses


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    exe = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(exe).exists():
        pytest.skip("redis-server not installed (scripts/fleet_setup.sh)")
    port, folder = _free_port(), tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port
    proc.terminate()
    proc.wait(10)


def test_the_fleet_counts_in_redis_over_every_replica(stub_factory, redis_port):
    env = dict(STUB_DOORS="1", STUB_REDIS_PORT=str(redis_port), DOORS_TRUSTED_PROXIES="127.0.0.1", **LIMITS)
    a, b = stub_factory(**env), stub_factory(**env)
    results = [flood(s, PATHS["miniprogram"], 1, "203.0.113.88")[0] for s in [a, b] * (N + 1)]
    assert [r[0] for r in results] == [200] * N + [429] * (N + 2), [r[0] for r in results]
    assert_refused_in_chinese(results[-1])
    import redis
    keys = redis.StrictRedis(port=redis_port).keys("stub:rate:*")
    assert keys == [b"stub:rate:miniprogram|203.0.113.88"]        # one key per door and address, expiring


# ---------------------------------------------------------------- X-Forwarded-For
def test_a_forged_x_forwarded_for_from_an_untrusted_peer_is_ignored(stub_factory):
    """A server facing the network that trusts only 10.1.2.3: the client (127.0.0.1 here) writes a
    new address in every request, and is still counted as itself."""
    stub = stub_factory(STUB_DOORS="1", STUB_LIMITED="1", DOORS_TRUSTED_PROXIES="10.1.2.3", **LIMITS)
    for path in (PATHS["kiosk"], PATHS["agent-facts"], REST):
        results = flood(stub, path, N + 2, forged=True)
        statuses = [r[0] for r in results]
        assert 429 in statuses[:N + 1] and statuses[-1] == 429, (path, statuses)
        assert_refused_in_chinese(results[-1])


# ---------------------------------------------------------------- the counting itself
def test_the_shared_limit_is_a_burst_then_an_even_rate(tmp_path):
    import sqlalchemy as sa

    now = [1000.0]
    rates = SQLRates(sa.create_engine(f"sqlite:///{tmp_path / 'r.db'}"))
    limit = SharedRateLimit(6, 60, rates, clock=lambda: now[0])
    assert [limit.wait("k") for _ in range(6)] == [0.0] * 6
    wait = limit.wait("k")
    assert 9.9 <= wait <= 10.0                       # one every 10 s after the burst
    assert limit.wait("other") == 0.0
    now[0] += 10
    assert limit.wait("k") == 0.0 and limit.wait("k") > 0
    now[0] += 3600                                   # a full burst again after a quiet while
    assert [limit.wait("k") for _ in range(6)] == [0.0] * 6


def test_a_failing_store_falls_back_to_this_process():
    class Down:
        def take(self, *a):
            raise OSError("store down")

    limit = SharedRateLimit(3, 60, Down())
    assert [limit.wait("k") > 0 for _ in range(4)] == [False, False, False, True]
