"""Agreement between the corpus's annotation and a second annotator's on a sample.

    .venv/bin/python -m understanding.agreement

Mentions are paired by fact and overlapping span; on the pairs, act and holder agreement
(raw and Cohen's kappa); unpaired mentions on either side are counted apart.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .train import corpus_lines

ROOT = Path(__file__).resolve().parents[1]
SECOND = ROOT / "corpus" / "agreement" / "second_annotation.jsonl"


def _kappa(pairs: list[tuple[str, str]]) -> float:
    n = len(pairs)
    if not n:
        return float("nan")
    agree = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (agree - chance) / (1 - chance) if chance < 1 else 1.0


def agreement() -> dict:
    first = {r["id"]: r for r in corpus_lines()}
    second = [json.loads(x) for x in SECOND.read_text(encoding="utf-8").splitlines() if x.strip()]
    acts, holders, only_first, only_second = [], [], 0, 0
    for row in second:
        gold = list(first[row["id"]].get("mentions") or [])
        for m in row.get("mentions") or []:
            hit = next((g for g in gold if g["fact"] == m["fact"]
                        and (g["span"] in m["span"] or m["span"] in g["span"])), None)
            if hit is None:
                only_second += 1
                continue
            gold.remove(hit)
            acts.append((hit["act"], m["act"]))
            holders.append((hit["holder"], m["holder"]))
        only_first += len(gold)
    return {"messages": len(second), "paired": len(acts), "only_first": only_first, "only_second": only_second,
            "act_agree": sum(a == b for a, b in acts) / max(1, len(acts)), "act_kappa": _kappa(acts),
            "holder_agree": sum(a == b for a, b in holders) / max(1, len(holders)),
            "holder_kappa": _kappa(holders)}


if __name__ == "__main__":
    a = agreement()
    print(f"{a['messages']} messages; {a['paired']} mentions paired by fact and span, "
          f"{a['only_first']} only in the corpus, {a['only_second']} only in the second annotation")
    print(f"act: agreement {a['act_agree']:.1%}, Cohen's kappa {a['act_kappa']:.2f}")
    print(f"holder: agreement {a['holder_agree']:.1%}, Cohen's kappa {a['holder_kappa']:.2f}")
