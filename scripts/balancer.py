"""A tiny local balancer in front of several Rasa processes (scripts/run.sh starts it).

One Rasa process uses one core. scripts/run.sh runs RASA_PROCESSES of them on internal ports
and this on the public port:

- `POST /webhooks/rest/webhook`: the conversation id (`sender` in the body) picks the process
  (crc32 modulo their number), so one conversation is served by one process at a time in the
  normal case; the shared lock store (lockstores/local.py) keeps it safe when it is not;
- `/conversations/<id>/…` (HTTP API): the same choice by id;
- everything else (the three doors, their pages, /status, /model…): the first process, which
  alone runs the doors (their sessions and timers live in that process).

When the chosen process does not answer (restarting), the next one serves: the trackers are in
one database and the lock is shared, so the conversation goes on. Bodies are passed as bytes;
nothing is logged per request (no conversation ids, no text).

    python scripts/balancer.py --listen 127.0.0.1:5005 --backend 127.0.0.1:5105 --backend 127.0.0.1:5106
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import zlib

import aiohttp
from aiohttp import web

HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
       "transfer-encoding", "upgrade", "host", "content-length"}
CONVERSATION = re.compile(r"^/conversations/([^/]+)/")
REST = "/webhooks/rest/webhook"
logger = logging.getLogger("balancer")


def pick(path: str, body: bytes, n: int) -> int:
    """Index of the backend for this request (see the module's text)."""
    key = None
    if path.rstrip("/") == REST:
        try:
            sender = json.loads(body or b"{}").get("sender")
            key = None if sender is None else str(sender)
        except (ValueError, AttributeError):
            key = None
    else:
        m = CONVERSATION.match(path)
        if m:
            key = m.group(1)
    return zlib.crc32(key.encode("utf-8")) % n if key is not None else 0


def make_app(backends: list[str], timeout: float = 300) -> web.Application:
    app = web.Application(client_max_size=16 * 1024 * 1024)

    async def start(app):
        app["client"] = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=60),
            timeout=aiohttp.ClientTimeout(total=timeout), auto_decompress=False)

    async def stop(app):
        await app["client"].close()

    async def proxy(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        first = pick(request.path, body, len(backends))
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP}
        order = [first] + [i for i in range(len(backends)) if i != first]
        for i in order:
            url = f"http://{backends[i]}{request.rel_url}"
            try:
                async with app["client"].request(request.method, url, headers=headers, data=body,
                                                 allow_redirects=False) as r:
                    data = await r.read()
                    out = {k: v for k, v in r.headers.items() if k.lower() not in HOP}
                    return web.Response(status=r.status, body=data, headers=out)
            except aiohttp.ClientConnectorError:
                # Not listening (restarting): the next process serves, nothing was sent yet.
                continue
        return web.json_response({"error": "service briefly unavailable", "reason": "no backend"},
                                 status=503)

    app.on_startup.append(start)
    app.on_cleanup.append(stop)
    app.router.add_route("*", "/{tail:.*}", proxy)
    return app


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--listen", required=True, help="host:port")
    p.add_argument("--backend", action="append", required=True, help="host:port (repeat)")
    args = p.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    host, port = args.listen.rsplit(":", 1)
    logger.info("balancer on %s:%s -> %s", host, port, ", ".join(args.backend))
    web.run_app(make_app(args.backend), host=host.strip("[]"), port=int(port), access_log=None,
                print=None)


if __name__ == "__main__":
    main()
