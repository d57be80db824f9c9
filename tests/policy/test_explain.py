"""policy_core.explain: the sentences a hotline agent reads out, built only from results."""
from __future__ import annotations

from policy_core import evaluate
from policy_core.explain import explain, summary

DAY = "2026-11-27"
YOUTH = {"as_of": DAY, "age": 28, "hukou": "jinshan", "employment_status": "unemployed",
         "unemployed_since": "2026-01-10", "hard_to_employ_certified": False}


def result(facts: dict, measure_id: str):
    r = evaluate(facts).result(measure_id)
    return r


def test_conditional_person_result():
    r = result(YOUTH, "flexible_employment_youth")
    assert r.status == "conditional"
    text = explain(r)
    assert text.startswith("您符合")
    assert "1000元/月，最多12个月，共计不超过12000元" in text
    assert "依据：金就办〔2023〕1号一（二）" in text
    assert "办完这些手续即可领取" in text
    assert "实现灵活就业并办理灵活就业登记" in text and "按规定缴纳社会保险费" in text


def test_eligible_person_result():
    facts = {**YOUTH, "employment_status": "flexible", "unemployed_since": "2025-12-01",
             "flexible_employment_registered": True, "social_insurance_months": 2}
    r = result(facts, "flexible_employment_youth")
    assert r.status == "eligible"
    text = explain(r)
    assert text.startswith("您符合")
    assert "1000元/月，最多12个月，共计不超过12000元" in text
    assert "依据：金就办〔2023〕1号一（二）" in text
    assert "办完这些手续" not in text


def test_eligible_organisation_result_incubator_a():
    r = result({"as_of": DAY, "incubator_grade": "A"}, "incubator_operation")
    assert r.status == "eligible"
    text = explain(r)
    assert text.startswith("贵单位符合")
    assert "300000元（30万元）" in text
    assert "依据：金就办〔2023〕1号二（五）" in text
    assert "您" not in text


def test_incubator_b_and_c_money():
    assert "200000元（20万元）" in explain(result({"as_of": DAY, "incubator_grade": "B"}, "incubator_operation"))
    assert "100000元（10万元）" in explain(result({"as_of": DAY, "incubator_grade": "C"}, "incubator_operation"))


def test_competition_prize_money():
    assert "50000元（5万元）" in explain(result({"as_of": DAY, "startup_competition_prize": "first"}, "competition_prize"))
    assert "10000元（1万元）" in explain(result({"as_of": DAY, "startup_competition_prize": "third"}, "competition_prize"))


def test_cap_only_amount_says_not_more_than():
    r = result({"as_of": DAY, "hosts_district_startup_competition": True}, "competition_hosting")
    text = explain(r)
    assert text.startswith("贵单位符合")
    assert "不超过100000元（10万元）" in text


def test_ineligible_result_gives_the_reason():
    r = result({**YOUTH, "age": 36}, "flexible_employment_youth")
    assert r.status == "ineligible"
    text = explain(r)
    assert "您暂不符合灵活就业补贴" in text
    assert "35周岁及以下" in text
    assert "依据：金就办〔2023〕1号一（二）" in text


def test_ineligible_organisation_says_gui_danwei():
    r = result({"as_of": DAY, "incubator_grade": "D"}, "incubator_operation")
    text = explain(r)
    assert text.startswith("贵单位暂不符合")
    assert "C级" in text


def test_undetermined_result_names_what_to_confirm():
    r = result({"as_of": DAY, "hukou": "jinshan", "fresh_graduate": True}, "talent_return")
    assert r.status == "undetermined"
    text = explain(r)
    assert "还需确认" in text
    assert "最高学历" in text
    assert "3000元" in text and "8000元" in text and "18000元" in text
    assert "依据：金就办〔2023〕1号一（三）" in text


def test_undetermined_working_age():
    r = result({"as_of": DAY, "hukou": "jinshan", "rural_hukou": True, "age": 55}, "rural_cross_district")
    text = explain(r)
    assert "还需确认" in text and "劳动年龄段" in text
    assert "市级标准" in text and "36个月" in text


def test_job_stabilization_per_person_cap():
    facts = {"as_of": DAY, "paired_region_rural_labor": True, "first_job_in_jinshan": True,
             "employment_status": "employed", "work_region": "jinshan", "employer_excluded": False,
             "contract_months": 12, "employment_registered": True, "social_insurance_months": 3}
    text = explain(result(facts, "job_stabilization"))
    assert text.startswith("贵单位符合")
    assert "500元/人/月" in text and "12个月" in text and "6000元" in text
    assert "依据：金就办〔2023〕1号四（十一）" in text
    person = explain(result(facts, "paired_region_worker"))
    assert person.startswith("您符合") and "1200元" in person


def test_every_organisation_result_says_gui_danwei_and_every_person_result_says_nin():
    facts = {"as_of": DAY, "incubator_grade": "A", "hukou": "jinshan", "age": 30}
    for r in evaluate(facts).results:
        text = explain(r)
        if r.status == "undetermined":
            continue            # "X还需确认：…" names the measure, not the addressee
        if r.audience == "organisation":
            assert text.startswith("贵单位"), (r.id, text)
        else:
            assert text.startswith("您"), (r.id, text)


def test_summary_groups_in_order():
    facts = {**YOUTH, "incubator_grade": "A", "fresh_graduate": False}
    ev = evaluate(facts)
    status = {r.id: r.status for r in ev.results}
    assert status["incubator_operation"] == "eligible"
    assert status["flexible_employment_youth"] == "conditional"
    assert status["talent_return"] == "ineligible"
    assert status["rural_cross_district"] == "undetermined"
    text = summary(ev)
    heads = ["【可以领取】", "【办完这些手续即可领取】", "【暂不符合】", "【还需确认】"]
    pos = [text.index(h) for h in heads]
    assert pos == sorted(pos)

    def section(head):
        i = heads.index(head)
        end = pos[i + 1] if i + 1 < len(pos) else len(text)
        return text[pos[i]:end]

    assert "基地运作费补贴" in section("【可以领取】") and "300000元（30万元）" in section("【可以领取】")
    assert "灵活就业补贴" in section("【办完这些手续即可领取】")
    assert "1000元/月" in section("【办完这些手续即可领取】")
    assert "一次性就业补贴（金山籍人才回流）" in section("【暂不符合】")
    assert "跨区转移就业补贴" in section("【还需确认】")
    assert "原农业户籍" in section("【还需确认】")


def test_summary_leaves_out_empty_groups():
    text = summary(evaluate({"as_of": DAY}))
    assert "【还需确认】" in text
    assert "【可以领取】" not in text and "【暂不符合】" not in text


def test_summary_out_of_force():
    text = summary(evaluate({"as_of": "2028-01-01", "incubator_grade": "A"}))
    assert "2023年1月1日" in text and "2027年12月31日" in text
    assert "【可以领取】" not in text


def test_current_job_failure_says_what_job_would_qualify():
    """Contract, Status rules: a current job failing term, employer kind or region makes the
    result ineligible "for that job (the explanation says what job would qualify)"."""
    facts = {"as_of": DAY, "hukou": "jinshan", "fresh_graduate": True, "education": "bachelor",
             "employment_status": "employed", "work_region": "shanghai_other", "employer_excluded": False,
             "contract_months": 12}
    r = result(facts, "talent_return")
    assert r.status == "ineligible"
    text = explain(r)
    assert "本区" in text


import pytest  # noqa: E402


def test_current_job_failure_describes_the_qualifying_job():
    facts = {"as_of": DAY, "hukou": "jinshan", "fresh_graduate": True, "education": "bachelor",
             "employment_status": "employed", "work_region": "shanghai_other", "employer_excluded": False,
             "contract_months": 12}
    text = explain(result(facts, "talent_return"))
    head = text.split("依据：")[0]          # the explanation proper, before the quoted clause
    assert "本区" in head
    assert "1年" in head or "12个月" in head
    assert "劳动合同" in head
