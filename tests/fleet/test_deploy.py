"""deploy/: the Kubernetes manifests validate offline (kubernetes-validate ships the
schemas) and hang together: references, selectors, the Rasa endpoints and the ingress's
consistent hashing."""
from __future__ import annotations

import importlib
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = "1.28.0"
FILES = sorted((ROOT / "deploy").glob("*.yaml"))
DOCS = [(f.name, d) for f in FILES for d in yaml.safe_load_all(f.read_text(encoding="utf-8")) if d]


def by_kind(kind: str) -> list[dict]:
    return [d for _, d in DOCS if d["kind"] == kind]


def one(kind: str, name: str) -> dict:
    found = [d for d in by_kind(kind) if d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def test_there_are_manifests():
    kinds = {d["kind"] for _, d in DOCS}
    assert {"Namespace", "Secret", "ConfigMap", "Service", "Deployment", "StatefulSet",
            "Ingress"} <= kinds


@pytest.mark.parametrize("name,doc", DOCS, ids=[f"{n}:{d['kind']}/{d['metadata']['name']}" for n, d in DOCS])
def test_manifest_is_valid_kubernetes(name, doc):
    kubernetes_validate.validate(doc, K8S, strict=True)


def test_the_validator_rejects_a_broken_manifest():
    bad = yaml.safe_load((ROOT / "deploy" / "30-rasa.yaml").read_text().split("---")[1])
    bad["spec"]["replicas"] = "three"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(bad, K8S, strict=True)
    bad = yaml.safe_load((ROOT / "deploy" / "30-rasa.yaml").read_text().split("---")[1])
    bad["spec"]["template"]["spec"]["containers"][0]["imagePullPolice"] = "Always"  # typo
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(bad, K8S, strict=True)


def _pod_specs():
    for d in by_kind("Deployment") + by_kind("StatefulSet"):
        yield d, d["spec"]["template"]["spec"]


def test_every_secret_and_configmap_reference_exists():
    secrets = {d["metadata"]["name"]: d for d in by_kind("Secret")}
    configmaps = {d["metadata"]["name"] for d in by_kind("ConfigMap")}
    for d, pod in _pod_specs():
        for c in pod["containers"]:
            for e in c.get("env", []):
                ref = e.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["key"] in secrets[ref["name"]]["stringData"], (d["metadata"]["name"], ref)
            for e in c.get("envFrom", []):
                assert e["secretRef"]["name"] in secrets
        for v in pod.get("volumes", []):
            if "configMap" in v:
                assert v["configMap"]["name"] in configmaps
    tokens = secrets["jinshan-secrets"]["stringData"]
    assert {"RASA_AUTH_TOKEN", "AGENT_TOKEN", "MP_SERVER_SECRET", "POSTGRES_PASSWORD"} <= set(tokens)
    assert all(v.startswith("CHANGE-ME") for v in tokens.values()), "no real secret in the repository"


def test_every_service_selects_a_workload_and_the_ingress_reaches_rasa():
    workloads = {d["metadata"]["name"]: d for d, _ in _pod_specs()}
    for s in by_kind("Service"):
        sel = s["spec"]["selector"]
        matching = [w for w in workloads.values()
                    if all(w["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in sel.items())]
        assert matching, f"service {s['metadata']['name']} selects no pods"
        ports = {p["containerPort"] for w in matching
                 for c in w["spec"]["template"]["spec"]["containers"] for p in c.get("ports", [])}
        assert {p["targetPort"] for p in s["spec"]["ports"]} <= ports
    paths = set()
    for ing in by_kind("Ingress"):
        backends = {(p["backend"]["service"]["name"], p["backend"]["service"]["port"]["number"])
                    for r in ing["spec"]["rules"] for p in r["http"]["paths"]}
        assert backends == {("rasa", 5005)}
        paths |= {p["path"] for r in ing["spec"]["rules"] for p in r["http"]["paths"]}
    # REST stays inside the cluster (issue 17: tests/security/test_public_surface.py)
    assert paths == {"/kiosk", "/agent", "/miniprogram"}


def test_replicas_share_postgres_and_the_atomic_redis_lock():
    assert one("Deployment", "rasa")["spec"]["replicas"] >= 2
    endpoints = yaml.safe_load(one("ConfigMap", "rasa-endpoints")["data"]["endpoints.yml"])
    for key in ("tracker_store", "lock_store"):
        module, cls = endpoints[key]["type"].rsplit(".", 1)
        assert hasattr(importlib.import_module(module), cls)
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["tracker_store"]["url"].startswith("postgres.")
    assert endpoints["lock_store"]["url"].startswith("redis.")
    assert endpoints["tracker_store"]["password"] == "${POSTGRES_PASSWORD}"
    assert endpoints["action_endpoint"]["url"].startswith("http://actions.")


def test_ingress_hashes_on_the_same_conversation_key_as_the_fleet():
    from fleetctl.services import NGINX_CONF
    ing = one("Ingress", "rasa")["metadata"]["annotations"]
    assert ing["nginx.ingress.kubernetes.io/upstream-hash-by"] == "$conv_key"
    assert "http_502" in ing["nginx.ingress.kubernetes.io/proxy-next-upstream"]
    snippet = one("ConfigMap", "ingress-nginx-controller")["data"]["http-snippet"]
    fleet_conf = NGINX_CONF.replace("{{", "{").replace("}}", "}")
    for line in snippet.splitlines():
        if line.strip():
            assert line.strip() in fleet_conf, f"the ingress map differs from the fleet's: {line}"
