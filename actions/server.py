"""The action server, served on loopback unless configured otherwise.

`rasa run actions` (rasa_sdk 3.6) binds 0.0.0.0 (only the SANIC_HOST variable changes that)
and allows every CORS origin, so anyone on the network could post it a tracker full of
personal facts. This runs the same rasa_sdk app with safe defaults:

    python -m actions.server [--port 5055] [--host 127.0.0.1]

- host: `--host`, else `ACTIONS_HOST`, else 127.0.0.1;
- port: `--port`, else `ACTIONS_PORT`, else 5055;
- CORS: none, unless `ACTIONS_CORS` lists origins (comma-separated); only Rasa calls it;
- logs: the same privacy filter as the Rasa server (safelog: no message text, slot, fact,
  exception message or ID-card/mobile number at INFO or above), installed without loading Rasa.

Nothing happens on import (rasa_sdk imports every module of the `actions` package).
"""
from __future__ import annotations

import argparse
import logging
import os

import safelog


def configure_logging(loglevel: str) -> None:
    """rasa_sdk's logging, then the privacy filter on every handler (safelog.install)."""
    from rasa_sdk import utils

    utils.configure_colored_logging(loglevel)
    utils.update_sanic_log_level()
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    safelog.install()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("ACTIONS_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTIONS_PORT", "5055")))
    parser.add_argument("--actions", default="actions")
    parser.add_argument("--loglevel", default=os.environ.get("ACTIONS_LOGLEVEL", "INFO"))
    args = parser.parse_args(argv)

    from rasa_sdk import utils
    from rasa_sdk.endpoint import create_app

    configure_logging(args.loglevel)
    origins = [o.strip() for o in os.environ.get("ACTIONS_CORS", "").split(",") if o.strip()]
    app = create_app(args.actions, cors_origins=origins or "")
    safelog.install()                     # handlers the app added

    @app.listener("before_server_start")
    async def _privacy(_app, _loop):
        safelog.install()                 # and those Sanic added when serving

    logging.getLogger(__name__).info("Action server on http://%s:%d (CORS: %s)", args.host, args.port,
                                     ", ".join(origins) or "none")
    app.run(args.host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()
