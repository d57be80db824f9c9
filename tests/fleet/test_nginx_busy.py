"""The fleet's nginx when no replica can finish a turn (one died mid-turn, or none is up):
a Chinese answer in the doors' JSON shape with Retry-After, never nginx's English error page."""
from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request

import pytest

from fleetctl.services import Nginx, free_port

pytestmark = pytest.mark.skipif(not (shutil.which("nginx") or __import__("os").path.exists("/usr/sbin/nginx")),
                                reason="nginx is installed by the set-up (scripts/fleet_setup.sh)")


def test_no_replica_answers_in_chinese(tmp_path):
    nginx = Nginx(tmp_path, [free_port()])      # an upstream nobody listens on
    nginx.start()
    try:
        req = urllib.request.Request(f"http://127.0.0.1:{nginx.port}/webhooks/rest/webhook", method="POST",
                                     data=json.dumps({"sender": "x1", "message": "你好"}).encode(),
                                     headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=30)
        assert err.value.code == 503 and err.value.headers.get("Retry-After") == "5"
        body = json.loads(err.value.read().decode("utf-8"))
        assert body["error"] == "busy" and "请稍后再发一次" in body["text"] and "已保留" in body["text"]
    finally:
        nginx.stop()
