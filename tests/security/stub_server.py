"""The REST channel on a real Sanic server without a model (fast): Rasa's app setup (CORS as
`rasa run` does it) and channel registration, with a stand-in for the agent that echoes, waits
or fails by the message, so the tests can drive every path of the request rules quickly.

    python -m tests.security.stub_server PORT    (env: REST_TOKEN, STUB_LIMITED=1, ALLOWED_HOSTS …)

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
from sanic import Sanic

from channels import log_privacy
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
    app.ctx.agent = type("StubAgent", (), {"handle_message": staticmethod(agent)})()
    register([channel], app, route="/webhooks/")
    app.run(host="127.0.0.1", port=port, access_log=False, motd=False)


if __name__ == "__main__":
    main()
