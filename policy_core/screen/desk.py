"""A page for the bureau's staff, in its own process: upload a roster, watch the progress, read
the report with its charts, download the results. Then nothing of the job is kept.

    SCREEN_DESK_TOKEN=... python -m policy_core.screen.desk [--host 127.0.0.1] [--port 8765]

Behind its own token (Authorization: Bearer, compared in constant time), separate from the
hotline's. A job lives in a private temporary folder until its results are downloaded, or
KEEP_SECONDS after it finished, or the process stops. Expiry runs on its own: a sweeper
thread every minute, on every request, and at start (folders left by a desk process that
died without cleaning up). A failed job's folder goes at once; only its status is kept, to
show the error. The log says method, path, HTTP status and counts: never a cell, an id or a
file name from the roster.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hmac
import io
import json
import logging
import os
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
import zipfile
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .read import RosterError, open_roster

log = logging.getLogger("screen.desk")
MAX_UPLOAD = 512 * 1024 * 1024       # bytes: a roster of a few million rows
KEEP_SECONDS = 3600                  # a finished job nobody downloads is removed this long after it finished
SWEEP_SECONDS = 60                   # how often the sweeper looks
PREFIX = "screen-desk-"              # the desk's folder: screen-desk-<pid>-<random>
FORMATS = {".csv", ".parquet", ".xlsx"}
PAGE = Path(__file__).with_name("desk.html")


class Job:
    def __init__(self, root: Path, suffix: str, day: dt.date):
        self.id = secrets.token_urlsafe(12)
        self.dir = Path(tempfile.mkdtemp(prefix="job-", dir=root))
        self.roster = self.dir / f"roster{suffix}"
        self.results = self.dir / "results.csv"
        self.report = self.dir / "report.html"
        self.day = day
        self.state, self.rows, self.total, self.bad, self.error = "queued", 0, None, 0, None
        self.created = time.time()
        self.finished = None          # when it was done or failed

    def status(self) -> dict:
        return {"state": self.state, "rows": self.rows, "total": self.total, "bad": self.bad,
                "error": self.error}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:          # someone else's process
        return True
    return True


def clear_leftovers(base: Path) -> int:
    """Remove the folders of desk processes that died without cleaning up (killed, a crash):
    screen-desk-<pid>-* of ours whose process is gone. Returns how many."""
    gone = 0
    for d in base.glob(PREFIX + "*"):
        pid = d.name[len(PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or not d.is_dir() or d.stat().st_uid != os.getuid() or _alive(int(pid)):
            continue
        shutil.rmtree(d, ignore_errors=True)
        gone += 1
    return gone


class Desk:
    def __init__(self, token: str, workers: int = 1, keep_seconds: float = KEEP_SECONDS,
                 sweep_seconds: float = SWEEP_SECONDS, base: str | Path | None = None):
        self.token = token.encode()
        self.workers = workers
        self.keep = keep_seconds
        base = Path(base or tempfile.gettempdir())
        clear_leftovers(base)
        self.root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base))
        os.chmod(self.root, 0o700)
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._sweeper = threading.Thread(target=self._sweep_every, args=(sweep_seconds,), daemon=True)
        self._sweeper.start()

    def _sweep_every(self, seconds: float) -> None:
        while not self._stop.wait(seconds):
            self.sweep()

    def authorised(self, header: str | None) -> bool:
        given = (header or "").removeprefix("Bearer ").encode()
        return hmac.compare_digest(given, self.token)

    def start(self, data: bytes, suffix: str, day: dt.date) -> Job:
        self.sweep()
        job = Job(self.root, suffix, day)
        job.roster.write_bytes(data)
        with self.lock:
            self.jobs[job.id] = job
        threading.Thread(target=self._run, args=(job,), daemon=True).start()
        return job

    def _run(self, job: Job) -> None:
        from .report import write_report
        from .run import screen
        try:
            roster = open_roster(job.roster)
            job.total, job.state = roster.rows, "running"

            def on_rows(n):
                job.rows = n

            def on_bad(*_):
                job.bad += 1
            outcome = screen(roster, job.results, job.day, workers=self.workers, progress=False,
                             on_bad=on_bad, on_rows=on_rows)
            job.rows, job.bad = outcome.rows + len(roster.bad_lines), len(outcome.bad)
            if outcome.bad:
                (job.dir / "bad_rows.csv").write_text(
                    "row,reason_zh,reason_en\n" + "".join(f'{r},"{zh}","{en}"\n' for r, zh, en in outcome.bad),
                    encoding="utf-8")
            job.state = "reporting"
            write_report(job.results, job.report, job.day)
            job.roster.unlink(missing_ok=True)        # the upload is not needed any more
            job.total = job.rows                      # the count up front may have been about
            job.finished, job.state = time.time(), "done"
            log.info("job finished: %d rows, %d bad", job.rows, job.bad)
        except RosterError as e:
            self._failed(job, f"{e.zh} / {e.en}")
            log.info("job refused: the roster could not be read")
        except Exception as e:          # a clear answer on the page, never a crash of the desk
            kind = getattr(e, "kind", type(e).__name__)
            self._failed(job, f"筛查失败 / screening failed ({kind})")
            log.info("job failed: %s", kind)

    def _failed(self, job: Job, error: str) -> None:
        """Nothing of a failed job is kept on disk; its status (the error) stays until it expires."""
        shutil.rmtree(job.dir, ignore_errors=True)
        job.finished, job.state, job.error = time.time(), "failed", error

    def bundle(self, job: Job) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for p in (job.results, job.report, job.report.with_suffix(".xlsx"), job.dir / "bad_rows.csv"):
                if p.exists():
                    z.write(p, p.name)
        return buf.getvalue()

    def forget(self, job: Job) -> None:
        with self.lock:
            self.jobs.pop(job.id, None)
        shutil.rmtree(job.dir, ignore_errors=True)

    def sweep(self) -> None:
        """Forget every finished job older than the keep time, and delete its folder."""
        now = time.time()
        with self.lock:
            old = [j for j in self.jobs.values() if j.finished is not None and now - j.finished > self.keep]
        for job in old:
            self.forget(job)
            log.info("job expired and deleted")

    def close(self) -> None:
        self._stop.set()
        shutil.rmtree(self.root, ignore_errors=True)


def handler(desk: Desk):
    class Handler(BaseHTTPRequestHandler):
        server_version = "screen-desk"

        def _where(self) -> tuple:
            return self.command or "-", (getattr(self, "path", "") or "").split("?")[0]

        def log_request(self, code="-", size="-"):
            # Method, path (job ids are random, not personal) and HTTP status only.
            status = code.value if isinstance(code, HTTPStatus) else code
            log.info("%s %s %s", *self._where(), status)

        def log_message(self, fmt, *args):
            # The server's other messages (a malformed request...) may quote what was sent: not logged.
            log.info("%s %s: request not served", *self._where())

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _refuse(self, status: int, zh: str, en: str) -> None:
            self._json(status, {"error": f"{zh} / {en}"})

        def _job(self, parts) -> Job | None:
            job = desk.jobs.get(parts[2]) if len(parts) > 2 else None
            if job is None:
                self._refuse(404, "没有这项任务（下载后或到期后即删除）",
                             "no such job (deleted after download or once expired)")
            return job

        def _auth(self) -> bool:
            if desk.authorised(self.headers.get("Authorization")):
                return True
            self._refuse(401, "口令不对", "wrong or missing token")
            return False

        def do_GET(self):
            desk.sweep()
            parts = self.path.split("?")[0].strip("/").split("/")
            if parts == [""]:
                data = PAGE.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Content-Security-Policy",
                                 "default-src 'self'; img-src data:; style-src 'unsafe-inline'; "
                                 "script-src 'unsafe-inline'; frame-src blob:")
                self.end_headers()
                self.wfile.write(data)
                return
            if parts[:2] != ["api", "jobs"] or not self._auth():
                if parts[:2] != ["api", "jobs"]:
                    self._refuse(404, "没有这个地址", "not found")
                return
            job = self._job(parts)
            if job is None:
                return
            what = parts[3] if len(parts) > 3 else "status"
            if what == "status":
                return self._json(200, job.status())
            if job.state != "done":
                return self._refuse(409, "任务尚未完成", "the job is not finished")
            if what == "report":
                data = job.report.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)
                return
            if what == "download":
                data = desk.bundle(job)
                desk.forget(job)          # nothing kept after download
                self.send_response(200)
                self.send_header("Content-Type", "application/zip")
                self.send_header("Content-Disposition", 'attachment; filename="screening.zip"')
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)
                log.info("job downloaded and deleted")
                return
            self._refuse(404, "没有这个地址", "not found")

        def do_POST(self):
            desk.sweep()
            parts = self.path.split("?")[0].strip("/").split("/")
            if parts != ["api", "jobs"]:
                return self._refuse(404, "没有这个地址", "not found")
            if not self._auth():
                return
            suffix = "." + (self.headers.get("X-Format") or "").lower().lstrip(".")
            if suffix not in FORMATS:
                return self._refuse(400, "名单应为 .csv、.parquet 或 .xlsx 文件",
                                    "the roster must be a .csv, .parquet or .xlsx file")
            try:
                day = dt.date.fromisoformat(self.headers.get("X-As-Of") or "")
            except ValueError:
                return self._refuse(400, "判断日应为 YYYY-MM-DD 格式的日期", "the day must be a date YYYY-MM-DD")
            try:
                size = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                size = -1
            if size <= 0 or size > MAX_UPLOAD:
                return self._refuse(413 if size > MAX_UPLOAD else 400, "名单为空或太大", "the roster is empty or too large")
            job = desk.start(self.rfile.read(size), suffix, day)
            log.info("job started: %d bytes", size)
            self._json(202, {"job": job.id})

    return Handler


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m policy_core.screen.desk")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--workers", type=int, default=1, help="processes per screening job")
    args = ap.parse_args(argv)
    token = os.environ.get("SCREEN_DESK_TOKEN", "")
    if len(token) < 16:
        print("需要 SCREEN_DESK_TOKEN（至少16个字符）/ SCREEN_DESK_TOKEN must be set (16 characters or more)",
              file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    desk = Desk(token, args.workers)
    server = ThreadingHTTPServer((args.host, args.port), handler(desk))
    print(f"screen desk on http://{args.host}:{server.server_address[1]}/", flush=True)

    def stop(*_):                  # SIGTERM too: remove every job's folder on the way out
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        desk.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
