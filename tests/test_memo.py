"""The memoised evaluate() must give exactly what the rules give when run afresh."""
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench_policy  # noqa: E402  (its random profile generator covers every fact)
from policy_core import engine, evaluate  # noqa: E402
from policy_core.catalogue import catalogue  # noqa: E402
from policy_core.facts import parse_facts  # noqa: E402
from policy_core.rules.jobs import situation  # noqa: E402


def fresh(facts: dict) -> list[dict]:
    judged_on = engine.sides(parse_facts(facts), parse_facts(facts).as_of)
    out = []
    for m in catalogue().measures:
        f, s = judged_on[m.audience]
        checks, variant = m.rule(f, m.params, s)
        out.append(engine._judge(m, list(checks), variant if variant in m.amounts else None)
                   .model_dump(mode="json"))
    return out


def test_memoised_results_equal_fresh_ones():
    bench_policy.rng.seed(7)
    profiles = [bench_policy.profile() for _ in range(3000)]
    for p in profiles + profiles:           # the second pass is served from the memo
        got = [r.model_dump(mode="json") for r in evaluate(p).results]
        assert got == fresh(p), p


def test_every_rule_reads_the_facts_it_is_keyed_on():
    # Changing a single fact that neither the rule reads nor the situation
    # (employment status, current job) reflects must not change its result.
    rng = random.Random(3)
    bench_policy.rng.seed(11)
    for _ in range(300):
        p = bench_policy.profile()
        base = fresh(p)
        name = rng.choice(bench_policy.FIELDS)
        q = dict(p, **{name: bench_policy.gen.value(name)})
        if name == "flexible_since" or "flexible_since" in q and name == "unemployed_since":
            continue   # a date pair the generator keeps valid: not a single-fact change
        same_situation = situation(parse_facts(p), None)[1:] == situation(parse_facts(q), None)[1:]
        for m, before, after in zip(catalogue().measures, base, fresh(q)):
            if before != after and same_situation:
                assert name in m.key_of.__reduce__()[1], (m.id, name)
