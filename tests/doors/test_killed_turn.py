"""A Rasa process killed mid-turn (issue 17: the message was lost with an English 500 from the
balancer, and the next waited 54 s on the dead process's lock). Here, when the process died with
the request (it no longer listens), the other process serves that same request; when the answer
is lost from a process still alive, the balancer answers in Chinese, in the shape the caller
reads, and sends nothing twice. (The lock: tests/lockstores_local/test_dead_holder.py.)"""
from __future__ import annotations

import importlib.util
import json
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
from aiohttp import web

from tests.e2e.servers import free_port

from .support import RawBackend, in_own_thread

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("balancer_under_test", ROOT / "scripts" / "balancer.py")
balancer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(balancer)
REST = "/webhooks/rest/webhook"


class DiesMidTurn(RawBackend):
    """A backend that reads the request, counts it, and drops the connection without answering.
    `dies`: it also stops listening, as a killed process does (else: alive, the answer lost)."""

    def __init__(self, dies: bool = False):
        self.dies = dies
        self.seen = 0
        super().__init__()

    def serve(self, conn):
        if not conn.recv(65536):        # the balancer's "still listening?" probe: no request
            conn.close()
            return
        self.seen += 1
        if self.dies:
            self.stop()
        conn.close()


def _alive_backend() -> web.Application:
    app = web.Application()

    async def answer(request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response([{"recipient_id": body["sender"], "text": "好的，已记录。"}])

    app.router.add_route("*", "/{tail:.*}", answer)
    return app


def first_process_sender() -> str:
    """A conversation whose own process is the balancer's first (the one that dies here)."""
    return next(f"c{i}" for i in range(1000) if balancer.pick(REST, json.dumps({"sender": f"c{i}"}).encode(), 2) == 0)


@asynccontextmanager
async def _balanced(dead: DiesMidTurn):
    """The balancer over `dead` (first) and a backend that answers; yields the balancer's URL."""
    alive_port, lb_port = free_port(), free_port()
    runners = []
    for app, port in ((_alive_backend(), alive_port),
                      (balancer.make_app([f"127.0.0.1:{dead.port}", f"127.0.0.1:{alive_port}"]), lb_port)):
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        runners.append(runner)
    try:
        yield f"http://127.0.0.1:{lb_port}"
    finally:
        for runner in reversed(runners):
            await runner.cleanup()


async def _scenario() -> dict:
    dead = DiesMidTurn()
    sender = first_process_sender()
    out = {}
    async with _balanced(dead) as lb, aiohttp.ClientSession() as s:
        async with s.post(f"{lb}{REST}", data=json.dumps({"sender": sender, "message": "我30岁"})) as r:
            out["rest"] = (r.status, await r.json(content_type=None), r.headers.get("Retry-After"))
        async with s.post(f"{lb}/kiosk/api/sessions/x/messages", data=b'{"text": "x"}') as r:
            out["door"] = (r.status, await r.json(content_type=None))
        out["seen"] = dead.seen
        dead.stop()                   # the dead process is gone now (not restarted yet)
        async with s.post(f"{lb}{REST}", data=json.dumps({"sender": sender, "message": "金山户口"})) as r:
            out["next"] = (r.status, await r.json(content_type=None))
    return out


def test_a_turn_cut_off_by_a_dying_process_is_answered_in_chinese_and_not_sent_twice():
    out = in_own_thread(_scenario())
    status, body, retry = out["rest"]
    assert status == 503 and retry == "1"
    assert isinstance(body, list) and body[0]["text"] == balancer.INTERRUPTED and body[0]["recipient_id"].startswith("c")
    assert "请再发一次" in body[0]["text"] and "已保留" in body[0]["text"]
    status, body = out["door"]
    assert status == 503 and body["error"] == balancer.INTERRUPTED and body["messages"][0]["text"] == balancer.INTERRUPTED
    assert out["seen"] == 2                     # each request reached the dying process once: never re-sent
    status, body = out["next"]                  # the next message: the other process answers
    assert status == 200 and body[0]["text"] == "好的，已记录。"


async def _killed_scenario() -> dict:
    dead = DiesMidTurn(dies=True)
    async with _balanced(dead) as lb, aiohttp.ClientSession() as s:
        async with s.post(f"{lb}{REST}", data=json.dumps({"sender": first_process_sender(), "message": "我30岁"})) as r:
            return {"answer": (r.status, await r.json(content_type=None)), "seen": dead.seen}


def test_a_request_whose_process_dies_with_it_is_served_by_the_other_process():
    """Killed mid-turn, the process kept nothing of the turn (Rasa saves at the end): the next
    process serves the same request, so not even that message is lost."""
    out = in_own_thread(_killed_scenario())
    assert out["seen"] == 1 and out["answer"] == (200, [{"recipient_id": out["answer"][1][0]["recipient_id"],
                                                         "text": "好的，已记录。"}])
