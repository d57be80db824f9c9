"""Families found at the start of the eleventh session: in the tenth phrase bank (sealed last
session, opened now) and in round 23 (written blind, first pass 51/87 and 54/92 on 78c5720). Each
test is a family, with phrasings of our own beside the writers', and the other side where one exists."""
from __future__ import annotations

import datetime as dt

import pytest

from fact_extraction.extract import extract
from fact_extraction.spoken import normalise

from .talk import said, talk

TODAY = dt.date(2026, 12, 7)


def facts(text: str, asked: str | None = None) -> dict:
    return extract(text, TODAY, asked).facts


# ---------------------------------------------------------------- a measure called by the fact it pays for

@pytest.mark.parametrize("text", ["灵活就业一千一个月我符合吗", "来电人咨询，灵活就业一千一个月我符合吗", "技师证补贴补几钿",
                                  "应届生回金山就业补贴多少钱 一个月给还是一次性给", "阿拉打零工补贴好拿几钿",
                                  "见习600一个月能拿几个月"])
def test_a_subsidy_named_by_its_fact_states_nothing(text):
    assert not {"employment_status", "certificate_level", "fresh_graduate", "months_since_graduation"} & set(facts(text))


@pytest.mark.parametrize("text,fact,value", [("我是技师，补贴多少", "certificate_level", "level2"),
                                             ("我儿子灵活就业 补贴能拿吗", "employment_status", "flexible")])
def test_the_fact_said_of_the_person_before_the_subsidy_is_kept(text, fact, value):
    assert facts(text).get(fact) == value


@pytest.mark.parametrize("text,months", [("社保交了4个月 补贴一个月多少", 4), ("社保交了4个月，一个人一个月多少", 4)])
def test_a_rate_asked_is_no_duration(text, months):
    assert facts(text).get("social_insurance_months") == months


# ---------------------------------------------------------------- words that said something else

@pytest.mark.parametrize("text,absent", [("阿拉是业余读额 勿是全日制", "失业"), ("他是业主", "失业")])
def test_shi_ye_is_unemployment_only_where_it_reads_so(text, absent):
    assert absent not in normalise(text)


def test_shi_ye_typed_for_unemployment_is_still_read():
    assert facts("我失业了，是业了8个月").get("unemployment_months") == 8


def test_past_the_fresh_graduate_year_is_no_fresh_graduate():
    assert facts("过了应届了", "fresh_graduate").get("fresh_graduate") is False
    assert facts("今年刚毕业，算应届", "fresh_graduate").get("fresh_graduate") is True


@pytest.mark.parametrize("text,status", [("正常高考考进去的 全日制", None),
                                         ("考进了金山区的一家事业单位，签了5年合同", "employed")])
def test_into_a_school_is_no_job(text, status):
    assert facts(text, "full_time_education").get("employment_status") == status


@pytest.mark.parametrize("text,value", [("合资公司 不搞派遣", False), ("是派遣公司", True)])
def test_a_negated_kind_of_employer(text, value):
    assert facts(text, "employer_excluded").get("employer_excluded") is value


@pytest.mark.parametrize("text,value", [("用工登记漏办了", False), ("用工备案忘了办", False), ("用工登记办了", True)])
def test_registration_left_undone(text, value):
    assert facts(text, "employment_registered").get("employment_registered") is value


@pytest.mark.parametrize("text", ["学校在老家云南", "在老家云南读的大学"])
def test_a_hometown_that_places_the_school_is_no_hukou(text):
    got = facts(text, "school_in_shanghai")
    assert got.get("school_in_shanghai") is False and "hukou" not in got


def test_a_hometown_alone_is_the_hukou():
    assert facts("我老家云南的").get("hukou") == "non_shanghai"


@pytest.mark.parametrize("text,fact,value", [("毕业 24 个月了", "months_since_graduation", 24),
                                             ("biye 24 ge yue le", "months_since_graduation", 24),
                                             ("hetong 1 ge yue", "contract_months", 1), ("今年 35 岁", "age", 35)])
def test_a_space_between_a_number_and_its_unit(text, fact, value):
    assert facts(text, fact).get(fact) == value


def test_a_year_with_a_space_before_nian_is_still_that_year():
    assert facts("2024 年6月失业的", "unemployed_since").get("unemployed_since") == "2024-06-01"


def test_minhang_typed_in_pinyin_is_the_district():
    assert facts("shanghai hukou, minhang", "hukou").get("hukou") == "shanghai_other"


@pytest.mark.parametrize("text", ["户口本上写的是农业户口", "户口本上以前写的是农业家庭户口"])
def test_the_persons_own_papers_are_no_quotation_of_the_document(text):
    assert facts(text, "rural_hukou").get("rural_hukou") is True


def test_the_document_quoted_states_nothing():
    assert facts("文件写的是35周岁以下") == {}
    assert facts("人才回流补贴说缴纳社会保险费满6个月") == {}


def test_paid_for_oneself_is_no_subsidised_training():
    assert facts("阿拉自家出钞票学额", "subsidized_training_in_jinshan").get("subsidized_training_in_jinshan") is False


def test_the_other_sense_of_a_term_asked_states_nothing():
    assert facts("金山籍是指户口在金山 还是在金山出生的 谁来定", "hukou") == {}


# ---------------------------------------------------------------- jobs before, at home, on a bike

@pytest.mark.parametrize("text", ["他在金山已经干过好几份工作了", "这个工人是从金山另一家厂跳过来的",
                                  "社保记录显示他以前在金山交过", "他以前在金山打过工"])
def test_work_in_jinshan_before_is_no_first_job_there(text):
    assert facts(text).get("first_job_in_jinshan") is False


@pytest.mark.parametrize("text", ["以前没有在金山干过", "在金山干过吗"])
def test_never_or_asked_is_not_work_before(text):
    assert facts(text).get("first_job_in_jinshan") is not False


def test_a_job_some_years_ago_is_not_the_current_one():
    got = facts("来电人就读学校在外省市 然后前几年就在金山的厂里干过")
    assert "employment_status" not in got and "work_region" not in got


@pytest.mark.parametrize("text,months", [("他在家到现在半年了", 6), ("在家半年了", 6)])
def test_at_home_for_a_time_is_out_of_work(text, months):
    assert facts(text).get("unemployment_months") == months


def test_at_home_until_a_month_is_where_the_spell_ended():
    got = facts("去年年底被裁掉 在家待到今年十月 现在开网约车了")
    assert got.get("unemployed_since") == "2025-12-01" and got.get("flexible_since") == "2026-10-01"


@pytest.mark.parametrize("text", ["阿拉孙子勒骑美团 金山户口 廿二岁", "他在送饿了么"])
def test_riding_for_a_platform_is_flexible_work(text):
    assert facts(text).get("employment_status") == "flexible"


def test_left_then_driving_dates_both():
    got = facts("补充：来电人说是去年3月10日离职，去年9月20日开始跑车。")
    assert got.get("unemployed_since") == "2025-03-10" and got.get("flexible_since") == "2025-09-20"


# ---------------------------------------------------------------- paired regions and evaluations

@pytest.mark.parametrize("text,value", [("来电人贵州农村户籍，属本区对口地区，今年9月第一次来金山", True),
                                        ("来电人河南农村户籍，经核对不属于本区对口地区", False),
                                        # (no 农村 said: asked, not assumed; the outside check's round 12)
                                        ("雇了2个对口地区来的服务员 都是第一次来金山", None),
                                        ("雇了2个对口地区农村来的服务员 都是第一次来金山", True),
                                        ("我是对口地去来个 农村户口", True)])
def test_said_of_the_person_or_the_hired_the_paired_region(text, value):
    assert facts(text).get("paired_region_rural_labor") is value


@pytest.mark.parametrize("text", ["对口地区有什么补贴", "招对口地区的工人有补贴吗"])
def test_a_paired_region_asked_about_states_nothing(text):
    assert "paired_region_rural_labor" not in facts(text)


@pytest.mark.parametrize("text,value", [("老师我上学期已经考过一次钳工三级了 没过 这次再考还有评价费补贴吗", False),
                                        ("伊准备第一趟去考高级工 评价费好报伐", True)])
def test_first_evaluation_said_of_one_to_come(text, value):
    assert facts(text).get("first_skill_evaluation") is value


def test_a_supposed_first_evaluation_states_nothing():
    assert "first_skill_evaluation" not in facts("如果第一次考高级工呢")


# ---------------------------------------------------------------- the dialogue

def test_a_flexible_worker_answering_the_spell_stays_flexible():
    slots, _ = talk([("我帮我孩子问一下，灵活就业补贴能拿吗", "ask_measure"), ("他在跑外卖", "inform"),
                     ("6个月没上班了。考试还没到", "inform")], TODAY)
    assert slots.get("employment_status") == "flexible"


def test_a_fresh_graduate_answer_from_a_student_is_not_asked_again():
    slots, replies = talk([("金山籍人才回流给多少", "ask_measure"), ("金山户口", "inform"), ("硕士", "inform"),
                           ("在上学", "inform"), ("应届生", "inform")], TODAY)
    assert slots.get("asked_fact") != "fresh_graduate"


def test_the_writers_own_case_beside_the_child_asked_for_is_left_out():
    slots, replies = talk([("王老师 我替我家小磊问一下 他今年6月毕业以后一直在家", "inform"),
                           ("我自己是农村户口 今年48 在闵行厂里上班 我们户口都在金山", "inform")], TODAY)
    assert slots.get("hukou") == "jinshan" and slots.get("subject") == "他"
    assert slots.get("age") is None and slots.get("rural_hukou") is None and slots.get("work_region") is None
    assert "不计入" not in replies[-1]


def test_another_time_the_writer_asks_for_themself():
    slots, replies = talk([("我替我家小磊问一下 他今年6月毕业以后一直在家", "inform"),
                           ("另外我自己也想问下 我是金山农村户口 今年48 在闵行厂里上班", "inform")], TODAY)
    assert slots.get("age") == 48 and "不计入" in replies[-1]


def test_a_hedged_yes_is_confirmed_first():
    slots, replies = talk([("来电人男，30岁，金山户籍，前年年底厂里裁员后一直没工作", "inform"),
                           ("来电人说好像街道给他认定过就业困难人员，具体记不清了", "inform")], TODAY)
    assert slots.get("hard_to_employ_certified") is None and "不太确定" in replies[-1]


def test_a_plain_no_beside_something_else_not_remembered_is_kept():
    slots, _ = talk([("我三十五周岁 金山户口 失业八个月了", "inform"),
                     ("勿是就业困难人员 社保好像交过一段辰光 记勿清爽了", "inform")], TODAY)
    assert slots.get("hard_to_employ_certified") is False


def test_a_dispatch_firm_stays_an_excluded_kind_when_it_names_the_factories():
    slots, _ = talk([("我们是金山工业区的一家劳务派遣公司", "inform"),
                     ("派了十几个对口地区的农村劳动力到园区的厂里 合同是我们签的 社保也是我们交", "inform")], TODAY)
    assert slots.get("employer_excluded") is True


def test_said_of_one_of_the_workers_is_not_said_of_all():
    slots, replies = talk([("我们是亭林一家服装厂 私营的 10月份招了4个对口地区的农村劳动力", "inform"),
                           ("社保交了2个月了 其中1个前几年在金山别的厂做过", "inform")], TODAY)
    assert slots.get("first_job_in_jinshan") is None and slots.get("speaker") == "organisation"
    assert "就业情况" not in replies[-1] and "首次在金山就业吗" not in replies[-1]


def test_one_of_the_workers_asked_about_keeps_their_fact():
    slots, _ = talk([("我们是上海一家人力资源服务公司 推荐了一批对口地区农村劳动力到金山的厂里", "inform"),
                     ("其中有两个人以前在金山打过工 这两个人也能算推荐就业补贴吗 1000一个人那个", "ask_measure")], TODAY)
    assert slots.get("first_job_in_jinshan") is False


@pytest.mark.parametrize("text", ["迭个政策到啥辰光结束", "二零二七年以后还有伐", "到啥辰光结束"])
def test_when_the_policy_ends_in_shanghainese(text):
    _, reply = said(text, intent="ask_policy")
    assert "2027年12月31日" in reply


# ---------------------------------------------------------------- the outside check's round 11 (played on d7da40d)

MOTHER = "你好，我想问问我儿子能不能拿什么补贴。他26岁，金山户口，本科毕业的，2025年7月毕业到现在一直没找到工作。"


def test_a_sum_by_the_month_is_no_spell_and_names_its_measure():
    from assistant_nlu import amount_names
    assert "unemployment_months" not in facts("你前面说的那个1000块一个月的，他现在没上班能拿吗？")
    assert amount_names.find("那个1000块一个月的")[0][0] == "flexible_employment_youth"
    assert amount_names.find("1000块的补贴") == []      # (1000元: three measures pay it)


def test_a_value_denied_is_not_recorded():
    got = facts("不对啊，他不是失业1个月，他从2025年7月毕业到现在一直没工作，一年多了。")
    assert got.get("unemployment_months") != 1 and got.get("unemployed_since") == "2025-07-01"


def test_a_question_passed_over_is_not_asked_again_after_a_term():
    slots, replies = talk([(MOTHER, "ask_benefits"), ("不是", "deny"),
                           ("不清楚。他是前年毕业的，现在还算应届生吗？那个3000块他能拿吗？", "ask_measure")], TODAY)
    assert slots.get("asked_fact") != "rural_hukou" and "rural_hukou" in slots.get("skipped_facts")
    # the term, then the measure asked about in the same message
    assert "应届高校毕业生" in replies[-1] and "3000" in replies[-1]


def test_a_monthly_sum_asked_after_a_one_time_measure_answers_the_monthly_ones():
    slots, replies = talk([(MOTHER, "ask_benefits"), ("不是", "deny"), ("那个3000块他能拿吗？", "ask_measure"),
                           ("他现在这样一个月能拿多少，能拿多久？", "ask_measure")], TODAY)
    assert "1000元/月" in replies[-1]


def test_why_nothing_for_a_retiree_is_said_in_plain_words():
    slots, _ = said("侬好，我七十岁了，金山户口，老早退休了，阿拉有啥补贴伐？", intent="ask_benefits")
    slots, reply = said("为啥没有啦？阿拉老人一眼也没有啊？", slots, intent="why_not")
    assert "稳就业" in reply and "已经退休" in reply and "不满足" not in reply


@pytest.mark.parametrize("text", ["迭个文件是管啥人个？", "这个政策是给谁的"])
def test_whom_the_document_is_for(text):
    _, reply = said(text, intent="ask_policy")
    assert "劳动年龄段" in reply and "用人单位" not in reply or "招人的单位" in reply


def test_a_subsidy_of_another_kind_is_not_in_this_document():
    _, reply = said("格么阿拉老年人个补贴要到啥地方去问？", intent="ask_policy")
    assert "不在这份文件里" in reply and "电话" not in reply


def test_a_plan_with_no_gap_said_after_the_what_if():
    slots, replies = talk([("我今年21岁，金山户口，在上海一所大学读本科，今年毕业", "inform"), ("是全日制的", "inform"),
                           ("那我要是毕业后先去跑外卖呢？能拿灵活就业补贴吗？", "what_if"),
                           ("毕业了就直接去跑，中间不会空着。就业困难人员应该不是吧，我也不太清楚这个是啥", "inform")], TODAY)
    assert "暂不符合灵活就业补贴" in replies[-1] and "超过6个月" in replies[-1]
    assert slots.get("employment_status") != "flexible"     # a plan, not recorded


def test_a_student_at_a_university_this_year_is_in_the_graduating_year():
    got = facts("我今年21岁，金山户口，在上海一所大学读本科，今年毕业")
    assert got.get("graduating_student") is True and got.get("fresh_graduate") is None


def test_a_training_schools_trainees_certificates_are_not_its_own():
    slots, _ = talk([("我们是金山的一家职业技能培训机构，人社部门评定过办学质量和诚信等级", "inform"),
                     ("我们的学员好多拿了三级证书。办学资助给多少", "ask_measure")], TODAY)
    assert slots.get("certificate_level") is None and slots.get("asked_fact") is None


# ---------------------------------------------------------------- round 24 (sealed, first pass 53/88 and 47/85 on ef15d06)

def test_a_clause_quoted_after_na_tiao_states_nothing():
    assert facts("长期失业青年那条，“连续失业时间超过6个月”") == {}


def test_the_date_beside_leaving_is_its_start_not_a_later_one():
    got = facts("去年十月份辞职回家照顾我爸 我爸上个月走了 现在想出来做点家政钟点工")
    assert got.get("unemployed_since") == "2025-10-01" and "flexible_since" not in got


def test_two_dates_each_with_its_own_event():
    got = facts("来电女士，29岁，金山户口。2025年12月10号开始失业，2026年6月20号开始做直播带货")
    assert got.get("unemployed_since") == "2025-12-10" and got.get("flexible_since") == "2026-06-20"


def test_a_parent_cared_for_is_not_the_one_asked_about():
    slots, _ = talk([("你好 我今年35周岁 户口在金山", "inform"),
                     ("去年十月份辞职回家照顾我爸 我爸上个月走了 现在想出来做点家政钟点工", "inform")], TODAY)
    assert slots.get("subject") is None and slots.get("age") == 35


def test_where_to_register_is_no_registration():
    assert "flexible_employment_registered" not in facts("灵活就业 登记到啥地方去办")


# ---------------------------------------------------------------- the eleventh bank (sealed, first run 93.4%, then opened)

@pytest.mark.parametrize("text,fact,value", [
    ("我4050的人了 哪是应届", "fresh_graduate", False), ("早就毕业了", "fresh_graduate", False),
    ("中职一年级", "graduating_student", False), ("阿拉勿是学生了", "graduating_student", False),
    ("是农户 队里分过地的", "rural_hukou", True), ("老三届的高中生", "education", "high_school"),
    ("在老家考的证", "subsidized_training_in_jinshan", False), ("在老家读的中专", "school_in_shanghai", False),
    ("我  17 岁", "age", 17)])
def test_answers_in_the_elevenths_words(text, fact, value):
    assert facts(text, fact).get(fact) == value


@pytest.mark.parametrize("text", ["我儿子灵活就业的钱能拿多少", "来电人咨询，灵活就业的钱我有份伐"])
def test_the_money_of_a_measure_asked_states_nothing(text):
    assert "employment_status" not in facts(text)


def test_the_lowest_certificate_is_no_insurance_base():
    assert "insurance_base_below_1_2x_min" not in facts("初级工证书 最低那档")
    assert facts("社保按最低那档交的").get("insurance_base_below_1_2x_min") is True
