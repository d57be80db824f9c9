"""Rules only, model only, both: which facts each would write, on an annotated set.

    .venv/bin/python -m understanding.compare [tests/reading/blind_test.jsonl]

- rules only: every fact the rule reader finds (fact_extraction, knowing the pending question)
  is written, as before the typed reading.
- model only: the rules' candidate values, each written iff the classifiers' most likely act
  is states/denies and holder the one in focus (no threshold, no rule veto).
- both (shipped): the rules' facts, minus those the classifiers are confident are not asserted
  about the one in focus (understanding.focus, threshold read.CONFIDENT); hedges held for a
  confirmation (counted as not written).

Gold: a mention writes when its act is states/denies and its holder is the one in focus
(self/asked_about; organisation/workers when an organisation speaks). A written value the gold
does not assert for that fact is a wrong fact. Whether the speaker is an organisation is taken
from the annotation for all three systems alike.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

from .focus import sift
from .typed import ACTS, ASSERTING, Reading

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 12, 6)      # the annotation guide's reference day


def _focus(row: dict) -> tuple[str, ...]:
    return ("organisation", "workers") if row.get("speaker") == "organisation" else ("self", "asked_about")


def _matches(value, gold) -> bool:
    if isinstance(gold, list) and len(gold) == 2 and not isinstance(value, bool) and isinstance(value, (int, float)):
        return gold[0] <= value <= gold[1]
    return value == gold


def _asserted_value(m: dict):
    """What a mention asserts: 「不是困难人员」 annotated (denies, True) asserts False; a denied
    enum value asserts only that it is not that value (nothing a system can write is right)."""
    if m["act"] == "denies":
        return (not m["value"]) if isinstance(m["value"], bool) else ("not", m["value"])
    return m["value"]


def systems(row: dict) -> dict[str, dict]:
    from assistant_nlu.component import entities_for
    text, pending = row["text"], row.get("pending")
    _ents, _g, reading = entities_for(text, TODAY, asked=pending)
    typed = Reading.model_validate(reading["typed"])
    org = row.get("speaker") == "organisation"
    rules = dict(reading["facts"])
    model = {m.fact: m.value for m in typed.mentions
             if (not m.span) or (m.act in ASSERTING and m.holder in _focus(row))}
    both, _hedged, _dropped = sift(typed, rules, org, bool(reading.get("subject")) and not org)
    return {"rules only": rules, "model only": model, "both": both, "_typed": typed}


def score(rows: list[dict]) -> dict:
    out = {k: Counter() for k in ("rules only", "model only", "both")}
    act_conf = Counter()           # (gold act, predicted act) on aligned mentions
    for row in rows:
        got = systems(row)
        focus = _focus(row)
        gold_true: dict = {}
        for m in row.get("mentions") or []:
            if m["act"] in ASSERTING and m["holder"] in focus:
                gold_true.setdefault(m["fact"], []).append(_asserted_value(m))
        for m in row.get("mentions") or []:
            for p in got["_typed"].mentions:
                if p.fact == m["fact"] and p.span and (p.span in m["span"] or m["span"] in p.span):
                    act_conf[(m["act"], p.act)] += 1
                    break
        for name in out:
            written = got[name]
            c = out[name]
            c["messages"] += 1
            wrong = False
            for fact, value in written.items():
                c["written"] += 1
                if any(_matches(value, g) for g in gold_true.get(fact, [])):
                    c["right"] += 1
                elif any(g == ("not", value) for g in gold_true.get(fact, [])) or \
                        fact in {m["fact"] for m in row.get("mentions") or []} and \
                        not any(isinstance(g, tuple) for g in gold_true.get(fact, [])):
                    c["wrong"] += 1
                    wrong = True
                else:
                    c["unannotated"] += 1     # a fact the annotator did not mark at all
            c["wrong_messages"] += wrong
            c["gold"] += sum(1 for v in gold_true.values() for g in v if not isinstance(g, tuple))
            for m in row.get("mentions") or []:
                leaked = m["fact"] in written and not any(_matches(written[m["fact"]], g)
                                                          for g in gold_true.get(m["fact"], []))
                if m["act"] in ASSERTING and m["holder"] in focus:
                    c[f"{m['act']}:n"] += 1
                    c[f"{m['act']}:written"] += _matches(written.get(m["fact"]), _asserted_value(m))
                else:
                    key = m["act"] if m["holder"] in focus else f"holder {m['holder']}"
                    c[f"{key}:n"] += 1
                    c[f"{key}:written"] += leaked
    return {"systems": out, "acts": act_conf}


def report(rows: list[dict]) -> str:
    res = score(rows)
    lines = ["| system | facts written | right | wrong | precision | recall | messages with a wrong fact |",
             "|---|---|---|---|---|---|---|"]
    for name, c in res["systems"].items():
        prec = c["right"] / max(1, c["right"] + c["wrong"])
        rec = c["right"] / max(1, c["gold"])
        lines.append(f"| {name} | {c['written']} | {c['right']} | {c['wrong']} | {prec:.3f} | {rec:.3f} | "
                     f"{c['wrong_messages']}/{c['messages']} ({c['wrong_messages'] / max(1, c['messages']):.1%}) |")
    lines += ["", "Share of gold mentions written (asserted acts: higher is better; the rest: lower is better):", "",
              "| mention | n | " + " | ".join(res["systems"]) + " |", "|---|---|" + "---|" * len(res["systems"])]
    keys = sorted({k[:-2] for c in res["systems"].values() for k in c if k.endswith(":n")})
    for k in keys:
        n = res["systems"]["both"][f"{k}:n"]
        cells = [f"{res['systems'][s][k + ':written'] / max(1, n):.0%}" for s in res["systems"]]
        lines.append(f"| {k} | {n} | " + " | ".join(cells) + " |")
    conf = res["acts"]
    lines += ["", "Act classifier on the mentions the rules located (precision / recall per act):", "",
              "| act | gold | predicted | precision | recall |", "|---|---|---|---|---|"]
    for a in ACTS:
        tp = conf[(a, a)]
        gold = sum(v for (g, _p), v in conf.items() if g == a)
        pred = sum(v for (_g, p), v in conf.items() if p == a)
        lines.append(f"| {a} | {gold} | {pred} | {tp / max(1, pred):.2f} | {tp / max(1, gold):.2f} |")
    return "\n".join(lines)


def load(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "reading" / "blind_test.jsonl"
    print(f"{path.name}: {len(load(path))} messages")
    print(report(load(path)))
