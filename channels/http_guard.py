"""What the Rasa server checks on every HTTP request, whichever route: the Host header, the
client's address behind a configured proxy, rate limits, and no credentialed CORS.

- Host: only names in ALLOWED_HOSTS (space or comma separated; `name` or `name:port`); with none
  set, `localhost`, `127.0.0.1` and `[::1]` on any port. A request for another host gets 421
  (a DNS-rebinding page in a browser names the attacker's host, never ours).
- Rate limits: REST_RATE_PER_MINUTE requests (default 60, a burst as big) per client address,
  used by the REST channel off loopback only (on loopback local tools and tests run at full
  speed, as before). The client address is the doors' (channels/doors/network.py): the peer,
  or X-Forwarded-For written by a proxy listed in DOORS_TRUSTED_PROXIES (scripts/run.sh lists
  127.0.0.1 when its balancer is in front).
- CORS: Rasa 3.6 turns `supports_credentials` on for every route (rasa/server.py
  configure_cors). Nothing here uses cookies, so `Access-Control-Allow-Credentials` is dropped.

`install(app)` adds the Host check and the CORS fix to the whole app; the REST channel calls it
when the server starts (every Rasa process runs the REST channel).
"""
from __future__ import annotations

import os
from typing import Iterable, Optional

from sanic import response
from sanic.request import Request

from channels.doors.limits import RateLimit
from channels.doors.network import request_address, trusted_proxies

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
def request_client(request: Request) -> str:
    """The caller's address (X-Forwarded-For only from DOORS_TRUSTED_PROXIES: channels/doors/network.py)."""
    return request_address(request, trusted_proxies())


def rest_limiter(env: Optional[dict] = None) -> RateLimit:
    env = os.environ if env is None else env
    per_minute = float(env.get("REST_RATE_PER_MINUTE") or 60)
    return RateLimit(per_minute, 60)


def too_many(retry_after: float):
    return response.json({"error": "请求过于频繁，请稍后再试", "error_en": "too many requests, try again later"},
                         status=429, headers={"Retry-After": str(max(1, int(retry_after + 0.999)))})


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

    app.register_middleware(check_host, "request")
    # sanic_cors appends its header-adding middleware; response middleware run in list order,
    # so this one goes after it (register_middleware would put it first).
    app.response_middleware.append(no_credentials)
