"""The act and holder of a mention, learned from corpus/ (spaCy text categorisers, no
pretrained weights: bag of character 1–3-grams, trained by understanding.train).

Loaded once per process from models/reader/; trained there when missing (about 30 s).
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Optional

from .markup import marked, whole

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = ROOT / "models" / "reader"
_LOCK = threading.Lock()
_MODELS: Optional[dict] = None
KINDS = ("act", "holder", "question")


def models() -> dict:
    global _MODELS
    if _MODELS is None:
        with _LOCK:
            if _MODELS is None:
                import spacy

                from .train import fingerprint, train
                stamp = MODEL_DIR / "fingerprint"
                if not stamp.exists() or stamp.read_text() != fingerprint():
                    train()
                _MODELS = {k: spacy.load(MODEL_DIR / k) for k in KINDS}
    return _MODELS


def use(directory: Path) -> dict:
    """Load the classifiers from another directory (the dev-split models of the threshold choice)."""
    global _MODELS
    import spacy
    with _LOCK:
        _MODELS = {k: spacy.load((directory if (directory / k).exists() else MODEL_DIR) / k) for k in KINDS}
    return _MODELS


def _best(cats: dict) -> tuple[str, float]:
    label = max(cats, key=cats.get)
    return label, float(cats[label])


def act_of(text: str, start: int, end: int, answers_pending: bool = False) -> tuple[str, float]:
    return _best(models()["act"](marked(text, start, end, answers_pending)).cats)


def holder_of(text: str, start: int, end: int) -> tuple[str, float]:
    return _best(models()["holder"](whole(text, start, end)).cats)


def question_of(text: str) -> tuple[str, float]:
    """The kind of the message's (first) question, "none" when it asks nothing."""
    return _best(models()["question"](text).cats)


def classify(text: str, spans: list[tuple[int, int, bool]]) -> list[tuple[str, float, str, float]]:
    """(act, p, holder, p) for each (start, end, answers_pending), batched."""
    if not spans:
        return []
    m = models()
    acts = m["act"].pipe([marked(text, s, e, p) for s, e, p in spans])
    holders = m["holder"].pipe([whole(text, s, e) for s, e, _ in spans])
    return [(*_best(a.cats), *_best(h.cats)) for a, h in zip(acts, holders)]
