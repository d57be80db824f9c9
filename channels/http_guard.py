"""What the Rasa server checks on every HTTP request, whichever route: the Host header, the
client's address behind a configured proxy, rate limits, and no credentialed CORS.

- Host: only names in ALLOWED_HOSTS (space or comma separated; `name` or `name:port`); with none
  set, `localhost`, `127.0.0.1` and `[::1]` on any port. A request for another host gets 421
  (a DNS-rebinding page in a browser names the attacker's host, never ours).
- Rate limits on sending messages, per client address, on every door (MESSAGE_ROUTES: kiosk
  KIOSK_MESSAGES_PER_MINUTE 60, agent desk messages and corrections AGENT_MESSAGES_PER_MINUTE
  120, mini-program MP_MESSAGES_PER_MINUTE 30, REST REST_RATE_PER_MINUTE 60; a burst as big,
  then evenly), counted over every process and replica in the shared store (MessageLimits).
  Off loopback every client is limited; a loopback server limits only non-loopback clients
  (local tools and tests run at full speed, as before). The client address is the doors'
  (channels/doors/network.py): the peer, or X-Forwarded-For written by a proxy listed in
  DOORS_TRUSTED_PROXIES (scripts/run.sh and fleetctl list 127.0.0.1 for their balancer/nginx).
  Session opening, mini-program log-in and wrong agent tokens have their own limits (the doors).
- CORS: Rasa 3.6 turns `supports_credentials` on for every route (rasa/server.py
  configure_cors). Nothing here uses cookies, so `Access-Control-Allow-Credentials` is dropped.

`install(app)` adds the Host check, the doors' message limits and the CORS fix to the whole app; the REST channel calls it
when the server starts (every Rasa process runs the REST channel).
"""
from __future__ import annotations

import json
import logging
import os
import re
from typing import Iterable, Optional

from sanic import response
from sanic.request import Request

from channels import guard
from channels.doors.limits import SharedRateLimit, shared_backend
from channels.doors.network import is_loopback_address, request_address, trusted_proxies

logger = logging.getLogger(__name__)

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


# ---------------------------------------------------------------- Host header
def allowed_hosts(env: Optional[dict] = None) -> list[str]:
    env = os.environ if env is None else env
    raw = (env.get("ALLOWED_HOSTS") or "").replace(",", " ").split()
    return [h.strip().lower() for h in raw if h.strip()]


def split_host(value: str) -> tuple[str, Optional[str]]:
    """("name", "port" or None) of a Host header value; IPv6 literals without brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return value, None
        name, rest = value[1:end], value[end + 1:]
        return name, rest[1:] if rest.startswith(":") else None
    if value.count(":") == 1:
        name, port = value.split(":")
        return name, port
    return value, None


def host_allowed(header: Optional[str], allowed: Iterable[str]) -> bool:
    if not header:
        return False
    name, port = split_host(header)
    allowed = list(allowed)
    if not allowed:
        return name in LOCAL_HOSTS
    for entry in allowed:
        a_name, a_port = split_host(entry)
        if a_name == name and (a_port is None or a_port == port):
            return True
    return False


# ---------------------------------------------------------------- rate limits
# Every route that sends a message into a conversation: (door, path, setting, default per minute).
# A message costs a whole Rasa turn (NLU, the action server, a tracker read and write).
MESSAGE_ROUTES = (
    ("kiosk", re.compile(r"^/kiosk/api/sessions/[^/]+/messages/?$"), "KIOSK_MESSAGES_PER_MINUTE", 60),
    ("agent", re.compile(r"^/agent/api/conversations/[^/]+/(?:messages|facts)/?$"), "AGENT_MESSAGES_PER_MINUTE", 120),
    # a new query opens a conversation and reopening one reads it back: counted with the messages
    ("miniprogram", re.compile(r"^/miniprogram/v1/(?:messages|queries(?:/[^/]+/open)?)/?$"), "MP_MESSAGES_PER_MINUTE", 30),
    ("rest", re.compile(r"^/webhooks/rest/(?:webhook)?/?$"), "REST_RATE_PER_MINUTE", 60),
)
TOO_MANY = {"rest": ("请求过于频繁，请稍后再试", "too many requests, try again later")}
TOO_MANY_DOOR = ("发送太频繁，请{s}秒后再试。您之前告诉我的信息都已保留。", "too many messages from this address, try again later")


def door_route(method: str, path: str) -> Optional[str]:
    """The door whose message route this is ("kiosk", "agent", "miniprogram"), else None
    (REST is limited by its own channel, before its token check: rest_channel.py)."""
    if method != "POST":
        return None
    for door, pattern, _, _ in MESSAGE_ROUTES:
        if door != "rest" and pattern.match(path):
            return door
    return None


def request_client(request: Request) -> str:
    """The caller's address (X-Forwarded-For only from DOORS_TRUSTED_PROXIES: channels/doors/network.py)."""
    return request_address(request, trusted_proxies())


def too_many(retry_after: float, door: str = "rest"):
    seconds = max(1, int(retry_after + 0.999))
    if door in TOO_MANY:
        zh, en = TOO_MANY[door]
        body = {"error": zh, "error_en": en}
    else:           # the doors' pages show `messages` as the assistant's reply
        zh, en = TOO_MANY_DOOR[0].format(s=seconds), TOO_MANY_DOOR[1]
        body = {"error": zh, "error_en": en, "messages": [{"text": zh, "buttons": []}]}
    return response.json(body, status=429, headers={"Retry-After": str(seconds), "Cache-Control": "no-store"},
                         dumps=lambda o: json.dumps(o, ensure_ascii=False))


class MessageLimits:
    """Per-address limits on sending messages, one per door (MESSAGE_ROUTES), counted over every
    process and replica (limits.SharedRateLimit in the doors' store or the fleet's Redis, bound
    when the agent is there; this process's memory before that or when the store fails).

    Who is limited: every client of a server that faces the network (guard.exposed), and on a
    loopback server every client whose address is not loopback (only possible behind a trusted
    proxy). Local use of a loopback server stays unlimited, as before."""

    def __init__(self, env: Optional[dict] = None, argv=None, exposed: Optional[bool] = None):
        env = os.environ if env is None else env
        self.exposed = guard.exposed(argv, env) if exposed is None else exposed
        self.proxies = trusted_proxies(env.get("DOORS_TRUSTED_PROXIES", ""))
        self.limits = {door: SharedRateLimit(float(env.get(name) or default), 60)
                       for door, _, name, default in MESSAGE_ROUTES}
        self._agent = None

    def bind(self, app) -> None:
        """Count in the agent's shared store (once per agent: a new model brings a new one)."""
        agent = getattr(app.ctx, "agent", None)
        if agent is None or agent is self._agent:
            return
        self._agent = agent
        try:
            backend = shared_backend(agent)
        except Exception as e:         # noqa: BLE001: no shared store: each process counts alone
            logger.warning("Rate limits counted per process: shared store unavailable (%s)", type(e).__name__)
            backend = None
        for limit in self.limits.values():
            limit.backend = backend

    def refusal(self, request: Request, door: str, exposed: Optional[bool] = None):
        """None when the message may go on; else the 429 answer (Retry-After, Chinese and English)."""
        addr = request_address(request, self.proxies)
        if not (self.exposed if exposed is None else exposed) and is_loopback_address(addr):
            return None
        self.bind(request.app)
        wait = self.limits[door].wait(f"{door}|{addr}")
        return too_many(wait, door) if wait > 0 else None


def limits_of(app) -> MessageLimits:
    limits = getattr(app.ctx, "message_limits", None)
    if limits is None:
        limits = app.ctx.message_limits = MessageLimits()
    return limits


# ---------------------------------------------------------------- the whole app
def install(app) -> None:
    """The Host check (request middleware) and no credentialed CORS (last response middleware)."""
    if getattr(app.ctx, "http_guard_installed", False):
        return
    app.ctx.http_guard_installed = True
    allowed = allowed_hosts()

    async def check_host(request: Request):
        if not host_allowed(request.headers.get("Host"), allowed):
            return response.json({"error": "主机名不被允许", "error_en": "host not allowed"}, status=421)
        return None

    async def no_credentials(request: Request, resp):
        if resp is not None and "Access-Control-Allow-Credentials" in resp.headers:
            del resp.headers["Access-Control-Allow-Credentials"]

    limits = limits_of(app)

    async def limit_messages(request: Request):
        door = door_route(request.method, request.path)
        return limits.refusal(request, door) if door else None

    async def mark_request(request: Request):
        # a request the balancer passed on again after its process died is applied once (replay.py)
        from channels import replay

        replay.mark(request, limits.proxies)
        agent = getattr(request.app.ctx, "agent", None)
        if agent is not None and callable(getattr(agent, "is_ready", None)):
            replay.install(agent)

    app.register_middleware(check_host, "request")
    app.register_middleware(limit_messages, "request")      # after the Host check
    app.register_middleware(mark_request, "request")
    # sanic_cors appends its header-adding middleware; response middleware run in list order,
    # so this one goes after it (register_middleware would put it first).
    app.response_middleware.append(no_credentials)
