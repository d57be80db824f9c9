"""One typed reading per message (corpus/SCHEMA.md is its annotation guide).

Each mention has its fact, value, holder and act, with its span; only "states" and
"denies" about the person in focus may write the contract's slots (writes()).
"""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict

Act = Literal["states", "denies", "asks", "supposes", "intends", "hearsay", "hedges"]
Holder = Literal["self", "asked_about", "third_party", "organisation", "workers"]
Speaker = Literal["citizen", "family", "hotline", "kiosk", "organisation", "student"]
QuestionKind = Literal["eligible", "how_much", "how_long", "from_when", "total_for_n", "how_to_apply",
                       "what_means", "counts_as", "combine", "why_not", "what_if", "what_else", "list_all",
                       "deadline", "other"]
ACTS: tuple[str, ...] = Act.__args__
QUESTION_KINDS: tuple[str, ...] = QuestionKind.__args__ + ("none",)
HOLDERS: tuple[str, ...] = Holder.__args__
ASSERTING = ("states", "denies")


class Mention(BaseModel):
    model_config = ConfigDict(frozen=True)
    fact: str
    value: Any
    holder: Holder = "self"
    relation: Optional[str] = None
    act: Act = "states"
    span: str
    start: int = -1
    end: int = -1
    act_p: float = 1.0            # the classifiers' probabilities of the act and holder chosen
    holder_p: float = 1.0


class Question(BaseModel):
    model_config = ConfigDict(frozen=True)
    kind: QuestionKind
    measures: list[str] = []
    span: str = ""


class Reading(BaseModel):
    model_config = ConfigDict(frozen=True)
    text: str
    pending: Optional[str] = None
    mentions: list[Mention] = []
    questions: list[Question] = []

    def writes(self, in_focus: tuple[str, ...] = ("self", "asked_about")) -> dict:
        """The facts this message may write: asserted, about the person (or organisation) in focus."""
        out: dict = {}
        for m in self.mentions:
            if m.act in ASSERTING and m.holder in in_focus:
                out[m.fact] = m.value
        return out

    def by_act(self, act: str) -> dict:
        return {m.fact: m.value for m in self.mentions if m.act == act}
