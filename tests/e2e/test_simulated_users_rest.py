"""50 simulated users (simulator/) over REST against the real servers."""
import datetime as dt
import random

import pytest

from simulator.persona import personas
from simulator.run import Rest, play, summarise
from simulator.user import load_bank

from .servers import TOKEN


@pytest.mark.e2e
def test_fifty_simulated_users_over_rest(servers, monkeypatch):
    monkeypatch.setenv("RASA_AUTH_TOKEN", TOKEN)
    bot, rng, today, bank = Rest(servers.url), random.Random(2), dt.date.today(), load_bank("phrases_fresh.yaml")
    fig = summarise([(p, *play(bot, p, rng, today, bank)) for p in personas(50, 2)])
    print(fig)
    assert fig["personas"] == 50
    # floors under the figures measured on 2026-12-06 (docs/dialogue.md); the targets are not met yet
    assert fig["success"] >= 0.82 and fig["with_a_wrong_fact"] <= 10 and fig["asked_over_fewest_mean"] <= 2.6
