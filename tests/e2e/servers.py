"""Start the real action server and Rasa server (REST channel, SQLite tracker) for tests and benchmarks."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token"
ACTION_SERVER = ("import runpy, sys; sys.argv[0] = 'action-server'; "
                 f"runpy.run_path({str(ROOT / 'actions' / 'server.py')!r}, run_name='__main__')")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servers:
    """Both servers on free ports, with their own endpoints file and tracker database."""

    def __init__(self, model: Path | None = None, project: Path = ROOT):
        self.project = project
        self.model = model or project / "models" / "current.tar.gz"
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="jinshan-e2e-"))
        self.procs: list[subprocess.Popen] = []

    def start(self, timeout: float = 240) -> "Servers":
        self.endpoints = self.tmp / "endpoints.yml"
        self.endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
            f'tracker_store:\n  type: trackerstores.lean_sql.LeanSQLTrackerStore\n  dialect: "sqlite"\n  db: "{self.tmp / "tracker.db"}"\n')
        # the project first (the minimal bot's own `actions`), then this one (safelog, used by the action server)
        self.env = dict(os.environ, PYTHONPATH=os.pathsep.join(dict.fromkeys([str(self.project), str(ROOT)])),
                        TF_CPP_MIN_LOG_LEVEL="2",
                        RASA_TELEMETRY_ENABLED="false")
        self.start_actions()
        self.start_rasa(timeout)
        return self

    # ---- each server on its own (the fault tests stop and start them)
    def start_actions(self, timeout: float = 60) -> None:
        # actions/server.py: rasa_sdk's app on loopback, no CORS (scripts/run.sh runs the same).
        # Run by path, so a project with its own `actions` package (benchmarks/minimal_bot) uses it too.
        self.actions = self._spawn([str(ROOT / ".venv" / "bin" / "python"), "-c", ACTION_SERVER,
                                    "--port", str(self.actions_port)], "actions.log")
        self._wait([self.actions], f"http://127.0.0.1:{self.actions_port}/health", timeout)

    def start_rasa(self, timeout: float = 240) -> None:
        rasa = str(ROOT / ".venv" / "bin" / "rasa")
        self.rasa = self._spawn([rasa, "run", "-m", str(self.model), "--enable-api", "--auth-token", TOKEN,
                                 "-i", "127.0.0.1", "-p", str(self.rasa_port), "--credentials",
                                 str(self.project / "credentials.yml"), "--endpoints", str(self.endpoints)],
                                "rasa.log")
        self._wait([self.rasa], f"{self.url}/status?token={TOKEN}", timeout)

    def kill(self, proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)
        self.procs.remove(proc)

    def _wait(self, procs, url: str, timeout: float) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            for p in procs:
                if p.poll() is not None:
                    raise RuntimeError(f"server exited: {self.logs()}")
            if self._ok(url):
                return
            time.sleep(0.5)
        raise RuntimeError(f"servers not ready in {timeout}s: {self.logs()}")

    def _spawn(self, cmd, log):
        fh = open(self.tmp / log, "a")
        p = subprocess.Popen(cmd, cwd=self.project, env=self.env, stdout=fh,
                             stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(p)
        return p

    @staticmethod
    def _ok(url: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.status == 200
        except Exception:
            return False

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n" + p.read_text()[-1500:] for p in self.tmp.glob("*.log"))

    def stop(self) -> None:
        for p in self.procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        shutil.rmtree(self.tmp, ignore_errors=True)

    # ---- talking to it
    def say(self, sender: str, text, metadata: dict | None = None) -> list[dict]:
        body = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        req = urllib.request.Request(f"{self.url}/webhooks/rest/webhook", json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read() or b"[]")

    def tracker(self, sender: str) -> dict:
        with urllib.request.urlopen(f"{self.url}/conversations/{sender}/tracker?token={TOKEN}",
                                    timeout=60) as r:
            return json.loads(r.read())

    def slots(self, sender: str) -> dict:
        return self.tracker(sender)["slots"]
