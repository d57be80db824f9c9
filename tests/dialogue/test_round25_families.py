"""Families found at the start of the twelfth session: round 24 (sealed last session, opened now)
and round 25 (written blind, first pass 64/86 and 50/89 on 8098d5d). Each test is a family, with
phrasings of our own beside the writers', and the other side where one exists."""
from __future__ import annotations

import datetime as dt

import pytest

from assistant_nlu import org_facts
from fact_extraction.extract import extract
from fact_extraction.numbers import DATE_RE, parse_date

from .talk import said, talk

TODAY = dt.date(2026, 12, 7)


def facts(text: str, asked: str | None = None) -> dict:
    return extract(text, TODAY, asked).facts


# ---------------------------------------------------------------- a spouse beside the person asked about

@pytest.mark.parametrize("text", ["我42岁，在松江一家电子厂上班，跟厂里直接签的合同，两年；我老公在金山本地的厂里",
                                  "我今年38，在闵行上班，合同签了三年，我老公在金山上班"])
def test_a_spouse_named_after_the_writers_own_case_is_a_side_remark(text):
    f = facts(text)
    assert f.get("work_region") == "shanghai_other" and f.get("employment_status") == "employed"


def test_a_husbands_whole_case_after_one_word_of_the_writers_is_still_his():
    f = facts("我是外地人，我老公是金山户口，36岁，厂子倒闭了失业快一年了")
    assert f.get("hukou") == "jinshan" and f.get("age") == 36


@pytest.mark.parametrize("text,fact,value", [("我跟我老公都是金山户口，两个人现在都在家没工作", "hukou", "jinshan"),
                                             ("我和老公都是外地户口", "hukou", "non_shanghai")])
def test_said_of_the_writer_and_the_spouse_together_is_the_writers(text, fact, value):
    assert facts(text).get(fact) == value


def test_a_comparison_with_the_writer_is_not_the_writers_spell():
    f = facts("我33岁，去年过完年厂里裁员就没上过班了；我老公37，比我还早失业两个月。我们俩都没去认定过就业困难人员")
    assert f.get("age") == 33 and "unemployment_months" not in f and f.get("hard_to_employ_certified") is False


@pytest.mark.parametrize("second", ["其妻安徽户籍，32岁，也失业在家。", "其夫外省户籍，40岁，在松江上班"])
def test_a_callers_spouse_in_a_note_is_set_aside_and_said_so(second):
    slots, replies = talk([("来电人男，34，本区户籍，失业8个月左右，未认定就业困难人员。", "inform"), (second, "inform")], TODAY)
    assert slots.get("age") == 34 and slots.get("hukou") == "jinshan" and slots.get("employment_status") == "unemployed"
    assert "配偶的情况没有记录" in replies[-1] and "请从下面的选项中选择" not in replies[-1]


# ---------------------------------------------------------------- someone cared for, a part of a year

@pytest.mark.parametrize("text", ["屋里姆妈生毛病 我服侍伊五年没上班 姆妈上半年走了 现在想寻点生活做",
                                  "我妈生病我照顾了她五年没上班"])
def test_years_caring_for_a_parent_are_the_writers_spell(text):
    f = facts(text)
    assert f.get("unemployment_months") == 60 and f.get("employment_status") == "unemployed"


@pytest.mark.parametrize("text,months", [("上半年辞职了", None), ("下半年没上班", None), ("失业半年了", 6), ("失业大半年了", None)])
def test_the_first_half_of_a_year_is_no_duration(text, months):
    assert facts(text).get("unemployment_months") == months


# ---------------------------------------------------------------- flexible work begun: when, and right after

@pytest.mark.parametrize("text,month", [("去年过了元宵就开始打零工了", 2), ("前年端午前后辞职的", 6), ("今年国庆以后开始跑外卖", 10),
                                        ("去年中秋开始送快递", 9), ("今年清明前后辞的职", 4)])
def test_a_festival_names_its_month(text, month):
    m = DATE_RE.search(text)
    assert m and parse_date(m, TODAY).month == month


@pytest.mark.parametrize("text,since", [("9月1日开始做众包快递，到现在还没办灵活就业登记", "2026-09-01"),
                                        ("她去年三月份公司倒闭没工作了 一直到今年五月份才在菜场门口摆了个早点摊", "2026-05-01")])
def test_flexible_work_begun_on_a_day_is_flexible_work_now(text, since):
    f = facts(text)
    assert f.get("flexible_since") == since and f.get("employment_status") == "flexible"


def test_flexible_work_begun_and_stopped_is_not_flexible_work_now():
    assert facts("今年3月开始跑外卖，上个月不跑了").get("employment_status") != "flexible"


def test_flexible_work_begun_the_next_day_leaves_no_spell():
    f = facts("今年3月合同到期没续签，第二天就开始跑货拉拉了")
    assert f.get("flexible_since") == f.get("unemployed_since") == "2026-03-01"
    slots, replies = talk([("我在一家物流公司做了三年调度，今年3月合同到期没续签", "inform"),
                           ("第二天就开始自己接单跑货拉拉了，上个月去办了灵活就业登记。32岁，户口金山。", "inform"),
                           ("我前面上班那三年能不能算进去？灵活就业补贴我能拿吗", "ask_eligibility")], TODAY)
    assert slots.get("employment_status") == "flexible" and slots.get("flexible_since") == "2026-03-01"
    assert "不满足" in replies[-1] and "超过6个月" in replies[-1]


def test_flexible_work_a_while_after_is_no_right_after():
    f = facts("今年3月合同到期没续签，歇了半年才开始跑货拉拉")
    assert f.get("flexible_since") != "2026-03-01"


def test_a_question_about_the_years_worked_before_is_no_job_now():
    assert "employment_status" not in facts("我前面上班那三年能不能算进去？灵活就业补贴我能拿吗")


# ---------------------------------------------------------------- the registration asked about, not the status

@pytest.mark.parametrize("text,flexible", [("灵活就业 登记到啥地方去办", False), ("灵活就业登记在哪里办", False),
                                           ("我灵活就业，登记到哪里办", True), ("我儿子灵活就业 补贴能拿吗", True)])
def test_the_registration_asked_about_is_not_the_status(text, flexible):
    assert (facts(text).get("employment_status") == "flexible") is flexible


# ---------------------------------------------------------------- grades and prizes listed in a question

@pytest.mark.parametrize("text", ["创业孵化示范基地评估A、B、C级，分别给多少运作费补贴？", "孵化基地ABC级运作费分别多少",
                                  "区里主办的创业大赛，获奖的一二三等奖各奖多少钱？", "创业大赛一、二、三等奖分别多少"])
def test_grades_listed_in_a_question_are_no_ones(text):
    assert not {"incubator_grade", "startup_competition_prize"} & {f[0] for f in org_facts.find(text)}


@pytest.mark.parametrize("text,fact", [("我们基地评上了C级，能拿多少", "incubator_grade"),
                                       ("我们团队创业大赛拿了三等奖 能拿多少", "startup_competition_prize")])
def test_a_grade_said_is_still_recorded(text, fact):
    assert fact in {f[0] for f in org_facts.find(text)}


def test_the_tiers_asked_for_are_all_answered():
    _, reply = said("创业孵化示范基地评估A、B、C级，分别给多少运作费补贴？", intent="ask_policy")
    assert all(x in reply for x in ("30万", "20万", "10万"))
    _, reply = said("区里人社部门主办的创业大赛，获奖的一二三等奖各奖多少钱？", intent="ask_policy")
    assert all(x in reply for x in ("5万", "3万", "1万"))


# ---------------------------------------------------------------- round 25's wrong facts, as families

@pytest.mark.parametrize("text,months", [("社保是6月份开始自己交的 一直交到现在 没断过", 6), ("社保从今年3月起交到现在没断过", 9),
                                         ("社保6月份开始交的", None)])
def test_insurance_paid_from_a_month_until_now_counts_the_months(text, months):
    assert facts(text).get("social_insurance_months") == months


@pytest.mark.parametrize("text,hukou", [("户口是松江的（我们家前几年从金山搬过去，户口也迁过去了）", "shanghai_other"),
                                        ("公司今年从松江迁到金山", None)])
def test_the_place_moved_away_from_is_not_the_hukou(text, hukou):
    assert facts(text).get("hukou") == hukou


@pytest.mark.parametrize("text,age", [("问灵活就业补贴，他说自己还算35岁", None), ("我35岁，还算青年吗", 35)])
def test_a_claim_to_count_as_an_age_is_no_age(text, age):
    assert facts(text).get("age") == age


def test_the_graduating_year_of_someone_who_left_school_is_when_not_now():
    slots, _ = talk([("来电人2025年6月毕业于本区一所中职学校，现已离校工作", "inform"),
                     ("其在毕业学年（2025年4月）首次参加高级工评价，已考完，当时未申请评价费补贴，问现在还能否申请", "inform")], TODAY)
    assert slots.get("employment_status") == "employed"


def test_may_day_names_may():
    assert facts("今年五一开始跑外卖了 社区那边灵活就业登记也办好了").get("flexible_since") == "2026-05-01"


# ---------------------------------------------------------------- the twelfth bank's families (opened after its first run)

@pytest.mark.parametrize("text", ["阿啦好申请灵活就业发", "来电人咨询能否享受灵活就业", "灵活就业1000元 duoshao qian",
                                  "灵活就业1000元阿拉好拿几钿", "阿拉好申请灵活就业1000元伐"])
def test_the_measure_applied_for_or_named_by_its_sum_is_no_status(text):
    assert "employment_status" not in facts(text)


@pytest.mark.parametrize("text", ["我灵活就业，能申请补贴吗", "我在灵活就业 1000元能拿吗"])
def test_the_status_said_before_the_sum_is_kept(text):
    assert facts(text).get("employment_status") == "flexible"


def test_the_place_come_back_to_after_school_is_not_the_school():
    f = facts("在外省读完回金山的", "school_in_shanghai")
    assert f.get("school_in_shanghai") is False and f.get("school_in_jinshan") is not True
    assert facts("在金山读的", "school_in_shanghai").get("school_in_jinshan") is True


@pytest.mark.parametrize("text", ["没念过高中", "没读过高中", "高中没读"])
def test_no_high_school_is_below_it(text):
    assert facts(text, "education").get("education") == "below_high_school"


@pytest.mark.parametrize("text,supposed", [("考到高级技师了", False), ("那我考到技师呢", True), ("考个高级工的话能拿多少", True)])
def test_a_level_reached_is_no_what_if(text, supposed):
    from assistant_nlu.reading import supposes
    assert supposes(text) is supposed


def test_a_level_reached_to_the_question_is_recorded():
    slots, replies = talk([("证书补贴阿拉好拿几钿", "ask_measure"), ("考到高级技师了", "what_if")], TODAY)
    assert slots.get("certificate_level") == "level1" and "假设" not in replies[-1]


def test_an_excluded_kind_said_to_that_question_is_the_answer_not_the_term():
    slots, replies = talk([("来电人咨询能否享受征地农民跨区补贴", "ask_measure"), ("金山户口", "inform"),
                           ("户口本上原来写的农业", "inform"), ("23", "inform"), ("社保交了半年，然后签了一年期", "inform"),
                           ("在上海别的区上班，不在金山", "inform"), ("在街道办上班，是机关单位", "inform")], TODAY)
    assert slots.get("employer_excluded") is True and "跨区转移就业补贴" in replies[-1] and "暂不符合" in replies[-1]


def test_far_from_graduating_is_not_the_graduating_year():
    assert facts("离毕业还早", "graduating_student").get("graduating_student") is False


# ---------------------------------------------------------------- an organisation that introduces itself speaks from then on

@pytest.mark.parametrize("first,second", [
    ("我们是一家连锁超市在朱泾的门店", "我们门店想给员工做培训 能申请金山的职工培训补贴吗"),
    ("我们是金山的一家饭店 想招一个金山户口的应届本科生做管理培训生", "那我们饭店能拿什么"),
    ("你好，我刚在金山注册了一家做农产品电商的小公司，三个人", "想问问入驻孵化基地有没有场地补贴或者房租减免？文件里有没有写")])
def test_an_organisation_introduced_stays_the_speaker_and_is_asked_no_persons_question(first, second):
    slots, replies = talk([(first, "inform"), (second, "ask_measure")], TODAY)
    assert slots.get("speaker") == "organisation"
    assert "您的户籍" not in replies[-1] and "您目前的就业情况" not in replies[-1] and "您今年多大" not in replies[-1]


def test_an_organisation_with_no_measure_of_its_own_in_play_hears_what_it_can_ask_about():
    slots, replies = talk([("我们是金山的一家连锁餐饮企业，今年校招了6个应届本科生做储备店长，都是金山户口的", "inform"),
                           ("合同签了3年，用工登记也办了。公司每招一个应届生能拿多少补贴？", "ask_benefits")], TODAY)
    assert T_ORG_NONE in replies[-1] and "文件中发给单位或机构的补贴有" in replies[-1]


T_ORG_NONE = "还没有哪一项发给单位的补贴可以判断"


# ---------------------------------------------------------------- a firm speaking of its workers

@pytest.mark.parametrize("turns,fact,value", [
    (["你好 我们是金山一家民营制造企业", "今年吸纳了6个对口地区的农村劳动力"], "paired_region_rural_labor", True),
    (["我们是金山一家私营企业", "今年招的两个对口地区农村劳动力 以前都在金山别的厂做过"], "first_job_in_jinshan", False),
    (["我们是浦东的一家物流公司，自己直接招的员工，不是派遣", "有几个员工是金山农村户口的，合同签两年，社保按最低基数交"], "rural_hukou", True),
    (["我们是金山本地一家物流公司 准备明年招一批本村的农民", "另外我们车间的老张是金山农村户口 他说他之前在闵行干的时候拿过跨区补贴"], "hukou", "jinshan")])
def test_what_a_firm_says_of_the_workers_it_hired_is_recorded(turns, fact, value):
    slots, _ = talk([(x, "inform") for x in turns], TODAY)
    assert slots.get(fact) == value


def test_a_short_question_back_on_the_measure_talked_about_is_answered():
    _, replies = talk([("我们厂一个焊工代表金山去参加市里的技能大赛 拿了二等奖", "inform"),
                       ("他个人有奖金吗 带他的那几个老师傅有没有", "ask_policy")], TODAY)
    assert "技术专家团队" in replies[-1] and "没有看懂" not in replies[-1]


# ---------------------------------------------------------------- round 25: more of the writer's own words

@pytest.mark.parametrize("text,expect", [
    ("老公家是金山农村的 我自己今年30 去年这个时候就没上班了", {"age": 30, "unemployed_since": "2025-12-01"}),
    ("你好 我去年6月中专毕业的 到现在还没找到合适的工作", {"employment_status": "unemployed"}),
    ("困难人园没认定过", {"hard_to_employ_certified": False})])
def test_the_writers_own_words(text, expect):
    f = facts(text)
    assert all(f.get(k) == v for k, v in expect.items()), f


def test_a_birth_year_said_in_shanghainese():
    assert extract("我九五年个金山户口失业一年半了", TODAY).confirm.get("age") == 31


def test_a_loose_number_leaves_being_out_of_work_said():
    slots, _ = said("来电人男，34，金山户口，失业10个月左右，原来在石化一家外包单位做维修")
    assert slots.get("employment_status") == "unemployed"


# ---------------------------------------------------------------- round 26 (sealed, first pass 61/87 and 49/83 on 8e1b67c), opened

@pytest.mark.parametrize("text", ["伊脱班一年多了 屋里厢蹲了 灵活就业补贴好拿伐", "现在屋里厢没做 过了年想到闵行去寻生活 有补贴伐",
                                  "伊还没寻好单位 想回金山来做 好拿几钿",
                                  "前几年一直在女儿家带外孙 现在外孙上幼儿园了我就回来了 现在没工作"])
def test_out_of_work_in_shanghainese_and_plain_words(text):
    assert facts(text).get("employment_status") == "unemployed"


@pytest.mark.parametrize("text,status", [("我在一家家政公司做，52岁，金山户口，以前是农业户口", "employed"),
                                         ("伊勒金山石化一家保洁公司做 跨区个补贴伊好拿伐", "employed"),
                                         ("该员工：56岁，金山户籍，在会员单位（金山卫镇一家装修公司）做木工", "employed"),
                                         ("我想在金山一家公司做", None), ("以前在松江一家厂里做", None)])
def test_working_at_a_place_now_is_a_job(text, status):
    assert facts(text).get("employment_status") == status


# ---------------------------------------------------------------- the outside check's round 12

def test_workers_from_the_paired_region_are_asked_whether_rural_and_the_sum_is_answered_first():
    slots, replies = talk([("我们是金山一家民营厂", "inform"),
                           ("招了6个对口地区来的工人，合同签了，社保交满3个月，稳岗补贴一共多少", "ask_measure")], TODAY)
    assert slots.get("paired_region_rural_labor") is None and "36000" in replies[-1] and "先不记录" in replies[-1]
    assert slots.get("asked_fact") == "paired_region_rural_labor"
    slots, _ = talk([("是的都是农村的", "inform")], TODAY, slots)
    assert slots.get("paired_region_rural_labor") is True


def test_a_students_plan_is_answered_for_the_measure_named_and_never_recorded():
    start = [("你好，我今年21岁，今年毕业，在上海的一所大学读本科（学校不在金山），户口是金山的。我想问一下，我能参加就业见习吗？", "ask_measure"),
             ("是的，全日制", "inform")]
    slots, replies = talk(start + [("如果毕业以后我先不找单位，去跑外卖，能拿灵活就业补贴吗？", "what_if")], TODAY)
    assert "灵活就业补贴" in replies[-1] and "人才回流" not in replies[-1]
    slots, replies = talk([("那如果我毕业以后一直没找到工作，过了半年多再去跑外卖，是不是就可以了？", "what_if")], TODAY, slots)
    assert "连续失业7个月" in replies[-1] and "不满足" not in replies[-1]
    slots, replies = talk([("为什么不行？我说的是失业超过半年以后再去跑外卖呀", "why_not")], TODAY, slots)
    assert slots.get("employment_status") is None and slots.get("unemployment_months") is None


def test_an_example_in_a_document_question_is_no_fact():
    assert "months_since_graduation" not in facts("比如前年12月离校的，到今年12月正好两年，还算不算2年内？")


@pytest.mark.parametrize("text", ["你好 我41岁 户口在金山 原来是农业户口 前几年村里征地 户口转成非农了",
                                  "我这种征地转了非农的 还算农民吗"])
def test_land_taken_and_turned_non_agricultural_is_still_former_agricultural(text):
    assert facts(text).get("rural_hukou") is True


def test_a_caller_described_in_brackets_is_the_caller():
    f = facts("来电人（会员单位员工的妹妹）：女，33岁，金山户籍")
    assert f.get("age") == 33 and f.get("hukou") == "jinshan"


def test_a_note_headed_by_a_relative_is_about_them():
    f = facts("该员工姐夫：38岁，金山户籍，原农业户口，在闵行一家民营企业上班，合同两年，用工登记已办")
    assert f.get("age") == 38 and f.get("work_region") == "shanghai_other"


def test_a_new_employee_of_a_firm_speaks_for_themself():
    from assistant_nlu import org_facts as of
    assert not of.speaks_for_organisation("秘书长好，我是咱们商会里那家汽配厂的新员工，想问下人才回流补贴")


def test_a_measure_named_after_a_move_is_not_swallowed_by_the_cross_district_pattern():
    from assistant_nlu import topics
    hits = topics.find("假如一个金山户口的应届硕士 毕业后去闵行的公司上班 有人才回流补贴吗", None)
    assert [h.value for h in hits if h.kind == "measure"] == ["talent_return"]
    assert [h.value for h in topics.find("去奉贤那边厂里上班区里会给补贴", None)] == ["rural_cross_district"]


@pytest.mark.parametrize("text", ["她还没退休 还在上班的", "我还没退休 还好做两年"])
def test_not_retired_to_the_working_age_question_is_yes_never_no(text):
    assert facts(text, "within_working_age").get("within_working_age") is True
    assert facts(text).get("within_working_age") is None


def test_combining_says_where_the_person_stands_on_each():
    _s, replies = talk([("你好，我帮我女儿问一下。她23岁，金山户口，大专毕业，现在在金山的一个见习基地见习。见习有补贴吗？", "ask_measure"),
                        ("好的。那她还能不能同时拿那个人才回流的补贴？", "ask_policy")], TODAY)
    assert "文件没有规定" in replies[-1] and "本科及以上学历" in replies[-1]


def test_a_retirees_why_is_said_once():
    _s, replies = talk([("阿拉今年七十岁了 金山户口 老早就退休了 有啥补贴好拿伐", "ask_benefits"),
                        ("为啥没有啊？阿拉老年人一眼也没？", "why_not")], TODAY)
    assert replies[-1].count("这份文件（金就办〔2023〕1号）是金山区稳就业") == 1


@pytest.mark.parametrize("text,asked", [("来电人说好像55岁就该退了，但她一直在上班，没办退休，具体不清楚", "within_working_age"),
                                        ("没办退休", "within_working_age"), ("56岁 退休手续还没办", None)])
def test_retirement_not_filed_or_not_known_says_neither(text, asked):
    assert "within_working_age" not in facts(text, asked)


def test_not_retired_to_another_question_answers_nothing():
    assert "rural_hukou" not in facts("还没退休，还好做几年", "rural_hukou")


def test_a_child_at_school_is_no_subject_and_not_the_writers_status():
    f = facts("你好 我跟我老公两个人现在都没工作 家里小孩还在读初中 压力蛮大的")
    assert f.get("employment_status") == "unemployed"
