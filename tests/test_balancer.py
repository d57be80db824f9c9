"""scripts/balancer.py: conversation requests to the process with the fewest in hand (the
conversation's own process among equals), the doors to the first, a process that is down
skipped. Real HTTP on loopback, with two small backends that say who answered."""
from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import json
from pathlib import Path

import aiohttp
from aiohttp import web

from tests.e2e.servers import free_port

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("balancer", ROOT / "scripts" / "balancer.py")
balancer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(balancer)
REST = "/webhooks/rest/webhook"


def test_choose_keeps_the_preferred_process_unless_another_has_less_in_hand():
    assert balancer.choose(1, [0, 0], True) == 1
    assert balancer.choose(1, [2, 2], True) == 1
    assert balancer.choose(1, [2, 3], True) == 0
    assert balancer.choose(0, [0, 5], False) == 0           # the doors: always the first process


def test_only_conversation_requests_are_spread():
    assert balancer.spreads(REST) and balancer.spreads("/conversations/abc/tracker")
    assert not balancer.spreads("/kiosk/api/sessions") and not balancer.spreads("/status")


async def _serve(app: web.Application, port: int) -> web.AppRunner:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


def _backend(name: str, delay: float) -> web.Application:
    app = web.Application()

    async def answer(request: web.Request) -> web.Response:
        await asyncio.sleep(delay)
        return web.json_response({"served_by": name, "length": request.headers.get("Content-Length"),
                                  "body": await request.text()})

    app.router.add_route("*", "/{tail:.*}", answer)
    return app


async def _scenario(down: bool = False) -> dict:
    ports = [free_port(), free_port()]
    runners = [await _serve(_backend("a", 0.05), ports[0])]
    if not down:
        runners.append(await _serve(_backend("b", 0.05), ports[1]))
    lb_port = free_port()
    runners.append(await _serve(balancer.make_app([f"127.0.0.1:{p}" for p in ports]), lb_port))
    url = f"http://127.0.0.1:{lb_port}"
    out = {}
    try:
        async with aiohttp.ClientSession() as s:
            async def post(path: str, sender: str) -> str:
                async with s.post(url + path, data=json.dumps({"sender": sender, "message": "你好"})) as r:
                    return (await r.json())["served_by"]

            # one conversation, one message at a time: always its own process
            out["alone"] = [await post(REST, "caller-1") for _ in range(6)]
            # 40 conversations at once, all preferring one process: spread over both
            same = [f"x{i}" for i in range(400)
                    if balancer.pick(REST, json.dumps({"sender": f"x{i}"}).encode(), 2) == 0][:40]
            out["burst"] = await asyncio.gather(*(post(REST, s_) for s_ in same))
            out["doors"] = await asyncio.gather(*(post("/kiosk/api/sessions", "k") for _ in range(20)))
            async with s.get(url + "/conversations/caller-1/tracker?token=t") as r:
                out["get"] = await r.json()
            async with s.post(url + REST, data=json.dumps({"sender": "caller-1", "message": "我30岁"})) as r:
                out["post"] = await r.json()
    finally:
        for r in runners:
            await r.cleanup()
    return out


def scenario(down: bool = False) -> dict:
    """_scenario on a loop of its own thread (a test before may have left one running here)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _scenario(down)).result()


def test_a_burst_is_spread_a_lone_conversation_stays_and_the_doors_stay_on_the_first():
    out = scenario()
    assert len(set(out["alone"])) == 1
    assert 15 <= out["burst"].count("a") <= 25 and 15 <= out["burst"].count("b") <= 25
    assert set(out["doors"]) == {"a"}


def test_a_get_is_passed_without_a_body_and_a_post_with_its_own():
    out = scenario()
    # Sanic logs "body not consumed" at ERROR for a GET sent with Content-Length: 0
    assert out["get"]["length"] is None and out["get"]["body"] == ""
    assert json.loads(out["post"]["body"]) == {"sender": "caller-1", "message": "我30岁"}


def test_a_process_that_is_down_is_skipped():
    out = scenario(down=True)
    assert set(out["alone"]) == {"a"} and set(out["burst"]) == {"a"}
