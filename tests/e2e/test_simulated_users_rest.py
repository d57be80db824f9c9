"""50 simulated users (simulator/) over REST against the real servers."""
import datetime as dt
import random

import pytest

from simulator.persona import personas
from simulator.run import Rest, play, summarise

from .servers import TOKEN


@pytest.mark.e2e
def test_fifty_simulated_users_over_rest(servers, monkeypatch):
    monkeypatch.setenv("RASA_AUTH_TOKEN", TOKEN)
    bot, rng, today = Rest(servers.url), random.Random(2), dt.date.today()
    fig = summarise([(p, *play(bot, p, rng, today)) for p in personas(50, 2)])
    print(fig)
    assert fig["personas"] == 50
    # floors measured on 2026-12-06 (README); the targets are not met yet
    assert fig["success"] >= 0.65 and fig["with_a_wrong_fact"] <= 18
