"""Play conversation sets (the shared format) in one process: the trained model's NLU and
the dialogue, no servers. The same checks as ../shared/eval/converse.py, much faster:
for the bulk of the dialogue tests and for trying a change against the stranger sets.

    .venv/bin/python -m tests.strangers.play SET.json [name-filter…] [-v]
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "current.tar.gz"
DERIVED = {"unemployment_months": "unemployed_since", "months_since_graduation": "graduation_date"}


def months_between(iso: str, today: dt.date) -> int:
    d = dt.date.fromisoformat(str(iso)[:10])
    return (today.year - d.year) * 12 + today.month - d.month - (today.day < d.day)


def relative(want, today: dt.date):
    """The shared format's 'age_from_birth_year:1995' and 'months_since:-1y-10' as ranges."""
    if not isinstance(want, str) or ":" not in want:
        return want
    kind, arg = want.split(":", 1)
    if kind == "age_from_birth_year":
        return [today.year - int(arg) - 1, today.year - int(arg)]
    if kind == "months_since":
        back, month = arg.split("y-")
        m = (today.year * 12 + today.month) - ((today.year + int(back)) * 12 + int(month))
        return [m - 1, m + 1]
    return want


def text_of(messages: list) -> str:
    parts = []
    for m in messages:
        parts.append(m.get("text") or "")
        parts += [b.get("title") or "" for b in m.get("buttons") or []]
    return re.sub(r"(?<=\d)[,，\s](?=\d{3})", "", "\n".join(parts))


class Player:
    """One loaded model; plays conversations through the Rasa action's own adapters."""

    @classmethod
    def shared(cls, model: Path = MODEL) -> "Player":
        """One Player per model in a process. Each Agent.load has Rasa's JiebaTokenizer load the
        dictionary into jieba's global tokenizer again, and jieba adds every word's frequency to its
        total each time: a second load tips segmentations (大学毕业 becomes one word, 毕业 is lost).
        The server loads the model once; the tests and the simulator must too."""
        # (this file is imported as tests.strangers.play and as strangers.play: one cache for both)
        import types
        cache = sys.modules.setdefault("_jinshan_shared_players", types.ModuleType("_jinshan_shared_players"))
        players = cache.__dict__.setdefault("players", {})
        key = str(model)
        if key not in players:
            players[key] = cls(model)
        return players[key]

    def __init__(self, model: Path = MODEL):
        import logging

        from rasa.core.agent import Agent
        from rasa.utils.common import configure_logging_and_warnings
        configure_logging_and_warnings(logging.ERROR)
        self.agent = Agent.load(str(model))
        logging.getLogger().setLevel(logging.ERROR)
        import structlog
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.ERROR))
        # a loop of its own in a thread: the caller may already run one (Playwright's sync API does)
        import threading
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def parse(self, text: str, metadata: dict) -> dict:
        from rasa.core.channels import UserMessage
        msg = UserMessage(text, metadata=metadata)
        return asyncio.run_coroutine_threadsafe(self.agent.processor.parse_message(msg), self.loop).result()

    def play(self, turns: list[str], today: dt.date | None = None):
        from assistant_nlu.reading import turn_metadata
        from actions.conversation import run_turn
        slots: dict = {}
        log = []
        for t in turns:
            if t == "LONG2000":
                t = ("我想咨询一下金山区的就业补贴政策" * 200)[:2000]
            parse = self.parse(t[:2000], turn_metadata(slots, truncated=len(t) > 2000))
            slots, messages = run_turn(slots, parse, today)
            log.append((t, messages))
        return slots, log


def check(case: dict, slots: dict, last: list, today: dt.date) -> list[str]:
    from policy_core import FACT_NAMES, evaluate
    errs = []
    said = text_of(last)
    for s in case.get("reply_has", []):
        if s not in said:
            errs.append(f"last reply lacks {s!r}")
    if case.get("reply_has_any") and not any(s in said for s in case["reply_has_any"]):
        errs.append(f"last reply lacks any of {case['reply_has_any']}")
    for k, want in case.get("facts", {}).items():
        got = slots.get(k)
        if got is None and k in DERIVED and slots.get(DERIVED[k]):
            # the spell before flexible work ends the day it began (contract: flexible_since)
            end = slots.get("flexible_since") if k == "unemployment_months" else None
            got = months_between(slots[DERIVED[k]], dt.date.fromisoformat(str(end)[:10]) if end else today)
        want = relative(want, today)
        ok = (isinstance(want, list) and isinstance(got, (int, float)) and not isinstance(got, bool)
              and want[0] <= got <= want[1]) or got == want
        if not ok:
            # a value recorded that the writer never asserted: worse than a missed one
            errs.append(f"{k}={got!r} want {want!r}" + (" [WRONG]" if got is not None else ""))
    if case.get("status"):
        facts = {k: slots[k] for k in FACT_NAMES if slots.get(k) is not None}
        res = {r.id: r.status for r in evaluate(dict(facts, as_of=today.isoformat())).results}
        for mid, want in case["status"].items():
            if res.get(mid) not in (want if isinstance(want, list) else [want]):
                errs.append(f"{mid}={res.get(mid)} want {want}")
    return errs


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    cases = json.loads(Path(args[0]).read_text(encoding="utf-8"))
    pick = args[1:]
    player, today, ok, n, wrong = Player(), dt.date.today(), 0, 0, 0
    for case in cases:
        if pick and not any(p in case["name"] for p in pick):
            continue
        n += 1
        slots, log = player.play(case["turns"], today)
        errs = check(case, slots, log[-1][1] if log else [], today)
        if case.get("every_turn_replies"):
            errs += [f"no reply to {t[:12]!r}" for t, m in log if not text_of(m).strip()]
        ok += not errs
        wrong += any("[WRONG]" in e for e in errs)
        if errs or verbose:
            print(("FAIL " if errs else "PASS ") + case["name"] + ": " + "; ".join(errs)[:500])
        if verbose:
            for t, m in log:
                print("  U:", t)
                for x in m:
                    print("   B:", (x.get("text") or "").replace("\n", "\n      "),
                          [b["title"] for b in x.get("buttons") or []])
            print("  SLOTS:", {k: v for k, v in slots.items() if v is not None})
    print(f"wrong fact recorded in {wrong}/{n} conversations")
    print(f"{ok}/{n} conversations pass")
    return 0 if ok == n else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
