"""Agent desk (issue 17, part B step 3), each finding reproduced and shown refused: one shared
token (no agent identity, no audit of who read or corrected a call), no lock-out, the token
accepted in the URL, 「退出」 leaving every transcript in the tab for the next agent, and a
correction to an impossible date (an unemployment start in 2030) accepted."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest

from channels.doors.accounts import Accounts, add, matches, read_accounts, remove, token_hash
from channels.doors.agent import DeskAuth
from channels.doors.common import merge_facts
from policy_core import FactsError
from tests.e2e.servers import ROOT

from .conftest import AGENT_TOKEN
from .support import Clock
from .test_browser import agent_login, agent_say

PERSON = "来电人说他今年37岁，金山户口，失业8个月了"


def cli(*args, file: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "channels.doors.accounts", "--file", str(file), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))


# ---------------------------------------------------------------- accounts, without a server
def test_the_command_adds_an_agent_and_the_file_holds_only_a_salted_hash(tmp_path):
    path = tmp_path / "agents.txt"
    r = cli("add", "wang.li", file=path)
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip().splitlines()[-1]
    assert len(token) >= 40 and token not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Accounts(path, loopback=False).who(token) == "wang.li"
    assert cli("list", file=path).stdout.split() == ["wang.li"]
    # the same token under two salts: two different hashes (a copied file names no token)
    assert token_hash(token) != token_hash(token) and matches(token, read_accounts(path)["wang.li"])
    assert cli("add", "bad name!", file=path).returncode == 2
    assert cli("remove", "wang.li", file=path).returncode == 0
    assert Accounts(path, loopback=False).who(token) is None
    assert cli("remove", "nobody", file=path).returncode == 1


def test_accounts_follow_the_file_as_the_operator_edits_it(tmp_path):
    path = tmp_path / "agents.txt"
    accounts = Accounts(path, loopback=False)
    a = add("zhang", path)
    assert accounts.who(a) == "zhang"
    b = add("li", path)
    assert accounts.who(b) == "li" and accounts.who(a) == "zhang"
    remove("zhang", path)
    assert accounts.who(a) is None and accounts.who(b) == "li"
    path.write_text(path.read_text() + "garbage line with three parts\n")     # a typo locks out nobody else
    assert accounts.who(b) == "li"


def test_the_local_token_is_an_account_on_loopback_only_and_agent_token_is_one_shared_account(tmp_path):
    path = tmp_path / "none.txt"
    assert Accounts(path, shared_token="local-agent-token", loopback=True).who("local-agent-token") == "local"
    assert Accounts(path, shared_token="local-agent-token", loopback=False).who("local-agent-token") is None
    shared = Accounts(path, shared_token="an-operator-secret-of-32-characters!", loopback=False)
    assert shared.who("an-operator-secret-of-32-characters!") == "AGENT_TOKEN"
    assert shared.who("an-operator-secret") is None and shared.who("") is None


def _req(token=None, ip="198.51.100.7", args=None):
    return SimpleNamespace(headers={"Authorization": f"Bearer {token}"} if token else {}, args=args or {}, ip=ip)


def test_failed_log_ins_are_rate_limited_then_locked_out(tmp_path):
    path = tmp_path / "agents.txt"
    good = add("zhao", path)
    auth = DeskAuth(Accounts(path, loopback=False), failures_per_minute=5, lockout_failures=10, lockout_seconds=900)
    clock = Clock()
    auth.rate.clock = auth.lockout.clock = clock
    for _ in range(5):
        assert auth.check(_req("guess"))[1].status == 403
    denied = auth.check(_req("guess"))[1]
    assert denied.status == 429 and "太频繁" in denied.body.decode()
    assert auth.check(_req(good))[1].status == 429                     # the limit holds for the right token too
    assert auth.check(_req(good, ip="198.51.100.8"))[0] == "zhao"      # another address is not affected
    # guessing slowly, under the rate: ten failures in fifteen minutes lock the address
    for _ in range(5):
        clock.now += 61
        last = auth.check(_req("guess"))[1]
    assert last.status == 429 and "失败次数过多" in last.body.decode()
    clock.now += 61
    assert auth.check(_req(good))[1].status == 429
    clock.now += 900
    assert auth.check(_req(good))[0] == "zhao"


def test_the_lock_out_counts_failures_over_every_process(tmp_path):
    from channels.doors.store import DoorStore, SharedLockOut, _sqlite_file_engine
    clock = Clock()
    path = tmp_path / "doors.db"
    one, two = (SharedLockOut(DoorStore(_sqlite_file_engine(path)), 10, 900, 900, clock) for _ in range(2))
    for n in range(9):                                   # guesses spread over two processes
        assert not (one if n % 2 else two).failed("198.51.100.7")
    assert one.locked_for("198.51.100.7") == 0
    assert two.failed("198.51.100.7")                    # the tenth, wherever it lands, locks the address
    assert one.locked_for("198.51.100.7") == 900 and one.locked_for("198.51.100.8") == 0
    clock.now += 901
    assert one.locked_for("198.51.100.7") == 0 == two.locked_for("198.51.100.7")
    for _ in range(5):
        one.failed("198.51.100.9")
    clock.now += 901                                     # old failures age out of the window
    for _ in range(9):
        assert not two.failed("198.51.100.9")
    one.succeeded("198.51.100.9")
    assert not two.failed("198.51.100.9")


@pytest.mark.parametrize("name", ["unemployed_since", "flexible_since"])
def test_a_start_date_in_the_future_is_refused_in_chinese(name):
    today = dt.date(2026, 12, 6)
    with pytest.raises(FactsError) as e:
        merge_facts({"age": 30}, {name: "2030-01-01"}, today=today)
    # said in the registry's words and a Chinese date (issue 18)
    assert "不能晚于今天" in e.value.zh and "2026年12月6日" in e.value.zh and name in e.value.en
    assert merge_facts({"age": 30}, {name: "2026-12-06"}, today=today)[name] == "2026-12-06"   # today is fine
    # a graduation date may be ahead (a student about to graduate)
    assert merge_facts({}, {"graduation_date": "2027-07-01"}, today=today)["graduation_date"] == "2027-07-01"


# ---------------------------------------------------------------- on the real server
def audit_rows(doors, conversation: str) -> list[tuple]:
    with sqlite3.connect(doors.tmp / "doors.db") as db:
        return db.execute("SELECT agent, conversation, action, facts, at FROM agent_audit WHERE conversation = ? "
                          "ORDER BY at", (conversation,)).fetchall()


@pytest.mark.e2e
def test_each_agent_logs_in_with_their_own_token_and_every_read_and_correction_is_audited(doors):
    path = doors.config / "agent_accounts.txt"
    wang, li = add("wang.li", path), add("li.na", path)          # no restart: the server follows the file
    cid = f"call-{uuid.uuid4().hex[:8]}"
    status, body = doors.agent("POST", f"/conversations/{cid}/messages", {"text": PERSON}, token=wang)
    assert status == 200 and body["facts"]["age"] == 37
    assert doors.agent("GET", f"/conversations/{cid}", token=li)[0] == 200
    status, fixed = doors.agent("POST", f"/conversations/{cid}/facts", {"facts": {"age": 30, "hukou": "shanghai_other"}},
                                token=li)
    assert status == 200 and fixed["facts"]["age"] == 30
    assert doors.agent("GET", "/facts", token=wang)[1]["agent"] == "wang.li"

    rows = audit_rows(doors, f"agent-{cid}")
    assert [(r[0], r[2]) for r in rows] == [("wang.li", "message"), ("li.na", "read"), ("li.na", "correct")]
    assert rows[0][3] == "age,employment_status,hukou,unemployment_months"
    assert rows[2][3] == "age,hukou"
    now = dt.datetime.now().timestamp()
    assert all(now - 120 < r[4] <= now + 1 for r in rows)
    # names, never values: nothing the caller said or the agent typed is in the audit
    for r in rows:
        for value in ("37", "30", "jinshan", "shanghai_other", "unemployed", "8"):
            assert value not in r[3].split(","), r
    with sqlite3.connect(doors.tmp / "doors.db") as db:
        assert not [r for r in db.execute("SELECT facts FROM agent_audit") if "37" in r[0] or "jinshan" in r[0]]

    remove("wang.li", path)                                      # an agent who left
    assert doors.agent("GET", f"/conversations/{cid}", token=wang)[0] == 403
    assert doors.agent("GET", f"/conversations/{cid}", token=li)[0] == 200
    # the audit command shows the records, without values
    r = subprocess.run([sys.executable, "-m", "channels.doors.accounts", "audit", "--conversation", f"agent-{cid}",
                        "--db", str(doors.tmp / "doors.db")], cwd=ROOT, capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert r.returncode == 0 and r.stdout.count(f"agent-{cid}") == 4 and "li.na\t" in r.stdout, r.stderr[-500:]


@pytest.mark.e2e
def test_the_token_in_the_url_is_refused_even_when_right(doors):
    cid = f"call-{uuid.uuid4().hex[:8]}"
    doors.agent("POST", f"/conversations/{cid}/messages", {"text": "来电人37岁"})
    status, body = doors.http("GET", f"/agent/api/conversations/{cid}?token={AGENT_TOKEN}")
    assert status == 400 and "Authorization" in body["error"]
    status, body = doors.http("GET", f"/agent/api/conversations/{cid}?token={AGENT_TOKEN}",
                              headers={"Authorization": f"Bearer {AGENT_TOKEN}"})
    assert status == 400
    assert doors.agent("GET", f"/conversations/{cid}")[0] == 200


@pytest.mark.e2e
def test_repeated_wrong_tokens_are_refused_for_that_address_only(doors):
    attacker, desk = "203.0.113.9", "203.0.113.10"
    cid = f"call-{uuid.uuid4().hex[:8]}"
    answers = [doors.agent("GET", "/facts", token=f"guess-{n}", address=attacker)[0] for n in range(10)]
    assert answers[:5] == [403] * 5 and answers[-1] == 429, answers      # 5 a minute, then refused
    status, body = doors.agent("GET", "/facts", address=attacker)      # the right token: still refused
    assert status == 429 and body["error"].startswith("登录")
    assert doors.agent("POST", f"/conversations/{cid}/messages", {"text": "来电人37岁"}, address=desk)[0] == 200


@pytest.mark.e2e
def test_a_correction_to_a_future_date_is_refused_and_changes_nothing(doors):
    cid = f"call-{uuid.uuid4().hex[:8]}"
    doors.agent("POST", f"/conversations/{cid}/messages", {"text": PERSON})
    status, body = doors.agent("POST", f"/conversations/{cid}/facts", {"facts": {"unemployed_since": "2030-03-01"}})
    d = dt.date.today()
    assert status == 400 and "不能晚于今天" in body["error"] and f"{d.year}年{d.month}月{d.day}日" in body["error"]
    view = doors.agent("GET", f"/conversations/{cid}")[1]
    assert "unemployed_since" not in view["facts"] and view["facts"]["unemployment_months"] == 8
    ok = doors.agent("POST", f"/conversations/{cid}/facts", {"facts": {"unemployed_since": "2026-03-01"}})
    assert ok[0] == 200 and ok[1]["facts"]["unemployed_since"] == "2026-03-01"


@pytest.mark.e2e
def test_logging_out_clears_the_tabs_transcripts_for_the_next_agent(page_for, doors):
    page = agent_login(page_for, doors)
    page.wait_for_selector("body[data-ready]")
    call = page.locator("#call-id").inner_text()
    agent_say(page, "来电人说他今年37岁，金山户口")
    stored = page.evaluate("() => Object.keys(sessionStorage)")
    assert f"agentTranscript:{call}" in stored and "agentToken" in stored
    page.click("#logout")
    page.wait_for_selector("#login:not([hidden])")
    assert page.evaluate("() => sessionStorage.length") == 0
    assert page.locator(".msg").count() == 0
    # the next agent in the same tab starts afresh: no earlier call, no transcript
    other = add("next.agent", doors.config / "agent_accounts.txt")
    page.fill("#token", other)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#login", state="hidden")
    assert page.locator("#call-id").inner_text() not in ("", call)
    assert page.locator(".msg").count() == 0 and "37岁" not in page.content()
    assert not page.errors
