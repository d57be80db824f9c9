"""Train the act and holder classifiers from corpus/*.jsonl into models/reader/.

    .venv/bin/python -m understanding.train      # prints the time and the dev-split accuracy

Seeded; the corpus is the only input (the blind test set in tests/reading/ is never read here).
"""
from __future__ import annotations

import hashlib
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

from .markup import marked, span_of, whole
from .typed import ACTS, HOLDERS, QUESTION_KINDS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
MODEL_DIR = ROOT / "models" / "reader"
SEED, EPOCHS = 20261206, 8


def corpus_lines() -> list[dict]:
    out = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line))
    return out


def fingerprint() -> str:
    """The corpus and the code that shapes the models' input and training."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted(CORPUS.glob("*.jsonl")) + [here / "train.py", here / "markup.py", here / "typed.py"]:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def question_examples(lines: list[dict]) -> list:
    """(message, the kind of its first question or "none")."""
    return [(row["text"], (row.get("questions") or [{"kind": "none"}])[0]["kind"]) for row in lines]


def examples(lines: list[dict]) -> tuple[list, list]:
    """(act examples, holder examples): (model input, label) per mention with a findable span."""
    acts, holders = [], []
    for row in lines:
        text = row["text"]
        for m in row.get("mentions") or []:
            s, e = span_of(text, m.get("span") or "")
            if s < 0 or m.get("act") not in ACTS or m.get("holder") not in HOLDERS:
                continue
            pending = row.get("pending") == m["fact"]
            acts.append((marked(text, s, e, pending), m["act"]))
            holders.append((whole(text, s, e), m["holder"]))
    return acts, holders


def _pipeline(labels):
    import spacy
    nlp = spacy.blank("zh")     # character segmentation: no dictionary, no downloaded weights
    textcat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v2", "exclusive_classes": True, "ngram_size": 3,
        "no_output_layer": False}})
    for label in labels:
        textcat.add_label(label)
    return nlp


def fit(data: list, labels) -> object:
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch
    fix_random_seed(SEED)
    nlp = _pipeline(labels)
    gold = [(t, {"cats": {lab: float(lab == y) for lab in labels}}) for t, y in data]
    nlp.initialize(lambda: [Example.from_dict(nlp.make_doc(t), c) for t, c in gold[:200]])
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(gold)
        for batch in minibatch(gold, size=32):
            nlp.update([Example.from_dict(nlp.make_doc(t), c) for t, c in batch], drop=0.1)
    return nlp


def accuracy(nlp, data: list) -> float:
    if not data:
        return float("nan")
    docs = nlp.pipe([t for t, _ in data])
    return sum(max(d.cats, key=d.cats.get) == y for d, (_, y) in zip(docs, data)) / len(data)


def dev_split(lines: list[dict]) -> tuple[list, list]:
    """A fixed tenth of the corpus held out for choosing thresholds (never an evaluation set)."""
    dev = set(random.Random(SEED).sample(range(len(lines)), len(lines) // 10))
    return [r for i, r in enumerate(lines) if i not in dev], [r for i, r in enumerate(lines) if i in dev]


def train(report: bool = False) -> None:
    t0 = time.perf_counter()
    lines = corpus_lines()
    if report:
        fit_lines, dev_lines = dev_split(lines)
        (a_tr, h_tr), (a_dev, h_dev) = examples(fit_lines), examples(dev_lines)
        print(f"dev split (10%): act accuracy {accuracy(fit(a_tr, ACTS), a_dev):.3f}, "
              f"holder accuracy {accuracy(fit(h_tr, HOLDERS), h_dev):.3f}, question kind accuracy "
              f"{accuracy(fit(question_examples(fit_lines), QUESTION_KINDS), question_examples(dev_lines)):.3f}")
        t0 = time.perf_counter()
    act_data, holder_data = examples(lines)
    # written beside and renamed into place: a process loading the models never sees half of them
    MODEL_DIR.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="reader-", dir=MODEL_DIR.parent))
    fit(act_data, ACTS).to_disk(tmp / "act")
    fit(holder_data, HOLDERS).to_disk(tmp / "holder")
    fit(question_examples(lines), QUESTION_KINDS).to_disk(tmp / "question")
    (tmp / "fingerprint").write_text(fingerprint())
    old = MODEL_DIR.with_name(tmp.name + "-old")
    if MODEL_DIR.exists():
        MODEL_DIR.rename(old)
    tmp.rename(MODEL_DIR)
    shutil.rmtree(old, ignore_errors=True)
    if report:
        print(f"corpus: {len(lines)} messages, {len(act_data)} mentions; "
              f"trained on all of it in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    train(report=True)
