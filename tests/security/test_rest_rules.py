"""The REST webhook's request rules (issue 17), each attack reproduced against the real REST
channel on a model-less Sanic server (tests/security/stub_server.py): refused with a clear
Chinese and English reason, never a 500."""
from __future__ import annotations

import socket
import time

import pytest

from channels.prefixes import DOOR_PREFIXES
from channels.rest_channel import MAX_SENDER

from .conftest import REST, http

ID_NUMBER, NAME = "310101199001011234", "王秀英"


@pytest.fixture(scope="module")
def open_stub(stub_factory):
    return stub_factory()


def refused(result, status):
    code, _, body = result
    assert code == status, (code, body)
    assert isinstance(body, dict) and body.get("error") and body.get("error_en"), body
    return body


@pytest.mark.parametrize("raw", [b"[1, 2]", b'"text"', b"42", b"null", b"{not json", b"",
                                 b"[" * 50_000 + b"]" * 50_000, b'{"sender": "a", "m": ' + b"[" * 3000 + b"]" * 3000 + b"}"],
                         ids=["array", "string", "number", "null", "bad-json", "empty", "deep-array", "deep-object"])
def test_bodies_that_are_not_an_object_get_400(open_stub, raw):
    status, _, body = open_stub.post(raw)
    assert status in (400, 413), (status, body)
    assert isinstance(body, dict) and "error" in body and "error_en" in body
    assert b"Traceback" not in (body if isinstance(body, bytes) else b"")


@pytest.mark.parametrize("body", [{"message": "hi"}, {"sender": None, "message": "hi"},
                                  {"sender": "", "message": "hi"}, {"sender": "   ", "message": "hi"},
                                  {"sender": 12345, "message": "hi"}, {"sender": ["a"], "message": "hi"},
                                  {"sender": "x" * (MAX_SENDER + 1), "message": "hi"},
                                  {"sender": "a\nb", "message": "hi"}])
def test_sender_is_required_a_short_string(open_stub, body):
    refused(open_stub.post(body), 400)


def test_no_sender_does_not_share_default(open_stub):
    """Before: no sender, null and "" all went to the conversation `default`."""
    for body in ({"message": "hi"}, {"sender": None, "message": "hi"}, {"sender": "", "message": "hi"}):
        assert open_stub.post(body)[0] == 400
    assert open_stub.post({"sender": "default", "message": "hi"})[2] == [
        {"recipient_id": "default", "text": "echo:default:hi"}]


def test_sender_of_64_characters_is_served(open_stub):
    sender = "s" * MAX_SENDER
    assert open_stub.post({"sender": sender, "message": "hi"})[2][0]["recipient_id"] == sender


@pytest.mark.parametrize("prefix", DOOR_PREFIXES)
@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_door_conversations_are_refused(open_stub, prefix, case):
    body = refused(open_stub.post({"sender": case(prefix) + "abc123", "message": "我26岁"}), 403)
    assert "REST" in body["error"]


def test_the_doors_declare_the_prefixes_rest_refuses():
    from channels.doors import agent, kiosk, miniprogram
    assert {agent.PREFIX, kiosk.PREFIX, miniprogram.PREFIX} <= set(DOOR_PREFIXES)


def test_body_over_the_cap_is_413(open_stub):
    refused(open_stub.post({"sender": "big", "message": "x", "pad": "y" * 70_000}), 413)


def test_token_required_when_set(stub_factory):
    stub = stub_factory(REST_TOKEN="t" * 40)
    refused(stub.post({"sender": "a", "message": "hi"}), 401)
    refused(stub.post({"sender": "a", "message": "hi"}, {"Authorization": "Bearer wrong"}), 401)
    refused(stub.post({"sender": "a", "message": "hi"}, {"Authorization": "t" * 40}), 401)    # not Bearer
    assert http(stub.url + "/webhooks/rest/", "GET")[0] == 401
    ok = stub.post({"sender": "a", "message": "hi"}, {"Authorization": "Bearer " + "t" * 40})
    assert ok[0] == 200 and ok[2][0]["text"] == "echo:a:hi"


def test_open_on_loopback_without_token_and_without_rate_limit(open_stub):
    statuses = {open_stub.post({"sender": "fast", "message": f"{i}"})[0] for i in range(80)}
    assert statuses == {200}


def test_rate_limited_off_loopback(stub_factory):
    stub = stub_factory(STUB_LIMITED="1", REST_RATE_PER_MINUTE="6")
    results = [stub.post({"sender": "flood", "message": f"{i}"}) for i in range(12)]
    statuses = [r[0] for r in results]
    # a burst of 6, less the one the stub's readiness probe took; then one every 10 s
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429] * 7, statuses
    limited = results[5]
    assert 1 <= int(limited[1]["Retry-After"]) <= 10 and limited[2]["error_en"]
    # A client cannot escape by naming another address: no proxy is trusted here.
    assert stub.post({"sender": "flood", "message": "x"}, {"X-Forwarded-For": "203.0.113.9"})[0] == 429
    time.sleep(int(limited[1]["Retry-After"]) + 0.2)
    assert stub.post({"sender": "flood", "message": "again"})[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:5005", "10.0.0.8", "localhost.evil.example"])
def test_foreign_host_header_refused(open_stub, host):
    refused(open_stub.post({"sender": "h", "message": "hi"}, {"Host": host}), 421)
    refused(http(open_stub.url + "/webhooks/rest/", "GET", headers={"Host": host}), 421)


@pytest.mark.parametrize("host", ["localhost", "localhost:5005", "127.0.0.1:1", "[::1]:8080", "[::1]"])
def test_local_host_names_accepted_on_any_port(open_stub, host):
    assert open_stub.post({"sender": "h", "message": "hi"}, {"Host": host})[0] == 200


def test_allowed_hosts_list(stub_factory):
    stub = stub_factory(ALLOWED_HOSTS="assistant.example.com, kiosk.internal:8443")
    assert stub.post({"sender": "h", "message": "hi"}, {"Host": "assistant.example.com"})[0] == 200
    assert stub.post({"sender": "h", "message": "hi"}, {"Host": "kiosk.internal:8443"})[0] == 200
    refused(stub.post({"sender": "h", "message": "hi"}, {"Host": "kiosk.internal:9999"}), 421)
    refused(stub.post({"sender": "h", "message": "hi"}, {"Host": "localhost"}), 421)


def test_no_credentialed_cors(stub_factory, open_stub):
    # Before: `Access-Control-Allow-Credentials: true` on every response without an Origin.
    assert open_stub.post({"sender": "c", "message": "hi"})[1].get("Access-Control-Allow-Credentials") is None
    stub = stub_factory(STUB_CORS="https://allowed.example")
    for method in ("OPTIONS", "POST"):
        status, headers, _ = http(stub.url + REST, method, {"sender": "c", "message": "hi"},
                                  {"Origin": "https://allowed.example", "Access-Control-Request-Method": "POST"})
        assert headers.get("Access-Control-Allow-Origin") == "https://allowed.example", (method, dict(headers))
        assert headers.get("Access-Control-Allow-Credentials") is None, (method, dict(headers))


def test_metadata_kept_only_when_small():
    from channels.rest_channel import MAX_METADATA, client_metadata
    assert client_metadata({"client": "kiosk-app", "v": 2}) == {"client": "kiosk-app", "v": 2}
    assert client_metadata({"blob": "x" * (MAX_METADATA + 1)}) == {}
    deep: dict = {}
    node = deep
    for _ in range(20):
        node["a"] = {}
        node = node["a"]
    assert client_metadata(deep) == {}
    assert client_metadata(["not", "a", "dict"]) == {} and client_metadata("s") == {}


def test_failed_turn_answers_and_logs_no_text(open_stub):
    status, _, body = open_stub.post({"sender": "f", "message": f"boom 我叫{NAME}，身份证{ID_NUMBER}"})
    assert status == 200 and "暂时不可用" in body[0]["text"]
    time.sleep(0.5)
    logs = open_stub.logs()
    assert "REST turn failed (RuntimeError)" in logs
    assert ID_NUMBER not in logs and NAME not in logs


def test_client_leaving_mid_turn_logs_no_text(open_stub):
    """Before: rest.message.received.timeout logged the whole message at ERROR."""
    payload = f'{{"sender": "gone", "message": "sleep 我叫{NAME}，身份证{ID_NUMBER}"}}'.encode()
    with socket.create_connection(("127.0.0.1", open_stub.port)) as s:
        s.sendall(b"POST " + REST.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Content-Length: " + str(len(payload)).encode() + b"\r\n\r\n" + payload)
        time.sleep(1)                                 # the turn is under way (it takes 5 s)
    time.sleep(6)
    logs = open_stub.logs()
    assert "REST turn cancelled" in logs, logs[-2000:]
    assert ID_NUMBER not in logs and NAME not in logs
    assert "rest.message.received" not in logs
