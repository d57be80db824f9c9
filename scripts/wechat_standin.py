"""LOCAL WECHAT LOGIN STAND-IN — for development on this machine only, never a real login.

WeChat's code2Session (`GET /sns/jscode2session`) as the mini-program door calls it, so the
mini-program works from `bash scripts/run.sh` with no WeChat account: run.sh starts this on
loopback when MP_APPID is not set, with MP_APPID=MP_APP_SECRET=local-standin and
WECHAT_API_BASE pointing here. Whoever can reach it can log in as anyone, so:

- it binds only a loopback address (refuses to start otherwise) and answers only loopback peers;
- the Rasa server refuses to serve the mini-program with it off loopback
  (channels/doors/miniprogram.py, `refuse_standin_off_loopback`);
- every answer says `"standin": true`.

The code is the identity: the same code gives the same openid (`standin-` + a hash), so
`{"code": "alice"}` logs in as one local user each time.

    python scripts/wechat_standin.py [--host 127.0.0.1] [--port 5056]
"""
from __future__ import annotations

import argparse
import hashlib
import ipaddress
import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

APPID = SECRET = "local-standin"


def _loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def answer(path: str, query: dict) -> tuple[int, dict]:
    """(status, body) for one request, as WeChat would answer (errors are 200 with errcode)."""
    if path != "/sns/jscode2session":
        return 404, {"errcode": -1, "errmsg": "not found (local WeChat stand-in)", "standin": True}
    code = query.get("js_code", "")
    if query.get("appid") != APPID or query.get("secret") != SECRET:
        return 200, {"errcode": 40125, "errmsg": "invalid appid or secret (local WeChat stand-in)", "standin": True}
    if not code or len(code) > 256 or query.get("grant_type") != "authorization_code":
        return 200, {"errcode": 40029, "errmsg": "invalid code (local WeChat stand-in)", "standin": True}
    openid = "standin-" + hashlib.sha256(code.encode()).hexdigest()[:24]
    return 200, {"openid": openid, "session_key": "local-standin", "standin": True}


class Handler(BaseHTTPRequestHandler):
    server_version = "LocalWeChatStandIn"

    def do_GET(self):
        if not _loopback(self.client_address[0]):
            status, body = 403, {"errcode": -1, "errmsg": "local WeChat stand-in: loopback only", "standin": True}
        else:
            url = urllib.parse.urlparse(self.path)
            status, body = answer(url.path, {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()})
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):       # the query holds the code: nothing logged per request
        pass


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Local WeChat login stand-in (loopback development only)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5056)
    args = p.parse_args(argv)
    if not _loopback(args.host):
        print(f"[wechat stand-in] refusing to listen on {args.host}: loopback only", file=sys.stderr)
        return 2
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"[wechat stand-in] LOCAL STAND-IN for WeChat code2Session on http://{args.host}:{args.port} "
          "(development only)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
