"""Helpers the doors' tests share (and tests/security with them): a settable clock, a coroutine
on a thread of its own, the environment for a block, scripts/run.sh started and stopped, a bare
socket backend."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.servers import ROOT, free_port


class Clock:
    """Time the test moves by hand (`clock.now += seconds`)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def in_own_thread(coro):
    """The coroutine's result, run on a loop of its own thread: Playwright's sync API (or an
    earlier test) may hold this thread's."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@contextmanager
def environ(env: dict):
    """os.environ with `env` set for the block, then as it was (also for keys the block sets)."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# Not inherited by scripts/run.sh below: it runs with its local defaults and the WeChat stand-in.
NOT_INHERITED = ("RASA_AUTH_TOKEN", "AGENT_TOKEN", "MP_APPID", "MP_APP_SECRET", "WECHAT_API_BASE", "MP_SERVER_SECRET")


def run_env(tmp: Path, *also_unset: str, **extra: str) -> dict:
    """scripts/run.sh's environment: free ports, its own RUN_DIR under `tmp`, `extra` on top."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED + also_unset}
    env.update(RUN_DIR=str(tmp / "run"), RASA_PORT=str(free_port()), ACTIONS_PORT=str(free_port()),
               WECHAT_STANDIN_PORT=str(free_port()), **extra)
    return env


@contextmanager
def running(env: dict, out: Path, ready_within: float):
    """scripts/run.sh on `env`, its output in `out`, once it says it is ready; its whole
    process group stopped after the block."""
    proc = subprocess.Popen(["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=open(out, "w"),
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + ready_within
        while "[run] ready" not in out.read_text():
            assert proc.poll() is None and time.time() < deadline, out.read_text()[-3000:]
            time.sleep(1)
        yield proc
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen) -> None:
    """The whole process group of scripts/run.sh: TERM, then KILL after a minute."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


class RawBackend:
    """A backend on a bare socket (a free loopback port), for what HTTP servers will not do:
    serve(conn) answers each connection; stop() stops listening, as a killed process does."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def stop(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)      # wakes the accepting thread; the port stops listening
        except OSError:
            pass
        self.sock.close()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.serve(conn)

    def serve(self, conn: socket.socket) -> None:
        raise NotImplementedError
