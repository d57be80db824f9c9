"""python -m fleetctl [--replicas N] [--port P] [--dir D]: start the fleet, print its
address, and stop every process it started on Ctrl-C (scripts/fleet.sh calls this)."""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from .services import Fleet, ensure_installed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--replicas", type=int, default=int(os.environ.get("FLEET_REPLICAS", 2)))
    ap.add_argument("--port", type=int, default=int(os.environ.get("FLEET_PORT", 0)) or None,
                    help="nginx port on 127.0.0.1 (default: a free port)")
    ap.add_argument("--dir", default=os.environ.get("FLEET_DIR"),
                    help="data dirs, configs and logs, kept after Ctrl-C (default: a new temp dir, "
                         "removed on Ctrl-C)")
    a = ap.parse_args()
    if a.port in (5005, 5055):
        ap.error("5005 and 5055 belong to scripts/run.sh: choose another port")
    ensure_installed()
    fleet = Fleet(replicas=a.replicas, port=a.port, base=Path(a.dir) if a.dir else None)
    stopping = False

    def stop(*_):
        nonlocal stopping
        if stopping:
            return
        stopping = True
        print("\n[fleet] stopping…", flush=True)
        if a.dir:
            fleet.stop()
        else:  # a temp dir of our own: data and logs go with it
            fleet.cleanup()
        print("[fleet] stopped", flush=True)
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        fleet.start(log=lambda m: print(m, flush=True))
    except Exception as e:
        print(f"[fleet] failed to start: {e}\n[fleet] logs kept in {fleet.base}", file=sys.stderr)
        fleet.stop()
        return 1
    u = fleet.url
    print(f"""[fleet] ready ({a.replicas} Rasa replicas behind nginx; logs and data in {fleet.base}):
  对话 REST:   POST {u}/webhooks/rest/webhook  {{"sender": "…", "message": "…"}}
               send the header X-Conversation-Id: <sender> so every turn reaches the same replica
  HTTP API:    {u}/  (token: $RASA_AUTH_TOKEN{'' if os.environ.get('RASA_AUTH_TOKEN') else ' — not set, generated: ' + fleet.token})
  自助终端:    {u}/kiosk/     热线坐席: {u}/agent/     小程序: {u}/miniprogram/v1/
  replicas:    {', '.join(fleet.replica_url(i) for i in range(a.replicas))}
  PostgreSQL:  127.0.0.1:{fleet.postgres.port} (db rasa, user rasa)   Redis: 127.0.0.1:{fleet.redis.port}
  action server: http://127.0.0.1:{fleet.actions_port}/health
  Ctrl-C 停止 / Ctrl-C stops everything""", flush=True)
    procs = [fleet.postgres, fleet.redis, fleet.actions, fleet.nginx]
    while True:  # replicas may die (nginx fails over); the shared services may not
        for p in procs:
            if not p.alive():
                print(f"[fleet] {p.name} stopped unexpectedly:\n{p.tail()}", file=sys.stderr)
                fleet.stop()
                return 1
        if not any(r.alive() for r in fleet.replicas):
            print("[fleet] every Rasa replica has stopped: see the logs", file=sys.stderr)
            fleet.stop()
            return 1
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
