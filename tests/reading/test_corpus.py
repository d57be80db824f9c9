"""The corpus (corpus/*.jsonl, written blind) is valid, covers what the reader must learn, and
stays apart from every evaluation set (no message within char-3-gram Jaccard 0.8)."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from policy_core import FACT_NAMES
from policy_core.catalogue import catalogue
from understanding.coverage import PER_FACT_ACT, PER_HOLDER_ACT, PER_SPEAKER, counts
from understanding.train import corpus_lines
from understanding.typed import ACTS, HOLDERS

ROOT = Path(__file__).resolve().parents[2]
LINES = corpus_lines()
FACTS = set(FACT_NAMES) | {"workers_count"}
KINDS = {"eligible", "how_much", "how_long", "from_when", "total_for_n", "how_to_apply", "what_means",
         "counts_as", "combine", "why_not", "what_if", "what_else", "list_all", "deadline", "other"}
MEASURES = {m.id for m in catalogue().measures}
# The speaker kinds of the issue: on phones (citizens, families, students), hotline, kiosk, organisations.
DOOR_KIND = {"citizen": "phone", "family": "phone", "student": "phone", "hotline": "hotline",
             "kiosk": "kiosk", "organisation": "organisation"}


def test_every_line_is_a_valid_typed_reading():
    ids = set()
    for row in LINES:
        assert row["id"] not in ids
        ids.add(row["id"])
        assert row["speaker"] in DOOR_KIND and (row.get("pending") is None or row["pending"] in FACTS), row["id"]
        for m in row.get("mentions") or []:
            assert m["fact"] in FACTS and m["act"] in ACTS and m["holder"] in HOLDERS, (row["id"], m)
            assert m["span"] and m["span"] in row["text"], (row["id"], m["span"])
        for q in row.get("questions") or []:
            assert q["kind"] in KINDS and set(q.get("measures") or []) <= MEASURES, (row["id"], q)


def test_the_corpus_covers_every_fact_act_holder_and_speaker_kind():
    assert len(LINES) >= 3000
    speakers, holder_act, fact_act = counts(LINES)
    kinds = defaultdict(int)
    for s, n in speakers.items():
        kinds[DOOR_KIND[s]] += n
    assert min(kinds.values()) >= PER_SPEAKER, dict(kinds)
    low = {k: n for k, n in holder_act.items() if n < PER_HOLDER_ACT}
    assert not low and len(holder_act) == len(HOLDERS) * len(ACTS), low
    person = {f for f in FACT_NAMES if f != "flexible_since"}     # flexible_since came after the briefs
    low = {(f, a): fact_act[(f, a)] for f in person & {f for f, _ in fact_act} for a in ACTS
           if fact_act[(f, a)] < PER_FACT_ACT}
    assert not low, low


def _grams(text: str) -> frozenset:
    t = "".join(text.split())
    return frozenset(t[i:i + 3] for i in range(len(t) - 2)) or frozenset([t])


def _near(texts: list[str], threshold: float = 0.8) -> list[tuple[str, str, float]]:
    index = defaultdict(set)
    corpus = [_grams(r["text"]) for r in LINES]
    for i, g in enumerate(corpus):
        for x in g:
            index[x].add(i)
    found = []
    for text in texts:
        g = _grams(text)
        for i in set().union(*(index.get(x, set()) for x in g)) if g else ():
            j = len(g & corpus[i]) / len(g | corpus[i])
            if j >= threshold:
                found.append((text, LINES[i]["text"], round(j, 2)))
    return found


def _round_turns(name: str) -> list[str]:
    path = ROOT / "tests" / "strangers" / f"{name}.json"
    return [t for c in json.loads(path.read_text(encoding="utf-8")) for t in c["turns"]]


def _phrases(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [p for v in node.values() for p in _phrases(v)]
    if isinstance(node, list):
        return [p for v in node for p in _phrases(v)]
    return []


# Written apart, met by chance: a measure's name with a question word (round 7's writer never saw the
# corpus). Listed so that any other near message still fails.
CHANCE = {"round7_a": [("问跨区转移就业补贴标准多少", "问跨区转移就业补贴标准", 0.82)],
          "round7_b": [("问跨区转移就业补贴标准多少", "问跨区转移就业补贴标准", 0.82)],
          "round13_b": [("问跨区转移就业补贴 标准 期限", "问跨区转移就业补贴标准", 0.82)],
          # (the commonest 上海话 way to ask when the policy ends: written by both, neither saw the other)
          "round23_b": [("迭个政策到啥辰光结束", "迭个政策到啥辰光结束", 1.0)]}


@pytest.mark.parametrize("name", ["round6_a", "round6_b", "round7_a", "round7_b", "round8_a", "round8_b",
                                  "round9_a", "round9_b", "round10_a", "round10_b", "round11_a", "round11_b",
                                  "round12_a", "round12_b", "round13_a", "round13_b", "round14_a", "round14_b",
                                  "round15_a", "round15_b", "round16_a", "round16_b", "round17_a", "round17_b",
                                  "round18_a", "round18_b", "round19_a", "round19_b",
                                  "round20_a", "round20_b", "round21_a", "round21_b", "round22_a", "round22_b",
                                  "round23_a", "round23_b", "round24_a", "round24_b", "round25_a", "round25_b",
                                  "round26_a", "round26_b"])
def test_no_message_of_a_fresh_round_is_near_a_corpus_message(name):
    near = _near([t for t in _round_turns(name) if len(t) >= 6])
    assert all(n in CHANCE.get(name, []) for n in near), near


# The second fresh bank's writer never saw the corpus: two short stock phrases met by chance.
BANK_CHANCE = {"phrases_fresh2.yaml": [("是无固定期限额", "无固定期限额", 0.8), ("来电人表示不清楚", "来电人表示不清楚", 1.0)],
               "phrases_fresh4.yaml": [("来电人表示不清楚", "来电人表示不清楚", 1.0)],     # the same stock note
               "phrases_fresh5.yaml": [("来电人表示不清楚", "来电人表示不清楚", 1.0)],
               "phrases_fresh6.yaml": [("来电人表示不清楚", "来电人表示不清楚", 1.0)],
               "phrases_fresh7.yaml": [("来电人表示不清楚", "来电人表示不清楚", 1.0)],
               "phrases_fresh8.yaml": [("来电人表示不清楚", "来电人表示不清楚", 1.0)],
               "phrases_fresh9.yaml": [("来电人表示不清楚", "来电人表示不清楚", 1.0)],
               "phrases_fresh10.yaml": [("来电人表示不清楚", "来电人表示不清楚", 1.0)],
               # (报名了还没考: the plainest way to say an evaluation is signed up for, not taken)
               "phrases_fresh11.yaml": [("报名了还没考", "报名了还没考", 1.0), ("来电人表示不清楚", "来电人表示不清楚", 1.0)],
               "phrases_fresh12.yaml": [("来电人表示不清楚", "来电人表示不清楚", 1.0)]}


def test_the_blind_test_set_and_the_simulators_phrases_are_apart_from_the_corpus():
    blind = [json.loads(x)["text"] for x in (ROOT / "tests/reading/blind_test.jsonl").read_text(
        encoding="utf-8").splitlines() if x.strip()]
    assert not _near([t for t in blind if len(t) >= 6])
    for name in ("phrases.yaml", "phrases_fresh.yaml", "phrases_fresh2.yaml", "phrases_fresh3.yaml", "phrases_fresh4.yaml",
                 "phrases_fresh5.yaml", "phrases_fresh6.yaml", "phrases_fresh7.yaml",
                 "phrases_fresh8.yaml", "phrases_fresh9.yaml", "phrases_fresh10.yaml", "phrases_fresh11.yaml",
                 "phrases_fresh12.yaml"):
        bank = yaml.safe_load((ROOT / "simulator" / name).read_text(encoding="utf-8"))
        near = _near([p for p in _phrases(bank) if len(p) >= 6])
        assert all(n in BANK_CHANCE.get(name, []) for n in near), (name, near)
