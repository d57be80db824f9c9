"""Families found by blind round 8 (docs/rounds/round8_first_pass.txt), each tested by phrasings
of its own, not the round's: words that are not a statement about the person (choices set side
by side, the policy's own words cited, a kind asked about, a sum of money, what others say),
a correction with a number of the future after it, and the questions answered first (a
boundary, a what-if with nothing to suppose, a family of measures, who issued the document, a
subsidy named by what it pays, a question back while a question is open)."""
from __future__ import annotations

import datetime as dt

import pytest

from actions import templates as T

from .talk import talk

TODAY = dt.date(2026, 12, 6)


# ------------------------------------------------------------- not a statement about the person

@pytest.mark.parametrize("text,fact", [("获证补贴 高级技师 技师 高级工分别多少钱", "certificate_level"),
                                       ("本科还是硕士拿得多", "education"),
                                       ("大专和本科有区别吗", "education"),
                                       ("二级三级各给多少", "certificate_level")])
def test_choices_set_side_by_side_in_a_question_are_no_value(text, fact):
    slots, _ = talk([(text, "ask_measure")], TODAY)
    assert slots.get(fact) is None


def test_a_correction_between_two_values_keeps_the_second():
    slots, _ = talk([("失业8个月，不对，是9个月", "inform")], TODAY)
    assert slots.get("unemployment_months") == 9


@pytest.mark.parametrize("text,fact", [("灵活就业补贴里的连续失业超过6个月", "unemployment_months"),
                                       ("见习里说的离校2年内未就业全日制毕业生", "months_since_graduation"),
                                       ("政策上写着35周岁及以下", "age"),
                                       ("文件里规定要交满6个月社保", "social_insurance_months")])
def test_the_policys_words_cited_are_no_fact(text, fact):
    slots, _ = talk([(text, "ask_policy")], TODAY)
    assert slots.get(fact) is None


def test_a_person_after_the_cited_words_still_speaks_for_themselves():
    slots, _ = talk([("文件里说35岁以下，我36了", "inform")], TODAY)
    assert slots.get("age") == 36


@pytest.mark.parametrize("text", ["中级工四级证书有没有", "初级工证书有吗", "五级的行吗"])
def test_a_kind_asked_about_is_no_fact(text):
    slots, _ = talk([("一次性获证补贴", "ask_measure"), (text, "ask_measure")], TODAY)
    assert slots.get("certificate_level") is None


def test_a_kind_someone_holds_is_a_fact():
    slots, _ = talk([("我考了四级证书，有没有补贴", "ask_measure")], TODAY)
    assert slots.get("certificate_level") == "level4"


@pytest.mark.parametrize("text", ["伯士好拿一万八是伐", "能拿三千块吗", "1200元的那个"])
def test_a_sum_of_money_never_answers_a_count_of_months(text):
    slots, _ = talk([("我是金山户口的应届博士", "inform")], TODAY)
    slots["asked_fact"] = "social_insurance_months"
    slots, _ = talk([(text, "ask_measure")], TODAY, slots)
    assert slots.get("social_insurance_months") is None


@pytest.mark.parametrize("text", ["听讲灵活就业每个月好拿一千块 我好拿伐", "听人家讲跑外卖也算灵活就业",
                                  "网上说灵活就业有补贴"])
def test_what_others_say_is_never_the_persons_status(text):
    slots, _ = talk([("我五十二岁 下岗一年多了 户口金山", "inform"), (text, "ask_measure")], TODAY)
    assert slots.get("employment_status") == "unemployed"


@pytest.mark.parametrize("text", ["来电人农村户口，经核对不属于我区对口地区", "四川农村户口，不是对口地区"])
def test_not_belonging_to_the_paired_regions_is_a_no(text):
    slots, _ = talk([(text, "inform")], TODAY)
    assert slots.get("paired_region_rural_labor") is False


@pytest.mark.parametrize("text,age", [("哦不对 我讲错了 三十七了 过年就三十八", 37), ("说错了 四十 明年就四十一", 40)])
def test_a_correction_is_the_number_said_now_not_the_one_to_come(text, age):
    slots, _ = talk([("我今年三十五 户口金山 失业一年了", "inform")], TODAY)
    slots["asked_fact"] = "rural_hukou"
    slots, _ = talk([(text, "inform")], TODAY, slots)
    assert slots.get("age") == age and slots.get("rural_hukou") is None


def test_a_shanghainese_supposition_changes_nothing():
    slots, _ = talk([("伊是金山户口 今年硕士毕业 现在勒浦东上班", "inform"),
                     ("伊回金山来上班个闲话 好拿几钿", "what_if")], TODAY)
    assert slots.get("work_region") == "shanghai_other"


# ------------------------------------------------------------- the question answered first

@pytest.mark.parametrize("text,must", [("要是正好是1.2倍 算不算低于", "“低于1.2倍”不包括正好1.2倍"),
                                       ("刚好满6个月算不算超过", "“超过6个月”不包括正好6个月"),
                                       ("我虚岁都37了 是不是超了", "不按虚岁")])
def test_a_boundary_asked_about_gets_how_thresholds_read(text, must):
    slots, replies = talk([(text, "ask_policy")], TODAY)
    assert must in replies[-1] and slots.get("last_topic") == "thresholds"


def test_a_question_is_never_taken_for_a_goodbye():
    _slots, replies = talk([("灵活就业补贴", "ask_measure"), ("我虚岁都37了 是不是超了", "thanks")], TODAY)
    assert T.THANKS not in replies[-1]


def test_a_what_if_of_a_formal_job_answers_the_measure_talked_about():
    # (正式工作 is a job since the seventh session: the supposed job is judged, the answer is no)
    _slots, replies = talk([("灵活就业补贴能拿多少", "ask_measure"),
                            ("要是之后找了份坐班的正式工作，是不是就拿不了了", "what_if")], TODAY)
    assert T.WHAT_IF_NONE not in replies[-1]
    assert "假设在单位就业" in replies[-1] and "暂不符合灵活就业补贴" in replies[-1]
    assert _slots.get("employment_status") is None


def test_a_level_to_come_is_supposed_for_the_measure_talked_about():
    _slots, replies = talk([("一次性获证补贴", "ask_measure"),
                            ("那假如我明年再去考个三级 考出来能补多少", "what_if")], TODAY)
    assert "1000" in replies[-1] and T.WHAT_IF_NONE not in replies[-1]


@pytest.mark.parametrize("text", ["对口地区三项补贴各给谁多少", "东西部劳务协作那几条 个人、用人单位、人力资源机构各能拿多少"])
def test_a_family_of_measures_asked_about_together_is_listed_with_each_amount(text):
    _slots, replies = talk([(text, "ask_measure")], TODAY)
    for figure in ("1200元", "500元/人/月", "1000元"):
        assert figure in replies[-1]
    assert "发给个人" in replies[-1] and "发给单位（机构）" in replies[-1]


@pytest.mark.parametrize("text", ["这个文件是哪天印发的", "是哪个单位发的", "发文日期是哪天"])
def test_who_issued_the_document_and_when(text):
    _slots, replies = talk([(text, "ask_policy")], TODAY)
    assert "金山区就业工作领导小组办公室" in replies[-1] and "2023年1月10日" in replies[-1]


@pytest.mark.parametrize("text,measure,figure", [("个人有一千二的补贴是伐", "paired_region_worker", "1200"),
                                                 ("那个600块的生活费怎么拿", "internship_living_allowance", "600"),
                                                 ("听说有个一万八的", "talent_return", "18000")])
def test_a_subsidy_named_by_what_it_pays(text, measure, figure):
    slots, replies = talk([(text, "ask_measure")], TODAY)
    assert slots.get("last_measure") == measure and figure in replies[-1]


@pytest.mark.parametrize("text", ["一千块的那个补贴", "能拿1000元的"])
def test_an_amount_several_measures_pay_names_none(text):
    from assistant_nlu import amount_names
    assert amount_names.find(text) == []       # 1000元: 灵活就业, 推荐就业 and 高级工证书 all pay it


def test_a_question_back_while_a_question_is_open_is_answered_and_the_question_stays():
    slots, replies = talk([("就业见习", "ask_measure")], TODAY)
    asked = slots.get("asked_fact")
    assert asked
    slots, replies = talk([("离校多久以内的毕业生可以", "inform")], TODAY, slots)
    assert "离校2年内" in replies[-1] and slots.get("asked_fact") == asked


# ------------------------------------------------------------- speakers

@pytest.mark.parametrize("turns", [
    [("我们公司在金山，今年新招了一个应届本科生，金山户口，劳动合同签了3年", "inform"), ("他能拿人才回流吗", "ask_measure")],
    [("我们饭店在金山，新来的那个毕业生是金山户口的本科应届生，合同签了两年", "inform"),
     ("他的人才回流补贴能拿多少", "ask_measure")]])
def test_an_employer_describing_one_hire_asks_about_that_person(turns):
    slots, replies = talk(turns, TODAY)
    assert slots.get("hukou") == "jinshan" and slots.get("education") == "bachelor"
    assert slots.get("speaker") != "organisation" and "3000元" in replies[-1]


def test_a_group_of_hires_stays_the_organisations_question():
    slots, _ = talk([("我们厂招了6个对口地区来的农村劳动力，稳岗补贴一共能拿多少", "ask_measure")], TODAY)
    assert slots.get("speaker") == "organisation"


def test_an_employer_of_a_kind_the_document_excludes_keeps_what_it_said():
    slots, _ = talk([("我们是金山的一家公立医院 事业单位", "inform")], TODAY)
    assert slots.get("employer_excluded") is True and slots.get("work_region") == "jinshan"


def test_the_classifiers_empty_input_on_words_is_answered():
    _slots, replies = talk([("一次性获证补贴 技师二级能补多少", "empty_input")], TODAY)
    assert T.EMPTY not in replies[-1] and "1500" in replies[-1]


# ------------------------------------------------------------- rounds 8 and 9: whose facts, which number

@pytest.mark.parametrize("text,fact", [("听说我姐夫能领跨区就业补贴，他是金山农村户口，在嘉定上班", "rural_hukou"),
                                       ("我同事在金山的见习基地见习，说每个月有600块", "in_jinshan_internship_base"),
                                       ("我同学说他失业半年了领了补贴", "unemployment_months")])
def test_an_acquaintances_facts_are_not_the_writers(text, fact):
    slots, _ = talk([(text, "inform")], TODAY)
    assert slots.get(fact) is None and not slots.get("subject")


def test_the_writer_speaks_again_after_an_acquaintance():
    slots, _ = talk([("我舅舅是金山农村户口，在松江上班，听说他能拿跨区补贴。我自己是金山城镇户口，不是农业户口，"
                      "在浦东上班，我也能拿吗", "ask_measure")], TODAY)
    assert slots.get("rural_hukou") is False and slots.get("work_region") == "shanghai_other"


def test_an_acquaintance_asked_for_is_the_one_asked_about():
    slots, _ = talk([("帮我表哥问一下，他金山户口失业半年了", "inform")], TODAY)
    assert slots.get("hukou") == "jinshan" and slots.get("subject")


@pytest.mark.parametrize("text,months", [("失业大概十个月了", 10), ("差不多十一个月没上班了", 11)])
def test_an_about_records_the_number_said(text, months):
    slots, _ = talk([("我32岁，金山户口", "inform"), (text, "inform")], TODAY)
    assert slots.get("unemployment_months") == months


@pytest.mark.parametrize("text,age", [("吾今年三十五岁，勿对，刚刚讲错了，上个号头过了生日，三十六了", 36),
                                      ("我35岁 不对 36", 36), ("我今年四十，说错了，四十一", 41)])
def test_a_correction_inside_the_message_corrects_the_number_before_it(text, age):
    slots, _ = talk([(text, "inform")], TODAY)
    assert slots.get("age") == age


@pytest.mark.parametrize("text", ["我现在研二，金山人，明年六月硕士毕业", "博士还没毕业，后年毕业"])
def test_a_degree_to_come_is_not_the_highest_held(text):
    slots, _ = talk([(text, "inform")], TODAY)
    assert slots.get("education") is None


def test_the_spell_before_flexible_work_keeps_the_flexible_work():
    slots, _ = talk([("阿拉儿子三十一，金山户口，开滴滴开了两年了", "inform"),
                     ("开滴滴前头伊屋里厢蹲了八个号头，伊勿是困难人员", "inform")], TODAY)
    assert slots.get("employment_status") == "flexible" and slots.get("unemployment_months") == 8


@pytest.mark.parametrize("text,facts", [("外区户口的在金山见习基地见习有没有", ("hukou", "in_jinshan_internship_base")),
                                        ("外地户口的能拿吗", ("hukou",))])
def test_a_kind_of_person_asked_about_is_no_fact(text, facts):
    slots, _ = talk([(text, "ask_measure")], TODAY)
    assert all(slots.get(f) is None for f in facts)


def test_a_correction_said_as_a_duration():
    slots, _ = talk([("合同签了三年……哦不对，是两年，公司是民营的，不是劳务派遣", "inform")], TODAY)
    assert slots.get("contract_months") == 24 and slots.get("employer_excluded") is False


@pytest.mark.parametrize("text,date", [("前年夏天毕业的，6月底离的校，到现在一直没工作", "2024-06-30"),
                                       ("2024年3月失业，6月开始跑外卖", "2024-06-01")])
def test_a_month_after_a_year_said_is_in_that_year(text, date):
    slots, _ = talk([(text, "inform")], TODAY)
    assert date in (slots.get("graduation_date"), slots.get("flexible_since"))


def test_todays_month_is_no_date_of_the_case():
    slots, _ = talk([("去年3月份离职，现在10月了还没找到", "inform")], TODAY)
    assert slots.get("unemployed_since") == "2025-03-01"


@pytest.mark.parametrize("text", ["去年国庆以后就没上过班，现在想自己摆摊做点小生意", "去年国庆节以后就没上过班，想搞个小摊子"])
def test_a_wish_is_a_plan_not_the_present(text):
    slots, _ = talk([(text, "inform")], TODAY)
    assert slots.get("employment_status") == "unemployed" and slots.get("unemployed_since") == "2025-10-01"


def test_an_age_said_as_just_reached():
    slots, _ = talk([("群里有人说35岁以上就领不了，我今年刚好35，户口金山的", "inform")], TODAY)
    assert slots.get("age") == 35


# ------------------------------------------------------------- simulated users' families (dev bank)

def test_a_spell_given_to_the_spell_question_says_nothing_of_now():
    slots, _ = talk([("灵活就业补贴能拿多少", "ask_measure"), ("金山户口 30岁", "inform")], TODAY)
    slots["asked_fact"] = "unemployment_months"
    slots, _ = talk([("待业了5个月", "inform")], TODAY, slots)
    assert slots.get("unemployment_months") == 5 and slots.get("employment_status") is None
    slots["asked_fact"] = "unemployment_months"
    slots, _ = talk([("现在还没工作，失业8个月了", "inform")], TODAY, slots)
    assert slots.get("employment_status") == "unemployed"


@pytest.mark.parametrize("text", ["去外区上班的补贴有多少钱", "我帮我孩子问一下，到外区上班的补贴有多少钱"])
def test_working_in_another_district_names_the_cross_district_subsidy(text):
    slots, _ = talk([(text, "ask_measure")], TODAY)
    assert slots.get("last_measure") == "rural_cross_district"


def test_training_not_in_jinshan_is_never_a_yes():
    slots, _ = talk([("一次性获证补贴", "ask_measure"), ("一级证书", "inform")], TODAY)
    slots["asked_fact"] = "subsidized_training_in_jinshan"
    slots, _ = talk([("不是在金山培训的", "deny")], TODAY, slots)
    assert slots.get("subsidized_training_in_jinshan") is not True


def test_a_first_evaluation_is_no_plan():
    slots, _ = talk([("阿拉孙子在金山的中专读书 今年毕业班", "inform"), ("伊想考高级工 第一趟考 还没考", "inform")], TODAY)
    assert slots.get("first_skill_evaluation") is True


# ------------------------------------------------------------- outside check round 3

@pytest.mark.parametrize("text,grade", [("我们孵化基地去年评估是B级，今年评估结果出来是C级，今年能拿多少", "C"),
                                        ("我们是创业孵化示范基地，今年评为A级，前年是C级", "A")])
def test_this_years_grade_is_the_one_paid_on(text, grade):
    slots, replies = talk([(text, "ask_measure")], TODAY)
    assert slots.get("incubator_grade") == grade


def test_with_no_grade_of_this_year_the_latest_said_counts():
    slots, _ = talk([("我们基地前年评估是D级，去年又是D级", "inform")], TODAY)
    assert slots.get("incubator_grade") == "D"


def test_a_date_with_its_day_is_never_asked_again_for_the_other_dates_sake():
    slots, _ = talk([("来电人男，27岁，金山户籍，非就困。2025.12.1失业，2026.6.15起跑美团众包，已做灵活就业登记", "inform")],
                    TODAY)
    assert slots.get("unemployed_since") == "2025-12-01" and slots.get("flexible_since") == "2026-06-15"


def test_a_correction_of_which_year_a_grade_was():
    slots, replies = talk([("我们是创业孵化示范基地，评估是B级，能拿多少", "ask_measure"),
                           ("不对，B级是去年的，今年是C级。我问的是今年能拿多少。", "inform")], TODAY)
    assert slots.get("incubator_grade") == "C" and "100000元" in replies[-1]


@pytest.mark.parametrize("text,fact", [("首次在金山就业这个我也不清楚", "first_job_in_jinshan"),
                                       ("都是对口地区来的，是不是农村劳动力这个我不太清楚。", "paired_region_rural_labor"),
                                       ("他是不是困难人员我不知道", "hard_to_employ_certified")])
def test_a_fact_named_to_say_it_is_not_known_is_no_fact(text, fact):
    slots, _ = talk([(text, "inform")], TODAY)
    assert slots.get(fact) is None


def test_said_of_oneself_then_a_question_is_still_said():
    slots, _ = talk([("我是金山户口不知道能不能拿", "ask_benefits")], TODAY)
    assert slots.get("hukou") == "jinshan"


@pytest.mark.parametrize("q", ["跨区转移就业补贴能领多长时间", "跨区补贴能拿几年", "2年合同能拿满36个月吗"])
def test_months_that_run_past_the_documents_end_say_so(q):
    _slots, replies = talk([("跨区转移就业补贴", "ask_measure"), (q, "ask_measure")], TODAY)
    assert "补贴期限累计最多36个月" in replies[-1] and "本文件有效期到2027年12月31日（七（二））" in replies[-1]


def test_months_within_the_document_say_nothing_of_its_end():
    _slots, replies = talk([("灵活就业补贴能拿几个月", "ask_measure")], TODAY)
    assert "最多12个月" in replies[-1] and "有效期到" not in replies[-1]


def test_what_an_internship_pays_is_the_living_allowance():
    _slots, replies = talk([("我儿子26岁，金山户口，本科，去年7月毕业，一直没找到工作", "inform"),
                            ("去见习一个月给多少", "ask_measure")], TODAY)
    assert "600元/月" in replies[-1]


@pytest.mark.parametrize("text", ["我问的是毕业以后跑外卖 不是现在。毕业直接跑 没失业过 能拿灵活就业补贴吗",
                                  "所以等我毕业了直接跑外卖 也拿不到 对吧？"])
def test_what_comes_after_graduation_is_not_the_present(text):
    slots, _ = talk([("你好 我大四毕业班 金山户口", "inform"), (text, "ask_measure")], TODAY)
    assert slots.get("employment_status") != "flexible"


@pytest.mark.parametrize("text", ["毕业后一直没工作", "毕业以后就没上过班", "毕业后没找到工作"])
def test_since_graduation_up_to_now_is_the_present(text):
    slots, _ = talk([(text, "inform")], TODAY)
    assert slots.get("employment_status") == "unemployed"


def test_two_month_only_dates_that_decide_together_each_get_their_day_asked():
    slots, _ = talk([("来电男士34岁，金山户口，去年9月份被公司裁员，今年3月起在开网约车，问灵活就业补贴能不能拿",
                      "ask_measure")], TODAY)
    assert slots.get("asked_fact") == "unemployed_since" and "unemployed_since" not in slots \
        and "flexible_since" not in slots           # no day made up for either
    slots, _ = talk([("10号", "inform")], TODAY, slots)
    assert slots.get("unemployed_since") == "2025-09-10" and slots.get("asked_fact") == "flexible_since"
    slots, _ = talk([("20号", "inform")], TODAY, slots)
    assert slots.get("flexible_since") == "2026-03-20"


def test_looking_for_work_after_graduation_is_a_plan():
    slots, _ = talk([("你好 我现在大四 在上海读的本科 户口一直在金山", "inform"),
                     ("等我明年毕业了回金山找工作 人才回流补贴能拿多少 有啥要求", "ask_measure")], TODAY)
    assert slots.get("employment_status") != "unemployed"


@pytest.mark.parametrize("turns,figure", [
    ([("见习生活费一个月多少", "ask_measure"), ("见习完了想留在那个公司，能拿多少个月", "ask_measure")], "600元/月"),
    ([("我是金山户口的应届硕士", "inform"), ("人才回流补贴能拿8000吗 还要等多久", "ask_measure")], "8000元")])
def test_a_period_asked_of_a_sum_says_the_sum_too(turns, figure):
    _slots, replies = talk(turns, TODAY)
    assert figure in replies[-1]


def test_a_space_ends_what_is_not_known():
    slots, _ = talk([("我三十五周岁 金山户口 失业八个月了", "inform"),
                     ("勿是就业困难人员 社保好像交过一段辰光 记勿清爽了", "inform")], TODAY)
    assert slots.get("hard_to_employ_certified") is False


@pytest.mark.parametrize("text", ["大学毕业以后一直在家 快两年了", "毕业以后就在家待着"])
def test_since_graduation_at_home_is_out_of_work_now(text):
    slots, _ = talk([("我29岁 户口金山", "inform"), (text, "inform")], TODAY)
    assert slots.get("employment_status") == "unemployed"


@pytest.mark.parametrize("text", ["我28岁金山户口，今年5月被裁，5月底就开始跑外卖了", "去年3月失业，3月开始送外卖"])
def test_two_dates_in_one_month_never_break_the_turn(text):
    slots, replies = talk([(text, "inform")], TODAY)     # some pairs of days cannot be: never a crash
    assert replies[-1] and slots.get("age", 28) == 28
