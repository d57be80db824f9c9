"""Data-driven tests of 金就办〔2023〕1号 (contract: /work/shared/docs/contract.md).

Every file in cases/ holds sentences-as-tests; this module runs them through
policy_core.evaluate and checks every expectation exactly.

Case format (YAML):
    base: {...}                    facts shared by the file's cases (optional)
    cases:
      - name: 中文句子，说明是什么、为什么
        facts: {...}               merged over base; a key set to null removes it
        xfail: "reason"            optional: a suspected bug in policy_core (strict)
        expect:
          <measure_id>: {status, audience, yuan, per, max_months, max_total_yuan, basis (exact / null),
                         basis_has, missing_facts (exact, any order), missing_has,
                         reason (exact / null), reason_has, steps_open, conditions_met}
          next_fact: fact | null   in_play_has: [ids]   in_play_lacks: [ids]
          in_force: bool           all_status: status   all_reason: text
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from policy_core import evaluate

CASES_DIR = Path(__file__).parent / "cases"

# The contract's measure table, in its order.
MEASURE_IDS = [
    "internship", "skill_evaluation_fee", "flexible_employment_youth", "talent_return",
    "internship_living_allowance", "rural_cross_district", "incubator_operation",
    "startup_guidance_station", "competition_hosting", "competition_prize", "award_matching",
    "startup_landing", "skill_certificate", "chief_technician", "training_institution",
    "skill_competition_award", "skill_competition_hosting", "skill_competition_training_unit",
    "employee_training", "job_stabilization", "hr_agency_referral", "paired_region_worker",
]

ALL = {"eligible", "conditional", "ineligible", "undetermined"}
NO_STEPS = {"eligible", "ineligible", "undetermined"}
# The statuses each measure can reach. A measure with steps (contract "Status rules":
# flexible employment, a labour contract with a qualifying employer, registration,
# social insurance; for organisations what they still do to claim) reaches all four;
# a measure resting only on who the person or organisation is cannot be conditional.
REACHABLE = {
    "internship": ALL,                      # 报名参加见习 is the step
    "skill_evaluation_fee": ALL,            # 参加该次评价 (skill_evaluation_taken)
    "flexible_employment_youth": ALL,
    "talent_return": ALL,
    "internship_living_allowance": NO_STEPS,
    "rural_cross_district": ALL,
    "incubator_operation": NO_STEPS,
    "startup_guidance_station": ALL,        # 配合开展就业创业活动
    "competition_hosting": NO_STEPS,
    "competition_prize": NO_STEPS,
    "award_matching": NO_STEPS,
    "startup_landing": ALL,                 # 登记注册/迁入、运营满一年、带动本区户籍人员就业
    "skill_certificate": NO_STEPS,
    "chief_technician": NO_STEPS,
    "training_institution": NO_STEPS,
    "skill_competition_award": NO_STEPS,
    "skill_competition_hosting": NO_STEPS,
    "skill_competition_training_unit": NO_STEPS,
    # 开展职工职业培训; at most conditional: the city's conditions (Clarifications 2026-12-06)
    "employee_training": {"conditional", "ineligible", "undetermined"},
    "job_stabilization": ALL,
    "hr_agency_referral": ALL,
    "paired_region_worker": ALL,
}

MEASURE_KEYS = {"status", "audience", "yuan", "per", "max_months", "max_total_yuan", "basis", "basis_has",
                "missing_facts", "missing_has", "reason", "reason_has", "steps_open",
                "conditions_met"}
TOP_KEYS = {"next_fact", "in_play_has", "in_play_lacks", "in_force", "all_status", "all_reason"}
CASE_KEYS = {"name", "facts", "expect", "xfail", "focus"}
VALIDITY = "在政策有效期内（2023年1月1日至2027年12月31日）"


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    assert set(data) <= {"base", "cases"}, f"{path.name}: unknown top-level keys {set(data) - {'base', 'cases'}}"
    return data


def _merge(base: dict, facts: dict) -> dict:
    out = dict(base or {})
    for k, v in (facts or {}).items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    # YAML may read an unquoted date as a date; the contract's input is a string.
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in out.items()}


def _collect():
    params, seen = [], set()
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = _load(path)
        for case in data.get("cases") or []:
            assert set(case) <= CASE_KEYS, f"{path.name}: {case.get('name')}: unknown keys {set(case) - CASE_KEYS}"
            name = case["name"]
            assert name not in seen, f"duplicate case name {name}"
            seen.add(name)
            facts = _merge(data.get("base"), case.get("facts"))
            # Every case judges on a fixed day: none may depend on date.today().
            assert "as_of" in facts, f"{path.name}: {name}: no as_of"
            assert len(re.findall(r"[\u4e00-\u9fff]", name)) >= 6, f"{path.name}: name a case by a Chinese sentence: {name}"
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            params.append(pytest.param(path.stem, facts, case["expect"], case.get("focus"), id=name, marks=marks))
    return params


CASES = _collect()


def _check_measure(r: dict, exp: dict) -> None:
    mid = r["id"]
    unknown = set(exp) - MEASURE_KEYS
    assert not unknown, f"{mid}: unknown expectation keys {unknown}"
    a = r["amount"]
    if "status" in exp:
        assert r["status"] == exp["status"], f"{mid}: status {r['status']} (reason {r['reason']!r}, missing {r['missing_facts']}), want {exp['status']}"
    if "audience" in exp:
        assert r["audience"] == exp["audience"], f"{mid}: audience {r['audience']}, want {exp['audience']}"
    for k in ("yuan", "per", "max_months", "max_total_yuan", "basis"):
        if k in exp:
            assert a[k] == exp[k], f"{mid}: amount.{k} = {a[k]!r}, want {exp[k]!r}"
    if "basis_has" in exp:
        assert a["basis"] and exp["basis_has"] in a["basis"], f"{mid}: basis {a['basis']!r} lacks {exp['basis_has']!r}"
    if "missing_facts" in exp:
        assert sorted(r["missing_facts"]) == sorted(exp["missing_facts"]) and \
            len(set(r["missing_facts"])) == len(r["missing_facts"]), \
            f"{mid}: missing_facts {r['missing_facts']}, want {exp['missing_facts']}"
    for fact in exp.get("missing_has", []):
        assert fact in r["missing_facts"], f"{mid}: missing_facts {r['missing_facts']} lacks {fact}"
    if "reason" in exp:
        assert r["reason"] == exp["reason"], f"{mid}: reason {r['reason']!r}, want {exp['reason']!r}"
    if "reason_has" in exp:
        assert r["reason"] and exp["reason_has"] in r["reason"], f"{mid}: reason {r['reason']!r} lacks {exp['reason_has']!r}"
    if "steps_open" in exp:
        open_ = [c["text"] for c in r["conditions"] if c["step"] and c["met"] is not True]
        for want in exp["steps_open"]:
            assert any(want in t for t in open_), f"{mid}: no open step like {want!r} in {open_}"
    for text, met in (exp.get("conditions_met") or {}).items():
        found = [c for c in r["conditions"] if text in c["text"]]
        assert found, f"{mid}: no condition like {text!r} in {[c['text'] for c in r['conditions']]}"
        assert all(c["met"] is met for c in found), f"{mid}: condition {text!r} met {[c['met'] for c in found]}, want {met}"


@pytest.mark.parametrize("file,facts,expect,focus", CASES)
def test_case(file, facts, expect, focus):
    out = (evaluate(facts, focus=focus) if focus else evaluate(facts)).model_dump(mode="json")
    results = {r["id"]: r for r in out["results"]}
    assert [r["id"] for r in out["results"]] == MEASURE_IDS
    unknown = set(expect) - TOP_KEYS - set(MEASURE_IDS)
    assert not unknown, f"unknown expectation keys {unknown}"
    for mid in MEASURE_IDS:
        if mid in expect:
            _check_measure(results[mid], expect[mid])
    if "next_fact" in expect:
        assert out["next_fact"] == expect["next_fact"], f"next_fact {out['next_fact']!r}, want {expect['next_fact']!r}"
    for mid in expect.get("in_play_has", []):
        assert mid in out["in_play"], f"{mid} not in play: {out['in_play']}"
    for mid in expect.get("in_play_lacks", []):
        assert mid not in out["in_play"], f"{mid} in play: {out['in_play']}"
    if "in_force" in expect:
        assert out["in_force"] is expect["in_force"]
    if "all_status" in expect:
        bad = {r["id"]: r["status"] for r in out["results"] if r["status"] != expect["all_status"]}
        assert not bad, f"not all {expect['all_status']}: {bad}"
    if "all_reason" in expect:
        bad = {r["id"]: r["reason"] for r in out["results"] if r["reason"] != expect["all_reason"]}
        assert not bad, f"reasons differ: {bad}"


def test_there_are_enough_cases():
    assert len(CASES) >= 250


def test_every_measure_has_a_file_reaching_each_status():
    """Every contract id has cases/<id>.yaml with a case for every status the measure can reach."""
    assert set(REACHABLE) == set(MEASURE_IDS)
    for mid in MEASURE_IDS:
        path = CASES_DIR / f"{mid}.yaml"
        assert path.exists(), f"no cases file for {mid}"
        cases = _load(path).get("cases") or []
        assert cases, f"{mid}: no cases"
        reached = {c["expect"][mid]["status"] for c in cases
                   if mid in c["expect"] and "status" in c["expect"][mid]}
        assert REACHABLE[mid] <= reached, f"{mid}: no case for {sorted(REACHABLE[mid] - reached)}"
    for extra in ("next_fact", "dates"):
        assert (CASES_DIR / f"{extra}.yaml").exists()


def _sweep_days():
    days = set()
    for start, end in ((dt.date(2022, 12, 25), dt.date(2023, 1, 5)),
                       (dt.date(2027, 12, 25), dt.date(2028, 1, 5))):
        d = start
        while d <= end:
            days.add(d)
            d += dt.timedelta(days=1)
    days |= {dt.date(y, m, 1) for y in range(2023, 2028) for m in range(1, 13)}
    return sorted(days)


@pytest.mark.parametrize("day", _sweep_days(), ids=lambda d: d.isoformat())
def test_date_sweep(day):
    """七（二）：本意见从2023年1月1日起实施，有效期至2027年12月31日（两端都含）。"""
    facts = {"as_of": day.isoformat(), "age": 26, "hukou": "jinshan", "employment_status": "unemployed"}
    out = evaluate(facts).model_dump(mode="json")
    want = dt.date(2023, 1, 1) <= day <= dt.date(2027, 12, 31)
    assert out["in_force"] is want
    assert out["as_of"] == day.isoformat()
    assert [r["id"] for r in out["results"]] == MEASURE_IDS
    if want:
        assert all(r["reason"] != VALIDITY for r in out["results"])
        assert any(r["status"] != "ineligible" for r in out["results"])
    else:
        for r in out["results"]:
            assert r["status"] == "ineligible", r["id"]
            assert r["reason"] == VALIDITY, r["id"]
            assert any(c["text"] == VALIDITY and c["met"] is False for c in r["conditions"]), r["id"]
