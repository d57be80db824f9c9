"""The staff page in its own process, driven in headless Chromium: its own token, upload,
progress, the report with its charts, download; afterwards nothing of the job is kept, and
no personal value (id, cell, file name) is in its log."""
from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--disable-default-apps", "--disable-extensions"]
TOKEN = "desk-test-token-0123456789"
SECRET_ID, SECRET_AGE = "ID-SECRET-4471", "57"
ROSTER = f"""id,age,hukou,employment_status,unemployed_since,hard_to_employ_certified,startup_competition_prize
{SECRET_ID},{SECRET_AGE},jinshan,unemployed,2025-01-10,false,
B-2,30,jinshan,unemployed,2025-01-10,false,first
B-3,notanumber,jinshan,,,,
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def desk(tmp_path):
    port = _free_port()
    tmp = tmp_path / "desk_tmp"
    tmp.mkdir()
    log = open(tmp_path / "desk.log", "w")
    p = subprocess.Popen([sys.executable, "-m", "policy_core.screen.desk", "--port", str(port)], cwd=ROOT,
                         stdout=log, stderr=subprocess.STDOUT,
                         env={**os.environ, "SCREEN_DESK_TOKEN": TOKEN, "TMPDIR": str(tmp),
                              "PYTHONPATH": str(ROOT)})
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url, tmp, tmp_path / "desk.log"
    p.terminate()
    p.wait(timeout=10)
    log.close()


def _get(url, token=None):
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_desk_needs_its_own_token(desk):
    url, _, _ = desk
    assert _get(url + "/api/jobs/x")[0] == 401
    assert _get(url + "/api/jobs/x", "wrong-token")[0] == 401
    assert _get(url + "/api/jobs/x", TOKEN)[0] == 404


def test_desk_without_a_token_refuses_to_start():
    p = subprocess.run([sys.executable, "-m", "policy_core.screen.desk"], cwd=ROOT, capture_output=True,
                       text=True, timeout=60, env={k: v for k, v in os.environ.items() if k != "SCREEN_DESK_TOKEN"})
    assert p.returncode == 2 and "SCREEN_DESK_TOKEN" in p.stderr


def test_upload_progress_report_download_then_nothing_kept(desk, tmp_path):
    assert Path(CHROMIUM).exists(), "Debian chromium is missing: scripts/setup_browser.sh installs it"
    from playwright.sync_api import expect, sync_playwright
    url, tmp, log_path = desk
    roster = tmp_path / "roster-of-jinshan-people.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    # In a thread of its own: the doors' session browser (tests/doors) keeps Playwright's loop running in
    # this one, and the sync API refuses to start inside a running loop.
    out: dict = {}

    def drive():
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1280, "height": 1600}, accept_downloads=True)
            page.goto(url + "/")
            # A wrong token: a clear answer on the page.
            page.fill("#token", "not-the-token")
            page.set_input_files("#file", str(roster))
            page.fill("#asof", "2026-12-06")
            page.click("#start")
            page.wait_for_selector("#status.error")
            assert "wrong or missing token" in page.inner_text("#status")
            page.fill("#token", TOKEN)
            page.click("#start")
            expect(page.locator("#status")).to_have_text(re.compile("^完成"), timeout=120_000)
            assert "1 bad rows" in page.inner_text("#status")
            assert page.eval_on_selector("#bar", "b => b.value === b.max")
            frame = page.frame_locator("#report")
            assert "免申即享筛查报告" in frame.locator("h1").inner_text()
            assert frame.locator("img").count() == 3
            assert frame.locator("img").first.evaluate("i => i.complete && i.naturalWidth > 0")
            (ROOT / "screenshots").mkdir(exist_ok=True)
            page.screenshot(path=str(ROOT / "screenshots" / "screen_desk.png"), full_page=False)
            job_files = [p for p in tmp.rglob("*") if p.is_file()]
            assert job_files and not any(p.name.startswith("roster") for p in job_files)   # upload gone once read
            with page.expect_download() as dl:
                page.click("#download")
            out["data"] = Path(dl.value.path()).read_bytes()
            expect(page.locator("#status")).to_have_text(re.compile("^已下载"))
            browser.close()

    failure: list = []

    def run():
        try:
            drive()
        except BaseException as e:        # re-raised in the test's own thread
            failure.append(e)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
    data = out["data"]
    z = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(z.namelist()) == ["bad_rows.csv", "report.html", "report.xlsx", "results.csv"]
    results = z.read("results.csv").decode("utf-8")
    assert results.count(SECRET_ID) == 22 and results.count('"B-2"') == 22
    assert z.read("bad_rows.csv").decode("utf-8").startswith("row,reason_zh,reason_en\n3,")
    # Nothing kept: no file of the job is left, and its address is gone.
    assert [p for p in tmp.rglob("*") if p.is_file()] == []
    log = log_path.read_text(encoding="utf-8")
    for secret in (SECRET_ID, "B-2", "notanumber", "roster-of-jinshan-people", "2025-01-10"):
        assert secret not in log
    assert f",{SECRET_AGE}," not in log and "job downloaded and deleted" in log
    job_ids = [line.split("/api/jobs/")[1].split("/")[0] for line in log.splitlines() if "/api/jobs/" in line]
    assert job_ids and _get(f"{url}/api/jobs/{job_ids[-1]}", TOKEN)[0] == 404


def test_the_log_says_each_requests_status_and_nothing_else(desk):
    url, _, log_path = desk
    assert _get(url + "/api/jobs/nope")[0] == 401
    assert _get(url + "/api/jobs/nope?x=" + SECRET_ID, TOKEN)[0] == 404
    assert _get(url + "/")[0] == 200
    want = ["GET /api/jobs/nope 401", "GET /api/jobs/nope 404", "GET / 200"]
    for _ in range(50):
        log = log_path.read_text(encoding="utf-8")
        if all(w in log for w in want):
            break
        time.sleep(0.1)
    assert all(w in log for w in want), log
    assert SECRET_ID not in log


def _wait(predicate, seconds=120):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_job_nobody_downloads_is_deleted_on_its_own_and_a_failed_one_at_once(tmp_path):
    import datetime as dt
    from policy_core.screen.desk import Desk
    d = Desk(TOKEN, keep_seconds=0.5, sweep_seconds=0.1, base=tmp_path)
    try:
        job = d.start(ROSTER.encode(), ".csv", dt.date(2026, 12, 6))
        assert _wait(lambda: job.state in ("done", "failed")) and job.state == "done", job.error
        assert job.total == job.rows == 3
        # No request, no new upload: the sweeper deletes it once the keep time has passed.
        assert _wait(lambda: job.id not in d.jobs and not job.dir.exists(), 10)
        # A failed job: its folder goes at once, its status (the error) stays until it expires.
        bad = d.start(b"not a workbook at all", ".xlsx", dt.date(2026, 12, 6))
        assert _wait(lambda: bad.state == "failed")
        assert not bad.dir.exists() and d.jobs[bad.id].error
        assert _wait(lambda: bad.id not in d.jobs, 10)
        assert [p for p in d.root.rglob("*")] == []
    finally:
        d.close()
    assert not d.root.exists()


def test_a_desk_that_died_leaves_nothing_the_next_one_does_not_delete(tmp_path):
    from policy_core.screen.desk import Desk
    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)
    left = tmp_path / f"screen-desk-{dead}-x1y2" / "job-abc"
    left.mkdir(parents=True)
    (left / "results.csv").write_text("a person's results", encoding="utf-8")
    alive = tmp_path / f"screen-desk-{os.getpid()}-q9"          # a desk still running: kept
    alive.mkdir()
    other = tmp_path / "screen-desk-notes"                        # not a desk's folder: kept
    other.mkdir()
    d = Desk(TOKEN, base=tmp_path)
    try:
        assert not left.parent.exists() and alive.exists() and other.exists()
    finally:
        d.close()
