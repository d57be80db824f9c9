"""Simulated users (simulator/) through the trained model in-process: 500 personas answering
from the fresh phrase bank (simulator/phrases_fresh.yaml, written blind after the change).

The issue's targets (success 98%, no wrong fact, no repeated question, at most 1.5× the fewest
questions) are not met yet; these floors sit just under the figures measured on 2026-12-07
(docs/dialogue.md, this bank: success 97.2%, a wrong fact in 4.2%, a repeat in 4.0%, 1.59× the
fewest questions by the corrected judge), so a change that makes the conversation worse for
simulated users fails here.
"""
from __future__ import annotations

import datetime as dt
import random

import pytest

pytestmark = pytest.mark.model

from simulator.persona import SPEAKERS, personas  # noqa: E402
from simulator.run import InProcess, play, summarise  # noqa: E402
from simulator.user import load_bank  # noqa: E402

N = 500


@pytest.fixture(scope="module")
def figures():
    from tests.strangers.play import ROOT
    if not (ROOT / "models" / "current.tar.gz").exists():
        import subprocess
        subprocess.run(["bash", "scripts/train.sh"], cwd=ROOT, check=True)
    bot, rng, today, bank = InProcess(), random.Random(1), dt.date.today(), load_bank("phrases_fresh.yaml")
    people = personas(N, 1)
    fig = summarise([(p, *play(bot, p, rng, today, bank)) for p in people])
    print(fig)
    return fig


def test_every_speaker_kind_is_simulated(figures):
    assert figures["personas"] == N and set(figures["speakers"]) == {s for s, _ in SPEAKERS}


def test_simulated_users_do_not_fall_below_the_measured_floor(figures):
    assert figures["success"] >= 0.95
    assert figures["with_a_wrong_fact"] <= 0.07 * N
    assert figures["with_a_repeated_question"] <= 0.07 * N
    assert figures["asked_over_fewest_mean"] <= 1.8
