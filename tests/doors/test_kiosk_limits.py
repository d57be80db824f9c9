"""Kiosk limits (issue 17, part B step 4), each finding reproduced and shown refused: 5,000
unauthenticated session requests locked every terminal out for an idle period (the kiosk held
at most 5,000 sessions and then refused everyone); anyone could open sessions; any client could
name its own address in `X-Forwarded-For`. (The flood itself runs on scripts/run.sh's two
processes, with an idle time longer than the flood: tests/doors/test_every_process.py.)"""
from __future__ import annotations

import pytest

from channels.doors import kiosk_keys as kk
from channels.doors.accounts import add, remove
from channels.doors.kiosk import MAX_SESSIONS, KioskSessions
from channels.doors.network import client_address, trusted_proxies

from .support import Clock


# ---------------------------------------------------------------- without a server
def test_a_full_kiosk_closes_the_session_idle_the_longest_instead_of_refusing():
    clock = Clock()
    s = KioskSessions(120, clock, max_sessions=3)
    a = s.open(); clock.now += 1
    b = s.open(); clock.now += 1
    c = s.open(); clock.now += 1
    assert s.touch(a)                                      # a visitor still using hers
    d = s.open()
    assert d and s.take_evicted() == [b] and b not in s and all(x in s for x in (a, c, d))
    assert s.take_evicted() == []


def test_the_probe_flood_no_longer_locks_the_terminals_out():
    """The probe's attack on the session list: 5,000 opens, then a real visitor."""
    clock = Clock()
    s = KioskSessions(120, clock)
    flood = [s.open() for _ in range(MAX_SESSIONS)]
    visitor = s.open()                                     # was None ("终端繁忙") until the flood idled out
    assert visitor and s.alive(visitor) and s.take_evicted() == [flood[0]]


def test_kiosk_sessions_in_the_shared_store_are_one_list_for_every_process(tmp_path):
    from channels.doors.store import DoorStore, SharedKioskSessions, _sqlite_file_engine
    clock = Clock()
    path = tmp_path / "doors.db"
    first = SharedKioskSessions(DoorStore(_sqlite_file_engine(path)), 120, 3, clock)
    second = SharedKioskSessions(DoorStore(_sqlite_file_engine(path)), 120, 3, clock)   # another process
    a = first.open(); clock.now += 1
    assert a in second and second.alive(a) and second.touch(a)       # a visit goes on through any process
    b = second.open(); clock.now += 1
    c = first.open(); clock.now += 1
    assert first.touch(a)
    d = second.open()                                                 # full: the idlest (b) closed
    assert second.take_evicted() == [b] and b not in first and all(x in first for x in (a, c, d))
    clock.now += 121
    assert not first.alive(a) and not first.touch(a)
    due = first.due() + second.due()                                   # each idled-out session cleared once
    assert sorted(due) == sorted([a, c, d]) and first.due() == second.due() == []
    e = first.open()
    assert second.close(e) and not first.close(e)                      # closed once, by whoever got there first


@pytest.mark.parametrize("peer, forwarded, proxies, expected", [
    ("198.51.100.1", "10.9.9.9", "", "198.51.100.1"),                    # no proxy configured: header ignored
    ("198.51.100.1", "10.9.9.9", "127.0.0.1", "198.51.100.1"),           # not from the proxy: ignored
    ("127.0.0.1", "203.0.113.5", "127.0.0.1", "203.0.113.5"),            # from the proxy: believed
    ("127.0.0.1", "1.2.3.4, 203.0.113.5", "127.0.0.1", "203.0.113.5"),   # the client cannot prepend a fake one
    ("127.0.0.1", "203.0.113.5, 10.0.0.2", "127.0.0.1 10.0.0.0/8", "203.0.113.5"),   # two trusted hops
    ("127.0.0.1", "not-an-address", "127.0.0.1", "127.0.0.1"),
    ("127.0.0.1", None, "127.0.0.1", "127.0.0.1"),
])
def test_x_forwarded_for_is_trusted_only_from_a_configured_proxy(peer, forwarded, proxies, expected):
    assert client_address(peer, forwarded, trusted_proxies(proxies)) == expected


def test_a_mistyped_proxy_setting_stops_the_server_instead_of_trusting_anyone():
    with pytest.raises(ValueError):
        trusted_proxies("127.0.0.1, proxy.example")


def test_terminal_keys_from_the_file_and_the_environment(tmp_path):
    path = tmp_path / "keys.txt"
    assert kk.KioskKeys(path).refusal(None) is None                      # none configured: none needed
    key = add("hall-1", path)
    keys = kk.KioskKeys(path)
    assert keys.refusal(None)[0] == 401 and keys.refusal("guess")[0] == 403 and keys.refusal(key) is None
    assert keys.terminal(key) == "hall-1"
    env = kk.KioskKeys(tmp_path / "none.txt", env_keys="k-one, k-two")
    assert env.refusal("k-two") is None and env.refusal("k-three")[0] == 403
    generated = kk.KioskKeys(tmp_path / "none.txt", generated="kept-key")
    assert generated.required() and generated.refusal("kept-key") is None


# ---------------------------------------------------------------- on the real server
def open_session(doors, headers=None) -> str:
    status, body = doors.http("POST", "/kiosk/api/sessions", headers=headers)
    assert status == 201, body
    return body["session"]


@pytest.mark.e2e
def test_one_address_is_limited_in_opening_sessions(doors):
    one = {"X-Forwarded-For": "198.51.100.77"}
    answers = [doors.http("POST", "/kiosk/api/sessions", headers=one)[0] for _ in range(31)]
    assert answers[:30] == [201] * 30 and answers[30] == 429
    assert open_session(doors, {"X-Forwarded-For": "198.51.100.78"})     # another terminal is not affected


@pytest.mark.e2e
def test_a_provisioned_key_is_needed_once_the_operator_configures_keys(doors, page_for):
    path = doors.config / "kiosk_keys.txt"
    assert open_session(doors)                              # loopback, none configured: none needed, as before
    key = add("hall-1", path)
    try:
        status, body = doors.http("POST", "/kiosk/api/sessions")
        assert status == 401 and "登记" in body["error"]
        assert doors.http("POST", "/kiosk/api/sessions", headers={"X-Kiosk-Key": "guess"})[0] == 403
        assert open_session(doors, {"X-Kiosk-Key": key})
        # the terminal is provisioned once with /kiosk/#key=…: the page keeps it and leaves the address bar clean
        page = page_for(1920, 1080)
        page.goto(doors.url + f"/kiosk/#key={key}")
        page.wait_for_selector("body[data-session]")
        assert "key=" not in page.url
        page.reload()
        page.wait_for_selector("body[data-session]")            # kept across a reload
        assert not page.errors
    finally:
        remove("hall-1", path)
    assert open_session(doors)
