"""policy_core.explain: the sentences a hotline agent reads out, built only from results."""
from __future__ import annotations

import pytest

from policy_core import evaluate
from policy_core.explain import amount_text, explain, summary, why_not

DAY = "2026-11-27"
YOUTH = {"as_of": DAY, "age": 28, "hukou": "jinshan", "employment_status": "unemployed",
         "unemployed_since": "2026-01-10", "hard_to_employ_certified": False}


def result(facts: dict, measure_id: str):
    assert "as_of" in facts, "judge on a fixed day, never date.today()"
    return evaluate(facts).result(measure_id)


def test_conditional_person_result():
    r = result(YOUTH, "flexible_employment_youth")
    assert r.status == "conditional"
    text = explain(r)
    assert text.startswith("您符合")
    assert "1000元/月，最多12个月，共计不超过12000元" in text
    assert "依据：金就办〔2023〕1号一（二）" in text
    assert "做到下面这些以后可以领取" in text
    assert "实现灵活就业并办理灵活就业登记" in text and "按规定缴纳社会保险费" in text


def test_eligible_person_result():
    facts = {**YOUTH, "employment_status": "flexible", "unemployed_since": None, "unemployment_months": 8,
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
    heads = ["【可以领取】", "【做到下面这些以后可以领取】", "【暂不符合】", "【还需确认】"]
    pos = [text.index(h) for h in heads]
    assert pos == sorted(pos)

    def section(head):
        i = heads.index(head)
        end = pos[i + 1] if i + 1 < len(pos) else len(text)
        return text[pos[i]:end]

    assert "基地运作费补贴" in section("【可以领取】") and "300000元（30万元）" in section("【可以领取】")
    assert "灵活就业补贴" in section("【做到下面这些以后可以领取】")
    assert "1000元/月" in section("【做到下面这些以后可以领取】")
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



def test_current_job_failure_describes_the_qualifying_job():
    facts = {"as_of": DAY, "hukou": "jinshan", "fresh_graduate": True, "education": "bachelor",
             "employment_status": "employed", "work_region": "shanghai_other", "employer_excluded": False,
             "contract_months": 12}
    text = explain(result(facts, "talent_return"))
    head = text.split("依据：")[0]          # the explanation proper, before the quoted clause
    assert "本区" in head
    assert "1年" in head or "12个月" in head
    assert "劳动合同" in head



# ---------------------------------------------------------------- fixed outputs
# The document's words, quoted after 依据 in every explanation (data/measures.yaml `source`).
SOURCE = {
    "一（一）就业见习": "鼓励35周岁以下本市户籍未就业人员、离校2年内未就业全日制毕业生、参加见习计划的本市高等学校和中等职业学校全日制毕业学年学生参加就业见习。",
    "一（一）评价费": "鼓励本区中等职业学校和高等院校毕业学年学生积极参与高级及以上项目职业技能评价，对首次参加评价的学生给予一次性评价费补贴，补贴标准参照经市人社局备案的社会评价组织公示项目评价考核费用。",
    "一（二）": "对本区户籍35周岁及以下、连续失业时间超过6个月的长期失业青年（经认定的本市“就业困难人员”除外）实现灵活就业，并办理灵活就业登记手续和按规定缴纳社会保险费的，给予个人灵活就业补贴1000元/月，补贴期限累计不超过12个月。",
    "一（三）": "对与本区用人单位签订1年及以上劳动合同并办理用工登记备案手续的金山籍应届高校毕业生，缴纳社会保险费满6个月后，按照本科、硕士研究生、博士研究生分别给予3000元、8000元、18000元的一次性就业补贴。",
    "一（四）": "劳动年龄段内的本区户籍农民（原农业户籍人员，含被征地人员），在本市范围内除金山之外的区就业，与用人单位签订一年以上劳动合同，并按规定办理用工登记备案手续和缴纳本市城镇职工社会保险费，且月缴费基数低于当年本市职工基本保险最低月缴费基数1.2倍的，在就业期间参照市级标准给予跨区转移就业补贴，补贴期限累计不超过36个月。",
    "二（五）": "对于评估等级达到A级、B级、C级的，分别给予30万元、20万元、10万元的年度基地运作费补贴。对连续两年评估为D级、当年度被评为不达标、应纳入评估但未参加评估的基地，取消区级创业孵化示范基地称号。",
    "二（六）": "本辖区范围内经市人力资源和社会保障部门评定为相应等级且运作良好的院校创业指导站，配合区、镇就业部门开展毕业生求职创业补贴申请、就业推荐、职业指导、技能提升、创业大赛及其他各类主题就业创业活动的，给予创业指导站扶持补贴，补贴标准为市年度服务成效评估补贴资金的50%。",
    "二（七）承办费": "鼓励创业对象积极参与由区人力资源社会保障部门主办的创业赛事活动，给予承办相关赛事的单位不超过10万元的一次性创业赛事承办费补贴。",
    "二（七）落地": "获奖后在金山区域内依法登记注册或由外区迁入的创业组织，在本区正常运营满一年并且带动本区户籍人员就业的，再给予不超过10万元的一次性落地补贴。",
    "四（十一）": "对首次在金山实现就业的对口地区农村劳动力，本区用人单位与其签订劳动合同，办理用工登记备案手续并缴纳本市社会保险费满3个月的，按月给予实际用人单位稳定岗位补贴500元/人，补贴期限累计不超过12个月。",
    "四（十二）": "本市优质人力资源服务机构推荐本区对口地区农村劳动力在金山实现首次就业，与在金山用人单位签订劳动合同，办理用工登记备案手续并缴纳本市社会保险费满3个月的，给予人力资源服务机构一次性推荐就业补贴1000元/人。",
    "四（十三）": "鼓励本区对口地区农村劳动力来金就业，对来金首次就业，与在金用人单位签订劳动合同，办理用工登记备案手续并缴纳本市社会保险费满3个月的，给予个人一次性转移就业补贴1200元。",
}


def basis_of(key: str) -> str:
    clause = key[:key.index("）") + 1]
    return f"依据：金就办〔2023〕1号{clause}：“{SOURCE[key]}”"


JOB_JINSHAN = {"employment_status": "employed", "work_region": "jinshan", "employer_excluded": False,
               "contract_months": 12, "employment_registered": True, "social_insurance_months": 3}
PAIRED = {"paired_region_rural_labor": True, "first_job_in_jinshan": True, **JOB_JINSHAN}
RURAL_JOB = {"age": 40, "hukou": "jinshan", "rural_hukou": True, "employment_status": "employed",
             "work_region": "shanghai_other", "employer_excluded": False, "contract_months": 12,
             "employment_registered": True, "social_insurance_months": 3}
FLEXIBLE = {"age": 27, "hukou": "jinshan", "hard_to_employ_certified": False, "employment_status": "flexible",
            "flexible_employment_registered": True, "social_insurance_months": 5}
CITY_STANDARD = "在就业期间参照市级标准发放，本文件未列具体金额，由区人力资源社会保障部门按市级标准核定（七（三））（补贴期限累计不超过36个月）"
EVALUATION_FEE = "补贴标准参照经市人社局备案的社会评价组织公示项目评价考核费用，本文件未列具体金额，由区人力资源社会保障部门按备案费用核定（七（三））"
CAP_100K = "一次性不超过100000元（10万元），具体数额由区人力资源社会保障部门核定（七（三））"
STATION = "补贴标准为市年度服务成效评估补贴资金的50%，具体数额取决于市级评估结果，由区人力资源社会保障部门核定（七（三））"
INTERNSHIP = "本条鼓励参加就业见习，未规定补贴金额；在本区就业见习基地见习的本区户籍学员另可享受就业见习生活费补贴600元/月（一（三））。认定标准和办理流程由区人力资源社会保障部门制定（七（三））"
BY_DEGREE = "按学历分别给予：本科3000元、硕士研究生8000元、博士研究生18000元"
BY_GRADE = "按年度创业孵化成效评估等级：A级300000元（30万元）、B级200000元（20万元）、C级100000元（10万元）"
EXCLUDED = "用人单位不属于机关、事业单位、社工组织、非正规劳动组织、公益性劳动组织或劳务派遣公司（有特殊规定的除外，以区人力资源社会保障部门认定为准）"

# (row, measure, facts, status, amount_text, explain() before 依据, the clause quoted)
TABLE = [
    ("每月：灵活就业补贴", "flexible_employment_youth", {**FLEXIBLE, "unemployment_months": 8},
     "eligible", "1000元/月，最多12个月，共计不超过12000元",
     "您符合灵活就业补贴的条件，可享受1000元/月，最多12个月，共计不超过12000元。", "一（二）"),
    ("每人每月：稳定岗位补贴（上限按人计）", "job_stabilization", PAIRED,
     "eligible", "500元/人/月，最多12个月，每人共计不超过6000元",
     "贵单位符合稳定岗位补贴的条件，可享受500元/人/月，最多12个月，每人共计不超过6000元。", "四（十一）"),
    ("一次性：转移就业补贴", "paired_region_worker", PAIRED,
     "eligible", "一次性1200元",
     "您符合一次性转移就业补贴的条件，可享受一次性1200元。", "四（十三）"),
    ("每年：基地运作费补贴A级", "incubator_operation", {"incubator_grade": "A"},
     "eligible", "每年300000元（30万元）",
     "贵单位符合基地运作费补贴的条件，可享受每年300000元（30万元）。", "二（五）"),
    ("每人：推荐就业补贴", "hr_agency_referral",
     {"hr_agency_quality_shanghai": True, "hr_agency_referred": True, **PAIRED},
     "eligible", "每推荐1人1000元（1000元/人）",
     "贵单位符合一次性推荐就业补贴的条件，可享受每推荐1人1000元（1000元/人）。", "四（十二）"),
    ("只有上限：赛事承办费补贴", "competition_hosting", {"hosts_district_startup_competition": True},
     "eligible", CAP_100K,
     f"贵单位符合创业赛事承办费补贴的条件，可享受{CAP_100K}。", "二（七）承办费"),
    ("无固定金额、有期限上限：跨区转移就业补贴", "rural_cross_district",
     {**RURAL_JOB, "insurance_base_below_1_2x_min": True},
     "eligible", CITY_STANDARD,
     f"您符合跨区转移就业补贴的条件，金额：{CITY_STANDARD}。", "一（四）"),
    ("按事实取值：硕士的人才回流补贴", "talent_return",
     {"hukou": "jinshan", "fresh_graduate": True, "education": "master", **JOB_JINSHAN, "social_insurance_months": 6},
     "eligible", "一次性8000元",
     "您符合一次性就业补贴（金山籍人才回流）的条件，可享受一次性8000元。", "一（三）"),
    ("未写期间：就业见习", "internship", {"age": 30, "hukou": "jinshan", "employment_status": "unemployed"},
     "conditional", INTERNSHIP,
     f"您符合就业见习的人员条件，做到下面这些以后可以领取：到就业见习基地报名参加见习。金额：{INTERNSHIP}。", "一（一）就业见习"),
    ("单位办完手续即可：落地补贴", "startup_landing",
     {"startup_org_award_winner": True, "startup_org_in_jinshan": True, "startup_org_operating_months": 11,
      "startup_org_employs_jinshan_hukou": True},
     "conditional", CAP_100K,
     f"贵单位符合一次性落地补贴的人员条件，做到下面这些以后可以领取：在本区正常运营满一年（12个月）。可享受{CAP_100K}。", "二（七）落地"),
    ("个人不符合：36周岁", "flexible_employment_youth",
     {"age": 36, "hukou": "jinshan", "employment_status": "unemployed", "unemployed_since": "2026-01-10",
      "hard_to_employ_certified": False},
     "ineligible", "1000元/月，最多12个月，共计不超过12000元",
     "您暂不符合灵活就业补贴，因为不满足条件：35周岁及以下。", "一（二）"),
    ("个人待确认：学历未知时金额按学历", "talent_return", {"hukou": "jinshan", "fresh_graduate": True},
     "undetermined", BY_DEGREE,
     f"一次性就业补贴（金山籍人才回流）还需确认：最高学历（用于判断：本科及以上学历（本科、硕士研究生或博士研究生））。该项为{BY_DEGREE}。", "一（三）"),
    ("单位不符合：评估D级", "incubator_operation", {"incubator_grade": "D"},
     "ineligible", BY_GRADE,
     "贵单位暂不符合基地运作费补贴，因为不满足条件：年度创业孵化成效评估等级达到A级、B级或C级。", "二（五）"),
    ("单位待确认：指导站是否经评定", "startup_guidance_station",
     {"guidance_station_in_jinshan": True, "guidance_station_assists": True},
     "undetermined", STATION,
     f"创业指导站扶持补贴还需确认：是否经市人社部门评定等级且运作良好（用于判断：经市人力资源和社会保障部门评定为相应等级且运作良好）。该项为{STATION}。", "二（六）"),
    # 议题6 第1点：已灵活就业者，失业时长指灵活就业前那段失业
    ("一（二）已灵活就业：问何时开始灵活就业", "flexible_employment_youth",
     {**FLEXIBLE, "unemployed_since": "2025-12-01"},
     "undetermined", "1000元/月，最多12个月，共计不超过12000元",
     "灵活就业补贴还需确认：开始灵活就业的日期（用于判断：灵活就业前的连续失业时间超过6个月）。该项为1000元/月，最多12个月，共计不超过12000元。", "一（二）"),
    ("一（二）已灵活就业：恰好6个整月，问两个日期", "flexible_employment_youth",
     {**FLEXIBLE, "unemployment_months": 6},
     "undetermined", "1000元/月，最多12个月，共计不超过12000元",
     "灵活就业补贴还需确认：本次失业的起始日期、开始灵活就业的日期（用于判断：灵活就业前的连续失业时间超过6个月）。该项为1000元/月，最多12个月，共计不超过12000元。", "一（二）"),
    ("一（二）已灵活就业：失业起始日距今不超过6个月", "flexible_employment_youth",
     {**FLEXIBLE, "unemployed_since": "2026-05-27"},
     "ineligible", "1000元/月，最多12个月，共计不超过12000元",
     "您暂不符合灵活就业补贴，因为不满足条件：灵活就业前的连续失业时间超过6个月。", "一（二）"),
    # 第2点：缴费基数是这份工作的属性
    ("一（四）现有工作基数不低于1.2倍", "rural_cross_district",
     {**RURAL_JOB, "insurance_base_below_1_2x_min": False},
     "ineligible", CITY_STANDARD,
     "按您目前的这份工作，暂不符合跨区转移就业补贴：不满足“月缴费基数低于当年本市职工基本保险最低月缴费基数的1.2倍”。"
     f"符合条件的工作需要：在本市除金山以外的区就业；{EXCLUDED}；签订一年（12个月）以上劳动合同；办理用工登记备案手续；"
     f"缴纳本市城镇职工社会保险费；月缴费基数低于当年本市职工基本保险最低月缴费基数的1.2倍。金额为{CITY_STANDARD}。", "一（四）"),
    ("一（四）现有工作基数未知：仍是待办", "rural_cross_district", RURAL_JOB,
     "conditional", CITY_STANDARD,
     "您符合跨区转移就业补贴的人员条件，做到下面这些以后可以领取：月缴费基数低于当年本市职工基本保险最低月缴费基数的1.2倍。"
     f"金额：{CITY_STANDARD}。", "一（四）"),
    # 第4点：评价费给予参加评价的学生
    ("一（一）评价费：首次评价但尚未参加", "skill_evaluation_fee",
     {"employment_status": "student", "graduating_student": True, "school_in_jinshan": True,
      "first_skill_evaluation": True, "skill_evaluation_taken": False},
     "conditional", EVALUATION_FEE,
     f"您符合一次性评价费补贴的人员条件，做到下面这些以后可以领取：参加该次高级及以上项目职业技能评价（补贴给予参加评价的学生）。金额：{EVALUATION_FEE}。",
     "一（一）评价费"),
    ("一（一）评价费：已参加", "skill_evaluation_fee",
     {"employment_status": "student", "graduating_student": True, "school_in_jinshan": True,
      "first_skill_evaluation": True, "skill_evaluation_taken": True},
     "eligible", EVALUATION_FEE,
     f"您符合一次性评价费补贴的条件，金额：{EVALUATION_FEE}。", "一（一）评价费"),
]


@pytest.mark.parametrize("row,measure,facts,status,amount,head,source", TABLE, ids=[t[0] for t in TABLE])
def test_explain_fixed_output(row, measure, facts, status, amount, head, source):
    r = result({"as_of": DAY, **facts}, measure)
    assert r.status == status
    assert amount_text(r.amount) == amount
    assert explain(r) == head + basis_of(source)


def test_the_table_has_a_row_for_every_amount_kind():
    kinds = set()
    for _, measure, facts, status, *_ in TABLE:
        r = result({"as_of": DAY, **facts}, measure)
        a = r.amount
        if a.yuan is not None:
            kinds.add(a.per)
        elif a.max_months:
            kinds.add("null with a cap")
        elif a.max_total_yuan:
            kinds.add("cap only")
        kinds.add((r.audience, r.status))
    from policy_core.catalogue import catalogue
    by_fact = {m.id for m in catalogue().measures if len(m.amounts) > 1}
    assert {"talent_return", "incubator_operation"} <= by_fact & {t[1] for t in TABLE}
    assert {"month", "person_month", "once", "year", "person", "cap only", "null with a cap"} <= kinds
    for who in ("person", "organisation"):
        assert {(who, "ineligible"), (who, "undetermined")} <= kinds, who


def test_why_not_names_every_failing_condition_in_order():
    facts = {"as_of": DAY, "age": 40, "hukou": "non_shanghai", "hard_to_employ_certified": True,
             "employment_status": "unemployed", "unemployed_since": "2026-01-10"}
    r = result(facts, "flexible_employment_youth")
    assert r.reason == "本区户籍"          # the first failing condition, not the last
    assert why_not(r) == ("您暂不能领取灵活就业补贴：不满足本区户籍（一（二））；35周岁及以下（一（二））；"
                          "不属于经认定的本市“就业困难人员”（一（二））。" + basis_of("一（二）"))


def test_why_not_gives_the_employer_condition_its_own_clause():
    """七（一） defines 用人单位: the employer condition cites it, not the measure's clause."""
    facts = {"as_of": DAY, "hukou": "jinshan", "fresh_graduate": True, "education": "bachelor",
             "employment_status": "employed", "work_region": "jinshan", "employer_excluded": True,
             "contract_months": 12}
    r = result(facts, "talent_return")
    assert r.status == "ineligible"
    assert why_not(r) == f"您暂不能领取一次性就业补贴（金山籍人才回流）：不满足{EXCLUDED}（七（一））。" + basis_of("一（三）")


def test_summary_fixed_output():
    facts = {"as_of": DAY, "age": 28, "hukou": "jinshan", "employment_status": "flexible",
             "unemployed_since": "2025-12-01", "hard_to_employ_certified": False,
             "flexible_employment_registered": True, "social_insurance_months": 5, "incubator_grade": "A",
             "fresh_graduate": False, "paired_region_rural_labor": True, "first_job_in_jinshan": True}
    steps = f"在金山的用人单位就业；{EXCLUDED}；签订劳动合同；办理用工登记备案手续；缴纳本市社会保险费满3个月"
    assert summary(evaluate(facts)) == "\n".join([
        "【可以领取】",
        "· 基地运作费补贴（二（五））：每年300000元（30万元）",
        "【做到下面这些以后可以领取】",
        "· 稳定岗位补贴（四（十一））：500元/人/月，最多12个月，每人共计不超过6000元；还需：用人单位在本区（金山区）；"
        f"{EXCLUDED}；签订劳动合同；办理用工登记备案手续；缴纳本市社会保险费满3个月",
        f"· 一次性转移就业补贴（四（十三））：一次性1200元；还需：{steps}",
        "【暂不符合】",
        "· 就业见习（一（一））：不满足“属于以下任一类：35周岁以下本市户籍未就业人员；离校2年内未就业全日制毕业生；"
        "参加见习计划的本市高等学校或中等职业学校全日制毕业学年学生”",
        "· 一次性就业补贴（金山籍人才回流）（一（三））：不满足“应届高校毕业生”",
        "【还需确认】",
        "· 灵活就业补贴（一（二））：还需确认开始灵活就业的日期",
        "· 跨区转移就业补贴（一（四））：还需确认是否原农业户籍（含被征地人员）",
    ])


def test_summary_out_of_force_fixed_output():
    assert summary(evaluate({"as_of": "2028-01-01", "incubator_grade": "A"})) == (
        "按金就办〔2023〕1号七（二），本意见有效期为2023年1月1日至2027年12月31日；"
        "2028-01-01不在有效期内，各项补贴均不适用。")
