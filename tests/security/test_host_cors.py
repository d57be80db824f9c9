"""The Host check and CORS on the real Rasa server, every route (channels/http_guard.py is
installed on the whole app), and through scripts/balancer.py, which forwards the client's Host."""
from __future__ import annotations

import subprocess
import time
import urllib.request

import pytest

from tests.e2e.servers import ROOT, TOKEN, free_port

from .conftest import PYTHON, REST, http

pytestmark = pytest.mark.e2e

ROUTES = [("POST", REST, {"sender": "host-check", "message": "你好"}), ("GET", f"/status?token={TOKEN}", None),
          ("GET", "/kiosk/", None), ("GET", "/agent/api/facts", None), ("GET", "/", None)]


@pytest.mark.parametrize("method,path,body", ROUTES, ids=[r[1].split("?")[0] for r in ROUTES])
def test_foreign_host_refused_on_every_route(rasa, method, path, body):
    """A DNS-rebinding page (evil.example resolving to 127.0.0.1) reaches the server with its own Host."""
    status, _, answer = http(rasa.url + path, method, body, {"Host": "evil.example:" + str(rasa.rasa_port)})
    assert status == 421, (status, answer)
    assert answer["error_en"] == "host not allowed"


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "localhost"])
def test_local_hosts_served(rasa, host):
    status, _, answer = http(rasa.url + REST, "POST", {"sender": "host-ok", "message": "你好"},
                             {"Host": host.format(port=rasa.rasa_port)})
    assert status == 200 and answer, answer


def test_no_credentials_header_anywhere(rasa):
    """Before: `Access-Control-Allow-Credentials: true` on every response without an Origin."""
    for method, path, body in ROUTES:
        status, headers, _ = http(rasa.url + path, method, body)
        assert status < 500 and headers.get("Access-Control-Allow-Credentials") is None, (path, dict(headers))
        for origin in ("https://evil.example", f"http://127.0.0.1:{rasa.rasa_port}"):
            status, headers, _ = http(rasa.url + path, method, body, {"Origin": origin})
            assert headers.get("Access-Control-Allow-Credentials") is None, (path, origin, dict(headers))
            assert headers.get("Access-Control-Allow-Origin") in (None, ""), (path, origin)
        status, headers, _ = http(rasa.url + path, "OPTIONS", None,
                                  {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
        assert headers.get("Access-Control-Allow-Credentials") is None, (path, dict(headers))


def test_balancer_forwards_the_clients_host(rasa):
    port = free_port()
    proc = subprocess.Popen([PYTHON, str(ROOT / "scripts" / "balancer.py"), "--listen", f"127.0.0.1:{port}",
                             "--backend", f"127.0.0.1:{rasa.rasa_port}"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=1)
                break
            except Exception:
                time.sleep(0.2)
        assert http(url + REST, "POST", {"sender": "bal-host", "message": "你好"})[0] == 200
        # Before: the balancer dropped Host, so the processes behind it saw 127.0.0.1 and let any name in.
        status, _, answer = http(url + REST, "POST", {"sender": "bal-host", "message": "你好"}, {"Host": "evil.example"})
        assert status == 421, answer
    finally:
        proc.terminate()
        proc.wait(timeout=10)
