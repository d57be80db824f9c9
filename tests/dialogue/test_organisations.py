"""Organisations speaking (employers, HR agencies, schools, bases, training schools, startup
teams), by family: who is speaking, the organisation's facts in its own words, its own
measures answered with their amounts, and an excluded employer told so under 七（一）."""
from __future__ import annotations

import datetime as dt

import pytest

from actions.templates import NOT_UNDERSTOOD, QUESTIONS
from assistant_nlu import org_facts

from .talk import talk

TODAY = dt.date(2026, 12, 2)
PERSONAL = [QUESTIONS[f][0] for f in ("age", "hukou", "education", "rural_hukou")]


def last(turns, slots=None):
    slots, replies = talk(turns, TODAY, slots)
    assert all(r.strip() for r in replies), replies
    assert NOT_UNDERSTOOD not in replies[-1], replies[-1]
    return slots, replies[-1]


def never_asked_personal(replies):
    for r in replies:
        for q in PERSONAL:
            assert q not in r, r


# ---------------------------------------------------------------- who speaks

@pytest.mark.parametrize("text", ["我们是金山的一家制造企业", "我们单位是金山的一家事业单位", "我是区里一所中职学校的",
                                  "我们是金山一所高职院校", "我是一家物流公司的HR", "今年招了两个对口地区的农村劳动力",
                                  "我们团队在区人社局主办的创业大赛上拿了二等奖", "我司招了3个工人"])
def test_an_organisation_speaking(text):
    assert org_facts.speaks_for_organisation(text)


@pytest.mark.parametrize("text", ["我是金山一所大学的学生", "我是一家物流公司的员工", "我26岁，金山户口，失业10个月了",
                                  "公司招了我，签了一年合同", "我儿子今年大学毕业"])
def test_a_person_speaking(text):
    assert not org_facts.speaks_for_organisation(text)


# ---------------------------------------------------------------- 七（一）excluded employers

@pytest.mark.parametrize("intro,kind", [("我们单位是金山的一家事业单位", "事业单位"), ("我们是一家劳务派遣公司", "劳务派遣公司"),
                                        ("我们是街道的社工组织", "社工组织"), ("我们是区里的机关单位", "机关")])
def test_an_excluded_employer_is_told_so_and_asked_nothing_personal(intro, kind):
    slots, replies = talk([(intro, "inform")], TODAY)
    assert slots["employer_excluded"] is True
    assert "七（一）" in replies[0] and kind in replies[0] and "不包括" in replies[0]
    assert NOT_UNDERSTOOD not in replies[0]
    never_asked_personal(replies)


@pytest.mark.parametrize("turns", [
    [("我们单位是金山的一家事业单位", "inform"), ("今年招了两个对口地区的农村劳动力 能不能拿每人每月500的稳岗补贴", "inform")],
    [("我们是劳务派遣公司 招了一批对口地区的农村劳动力 派到金山几家工厂干活", "inform"),
     ("稳岗补贴每人每月500 我们能申请吗", "ask_measure")],
    [("我们是街道的社工组织，招了两个对口地区的劳动力，稳岗补贴能拿吗", "ask_measure")],
])
def test_an_excluded_employer_asking_for_the_job_stabilisation_subsidy(turns):
    slots, said = last(turns)
    assert slots["employer_excluded"] is True and slots["last_measure"] == "job_stabilization"
    assert "暂不符合稳定岗位补贴" in said
    assert "不属于本意见所说的“用人单位”" in said and "七（一）" in said


def test_an_enterprise_introducing_itself_hears_the_measures_paid_to_organisations():
    slots, replies = talk([("您好，我们是金山的一家制造企业", "greet")], TODAY)
    assert slots["employer_excluded"] is False
    assert "稳定岗位补贴（四（十一））：500元/人/月" in replies[0] and "企业职工培训补贴" in replies[0]
    never_asked_personal(replies)


# ---------------------------------------------------------------- employers and agencies of paired-region workers

def test_an_employer_hiring_says_its_workers_facts_and_hears_its_subsidy():
    slots, replies = talk([("您好，我们是金山的一家制造企业", "greet"),
                           ("今年招了5个对口地区的农村劳动力，都是第一次来金山工作，劳动合同签了，用工登记也办了，社保已经交满3个月", "inform"),
                           ("稳岗补贴怎么算？每人多少，能拿多久", "ask_measure")], TODAY)
    assert slots["paired_region_rural_labor"] is True and slots["first_job_in_jinshan"] is True
    assert "500元/人/月" in replies[-1] and "最多12个月" in replies[-1]
    never_asked_personal(replies)


@pytest.mark.parametrize("text", ["不过他前几年在金山别的厂干过 后来回老家了 这次是又回来的", "他以前在金山打过工"])
def test_a_worker_who_worked_in_jinshan_before_is_not_a_first_job(text):
    slots, said = last([("请问下 我们公司新招了一个对口地区的农村劳动力，合同签了社保也交了5个月了", "inform"),
                        (text, "inform"), ("这种情况我们单位能拿稳岗补贴吗", "ask_measure")])
    assert slots["first_job_in_jinshan"] is False
    assert "暂不符合稳定岗位补贴" in said and "首次" in said


def test_an_hr_agency_placing_workers_gets_its_referral_subsidy_and_their_own():
    slots, replies = talk([
        ("我们是一家人力资源服务公司，市里评的优质机构，今年帮对口地区的农村劳动力找工作 推荐了15个人到金山的企业", "inform"),
        ("都是头一回来金山 企业跟他们签了合同办了用工登记 社保到上个月刚好满三个月", "inform"),
        ("我们机构有啥补贴", "ask_benefits"), ("那这些工人本人呢 有没有钱拿", "ask_benefits")], TODAY)
    assert slots["hr_agency_quality_shanghai"] is True and slots["hr_agency_referred"] is True
    assert slots["first_job_in_jinshan"] is True
    assert "一次性推荐就业补贴" in replies[2] and "1000元" in replies[2]
    assert "1200元" in replies[3] and "就这些劳动者的情况：他们" in replies[3]
    never_asked_personal(replies)


def test_an_agency_recommending_workers_is_asked_about_its_referral_not_the_employers_subsidy():
    slots, replies = talk([("我们是上海本地的一家人力资源服务机构", "inform"),
                           ("推荐了一批对口地区的农村劳动力到金山企业上班，都是首次来金山就业，合同、登记、社保都齐了，满3个月了",
                            "inform")], TODAY)
    assert slots["last_measure"] == "hr_agency_referral"
    assert "一次性推荐就业补贴" in replies[-1]


# ---------------------------------------------------------------- schools, bases, training schools, teams

@pytest.mark.parametrize("turns", [
    [("我们是金山一所高职院校，学校的创业指导站去年被市人社评了等级", "inform"),
     ("平时配合区里做毕业生求职创业补贴申请、就业推荐这些工作，区里的扶持补贴怎么算", "ask_measure")],
    [("老师好 我是区里一所中职学校的，学校有个创业指导站 市人社评过等级的", "inform"),
     ("平时配合镇里搞创业大赛 职业指导这些，区里对我们有补贴么 标准是多少", "ask_measure")],
])
def test_a_guidance_station_hears_fifty_percent(turns):
    slots, said = last(turns)
    assert slots["guidance_station_in_jinshan"] is True and slots["guidance_station_assists"] is True
    assert "市年度服务成效评估补贴资金的50%" in said and "二（六）" in said
    assert "创业项目资助" not in said        # 创业大赛 there is the station's work, not a prize


def test_a_training_school_in_its_words_and_its_trainees_certificate():
    slots, replies = talk([("我们是金山的一家职业技能培训学校，人社部门评过办学质量和诚信等级", "inform"),
                           ("办学资助按啥标准给", "ask_measure"),
                           ("还有我们学员参加政府补贴培训 考出来技师二级证书 个人补多少", "inform")], TODAY)
    assert slots["training_institution_in_jinshan"] is True and slots["training_institution_rated"] is True
    assert "按照评定等级给予办学资助" in replies[1]
    # answered first, for the trainee's own certificate (技师（二级）: 1500元)
    assert "技师（二级）证书" in replies[2] and "一次性1500元" in replies[2]


def test_employee_training_with_the_tax_district_and_a_what_if():
    slots, replies = talk([("我们公司注册在金山 税务也在金山，想给员工搞一批线上技能培训 有没有培训补贴", "ask_measure"),
                           ("具体能给多少钱", "ask_benefits"),
                           ("要是我们税务关系在松江 只是厂房在金山呢 还能补吗", "what_if")], TODAY)
    assert slots["tax_registered_in_jinshan"] is True
    assert replies[0].count("企业职工培训补贴") and replies[1].startswith("企业职工培训补贴")
    assert "假设" in replies[2] and "税收征管关系在金山区" in replies[2]
    assert slots["tax_registered_in_jinshan"] is True        # the what-if changed nothing


def test_a_startup_team_moving_to_jinshan_hears_the_landing_subsidy():
    slots, replies = talk([("我们团队在区人社局主办的创业大赛上拿了二等奖 项目资助有多少", "ask_measure"),
                           ("拿奖以后我们打算把公司从闵行迁到金山 还有什么补贴吗", "ask_benefits")], TODAY)
    assert "30000元（3万元）" in replies[0]
    assert replies[1].startswith("一次性落地补贴") and "不超过100000元（10万元）" in replies[1]
    assert slots.get("startup_org_in_jinshan") is None       # only planned


def test_a_startup_team_that_moved_states_the_landing_facts():
    slots, replies = talk([("我们团队获得了区创业大赛三等奖", "inform"),
                           ("公司后来从松江迁到金山了，运营了一年半，招了5个金山户籍的员工", "inform")], TODAY)
    assert slots["startup_org_award_winner"] is True and slots["startup_org_in_jinshan"] is True
    assert slots["startup_org_operating_months"] == 18 and slots["startup_org_employs_jinshan_hukou"] is True
    assert "贵单位符合一次性落地补贴的条件" in replies[-1]
    never_asked_personal(replies)


def test_hosting_a_competition_names_the_hosting_fee():
    _, said = last([("我们是一家文化传媒公司，今年想承办区人社局主办的创业大赛", "inform")])
    assert said.count("创业赛事承办费补贴") and "不超过100000元（10万元）" in said


def test_a_caller_asking_about_the_employer_of_a_paired_region_worker():
    slots, replies = talk([("来电人是对口地区的农村劳动力 从云南老家出来 第一次来金山打工", "inform"),
                           ("两个多月前进了金山一家厂 签了劳动合同 用工登记办了 社保交了2个月", "inform"),
                           ("那招他的厂呢 单位有没有补贴", "ask_measure")], TODAY)
    assert replies[-1].startswith("稳定岗位补贴") and "500元/人/月" in replies[-1]
    assert "就用人单位（机构）的情况：用人单位符合" in replies[-1]
    assert slots["last_measure"] == "job_stabilization"
