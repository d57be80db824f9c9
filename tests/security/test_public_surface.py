"""What a deployment puts on the internet (issue 17): no proxy configuration in the repository
routes the REST webhook, the kiosk and the agent desk are only for allow-listed networks, and
the Rasa pods as deploy/ configures them start only with real secrets."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from channels import guard
from tests.e2e.servers import ROOT

DEPLOY = ROOT / "deploy"
DOCS = [d for f in sorted(DEPLOY.glob("*.yaml")) for d in yaml.safe_load_all(f.read_text()) if d]
REST = "/webhooks/rest/webhook"


def ingress_paths():
    for ing in (d for d in DOCS if d["kind"] == "Ingress"):
        for rule in ing["spec"]["rules"]:
            for p in rule["http"]["paths"]:
                yield ing, p


def routes(path: dict, url: str) -> bool:
    if path["pathType"] == "Exact":
        return url == path["path"]
    prefix = path["path"].rstrip("/")
    return url == prefix or url.startswith(prefix + "/")


def test_no_ingress_routes_the_webhooks_or_the_http_api():
    for url in (REST, "/webhooks/rest/", "/conversations/x/tracker", "/model", "/status"):
        hits = [(ing["metadata"]["name"], p["path"]) for ing, p in ingress_paths() if routes(p, url)]
        assert not hits, (url, hits)


def test_kiosk_and_agent_desk_only_for_allow_listed_networks():
    for ing, p in ingress_paths():
        if routes(p, "/kiosk/") or routes(p, "/agent/"):
            ranges = ing["metadata"]["annotations"].get("nginx.ingress.kubernetes.io/whitelist-source-range", "")
            assert ranges and "0.0.0.0/0" not in ranges, ing["metadata"]["name"]
    text = (DEPLOY / "40-ingress.yaml").read_text()
    assert "internal" in text and "allow-list" in text


def test_every_nginx_config_in_the_repository_routing_webhooks_listens_on_loopback():
    """The fleet's nginx (fleetctl/services.py) proxies everything, REST included, but only on
    127.0.0.1 (scripts/fleet.sh is a local test bed); any other nginx config must not route it."""
    found = 0
    for path in list(ROOT.glob("**/*.conf")) + list(ROOT.glob("**/*nginx*")) + [ROOT / "fleetctl" / "services.py"]:
        if ".venv" in path.parts or ".git" in path.parts or not path.is_file():
            continue
        text = path.read_text(errors="replace")
        if "proxy_pass" not in text:
            continue
        found += 1
        listens = re.findall(r"^\s*listen\s+([^;]+);", text, re.M)
        assert listens, path
        for listen in listens:
            assert listen.split()[0].startswith(("127.0.0.1:", "[::1]:")), (path, listen)
    assert found >= 1


def rasa_container() -> dict:
    dep = next(d for d in DOCS if d["kind"] == "Deployment" and d["metadata"]["name"] == "rasa")
    return dep["spec"]["template"]["spec"]["containers"][0]


def pod_check(secret_values: dict) -> None:
    """channels.guard as the pod runs it: its command line and environment."""
    c = rasa_container()
    env = {e["name"]: e["value"] for e in c["env"] if "value" in e}
    env.update(secret_values)
    argv = shlex.split(c["args"][0].replace('"$RASA_AUTH_TOKEN"', shlex.quote(env["RASA_AUTH_TOKEN"])))
    assert argv[:2] == ["exec", "/app/.venv/bin/rasa"], argv
    argv = ["rasa"] + argv[2:]
    guard.check(argv=argv, env=env)


def test_pods_refuse_the_committed_placeholders():
    """Before: the guard accepted deploy/01-secrets.yaml as committed."""
    placeholders = next(d for d in DOCS if d["kind"] == "Secret")["stringData"]
    try:
        pod_check(placeholders)
    except guard.UnsafeDefault as e:
        assert "placeholder" in str(e) and "REST_TOKEN" in str(e)
    else:
        raise AssertionError("the pod would start with the placeholders")


def test_pods_start_with_real_secrets():
    placeholders = next(d for d in DOCS if d["kind"] == "Secret")["stringData"]
    real = {k: f"{k.lower()}-" + "k" * 40 for k in placeholders}
    pod_check(real)
    assert "REST_TOKEN" in placeholders


def test_probes_use_a_host_the_check_accepts():
    from channels.http_guard import host_allowed
    c = rasa_container()
    allowed = next(e["value"] for e in c["env"] if e["name"] == "ALLOWED_HOSTS").split()
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        headers = {h["name"]: h["value"] for h in c[probe]["httpGet"].get("httpHeaders", [])}
        assert headers.get("Host") == "localhost" and host_allowed("localhost:5005", allowed)
    # without the header the kubelet sends the pod's address: refused
    assert not host_allowed("10.1.2.3:5005", allowed) and host_allowed("assistant.example.com", allowed)
