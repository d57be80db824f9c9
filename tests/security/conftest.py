"""Servers for the security tests: the REST channel on a model-less stub (fast, any settings)
and the real Rasa and action servers (tests/e2e/servers.py) for what needs a real turn."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.e2e.servers import ROOT, Servers, free_port

PYTHON = str(ROOT / ".venv" / "bin" / "python")
REST = "/webhooks/rest/webhook"


def http(url: str, method: str = "POST", body=None, headers=None, timeout: float = 30):
    """(status, headers, parsed JSON or raw bytes); never raises on an HTTP error status."""
    data = None if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers=dict({"Content-Type": "application/json"}, **(headers or {})))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, hdrs, raw = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, hdrs, raw = e.code, e.headers, e.read()
    try:
        return status, hdrs, json.loads(raw)
    except ValueError:
        return status, hdrs, raw


class Stub:
    def __init__(self, tmp: Path, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"stub-{self.port}.log"
        e = {k: v for k, v in os.environ.items() if k not in ("REST_TOKEN", "ALLOWED_HOSTS", "TRUSTED_PROXIES")}
        e.update(PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false", **env)
        self.proc = subprocess.Popen([PYTHON, "-m", "tests.security.stub_server", str(self.port)], cwd=ROOT,
                                     env=e, stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                urllib.request.urlopen(self.url + "/webhooks/rest/", timeout=2)
                return
            except urllib.error.HTTPError:
                return                      # answering (401 when a token is set)
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("stub server not ready: " + self.log.read_text()[-3000:])

    def post(self, body, headers=None, path=REST):
        return http(self.url + path, "POST", body, headers)

    def logs(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def stub_factory(tmp_path_factory):
    made = []

    def make(**env) -> Stub:
        s = Stub(tmp_path_factory.mktemp("stub"), **env)
        made.append(s)
        return s

    yield make
    for s in made:
        s.stop()


@pytest.fixture(scope="session")
def rasa():
    """The real servers on loopback, no REST_TOKEN: REST open as for local tools."""
    saved = os.environ.pop("REST_TOKEN", None)
    s = Servers().start()
    yield s
    s.stop()
    if saved is not None:
        os.environ["REST_TOKEN"] = saved


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server of the module's own, as fleetctl runs it (skipped where not installed)."""
    from fleetctl.services import Postgres, _pg_bin
    if not (_pg_bin("postgres") and _pg_bin("initdb") and shutil.which("psql")):
        pytest.skip("PostgreSQL is not installed here (tests/fleet installs it with scripts/fleet_setup.sh)")
    base = Path(tempfile.mkdtemp(prefix="jinshan-pg-"))
    base.chmod(0o755)                        # as fleetctl does: the postgres user reaches its dir
    pg = Postgres(base / "postgres")
    try:
        pg.start()
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(base, ignore_errors=True)


def engine_on(pg) -> sa.engine.Engine:
    """An SQLAlchemy engine on the `postgres` fixture's database."""
    return sa.create_engine(sa.engine.URL.create("postgresql", username=pg.user, password=pg.password,
                                                 host="127.0.0.1", port=pg.port, database=pg.db))
