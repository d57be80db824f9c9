"""A tiny local balancer in front of several Rasa processes (scripts/run.sh starts it).

One Rasa process uses one core. scripts/run.sh runs RASA_PROCESSES of them on internal ports
and this on the public port:

- `POST /webhooks/rest/webhook` and `/conversations/<id>/…` (HTTP API): the process with the
  fewest requests in hand. Among equals, the conversation id (`sender` in the body, or the
  path's id; crc32 modulo their number) chooses, so at ordinary load a conversation stays on one
  process. Under load the work is spread evenly instead: with the ids hashed, 50 conversations
  on 2 processes split about 28/22 and the busier process set the slowest answers (p95). Any
  process may serve any conversation: the trackers are in one database and the lock store
  (lockstores/local.py) gives a conversation to one process at a time;
- everything else (the three doors, their pages, /status, /model…): the first process, else
  the next one that answers (every process runs the doors; their state is in the doors' store).

When the chosen process does not answer (restarting), the next one serves: the trackers are in
one database and the lock is shared, so the conversation goes on. Bodies are passed as bytes;
nothing is logged per request (no conversation ids, no text).

    python scripts/balancer.py --listen 127.0.0.1:5005 --backend 127.0.0.1:5105 --backend 127.0.0.1:5106
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import logging
import os
import re
import uuid
import zlib

import aiohttp
from aiohttp import web

HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
       "transfer-encoding", "upgrade", "host", "content-length"}
CONVERSATION = re.compile(r"^/conversations/([^/]+)/")
REST = "/webhooks/rest/webhook"
logger = logging.getLogger("balancer")


def pick(path: str, body: bytes, n: int) -> int:
    """Index of the backend this request's conversation prefers (see the module's text)."""
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


def choose(preferred: int, in_hand: list[int], spread: bool) -> int:
    """The preferred backend unless another has fewer requests in hand (only when `spread`:
    conversation requests; the doors stay on the first process)."""
    if not spread or in_hand[preferred] <= min(in_hand):
        return preferred
    return min(range(len(in_hand)), key=lambda i: (in_hand[i], i))


def spreads(path: str) -> bool:
    return path.rstrip("/") == REST or bool(CONVERSATION.match(path))


INTERRUPTED = "刚才这句话没有处理完，请再发一次。您之前告诉我的信息都已保留。"


async def listening(backend: str) -> bool:
    """Whether the backend still accepts connections (a killed process stops at once)."""
    host, port = backend.rsplit(":", 1)
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host.strip("[]"), int(port)), 1.0)
    except (OSError, asyncio.TimeoutError):
        return False
    writer.close()
    return True


def interrupted(path: str, body: bytes) -> web.Response:
    """503 with the interrupted turn's apology in the shape the caller reads: a REST reply (a list
    of messages) on the webhook, else the doors' error object with a message."""
    if path.rstrip("/") == REST:
        try:
            sender = json.loads(body or b"{}").get("sender")
        except (ValueError, AttributeError):
            sender = None
        data = [{"recipient_id": sender[:64] if isinstance(sender, str) else "", "text": INTERRUPTED}]
    else:
        data = {"error": INTERRUPTED, "error_en": "the turn was interrupted: please send it again",
                "messages": [{"text": INTERRUPTED, "buttons": []}]}
    return web.json_response(data, status=503, headers={"Retry-After": "1"},
                             dumps=lambda o: json.dumps(o, ensure_ascii=False))


def trusted(env_value: str) -> list:
    return [ipaddress.ip_network(p, strict=False) for p in re.split(r"[\s,]+", env_value.strip()) if p]


def client_of(peer: str, forwarded_for, proxies: list) -> str:
    """The one address passed on as X-Forwarded-For: the peer, or, when the peer is a proxy in
    DOORS_TRUSTED_PROXIES, the last address in its X-Forwarded-For that is not one. A client
    talking to the balancer directly cannot name another address (it would escape the rate
    limits). The same rule as channels/doors/network.py, kept here: importing channels loads Rasa."""
    def ip(text):
        try:
            return ipaddress.ip_address(text.strip().strip("[]"))
        except ValueError:
            return None
    addr = ip(peer)
    if addr is None or not any(addr in n for n in proxies) or not forwarded_for:
        return peer
    for hop in reversed(forwarded_for.split(",")):
        h = ip(hop)
        if h is None:
            break
        addr = h
        if not any(h in n for n in proxies):
            break
    return str(addr)


def make_app(backends: list[str], timeout: float = 300) -> web.Application:
    app = web.Application(client_max_size=16 * 1024 * 1024)
    proxies = trusted(os.environ.get("DOORS_TRUSTED_PROXIES", ""))
    in_hand = [0] * len(backends)
    app["in_hand"] = in_hand

    async def start(app):
        # A new connection per request (loopback: a fraction of a millisecond): a kept-alive one to
        # a process killed since fails only once written to, a refused connection at once.
        app["client"] = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0, force_close=True),
            timeout=aiohttp.ClientTimeout(total=timeout), auto_decompress=False)

    async def stop(app):
        await app["client"].close()

    async def proxy(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        first = choose(pick(request.path, body, len(backends)), in_hand, spreads(request.path))
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP}
        # The Rasa processes check the Host the client used and rate-limit by the client's
        # address (channels/http_guard.py; run.sh trusts this hop's X-Forwarded-For).
        headers["Host"] = request.headers.get("Host", "")
        headers["X-Forwarded-For"] = client_of(request.remote or "", request.headers.get("X-Forwarded-For"), proxies)
        # One id for every attempt of this request (the client's own is replaced): a process that
        # died after saving the turn leaves it in the tracker, and the next one sends its reply
        # again instead of applying the words twice (channels/replay.py).
        headers["X-Request-Id"] = uuid.uuid4().hex
        order = [first] + [i for i in range(len(backends)) if i != first]
        for i in order:
            url = f"http://{backends[i]}{request.rel_url}"
            in_hand[i] += 1
            try:
                # no body, no Content-Length: 0 (Sanic logs an error for a GET that has one)
                async with app["client"].request(request.method, url, headers=headers, data=body or None,
                                                 allow_redirects=False) as r:
                    data = await r.read()
                    out = {k: v for k, v in r.headers.items() if k.lower() not in HOP}
                    return web.Response(status=r.status, body=data, headers=out)
            except aiohttp.ClientConnectorError:
                # Not listening (restarting): the next process serves, nothing was sent yet.
                continue
            except (aiohttp.ClientError, asyncio.TimeoutError) as e:
                if not isinstance(e, asyncio.TimeoutError) and not await listening(backends[i]):
                    # The process is gone (killed mid-turn, or dying as this arrived): the next
                    # process serves it (the dead one's lock is freed within a second,
                    # lockstores/local.py). Rasa saves a turn only at its end; a turn saved just
                    # before the death is found there by its X-Request-Id and not applied again.
                    logger.warning("backend %s died with a request in hand (%s): passed on",
                                   backends[i], type(e).__name__)
                    continue
                # Alive but the answer was lost, or too slow: not sent again (it may have been
                # applied); at most this message is lost, and the client is told so in Chinese.
                logger.warning("backend %s lost a request (%s)", backends[i], type(e).__name__)
                return interrupted(request.path, body)
            finally:
                in_hand[i] -= 1
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
    try:                    # Sanic's event loop (installed with Rasa): less time per request here
        import uvloop
        uvloop.install()
    except ImportError:
        pass
    host, port = args.listen.rsplit(":", 1)
    logger.info("balancer on %s:%s -> %s", host, port, ", ".join(args.backend))
    web.run_app(make_app(args.backend), host=host.strip("[]"), port=int(port), access_log=None,
                print=None)


if __name__ == "__main__":
    main()
