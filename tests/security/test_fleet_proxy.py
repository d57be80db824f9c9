"""Issue 17, item "X-Forwarded-For is trusted only from a configured proxy", in the local fleet
(fleetctl: nginx in front of several Rasa processes). The replicas trust nginx (127.0.0.1, set
by Fleet.env) and nginx writes the address it saw, dropping the client's own header: the
per-address limits see the real client, and a forged X-Forwarded-For changes nothing. Run
with fleetctl's own nginx config in front of the model-less REST stub (facing the network)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fleetctl.services import NGINX_CONF, Fleet, Nginx
from tests.security.test_message_limits import LIMITS, N, PATHS, assert_refused_in_chinese, flood

from .conftest import http


def test_the_fleet_trusts_only_its_own_nginx(tmp_path):
    assert Fleet(replicas=1, base=tmp_path / "fleet").env()["DOORS_TRUSTED_PROXIES"] == "127.0.0.1"
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in NGINX_CONF
    assert "$proxy_add_x_forwarded_for" not in NGINX_CONF      # would keep what the client wrote


@pytest.fixture(scope="module")
def behind_nginx(stub_factory, tmp_path_factory):
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.skip("nginx not installed (scripts/fleet_setup.sh)")
    trusted = Fleet(replicas=1, base=tmp_path_factory.mktemp("fleet")).env()["DOORS_TRUSTED_PROXIES"]
    stub = stub_factory(STUB_DOORS="1", STUB_LIMITED="1", DOORS_TRUSTED_PROXIES=trusted, **LIMITS)
    nginx = Nginx(tmp_path_factory.mktemp("nginx"), [stub.port])
    nginx.start()
    front = type("Front", (), {})()
    front.url = f"http://127.0.0.1:{nginx.port}"
    front.post = lambda body, headers=None, path="/webhooks/rest/webhook": http(front.url + path, "POST", body, headers)
    yield stub, front
    nginx.stop()


def test_the_replica_sees_the_client_nginx_saw_not_the_one_it_wrote(behind_nginx):
    stub, front = behind_nginx
    forged = {"X-Forwarded-For": "203.0.113.5"}
    assert http(front.url + "/stub/client", "GET", headers=forged)[2] == {"client": "127.0.0.1"}
    # what nginx prevents: the replica believes its trusted proxy (here the test, on 127.0.0.1)
    assert http(stub.url + "/stub/client", "GET", headers=forged)[2] == {"client": "203.0.113.5"}


def test_a_forged_x_forwarded_for_through_the_fleets_nginx_escapes_no_limit(behind_nginx):
    _, front = behind_nginx
    for path in (PATHS["kiosk"], PATHS["miniprogram"]):
        results = flood(front, path, N + 2, forged=True)
        assert [r[0] for r in results] == [200] * N + [429] * 2, (path, [r[0] for r in results])
        assert_refused_in_chinese(results[-1])
