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
        endpoints = self.tmp / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{self.tmp / "tracker.db"}"\n')
        env = dict(os.environ, PYTHONPATH=str(self.project), TF_CPP_MIN_LOG_LEVEL="2",
                   RASA_TELEMETRY_ENABLED="false")
        rasa = str(ROOT / ".venv" / "bin" / "rasa")
        self._spawn([rasa, "run", "actions", "--actions", "actions", "--port", str(self.actions_port)],
                    env, "actions.log")
        self._spawn([rasa, "run", "-m", str(self.model), "--enable-api", "--auth-token", TOKEN,
                     "-i", "127.0.0.1", "-p", str(self.rasa_port), "--credentials",
                     str(self.project / "credentials.yml"), "--endpoints", str(endpoints)], env, "rasa.log")
        deadline = time.time() + timeout
        while time.time() < deadline:
            for p in self.procs:
                if p.poll() is not None:
                    raise RuntimeError(f"server exited: {self.logs()}")
            if self._ok(f"{self.url}/status?token={TOKEN}") and \
                    self._ok(f"http://127.0.0.1:{self.actions_port}/health"):
                return self
            time.sleep(0.5)
        raise RuntimeError(f"servers not ready in {timeout}s: {self.logs()}")

    def _spawn(self, cmd, env, log):
        fh = open(self.tmp / log, "w")
        self.procs.append(subprocess.Popen(cmd, cwd=self.project, env=env, stdout=fh,
                                           stderr=subprocess.STDOUT, start_new_session=True))

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

    def slots(self, sender: str) -> dict:
        with urllib.request.urlopen(f"{self.url}/conversations/{sender}/tracker?token={TOKEN}",
                                    timeout=60) as r:
            return json.loads(r.read())["slots"]
