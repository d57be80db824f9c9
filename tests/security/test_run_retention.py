"""scripts/run.sh applies the retention before anything serves the old conversations (and
daily after); a bad RETENTION_DAYS stops it with the reason. Refused off loopback here, so
no server starts: what matters happens before the guard."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import time

import pytest

from tests.e2e.servers import ROOT, free_port

from .test_retention import DAY, add, make_db, senders

pytestmark = pytest.mark.e2e


def run(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("RASA_AUTH_TOKEN", "AGENT_TOKEN", "REST_TOKEN")}
    env.update(RUN_DIR=str(tmp_path / "run"), RASA_PORT=str(free_port()), ACTIONS_PORT=str(free_port()),
               RASA_PROCESSES="1", RASA_HOST="0.0.0.0")
    env.update(extra)
    return subprocess.run(["bash", "scripts/run.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


def test_run_script_deletes_old_conversations_before_serving(tmp_path):
    (tmp_path / "run").mkdir()
    db = tmp_path / "run" / "tracker.db"
    make_db(db)
    now = time.time()
    with sqlite3.connect(db) as c:
        add(c, "agent-old", now - 40 * DAY, "我叫欧阳翠花")
        add(c, "recent", now - DAY)
    r = run(tmp_path)
    assert r.returncode == 2 and "Refusing" in r.stderr, r.stderr[-2000:]      # stopped at the guard
    assert set(senders(db)) == {"recent"}
    assert "removed 1 conversation(s)" in (tmp_path / "run" / "retention.log").read_text()


def test_bad_retention_days_stops_the_run_script(tmp_path):
    r = run(tmp_path, RETENTION_DAYS="forever", RASA_HOST="127.0.0.1")
    assert r.returncode == 2 and "retention days must be a positive integer" in r.stderr, r.stderr[-2000:]
    assert "Traceback" not in r.stderr
