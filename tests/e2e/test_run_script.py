"""scripts/run.sh itself (issue 9), on free ports with its own RUN_DIR:
- the printed addresses, loopback only, owner-only tracker database and logs;
- a crashed action server is started again and the conversation goes on;
- two messages of one conversation sent at once to the two Rasa processes: both applied;
- off loopback it refuses the local default tokens before starting anything.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.doors.support import stop_group

from .servers import ROOT, free_port

pytestmark = pytest.mark.e2e


def env(tmp: Path, **extra) -> dict:
    e = {k: v for k, v in os.environ.items() if k not in ("RASA_AUTH_TOKEN", "AGENT_TOKEN")}
    e.update(RUN_DIR=str(tmp / "run"), RASA_PORT=str(free_port()), ACTIONS_PORT=str(free_port()),
             RASA_PROCESSES="2", RASA_BACKEND_PORTS=f"{free_port()} {free_port()}", **extra)
    return e


def say(port: str, sender: str, message: str) -> list[dict]:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                                 json.dumps({"sender": sender, "message": message}).encode(),
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def pids_of(*needles: str) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if all(n in cmd for n in needles):
                out.append(int(d.name))
    return out


@pytest.mark.parametrize("extra", [{"RASA_HOST": "0.0.0.0"},
                                   {"RASA_HOST": "0.0.0.0", "RASA_AUTH_TOKEN": "a-secret-of-ours"}])
def test_refuses_default_tokens_off_loopback(tmp_path, extra):
    r = subprocess.run(["bash", "scripts/run.sh"], cwd=ROOT, env=env(tmp_path, **extra),
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 2, r.stdout[-1000:] + r.stderr[-1000:]
    assert "Refusing" in r.stderr
    assert ("RASA_AUTH_TOKEN" if "RASA_AUTH_TOKEN" not in extra else "AGENT_TOKEN") in r.stderr


def test_run_restarts_crashed_action_server(tmp_path):
    e = env(tmp_path)
    rasa_port, actions_port, run = e["RASA_PORT"], e["ACTIONS_PORT"], Path(e["RUN_DIR"])
    out = open(tmp_path / "run.out", "w")
    proc = subprocess.Popen(["bash", "scripts/run.sh"], cwd=ROOT, env=e, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + 600
        while "[run] ready" not in (tmp_path / "run.out").read_text():
            assert proc.poll() is None and time.time() < deadline, (tmp_path / "run.out").read_text()
            time.sleep(1)
        printed = (tmp_path / "run.out").read_text()
        assert f"POST http://127.0.0.1:{rasa_port}/webhooks/rest/webhook" in printed
        assert f"http://127.0.0.1:{actions_port}/health" in printed
        assert f"http://127.0.0.1:{rasa_port}/kiosk/" in printed
        assert f'url: "http://127.0.0.1:{actions_port}/webhook"' in (run / "endpoints.yml").read_text()

        reply = say(rasa_port, "run-sh", "我37岁，金山户口，失业10个月了")
        assert "37岁" in reply[0]["text"]
        assert (run / "tracker.db").stat().st_mode & 0o777 == 0o600
        assert run.stat().st_mode & 0o777 == 0o700
        for log in run.glob("*.log"):
            assert log.stat().st_mode & 0o077 == 0, log

        [pid] = pids_of("actions.server", "--port", actions_port)
        os.kill(pid, signal.SIGKILL)
        deadline = time.time() + 120
        while True:
            new = pids_of("actions.server", "--port", actions_port)
            if new and new != [pid]:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{actions_port}/health", timeout=2):
                        break
                except OSError:
                    pass
            assert time.time() < deadline, (run / "actions.log").read_text()[-2000:]
            time.sleep(0.5)
        assert "restarting" in (run / "actions.log").read_text()
        assert proc.poll() is None                  # run.sh did not stop everything
        reply = say(rasa_port, "run-sh", "不是")
        assert "已记录" in reply[0]["text"]

        # Two messages of one conversation at once, one to each Rasa process: both applied.
        first, second = e["RASA_BACKEND_PORTS"].split()
        for n in range(3):
            sender = f"both-{n}"
            with ThreadPoolExecutor(2) as ex:
                a = ex.submit(say, first, sender, "我37岁")
                b = ex.submit(say, second, sender, "金山户口")
                assert a.result() and b.result()
            with urllib.request.urlopen(f"http://127.0.0.1:{rasa_port}/conversations/{sender}/tracker"
                                        f"?token=local-dev-token", timeout=60) as r:
                slots = json.loads(r.read())["slots"]
            assert (slots["age"], slots["hukou"]) == (37, "jinshan"), slots
        # ordinary traffic through the balancer (REST, tracker GETs) logs no error in Rasa
        errors = [line for log in ("rasa.log", "rasa-1.log") for line in (run / log).read_text().splitlines()
                  if "ERROR" in line]
        assert not errors, errors[:3]
    finally:
        stop_group(proc)
    time.sleep(1)
    assert not pids_of("actions.server", "--port", actions_port)
    assert not pids_of("rasa", "run", "-p", rasa_port)
