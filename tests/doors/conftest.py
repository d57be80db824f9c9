"""Fixtures for the front doors' tests: the real action and Rasa servers (own free ports, own
endpoints file and tracker database, as tests/e2e/servers.py does), configured for the doors;
a local stand-in for WeChat's code2Session API; one headless Debian Chromium."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.e2e.servers import ROOT, Servers

from .support import environ

AGENT_TOKEN = "doors-test-agent-token"
KIOSK_IDLE = 10                 # seconds: short, so the idle test waits little
MP_APPID, MP_APP_SECRET, MP_SERVER_SECRET = "wx-test-appid", "wx-test-app-secret", "doors-test-server-secret"
SHOTS = ROOT / "screenshots" / "doors"
CHROMIUM = "/usr/bin/chromium"
# As root in CI: no sandbox; no background traffic on this machine's closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--disable-default-apps", "--disable-extensions"]


class FakeWeChat:
    """code2Session at /sns/jscode2session: a code "good-<name>" gives openid "openid-<name>";
    anything else gets WeChat's error 40029. Every query is recorded."""

    def __init__(self):
        self.queries: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
                outer.queries.append(dict(q, path=url.path))
                code = q.get("js_code", "")
                if url.path != "/sns/jscode2session":
                    body, status = {"errcode": -1, "errmsg": "not found"}, 404
                elif q.get("appid") == MP_APPID and q.get("secret") == MP_APP_SECRET and code.startswith("good-"):
                    body, status = {"openid": "openid-" + code[5:], "session_key": "sk"}, 200
                else:
                    body, status = {"errcode": 40029, "errmsg": "invalid code"}, 200
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")    # as WeChat does
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class Doors(Servers):
    """The servers, plus helpers for the doors' HTTP APIs."""

    def http(self, method: str, path: str, body=None, headers=None, raw: bool = False):
        """(status, parsed JSON body or bytes)."""
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers=dict({"Content-Type": "application/json"}, **(headers or {})))
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, payload, ctype = r.status, r.read(), r.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            status, payload, ctype = e.code, e.read(), e.headers.get("Content-Type", "")
        if raw or "json" not in ctype:
            return status, payload
        return status, json.loads(payload or b"null")

    def agent(self, method: str, path: str, body=None, token: str | None = AGENT_TOKEN, address: str | None = None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if address:
            headers["X-Forwarded-For"] = address          # loopback is the trusted proxy here
        return self.http(method, "/agent/api" + path, body, headers)

    def tracker_slots(self, sender: str) -> dict:
        """The non-empty slots of a conversation, read through Rasa's own HTTP API."""
        slots = self.slots(sender)
        return {k: v for k, v in slots.items() if v is not None and k != "session_started_metadata"}


def _start(env: dict) -> Doors:
    """Start on a copy of the model: the lead may retrain models/current.tar.gz at any time;
    a copy caught mid-write fails to load, so wait and try again."""
    train = subprocess.run(["bash", "scripts/train.sh"], cwd=ROOT, capture_output=True, text=True)
    assert train.returncode == 0, f"scripts/train.sh failed:\n{train.stdout[-2000:]}{train.stderr[-2000:]}"
    with environ(env):
        last = None
        for attempt in range(3):
            model_dir = Path(os.environ.get("TMPDIR", "/tmp")) / f"doors-model-{os.getpid()}-{attempt}"
            model_dir.mkdir(parents=True, exist_ok=True)
            model = model_dir / "current.tar.gz"
            shutil.copyfile(ROOT / "models" / "current.tar.gz", model)
            servers = Doors(model=model)
            try:
                servers.start()
                servers.model_dir = model_dir
                return servers
            except RuntimeError as e:
                last = e
                servers.stop()
                shutil.rmtree(model_dir, ignore_errors=True)
                time.sleep(20)
        raise last


@pytest.fixture(scope="session")
def wechat():
    with FakeWeChat() as fake:
        yield fake


@pytest.fixture(scope="session")
def doors(wechat, tmp_path_factory):
    # Files the operator edits while the server runs (agent accounts, kiosk keys): the tests
    # edit them too. Loopback counts as the trusted proxy, so a test can speak for other
    # addresses through X-Forwarded-For (rate limits, lock-out).
    config = tmp_path_factory.mktemp("doors-config")
    servers = _start({"AGENT_TOKEN": AGENT_TOKEN, "KIOSK_IDLE_SECONDS": str(KIOSK_IDLE),
                      "MP_APPID": MP_APPID, "MP_APP_SECRET": MP_APP_SECRET, "MP_SERVER_SECRET": MP_SERVER_SECRET,
                      "WECHAT_API_BASE": wechat.url, "MP_TRUST_CLOUD_OPENID": "0",
                      "AGENT_ACCOUNTS_FILE": str(config / "agent_accounts.txt"),
                      "KIOSK_KEYS_FILE": str(config / "kiosk_keys.txt"),
                      "DOORS_TRUSTED_PROXIES": "127.0.0.1"})
    servers.config = config
    yield servers
    servers.stop()
    shutil.rmtree(servers.model_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), "Debian chromium is missing: scripts/setup_browser.sh installs it"
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page_for(browser, doors):
    """page_for(width, height) -> a fresh page (own context: own storage) that fails the test on
    a script error and records every request it makes."""
    contexts = []

    def make(width: int = 1920, height: int = 1080):
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        contexts.append(ctx)
        page = ctx.new_page()
        page.errors, page.requests = [], []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("request", lambda r: page.requests.append(r.url))
        page.set_default_timeout(30_000)
        return page

    yield make
    for ctx in contexts:
        ctx.close()
