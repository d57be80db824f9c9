"""The table of issue 7 (what strangers typed, what a correct assistant does), played in-process
with the trained model."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.model   # plays the trained model in-process (no servers)

from tests.strangers.play import ROOT, Player, check, text_of

CASES = json.loads((Path(__file__).with_name("issue_table.json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def player():
    if not (ROOT / "models" / "current.tar.gz").exists():
        import subprocess
        subprocess.run(["bash", "scripts/train.sh"], cwd=ROOT, check=True)
    return Player.shared()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_issue_table_row(player, case):
    today = dt.date.today()   # months_since:… is worked out on the day of the run, as the player's
    slots, log = player.play(case["turns"], today)
    errs = check(case, slots, log[-1][1], today)
    errs += [f"no reply to {t!r}" for t, m in log if not text_of(m).strip()]
    assert not errs, "\n".join(errs)
