"""Families found in round 12 (written blind at the sixth session's start, first pass 27/67 and
43/67 on 86962f3). Each test is a family, with phrasings of our own beside the writer's, and
the other side of it where one exists."""
from __future__ import annotations

import datetime as dt

import pytest

from .talk import said, talk

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize("text", [
    "来电人母亲代问：儿子金山户籍，今年全日制硕士应届毕业，9月入职闵行一家外企，合同3年。",
    "来电人父亲替问：女儿金山户籍，今年全日制硕士应届毕业，9月入职闵行一家外企，合同3年。"])
def test_a_parent_asking_for_a_child_has_the_childs_facts_read(text):
    slots, _ = said(text)
    assert slots.get("education") == "master" and slots.get("work_region") == "shanghai_other"
    assert slots.get("contract_months") == 36 and slots.get("hukou") == "jinshan"


def test_a_hotline_note_returns_to_the_caller_after_a_relatives_shop():
    slots, _ = said("来电人金山户籍，2025年8月从金山一家超市离职后未就业，期间去亲戚饭店帮过几天忙，没签合同。"
                    "未认定困难人员。")
    assert slots.get("hard_to_employ_certified") is False and slots.get("employment_status") == "unemployed"


@pytest.mark.parametrize("text", [
    "来电人女，33岁，其丈夫为已认定就业困难人员，来电人本人未认定。",
    "我31岁，金山户口，我老公前几年被认定过就业困难人员，我自己没有认定过。"])
def test_a_relatives_yes_then_ones_own_no_is_ones_own_no(text):
    slots, _ = said(text)
    assert slots.get("hard_to_employ_certified") is False


def test_a_relatives_yes_in_a_note_about_the_caller_is_not_recorded():
    slots, _ = said("来电人女，33岁，金山户籍，其丈夫为已认定就业困难人员。")
    assert slots.get("hard_to_employ_certified") is None and slots.get("age") == 33


def test_a_spouses_hukou_is_not_the_callers():
    slots, _ = said("来电人女，34岁，户籍宝山，婚后随配偶住金山，配偶为金山户籍。")
    assert slots.get("hukou") == "shanghai_other"


@pytest.mark.parametrize("text", [
    "我31岁，金山户口，今年3月底从松江一家公司离职的，到现在没上班8个多月了",
    "我29 户口金山 去年11月底公司裁员就没做了 到现在一直没找到"])
def test_a_spell_going_on_is_being_out_of_work_and_the_old_jobs_place_is_not_the_work_region(text):
    slots, _ = said(text)
    assert slots.get("employment_status") == "unemployed" and slots.get("work_region") is None


def test_the_answer_to_the_spell_question_does_not_undo_flexible_work():
    slots, _ = said("我跑外卖的，灵活就业登记办了，2025年12月1号开始跑的")
    assert slots.get("employment_status") == "flexible"
    slots, _ = said("之前是2025年4月10号厂里裁员没的工作", dict(slots, asked_fact="unemployed_since"))
    assert slots.get("employment_status") == "flexible" and slots.get("unemployed_since") == "2025-04-10"


@pytest.mark.parametrize("text", ["我打算下个月开始在家做点手工卖，要去登记灵活就业吧？",
                                  "准备明年开个网店，到时候也去登记灵活就业吗"])
def test_a_registration_in_a_planning_sentence_is_a_plan(text):
    slots, _ = said(text)
    assert slots.get("flexible_employment_registered") is None


def test_a_registration_said_done_after_a_plan_is_recorded():
    slots, _ = said("我打算一直跑外卖，灵活就业登记已经办了")
    assert slots.get("flexible_employment_registered") is True


@pytest.mark.parametrize("text, day", [("2026年5月10日开始做自由职业", "2026-05-10"),
                                       ("2026年9月2日起做网约车司机", "2026-09-02"),
                                       ("今年3月1号开始做直播带货", "2026-03-01")])
def test_the_day_flexible_work_began_is_read_through_its_verb(text, day):
    slots, _ = said(text)
    assert slots.get("flexible_since") == day and slots.get("employment_status") == "flexible"


@pytest.mark.parametrize("text, region", [("我在苏州上班，回金山不方便", "outside_shanghai"),
                                          ("我在苏州上班，想回金山工作", "outside_shanghai"),
                                          ("我在金山上班", "jinshan")])
def test_going_back_home_is_not_where_one_works(text, region):
    slots, _ = said(text)
    assert slots.get("work_region") == region


def test_where_hired_workers_come_from_is_not_where_they_work():
    slots, _ = said("你好，我们是金山区一家社工服务中心，今年招了2个云南对口地区来的农村劳动力做社区服务，社保交了4个月。")
    assert slots.get("work_region") != "outside_shanghai" and slots.get("paired_region_rural_labor") is True


@pytest.mark.parametrize("text", ["现在没生活做", "屋里厢没生活做"])
def test_shanghainese_for_no_work(text):
    slots, _ = said(text)
    assert slots.get("employment_status") == "unemployed"


@pytest.mark.parametrize("text, head", [("正好1.2倍算不算", "正好1.2倍不算"), ("刚好失业6个月算不算", "正好6个月不算"),
                                        ("那35周岁是包括35岁的吧", "35周岁算"), ("离校正好2年算不算", "正好2年算")])
def test_a_boundary_asked_about_is_answered_first_and_records_nothing(text, head):
    slots, reply = said(text)
    assert reply.startswith(head) and slots.get("age") is None and slots.get("unemployment_months") is None


def test_ones_own_age_beside_a_boundary_question_is_recorded():
    slots, reply = said("我今年35周岁，是包括35岁的吧")
    assert slots.get("age") == 35 and "35周岁算" in reply


def test_a_birthday_corrects_the_age():
    slots, _ = talk([("问下灵活就业补贴 我35岁 户口金山 失业十个月了", "inform"),
                     ("哦不对 上个月过了生日 36了", "inform")], TODAY)
    assert slots.get("age") == 36


def test_whether_two_named_measures_combine_names_what_each_pays():
    slots, replies = talk([("对口地区的农村劳动力来金山上班 单位的稳岗补贴和个人的1200 能同时拿吗", "ask_policy")], TODAY)
    assert "没有规定" in replies[-1] and "500" in replies[-1] and "1200" in replies[-1]
    _, replies = talk([("那见习生活费和人才回流的3000能不能都拿", "why_not")], TODAY)
    assert "600" in replies[-1] and "3000" in replies[-1] and "没有规定" in replies[-1]


def test_the_employers_one_after_the_workers_measure_is_the_employers_measure():
    _, replies = talk([("对口地区农村劳动力来金山的1200块是什么", "ask_measure"),
                       ("单位那个一个人最多能补多少钱", "ask_measure")], TODAY)
    assert "稳定岗位补贴" in replies[-1] and "500" in replies[-1]


def test_what_comes_after_an_internship_is_ahead():
    slots, _ = said("见习完了留在金山工作")
    assert slots.get("work_region") is None


def test_the_record_keeper_reported_after_the_mention_is_the_persons_own_record():
    slots, _ = said("他那个厂是正经私营企业 不是劳务派遣 用工登记厂里说办了")
    assert slots.get("employment_registered") is True
    slots, _ = said("邻居说用工登记不用办")
    assert slots.get("employment_registered") is None


@pytest.mark.parametrize("text", ["阿拉三十四岁 户口金山 湿业一年半了 隔壁小王讲伊跑快递有一千块一个号头",
                                  "我28岁 失业8个月了 打算过了年去跑外卖"])
def test_someone_elses_or_planned_work_set_aside_leaves_the_spell_going_on(text):
    slots, _ = said(text)
    assert slots.get("employment_status") == "unemployed"


@pytest.mark.parametrize("text, region", [("现在勒浦东一个小区做保安", "shanghai_other"),
                                          ("在奉贤一家超市做理货，签了两年合同", "shanghai_other"),
                                          ("在金山一家饭店当厨师", "jinshan")])
def test_a_job_named_by_its_work_is_a_job_where_it_is(text, region):
    slots, _ = said(text)
    assert slots.get("employment_status") == "employed" and slots.get("work_region") == region


def test_a_ride_hailing_driver_is_still_flexible_work():
    slots, _ = said("我在做网约车司机")
    assert slots.get("employment_status") == "flexible"


@pytest.mark.parametrize("text", ["伊去年考过一趟高级工 没考出", "去年参加过一次高级工（三级）评价，没通过"])
def test_an_evaluation_not_passed_is_no_certificate(text):
    slots, _ = said(text)
    assert slots.get("certificate_level") is None


@pytest.mark.parametrize("text, first", [("今年又考了 评价费好补伐", False), ("伊讲要考高级工 头一趟考", True),
                                         ("这是第二次考", False)])
def test_which_evaluation_it_is(text, first):
    slots, _ = said(text)
    assert slots.get("first_skill_evaluation") is first


def test_an_evaluation_just_sat_is_taken():
    slots, _ = said("上个礼拜刚考好 报名费交了好几百")
    assert slots.get("skill_evaluation_taken") is True


def test_from_when_a_terms_count_runs_is_the_terms_answer_and_the_documents_start_stays_its_own():
    _, replies = talk([("离校2年内是从哪天开始算", "inform")], TODAY)
    assert "离校2年内" in replies[-1] and "区人力资源社会保障部门" in replies[-1] and "2027" not in replies[-1]
    _, replies = talk([("这个政策从哪天开始算", "ask_policy")], TODAY)
    assert "2023年1月1日" in replies[-1]


@pytest.mark.parametrize("text, n", [("推荐就业补贴一个人多少？", None), ("单位那个一个人最多能补多少钱", None),
                                     ("每人每月多少", None), ("招了5个人", 5), ("推荐了15个对口地区的农村劳动力", 15)])
def test_the_unit_a_sum_is_per_is_no_number_of_people(text, n):
    from understanding.counts import people_count
    assert people_count(text) == n


@pytest.mark.parametrize("asked, text, fact, value", [
    ("subsidized_training_in_jinshan", "培训机构不在金山", "subsidized_training_in_jinshan", False),
    ("school_in_shanghai", "在老家读的，不在上海", "school_in_shanghai", False),
    ("work_region", "工作地点：上海（非金山）", "work_region", "shanghai_other"),
    ("employment_status", "没单位", "employment_status", "unemployed")])
def test_answers_the_simulated_users_gave_that_were_asked_again(asked, text, fact, value):
    """From the simulator's repeated questions (phrase bank phrases_fresh.yaml, opened before)."""
    slots, _ = said(text, {"asked_fact": asked, "age": 30})
    assert slots.get(fact) == value


def test_a_place_not_negated_for_a_school_is_the_schools_place():
    slots, _ = said("在金山读的", {"asked_fact": "school_in_jinshan", "age": 20})
    assert slots.get("school_in_jinshan") is True


def test_a_spell_then_flexible_work_begun_is_flexible_work_with_both_dates():
    slots, _ = said("前年年底从石化下面一个外包公司出来以后在家待了一年多，一直到今年3月1号开始在家做淘宝直播带货，"
                    "4月份去社区办了灵活就业登记。我朋友说过了35岁就不行了，是不是真的？")
    assert slots.get("employment_status") == "flexible" and slots.get("flexible_since") == "2026-03-01"


def test_a_choice_between_two_statuses_records_neither():
    slots, _ = said("我是失业还是灵活就业？")
    assert slots.get("employment_status") is None


def test_a_sisters_word_about_a_job_elsewhere_is_hearsay():
    slots, _ = said("我五十五岁了 女个 金山农村户口 厂关脱了 阿拉阿妹讲到松江去做保洁有补贴个 我想过了年去")
    assert slots.get("work_region") is None and slots.get("employment_status") != "employed"


@pytest.mark.parametrize("text, value", [("员工社保缴了6个月 对，用工登记备案有的 劳动合同期限1个月", True),
                                         ("社保已经给他们交了7个月。还有就是用工登记：未办。还有就是签了九个月", False),
                                         ("用工登记：已办", True), ("用工登记还没办", False)])
def test_a_registration_said_as_a_form_field(text, value):
    """From the simulator (phrases_fresh.yaml): 「用工登记：未办」 was recorded as done."""
    slots, _ = said(text, {"speaker": "organisation", "paired_region_rural_labor": True})
    assert slots.get("employment_registered") is value


def test_years_before_the_final_year_is_not_the_final_year():
    slots, _ = said("还有两年才到毕业年级", {"asked_fact": "graduating_student", "employment_status": "student"})
    assert slots.get("graduating_student") is False


def test_an_employee_of_a_dispatch_company_is_a_person_not_an_organisation():
    slots, _ = said("我是博士，还有我是派遣公司的人", {"asked_fact": "education", "hukou": "jinshan"})
    assert slots.get("education") == "doctor" and slots.get("employer_excluded") is True
    assert slots.get("speaker") != "organisation"


# ---- wrong facts of earlier rounds (5–7), as families

@pytest.mark.parametrize("text", ["刚报名电工高级工培训", "中职毕业班报名高级工评价", "我想考高级工", "下个月去考三级"])
def test_a_level_sat_for_or_trained_for_is_no_certificate_held(text):
    slots, _ = said(text)
    assert slots.get("certificate_level") is None


@pytest.mark.parametrize("text", ["去年在金山参加政府补贴培训考出来高级工", "考了高级工证书", "我有高级工证"])
def test_a_level_held_is_a_certificate(text):
    slots, _ = said(text)
    assert slots.get("certificate_level") == "level3"


@pytest.mark.parametrize("text, low", [("我28岁 金山户口 失业一年多了", 13), ("我28岁 金山户口 失业两年多了", 25),
                                       ("我28岁 金山户口 失业一年了", 12)])
def test_more_than_a_number_of_years_is_more_than_it(text, low):
    slots, _ = said(text)
    assert slots.get("unemployment_months") == low


@pytest.mark.parametrize("text", ["准备过了年去开网约车，这样算灵活就业吧？一个月能补多少", "跑外卖算不算灵活就业？"])
def test_whether_something_counts_is_asked_not_stated(text):
    slots, _ = said(text)
    assert slots.get("employment_status") is None


def test_waiting_for_retirement_is_not_being_retired():
    slots, _ = said("我今年58了，金山农村户口，跨区补贴我在领的，等我退休了还能领吗")
    assert slots.get("within_working_age") is None and slots.get("age") == 58


def test_not_certified_said_with_jing():
    slots, _ = said("来电人，30岁，本区户籍，未经认定为就业困难人员")
    assert slots.get("hard_to_employ_certified") is False


@pytest.mark.parametrize("text, facts", [
    ("我老婆是被征地的农民，我自己不清楚算不算", {"rural_hukou": None}),
    ("我老婆是金山农村户口，我是浦东户口，我们现在都在金山上班", {"hukou": "shanghai_other", "rural_hukou": None}),
    ("我今年55 我儿子30岁失业了", {"age": 30})])
def test_the_writer_set_against_a_spouse_is_the_one_asked_about(text, facts):
    slots, _ = said(text)
    assert {k: slots.get(k) for k in facts} == facts


def test_a_caller_asking_for_a_cousin_and_then_telling_their_own_age():
    slots, _ = talk([("来电人代其表弟咨询。表弟25岁，安徽户籍，今年首次来金山就业", "inform"),
                     ("来电人本人金山户籍，35岁。问表弟能否拿一次性转移就业补贴", "ask_measure")], TODAY)
    assert slots.get("age") == 25 and slots.get("hukou") == "non_shanghai"


def test_the_writers_own_words_beside_a_grandchild_helped_are_the_writers():
    slots, _ = talk([("阿拉孙囡是2002年出生个，户口勒金山", "inform"),
                     ("我七十二岁了，退休老早了，帮伊问问，伊有啥补贴好拿伐？", "ask_benefits")], TODAY)
    assert slots.get("age") != 72
    slots, _ = talk([("阿拉孙女勒拉金山的见习基地见习 伊是金山户口", "inform"), ("我户口勒崇明", "inform")], TODAY)
    assert slots.get("hukou") == "jinshan"
    slots, _ = talk([("女儿金山户口，现在在金山区的就业见习基地见习", "inform"), ("我自己是安徽户口，嫁过来的", "inform")], TODAY)
    assert slots.get("hukou") == "jinshan"


def test_a_relatives_fact_said_in_a_later_message_is_still_theirs():
    slots, _ = talk([("帮我儿子问问，他30岁", "inform"), ("他户口在金山", "inform")], TODAY)
    assert slots.get("hukou") == "jinshan" and slots.get("age") == 30


def test_the_job_before_the_unemployment_is_no_job_now():
    slots, _ = said("来电男，28岁，金山户籍，2025年3月1日失业。补充：失业前在闵行一家公司，签的3年合同。")
    assert slots.get("contract_months") is None and slots.get("work_region") is None
    assert slots.get("employment_status") == "unemployed"


@pytest.mark.parametrize("text, fact", [("我外孙好像是应届生，本科毕业", "fresh_graduate"),
                                        ("户口大概是勒金山", "hukou"), ("应该是农业户口", "rural_hukou")])
def test_a_hedge_right_before_a_value_is_confirmed_first(text, fact):
    slots, reply = said(text)
    assert slots.get(fact) is None and "是" in reply


def test_a_spouse_named_after_the_writers_own_case_is_not_the_one_asked_about():
    slots, _ = said("侬好 我今年五十八 金山漕泾人 老早是农业户口 征地以后转脱了 现在勒浦东一个小区做保安 合同签了一年 "
                    "阿拉老太婆讲伊也要问问伊好拿伐")
    assert slots.get("age") == 58 and slots.get("rural_hukou") is True and slots.get("work_region") == "shanghai_other"


def test_a_plan_to_register_flexible_work_leaves_the_spell_going_on_and_the_old_job_behind():
    slots, _ = said("我31岁，金山户口，今年3月底从松江一家公司离职的，到现在没上班8个多月了。"
                    "我打算下个月开始在家做点手工卖，要去登记灵活就业吧？")
    assert slots.get("employment_status") == "unemployed" and slots.get("work_region") is None
    assert slots.get("flexible_employment_registered") is None


def test_a_factory_moved_away_and_at_home_now_is_out_of_work():
    slots, _ = said("我42岁 今年8月厂子搬到江苏去了我就没跟过去 现在在家")
    assert slots.get("employment_status") == "unemployed" and slots.get("unemployed_since") == "2026-08-01"


@pytest.mark.parametrize("turns, facts", [
    ([("来电人说听朋友讲，失业青年灵活就业每月补1000", "inform"), ("来电人本人37岁，金山户籍，目前跑网约车", "inform")],
     {"age": 37, "hukou": "jinshan", "employment_status": "flexible"}),
    ([("来电人代其表弟咨询。表弟25岁，安徽户籍", "inform"), ("来电人本人金山户籍，35岁。问表弟能否拿补贴", "inform")],
     {"age": 25, "hukou": "non_shanghai"})])
def test_the_caller_himself_is_the_one_asked_about_unless_someone_else_is_named(turns, facts):
    slots, _ = talk(turns, TODAY)
    assert {k: slots.get(k) for k in facts} == facts


def test_back_to_jinshan_and_working_there_is_working_in_jinshan():
    slots, _ = said("来电人男，对口地区农村劳动力，前年在金山一家厂干过半年，后来回老家了。今年又回金山，在一家私营企业上班")
    assert slots.get("work_region") == "jinshan"


def test_a_certificate_from_a_training_school_is_held():
    slots, _ = said("我上个月在金山一个培训学校考了个三级证 电工的 是政府补贴的那种培训")
    assert slots.get("certificate_level") == "level3"


def test_a_corrected_day_of_dismissal():
    slots, _ = talk([("问一下 我29 金山户口 去年12月1号被公司辞退的 今年5月10号开始在家做直播带货 灵活就业登记也办了", "inform"),
                     ("不对不对 我记错了 是去年11月1号 双十一前几天被辞的", "inform")], TODAY)
    assert slots.get("unemployed_since") == "2025-11-01" and slots.get("employment_status") == "flexible"


@pytest.mark.parametrize("text", ["来电人安徽户籍，25岁，2024年6月全日制本科毕业，离校后一直未就业", "毕业以后至今未就业"])
def test_not_yet_employed_is_out_of_work(text):
    slots, _ = said(text)
    assert slots.get("employment_status") == "unemployed"


def test_a_rule_quoted_about_people_not_employed_records_nothing():
    slots, _ = said("35周岁以下本市户籍未就业人员能见习吗")
    assert slots.get("employment_status") is None and slots.get("age") is None


def test_a_mother_who_speaks_after_the_writers_own_case_is_not_the_one_asked_about():
    slots, _ = said("请问这些补贴是在哪儿申请的？我现在人在苏州上班，回金山不方便，我妈说必须本人去社区窗口办。")
    assert slots.get("work_region") == "outside_shanghai" and slots.get("employment_status") == "employed"


def test_a_number_asked_to_be_inside_a_boundary_records_nothing():
    slots, reply = talk([("灵活就业那条 35周岁及以下", "ask_measure"), ("35岁整算在里面吗", "inform")], TODAY)
    assert slots.get("age") is None and slots.get("employment_status") is None and "35周岁算" in reply[-1]


def test_the_writer_telling_her_whole_case_after_her_husbands_is_recorded():
    slots, _ = talk([("我老公是金山农村户口 在闵行上班 他在拿那个跨区转移就业补贴", "inform"),
                     ("我也是金山农村户口 今年42 在金山卫一家私营厂上班 合同签了三年", "inform")], TODAY)
    assert slots.get("age") == 42 and slots.get("work_region") == "jinshan"


def test_a_colleague_who_told_the_writer_is_background_until_the_writer_speaks():
    slots, _ = talk([("我同事跟我说他领到了那个跨区转移就业补贴 他是金山农村户口 在闵行上班", "inform"),
                     ("我是安徽户口 在金山这边厂里上班 合同签了两年 我能不能也申请", "ask_measure")], TODAY)
    assert slots.get("rural_hukou") is None and slots.get("hukou") == "non_shanghai"


def test_a_husbands_whole_case_after_the_writers_one_word_is_his():
    slots, _ = said("我是外地人，我老公是金山户口，36岁，厂子倒闭了失业快一年了")
    assert slots.get("hukou") == "jinshan" and slots.get("age") == 36
