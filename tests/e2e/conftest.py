"""The real servers, started once for every end-to-end test module."""
import os
import subprocess

import pytest

from .servers import ROOT, Servers


@pytest.fixture(scope="session")
def servers():
    """Train if stale, then both servers once. E2E_URL=http://127.0.0.1:PORT talks to running
    servers instead (started with the same auth token as servers.py; for working on the tests)."""
    if os.environ.get("E2E_URL"):
        s = Servers()
        s.url = os.environ["E2E_URL"]
        yield s
        return
    train = subprocess.run(["bash", "scripts/train.sh"], cwd=ROOT, capture_output=True, text=True)
    assert train.returncode == 0, f"scripts/train.sh failed:\n{train.stdout[-2000:]}{train.stderr[-2000:]}"
    s = Servers().start()
    yield s
    s.stop()
