"""The simulated user: an agenda of goal questions, answers from its truth, some noise."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Optional

import yaml

from policy_core import fact_kind

from .persona import Persona

BANKS = ("phrases.yaml", "phrases_fresh.yaml")   # the first for development, the fresh one for the figures


def load_bank(name: str = BANKS[0]) -> dict:
    return yaml.safe_load((Path(__file__).parent / name).read_text(encoding="utf-8"))


BANK = load_bank()
# Steps the assistant lists as still to do (「还需：签订劳动合同；缴纳本市社会保险费…」): a user who
# has done them says so, as people do when they read the list (the core never asks a step).
STEP_WORDS = {"social_insurance_months": ("社会保险", "社保"), "employment_registered": ("用工登记", "就业登记"),
              "contract_months": ("劳动合同",)}
OPENERS = {"family": "我帮我孩子问一下，", "hotline": "来电人咨询，", "kiosk": "", "citizen": "",
           "organisation": "我们是金山的一家企业，招了几个对口地区来的农村劳动力，"}
CN = "零一二三四五六七八九十"


def cn_number(n: int) -> str:
    """28 -> 二十八 (as older people and voice input give numbers)."""
    if n <= 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    if n < 100:
        return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")
    return str(n)


class User:
    def __init__(self, persona: Persona, rng: random.Random, noise: float = 0.1, bank: Optional[dict] = None):
        self.p, self.rng, self.noise, self.bank = persona, rng, noise, bank or BANK
        self.agenda = list(persona.goals)       # goal questions not yet asked
        self.goal_turns: list[int] = []          # turn numbers at which a goal question was asked
        self.correction: Optional[str] = None    # a slip to take back on the next turn
        self.said: set = set()
        self.gave_value = False                  # the last message answered the question with a value

    # ------------------------------------------------------------ phrasing
    def _pick(self, options: list) -> str:
        return self.rng.choice(options)

    def phrase(self, fact: str, value) -> Optional[str]:
        bank = self.bank["organisation_answers"] if self.p.speaker == "organisation" and \
            fact in self.bank["organisation_answers"] else self.bank["answers"]
        entry = bank.get(fact)
        if entry is None:
            return None
        kind = fact_kind(fact)
        if kind == "int":
            fixed = [f["text"] for f in entry.get("fixed", []) if f["value"] == value]
            if fixed and self.rng.random() < 0.3:
                return self._pick(fixed)
            if entry.get("years") and value and value % 12 == 0 and self.rng.random() < 0.3:
                return self._pick(entry["years"]).format(y=value // 12)
            n = cn_number(value) if self.p.speaker == "kiosk" and self.rng.random() < 0.5 else str(value)
            return self._pick(entry["*"]).format(n=n)
        options = entry.get(value)
        if fact == "employment_status" and value == "employed" and self.p.truth.get("employer_excluded") is not False:
            # 在公司上班 tells the reader the employer is an ordinary enterprise: only when it is one
            options = [o for o in options or [] if not any(w in o for w in ("公司", "厂", "企业"))] or None
        return self._pick(options) if options else None

    def _name(self, measure: str) -> str:
        return self._pick(self.bank["measure_names"][measure])

    def goal_question(self, measure: str, kind: str) -> str:
        bank = self.bank["organisation_goal_questions"] if self.p.speaker == "organisation" else self.bank["goal_questions"]
        return self._pick(bank[kind]).format(name=self._name(measure))

    # ------------------------------------------------------------ the agenda
    def opening(self) -> str:
        measure, kind = self.agenda.pop(0)
        self.goal_turns.append(0)
        return OPENERS[self.p.speaker] + self.goal_question(measure, kind)

    def reply(self, turn: int, asked: Optional[str], guess: Optional[dict], heard: str = "") -> Optional[str]:
        """The next message, or None when the user is done."""
        self.gave_value = False
        if self.correction:
            text, self.correction = self.correction, None
            return text
        if guess and guess.get("fact") == asked and asked in self.p.truth:
            return "是的" if guess.get("value") == self.p.truth[asked] else (
                "不是，" + (self.phrase(asked, self.p.truth[asked]) or self._pick(self.bank["unknown"])))
        if asked:
            return self.answer(asked)
        if self.agenda:
            measure, kind = self.agenda.pop(0)
            self.goal_turns.append(turn)
            return self.goal_question(measure, kind)
        return self.steps_done(heard)

    def steps_done(self, heard: str) -> Optional[str]:
        """Once: the listed steps this user has already done (or not), in its own words."""
        if "还需" not in heard:
            return None
        parts = []
        for fact, words in STEP_WORDS.items():
            if fact in self.p.truth and fact not in self.said and any(w in heard for w in words):
                said = self.phrase(fact, self.p.truth[fact])
                if said:
                    self.said.add(fact)
                    parts.append(said)
        return self._pick(self.bank["two_facts_joiners"]).join(parts) if parts else None

    def answer(self, fact: str) -> str:
        value = self.p.truth.get(fact)
        said = self.phrase(fact, value) if value is not None else None
        self.gave_value = said is not None
        if said is None:
            return self._pick(self.bank["unknown"])
        self.said.add(fact)
        r = self.rng.random()
        if r < self.noise / 2:          # two facts at once
            extra = [f for f in self.p.truth if f not in self.said and f != fact]
            if extra:
                other = self.rng.choice(extra)
                more = self.phrase(other, self.p.truth[other])
                if more:
                    self.said.add(other)
                    return said + self._pick(self.bank["two_facts_joiners"]) + more
        return said
