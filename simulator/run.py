"""Play simulated users through the assistant and print the figures.

    .venv/bin/python -m simulator.run [N] [--seed S]           # in-process, the trained model
    .venv/bin/python -m simulator.run 50 --rest http://127.0.0.1:5005
    .venv/bin/python -m simulator.run 500 --bank phrases_fresh.yaml  # the fresh bank (the figures)

In-process plays through the Rasa model and the action's own adapters (as tests/strangers);
over REST reads the slots back from the tracker API (token RASA_AUTH_TOKEN).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import urllib.request
import uuid
from collections import Counter

from .judge import judge
from .persona import personas
from .user import User, load_bank

MAX_TURNS = 20


class InProcess:
    def __init__(self):
        from tests.strangers.play import Player
        self.player = Player.shared()

    def start(self):
        return {}

    def say(self, session, text, today):
        from actions.conversation import run_turn
        from assistant_nlu.reading import turn_metadata
        parse = self.player.parse(text[:2000], turn_metadata(session))
        slots, messages = run_turn(session, parse, today)
        session.clear()
        session.update(slots)
        return messages, slots


class Rest:
    def __init__(self, url: str):
        self.url, self.token = url.rstrip("/"), os.environ.get("RASA_AUTH_TOKEN", "local-dev-token")

    def start(self):
        return {"sender": "sim-" + uuid.uuid4().hex[:12]}

    def say(self, session, text, today):
        body = json.dumps({"sender": session["sender"], "message": text}).encode()
        req = urllib.request.Request(self.url + "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            messages = json.loads(r.read() or b"[]")
        with urllib.request.urlopen(f"{self.url}/conversations/{session['sender']}/tracker?token={self.token}",
                                    timeout=60) as r:
            slots = json.loads(r.read()).get("slots", {})
        return messages, slots


def _text(messages) -> str:
    return "\n".join([m.get("text") or "" for m in messages] +
                     [b.get("title") or "" for m in messages for b in m.get("buttons") or []])


def play(bot, persona, rng, today, bank=None):
    user, session = User(persona, rng, bank=bank), bot.start()
    text, log, asked_seq, slots = user.opening(), [], [], {}
    for turn in range(MAX_TURNS):
        messages, slots = bot.say(session, text, today)
        log.append((text, _text(messages)))
        # a repeat: asked again right after the user answered it with a value
        asked_seq.append((slots.get("asked_fact"), user.gave_value))
        text = user.reply(turn + 1, slots.get("asked_fact"), slots.get("fact_guess"), log[-1][1])
        if text is None:
            break
    return judge(persona, slots, log, asked_seq, today), log


def main(argv: list[str]) -> dict:
    n = int(next((a for a in argv if a.isdigit()), "500"))
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 1
    bot = Rest(argv[argv.index("--rest") + 1]) if "--rest" in argv else InProcess()
    bank = load_bank(argv[argv.index("--bank") + 1]) if "--bank" in argv else None
    today, rng = dt.date.today(), random.Random(seed)
    t0 = time.perf_counter()
    people = personas(n, seed)
    verdicts = [(p, *play(bot, p, rng, today, bank)) for p in people]
    if "-v" in argv:
        for p, v, log in verdicts:
            print(f"== {p.speaker} goals={p.goals} truth={p.truth}")
            for said, heard in log:
                print("  U:", said)
                print("  B:", heard.replace("\n", " / ")[:300])
            print("  ->", v)
    figures = summarise(verdicts)
    figures["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return figures


def summarise(verdicts) -> dict:
    vs = [v for _p, v, _log in verdicts]
    ratios = [v.asked / v.fewest for v in vs if v.fewest]
    by_speaker = Counter(p.speaker for p, _v, _l in verdicts)
    ok_by_speaker = Counter(p.speaker for p, v, _l in verdicts if v.success)
    return {
        "personas": len(vs),
        "speakers": dict(by_speaker),
        "success": round(sum(v.success for v in vs) / len(vs), 3),
        "success_by_speaker": {s: round(ok_by_speaker[s] / by_speaker[s], 3) for s in by_speaker},
        "with_a_wrong_fact": sum(bool(v.wrong) for v in vs),
        "wrong_facts": dict(Counter(f for v in vs for f in v.wrong).most_common(8)),
        "with_a_repeated_question": sum(v.repeats > 0 for v in vs),
        "questions_mean": round(statistics.mean(v.asked for v in vs), 2),
        "fewest_mean": round(statistics.mean(v.fewest for v in vs), 2),
        "asked_over_fewest_mean": round(statistics.mean(ratios), 2) if ratios else None,
        "turns_mean": round(statistics.mean(v.turns for v in vs), 2),
    }


if __name__ == "__main__":
    main(sys.argv[1:])
