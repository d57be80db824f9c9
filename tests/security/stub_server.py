"""The REST channel on a real Sanic server without a model (fast): Rasa's app setup (CORS as
`rasa run` does it) and channel registration, with a stand-in for the agent that echoes, waits
or fails by the message, so the tests can drive every path of the request rules quickly.

    python -m tests.security.stub_server PORT    (env: REST_TOKEN, STUB_LIMITED=1, ALLOWED_HOSTS …)

STUB_LIMITED=1: the server counts as facing the network (REST and the doors' message limits for
every client). STUB_DOORS=1: stand-ins for the doors' message routes (same paths, echo), so the
whole app's message limits (channels/http_guard.py) can be flooded without a model.
STUB_SHARED_STORE=1: the stand-in agent has a tracker store, so the limits are counted in the
doors' SQL store (DOORS_DB); STUB_REDIS_PORT: a lock store on that Redis, so they are counted there.

Messages: "sleep …" waits 5 s before answering (a client can leave mid-turn), "boom …" raises
with the text in the exception, anything else is echoed as "echo:<sender>:<text>".
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys

from rasa.core.channels.channel import register
from rasa.server import configure_cors
from rasa.utils.log_utils import configure_structlog
from sanic import Sanic, response

from channels import http_guard, log_privacy
from channels.rest_channel import PolicyRestInput


async def agent(message) -> None:
    if message.text.startswith("sleep"):
        await asyncio.sleep(5)
    if message.text.startswith("boom"):
        raise RuntimeError(f"could not handle {message.text}")
    await message.output_channel.send_text_message(message.sender_id, f"echo:{message.sender_id}:{message.text}")


def main() -> None:
    port = int(sys.argv[1])
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s", stream=sys.stdout)
    configure_structlog(logging.INFO)
    log_privacy.install()
    app = Sanic("stub_rest")
    configure_cors(app, os.environ.get("STUB_CORS") or None)
    channel = PolicyRestInput(token=os.environ.get("REST_TOKEN") or None,
                              limited=os.environ.get("STUB_LIMITED") == "1")
    stub_agent = type("StubAgent", (), {"handle_message": staticmethod(agent)})()
    if os.environ.get("STUB_SHARED_STORE") == "1":
        stub_agent.tracker_store = object()           # the doors' store: DOORS_DB
    if os.environ.get("STUB_REDIS_PORT"):
        import redis

        stub_agent.lock_store = type("Locks", (), {})()
        stub_agent.lock_store.red = redis.StrictRedis(port=int(os.environ["STUB_REDIS_PORT"]))
        stub_agent.lock_store.key_prefix = "stub:"
    app.ctx.agent = stub_agent
    app.ctx.message_limits = http_guard.MessageLimits(exposed=os.environ.get("STUB_LIMITED") == "1")
    if os.environ.get("STUB_DOORS") == "1":
        async def door(request, **_):
            return response.json({"messages": [{"text": "echo", "buttons": []}]})

        app.add_route(door, "/kiosk/api/sessions/<sid>/messages", methods=["POST"])
        app.add_route(door, "/agent/api/conversations/<cid>/messages", methods=["POST"], name="desk")
        app.add_route(door, "/agent/api/conversations/<cid>/facts", methods=["POST"], name="facts")
        app.add_route(door, "/miniprogram/v1/messages", methods=["POST"], name="mp")
        app.add_route(door, "/kiosk/api/sessions", methods=["POST"], name="open")

    async def client(request):
        return response.json({"client": http_guard.request_client(request)})

    app.add_route(client, "/stub/client", methods=["GET"])      # the address the limits count
    register([channel], app, route="/webhooks/")
    app.run(host="127.0.0.1", port=port, access_log=False, motd=False)


if __name__ == "__main__":
    main()
