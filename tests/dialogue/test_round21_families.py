"""Families found at the start of the tenth session: in the ninth phrase bank (sealed last session,
opened now) and in round 21 (written blind, first pass 64/95 and 49/87 on 3de3cec). Each test is a
family, with phrasings of our own beside the writers', and the other side of it where one exists."""
from __future__ import annotations

import datetime as dt

import pytest

from assistant_nlu import org_facts
from fact_extraction.extract import extract
from fact_extraction.spoken import homophones, normalise, pinyin

from .talk import said, talk

TODAY = dt.date(2026, 12, 7)


def facts(text: str, asked: str | None = None) -> dict:
    return extract(text, TODAY, asked).facts


# ---------------------------------------------------------------- pinyin typed without the characters

@pytest.mark.parametrize("typed,meant", [
    ("wai di hu kou", "外地户口"), ("shiye le", "失业了"), ("zai shangban", "在上班"), ("bzd", "不知道"),
    ("gaozhong", "高中"), ("quanrizhi", "全日制"), ("da er", "大二"), ("wo shi waidi de", "我是外地的"),
    ("hukou zai jinshan", "户口在金山"), ("wengang butie", "稳岗补贴")])
def test_pinyin_is_read_as_the_words_it_spells(typed, meant):
    assert pinyin(typed).rstrip() == meant
    assert len(pinyin(typed)) == len(typed)     # spans still point at what was typed


@pytest.mark.parametrize("typed", ["I am 25 years old", "hello", "我们HR也不清楚", "评估拿了A级", "ok"])
def test_english_acronyms_and_single_letters_stay_as_typed(typed):
    assert pinyin(typed) == typed


@pytest.mark.parametrize("typed,fact,value", [
    ("wai di hu kou", "hukou", "non_shanghai"), ("shiye le", "employment_status", "unemployed"),
    ("wo 36 sui", "age", 36), ("benke", "education", "bachelor")])
def test_a_pinyin_answer_records_its_fact(typed, fact, value):
    asked = fact if fact in ("age", "education") else None
    assert facts(typed, asked).get(fact) == value


def test_bzd_to_a_question_skips_it_instead_of_saying_chinese_only():
    slots, replies = talk([("跨区补贴多少", "ask_amount"), ("bzd", "nlu_fallback")], TODAY)
    assert "中文服务" not in replies[-1] and "跳过" in replies[-1]


# ---------------------------------------------------------------- homophone slips of the input method

@pytest.mark.parametrize("typed,meant", [("就业间习", "就业见习"), ("文岗补贴", "稳岗补贴"), ("夸区就业补贴", "跨区就业补贴"),
                                         ("浮化基地", "孵化基地"), ("我的户扣在松江", "我的户口在松江")])
def test_a_word_no_dictionary_knows_that_sounds_like_the_policys_is_that_word(typed, meant):
    assert normalise(typed) == meant


@pytest.mark.parametrize("text", ["我是业务员", "他是也不是", "他在事业单位", "失业近一年了", "困难人员 伊勿是个 没认定过",
                                  "户籍在山阳"])
def test_known_words_common_characters_and_dialect_are_never_turned(text):
    assert homophones(text) == text
    assert "义乌" not in normalise(text) and "失业金" not in normalise(text)


# ---------------------------------------------------------------- 上海话 and notes

@pytest.mark.parametrize("text", ["呒没数", "心里呒没数"])
def test_no_idea_in_shanghainese_is_not_knowing_not_a_no(text):
    assert "first_job_in_jinshan" not in facts(text, "first_job_in_jinshan")
    assert "hard_to_employ_certified" not in facts(text, "hard_to_employ_certified")


def test_no_is_still_a_no():
    assert facts("呒没", "hard_to_employ_certified") == {"hard_to_employ_certified": False}


@pytest.mark.parametrize("text,value", [
    ("来电人系经认定的本市就业困难人员", True), ("经认定的就业困难人员", True), ("就困人员 认定过了", True),
    ("就业困难人员，认定过了", True), ("困难人员 没认定过", False)])
def test_a_notes_certified_and_a_done_word_in_the_next_clause(text, value):
    assert facts(text, "hard_to_employ_certified").get("hard_to_employ_certified") is value


def test_xi_in_a_note_is_shi_but_not_in_a_word():
    assert facts("该生系应届毕业生").get("fresh_graduate") is True
    assert normalise("我的联系人系统") == "我的联系人系统"


# ---------------------------------------------------------------- a fact word naming a measure

@pytest.mark.parametrize("text,fact", [
    ("本科3000那个补贴能拿多少钱", "education"), ("硕士8000那个补贴怎么拿", "education"),
    ("长期失业青年灵活就业标准是多少", "employment_status"), ("灵活就业那个我为啥拿不到", "employment_status"),
    ("长期失业青年灵活就业到手大概多少", "employment_status")])
def test_a_fact_word_naming_a_measure_says_nothing_of_the_person(text, fact):
    assert fact not in facts(text)


@pytest.mark.parametrize("text,fact,value", [
    ("我是本科，那个3000的补贴怎么拿", "education", "bachelor"), ("我是灵活就业的，那个补贴能拿吗", "employment_status", "flexible"),
    ("来电人 女 24 本科 2025.7毕业", "education", "bachelor")])
def test_the_persons_own_fact_beside_a_measure_is_kept(text, fact, value):
    assert facts(text).get(fact) == value


@pytest.mark.parametrize("text,measure", [("我能拿考证奖励吗", "一次性获证补贴"), ("请问我符合灵就补贴的条件吗", "灵活就业补贴"),
                                          ("来电人咨询能否享受大学生回金山补贴", "人才回流")])
def test_a_measure_named_by_what_it_pays_for_is_answered(text, measure):
    _slots, reply = said(text, intent="ask_eligibility")
    assert measure in reply


# ---------------------------------------------------------------- who speaks: a student is no school

@pytest.mark.parametrize("text", ["我是在金山区的培训学校参加政府补贴的培训然后考出来的", "我是全日制的正常在学校里读的",
                                  "我是读的中专不是高中是职业学校"])
def test_studying_at_a_school_is_not_speaking_for_it(text):
    assert not org_facts.speaks_for_organisation(text)


def test_a_school_speaking_for_itself_still_does():
    assert org_facts.speaks_for_organisation("我们是金山的一所中职学校")


def test_a_certificate_from_subsidised_training_is_the_persons_not_a_training_schools():
    slots, _ = talk([("技能证书补贴能拿吗", "ask_eligibility"), ("二级证书", "inform"),
                     ("我是在金山区的培训学校参加政府补贴的培训然后考出来的", "inform")], TODAY)
    assert slots.get("subsidized_training_in_jinshan") is True and slots.get("training_institution_in_jinshan") is None


# ---------------------------------------------------------------- years at school, that year

@pytest.mark.parametrize("text,value", [("还没到毕业那一年", False), ("研一", False), ("我儿子研一", False), ("读大四", True)])
def test_the_year_at_school(text, value):
    found = facts(text, "graduating_student")
    assert found.get("graduating_student") is value and "months_since_graduation" not in found


# ---------------------------------------------------------------- one negation over a list of kinds

@pytest.mark.parametrize("text,value", [
    ("该市民用人单位为一般企业，非机关事业单位或派遣公司", False), ("单位是民营企业，不是机关事业单位", False),
    ("机关、事业单位都不是", False), ("我在事业单位", True), ("他们是劳务派遣公司", True)])
def test_a_negation_covers_every_kind_listed_after_it(text, value):
    assert facts(text).get("employer_excluded") is value


# ---------------------------------------------------------------- a question, a definition, an example, hearsay

@pytest.mark.parametrize("text,fact", [
    ("假如一个人失业正好6个月 算不算超过6个月", "unemployment_months"),
    ("金山籍是指户口在金山吗？要是在外省读的大学算不算高校毕业生", "hukou"),
    ("人才回流里说的'金山籍'是指户口在金山 还是出生在金山就行", "hukou"),
    ("比如一个对口地区的工人第一次来金山上班满三个月 单位拿稳岗补贴", "first_job_in_jinshan"),
    ("屋里厢人讲到外区去做生活有补贴 我想去松江超市理货好拿伐", "work_region"),
    ("我老公说去松江上班有补贴", "work_region"),
    ("社保交了5个月 下个月就满半年了", "social_insurance_months")])
def test_no_assertion_is_recorded(text, fact):
    found = facts(text)
    assert fact not in found or fact == "social_insurance_months" and found[fact] == 5


@pytest.mark.parametrize("text,fact,value", [
    ("失业正好6个月 算不算超过6个月", "unemployment_months", 6), ("我失业8个月算不算长期失业", "unemployment_months", 8),
    ("我在松江上班，有补贴吗", "work_region", "shanghai_other"), ("我是金山户口，金山籍是指户口吧", "hukou", "jinshan")])
def test_what_the_person_states_beside_it_is_kept(text, fact, value):
    assert facts(text).get(fact) == value


# ---------------------------------------------------------------- words of a life: stalls, land, no work

@pytest.mark.parametrize("text,fact,value", [
    ("现在在菜场里摆个摊头卖点菜", "employment_status", "flexible"),
    ("原来村里征地的", "rural_hukou", True), ("家里征地以后转成城镇户口了", "rural_hukou", True),
    ("征地农转非的", "rural_hukou", True), ("我是城镇户口", "rural_hukou", False),
    ("伊现在屋里厢 还没寻着工作", "employment_status", "unemployed"),
    ("现在屋里厢呒没事体做", "employment_status", "unemployed"),
    ("金山户口 失业七个多号头了", "unemployment_months", 7)])
def test_everyday_words_for_a_fact(text, fact, value):
    assert facts(text).get(fact) == value


def test_a_short_question_back_after_an_answer_is_answered_whatever_the_classifier_says():
    _slots, replies = talk([("我们基地是区级创业孵化示范基地 今年因为搬迁没参加评估", "inform"), ("这个有影响吗", "affirm")], TODAY)
    assert "取消" in replies[-1] and "还想了解什么可以直接问我" not in replies[-1]


# ---------------------------------------------------------------- the outside check, round 10

@pytest.mark.parametrize("text", ["一（二）说连续失业时间超过6个月", "一（三）里的“金山籍应届高校毕业生”",
                                  "一（四）说本区户籍农民（原农业户籍人员，含被征地人员）"])
def test_a_clause_cited_by_its_number_says_nothing_of_the_person(text):
    assert facts(text) == {}


def test_the_persons_own_fact_after_a_citation_is_kept():
    assert facts("一（四）说本区户籍农民（原农业户籍人员，含被征地人员），我是被征地的") == {"rural_hukou": True}


@pytest.mark.parametrize("text,fact,value", [
    ("我们是金山一家注塑厂 今年招了一个贵州对口地区的农村劳动力", "work_region", "jinshan"),
    ("我们是金山一家电子厂 招了几个四川凉山来的农村小伙子", "work_region", "jinshan")])
def test_where_the_workers_come_from_is_not_where_they_work(text, fact, value):
    assert facts(text).get(fact) == value


def test_a_year_before_in_jinshan_is_no_first_job():
    assert ("first_job_in_jinshan", False) in [(f, v) for f, v, *_ in org_facts.find("不过他说2021年在金山别的厂干过一年 后来回去了")]


def test_a_measure_named_beats_a_fact_word_standing_for_one():
    slots, replies = talk([("我们是金山一家电子厂 招了几个四川凉山来的农村小伙子 都是第一次来金山", "inform"),
                           ("不知道四川算不算你们的对口地区 稳岗补贴能不能拿", "ask_eligibility")], TODAY)
    assert slots.get("last_measure") == "job_stabilization" and "稳定岗位补贴" in replies[-1]
    assert "您目前的就业情况" not in replies[0]      # no person's question to a firm


@pytest.mark.parametrize("text", ["劳动年龄段是几岁到几岁啊？", "啥个劳动年龄段，我听勿懂"])
def test_a_term_not_understood_is_explained(text):
    _slots, replies = talk([("我今年七十岁了，金山户口，老早就退休了。有啥补贴伐？", "ask_benefits"), (text, "out_of_scope")], TODAY)
    assert "文件没有写具体年龄" in replies[-1]


def test_a_yes_no_with_a_term_not_understood_answers_both():
    _slots, replies = talk([("我今年七十岁了，金山户口，老早就退休了。有啥补贴伐？", "ask_benefits"),
                            ("啥个劳动年龄段，我听勿懂。阿拉退休个老人就一样也没有是伐？", "ask_eligibility")], TODAY)
    assert replies[-1].startswith("是的") and "文件没有写具体年龄" in replies[-1]


@pytest.mark.parametrize("text,other", [("阿拉退休个老人", False), ("我是退休的老人", False), ("帮家里老人问", True)])
def test_an_old_person_speaking_of_herself_is_no_third_person(text, other):
    assert (extract(text, TODAY).subject is not None) is other


def test_the_kiosk_reads_no_clause_codes_aloud():
    from channels.doors.kiosk import for_the_hall
    said_aloud = for_the_hall({"text": "灵活就业补贴（一（二））：不满足 / 获证补贴（金就办〔2023〕1号三（八））：按市级标准核定（七（三））"})
    assert said_aloud["text"] == "灵活就业补贴：不满足 / 获证补贴：按市级标准核定"


def test_a_plan_asked_about_is_answered_on_its_own_terms_and_what_is_stated_beside_it_kept():
    slots, replies = talk([("我21岁，金山户口，在上海读全日制本科，毕业学年", "inform"),
                           ("我是一毕业就直接去跑外卖，中间没有失业过。也不是就业困难人员。这样能拿吗？", "ask_eligibility")], TODAY)
    assert "连续失业0个月" in replies[-1] and "暂不符合灵活就业补贴" in replies[-1]
    assert slots.get("employment_status") != "flexible" and slots.get("hard_to_employ_certified") is False


def test_a_plan_in_the_first_message_asks_about_the_measure_named():
    slots, replies = talk([("准备过了年去开网约车，能拿灵活就业补贴吗", "ask_eligibility")], TODAY)
    assert "灵活就业补贴" in replies[-1] and slots.get("employment_status") is None


@pytest.mark.parametrize("text,value", [("我六十一岁 上个号头刚刚退休", False), ("我刚退休", False), ("退休了", False),
                                        ("快退休了", True), ("马上退休了", True), ("还有两年才退休", True)])
def test_just_retired_is_past_working_age_and_about_to_retire_is_not(text, value):
    assert facts(text).get("within_working_age") is value


@pytest.mark.parametrize("text,fact", [("退休了到外区去做生活还有补贴伐 灵活就业个呢", "employment_status"),
                                       ("灵活就业的呢？", "employment_status")])
def test_what_about_a_status_asks_about_it(text, fact):
    assert fact not in facts(text)


def test_progressive_ne_still_states():
    assert facts("我在灵活就业呢").get("employment_status") == "flexible"


def test_working_in_another_district_and_asking_records_the_job():
    slots, _ = said("侬好 我五十多了 金山农村户口 现在勒松江一个厂里做生活 有补贴伐", intent="ask_benefits")
    assert slots.get("work_region") == "shanghai_other" and slots.get("employment_status") == "employed"


@pytest.mark.parametrize("typed,meant", [("bu知道", " 不知道"), ("jianxi多少钱", "    见习多少钱")])
def test_pinyin_glued_to_characters_is_padded_away_from_them(typed, meant):
    assert pinyin(typed) == meant


def test_bu_zhidao_is_not_knowing_not_a_no():
    assert "hard_to_employ_certified" not in facts("bu知道", "hard_to_employ_certified")


# ---------------------------------------------------------------- round 22's wrong facts (after its one run)

@pytest.mark.parametrize("text,gone", [
    ("原来在松江一个厂里上班 签了两年合同 今年7月份辞掉了", ("contract_months", "work_region", "employment_status")),
    ("手上两个offer 一个是金山石化那边的民营企业 说签3年 一个是闵行的外企 工资高一点",
     ("contract_months", "work_region", "employment_status"))])
def test_a_job_left_or_only_offered_is_no_current_job(text, gone):
    found = facts(text)
    assert not set(gone) & set(found)


@pytest.mark.parametrize("text,fact,value", [
    ("我在松江上班 签了两年合同", "contract_months", 24), ("我辞职了，现在在金山上班签了两年合同", "contract_months", 24),
    ("原来在松江上班，辞职了，现在在金山卫上班", "work_region", "jinshan")])
def test_the_current_job_after_a_job_left_is_kept(text, fact, value):
    assert facts(text).get(fact) == value


@pytest.mark.parametrize("text,value", [("来电人从对口地区来，但说自己是县城户口，一直住城里，不是农村的", False),
                                        ("我是对口地区农村来的", True)])
def test_a_town_hukou_from_the_paired_region_is_not_its_rural_labour(text, value):
    assert facts(text).get("paired_region_rural_labor") is value


def test_a_line_quoted_from_a_clause_in_brackets_says_nothing():
    assert facts("纸上第（四）条写“劳动年龄段内的本区户籍农民”") == {}
    assert facts("我是金山户口（本区户籍）") == {"hukou": "jinshan"}
