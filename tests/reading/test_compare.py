"""On the blind annotated test set, the shipped reader writes fewer wrong facts than the rules
alone, without losing more than a tenth of what the rules got right (figures in
docs/understanding.md; the set was written by a writer who saw neither the code nor the corpus)."""
from pathlib import Path

from understanding.compare import load, score

SET = Path(__file__).parent / "blind_test.jsonl"


def test_the_typed_reading_writes_fewer_wrong_facts_than_the_rules_alone():
    rows = load(SET)
    assert len(rows) >= 400
    s = score(rows)["systems"]
    rules, both = s["rules only"], s["both"]
    assert both["wrong_messages"] <= 0.7 * rules["wrong_messages"], (both, rules)
    assert both["right"] >= 0.9 * rules["right"], (both, rules)
    precision = both["right"] / (both["right"] + both["wrong"])
    assert precision > rules["right"] / (rules["right"] + rules["wrong"]) + 0.05
