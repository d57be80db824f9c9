"""Organisation-side and award facts named in a message (孵化基地评估B级, 创业大赛二等奖, …).

Small, closed vocabularies, so plain patterns suffice; values are policy_core's.
"""
from __future__ import annotations

import re

from fact_extraction.numbers import DURATION_RE, parse_duration

_GRADE = re.compile(r"(?:评估|评级|等级|评为|评上|评了|评到|评的|定为|拿了|获得|是)[^，。,.!?？！]{0,6}?([ABCDabcd])\s*级|([ABCDabcd])\s*级(?:基地|孵化)")
_UNQUALIFIED = re.compile(r"不达标")
_NOT_ASSESSED = re.compile(r"(?:没|未)(?:有)?参(?:加|与)(?:评估|评级)")
_PRIZE = re.compile(r"([一二三123])\s*等奖")
_PRIZE_VALUE = {"一": "first", "1": "first", "二": "second", "2": "second", "三": "third", "3": "third"}
_STARTUP = re.compile(r"创业|创客|大赛|赛事")
_SKILL = re.compile(r"技能|职业技能")
_NEG = re.compile(r"没|未|不是|没有")
# "承办创业大赛的单位有补贴吗": describing the kind of organisation, not stating
_DESCRIBED = re.compile(r"^(?:的|之)(?:单位|企业|机构|公司|组织|基地|选手|人|团队)")
# "首席技师有什么补贴", "首席技师资助标准", "创业大赛一等奖有多少资助": asking about the
# measure (its standard, amount, conditions) ...
_NOT_STATED = re.compile(r"^[^，,。！!；;]{0,2}?(?:吗|么|呢|\?|？|有什么|有没有|有啥|多少|怎么)"
                         r"|^[^，,。！!；;]{0,6}?(?:标准|多少|怎么|如何|条件|要求|是什么|是啥|啥)")
# ... unless the clause also says so (我们基地评了B级，运作费多少; 创业大赛拿了一等奖能给多少钱)
_STATING = re.compile(r"是|为|评上|评了|评到|入选|获得|获|拿了|拿到|得了|得到|荣获|属于|成了|承办了")
_NOT_STATING = re.compile(r"是不是|是否|如果|要是|假如|假设|万一|怎么|什么|哪")
# "是不是首席技师", "算不算集训单位": a question about the words right after it
_ASKED_BEFORE = re.compile(r"(?:是不是|是否|算不算|属不属于|有没有)[^，,。！!？?；;]{0,4}$")
_CLAUSE_BREAK = re.compile(r"[，,。！!？?；;\s]")
# Words a follow-up ("A级呢", "二等奖呢") leaves out: the measure talked about last supplies them.
FOLLOW_UP = {"incubator_operation": "孵化基地评估为", "competition_prize": "创业赛事获得",
             "award_matching": "创业赛事获得"}

_FLAGS = [  # (pattern, fact) — a positive statement sets the fact true
    (re.compile(r"首席技师"), "chief_technician_project"),
    (re.compile(r"承办[^，。]{0,8}(?:创业)(?:大赛|赛事|比赛)"), "hosts_district_startup_competition"),
    (re.compile(r"承办[^，。]{0,8}(?:技能)(?:大赛|赛事|比赛|竞赛)"), "hosts_regional_skill_competition"),
    (re.compile(r"集训单位"), "skill_competition_training_unit"),
    (re.compile(r"(?:国家级|市级)[^，。]{0,10}(?:创新创业|创业)(?:大赛|比赛)[^，。]{0,6}(?:获奖|奖项|得奖|拿奖)"), "national_or_city_startup_award"),
    (re.compile(r"代表金山[^，。]{0,12}技能[^，。]{0,6}(?:获奖|奖项|得奖|拿奖)"), "skill_competition_award_winner"),
]


_DISTRICTS = "金山|黄浦|徐汇|长宁|静安|普陀|虹口|杨浦|闵行|宝山|嘉定|浦东|松江|青浦|奉贤|崇明|外区|外省|外地|市区"
# 税务登记在奉贤 / 税务也在金山 / 税收征管关系不在金山 / 在松江交税
_TAX = re.compile(rf"(?:税务|税收征管|纳税|税收|交税|缴税)(?:登记|关系|关系地|所在地|地)?(?:也|都|还|是)?(不)?(?:在|落在|挂在|属于)({_DISTRICTS})"
                  rf"|在({_DISTRICTS})(?:交|缴|纳)税")
_INTENT = re.compile(r"(?:想|打算|准备|计划|要|希望)[^，。,]{0,2}$")
_TRAINING = re.compile(r"(?:给|为|帮|对)(?:员工|职工|工人)们?[^，。,]{0,4}(?:搞|做|开展|组织|办|安排)了?[^，。,]{0,8}培训"
                       r"|开展了?(?:职工|员工)(?:职业|技能)?培训")
_IN_JINSHAN_SCHOOL = re.compile(r"(?:金山|区里|本区|我们区|区内)[^，。,]{0,6}(?:院校|学校|高校|中职|职校|大学|学院|技校)")
# 配合区、镇就业部门开展……活动 (二（六）): what a guidance station does, said in the station's words
_ASSISTS = re.compile(r"配合(?:区|镇|街镇|区里|镇里|区、镇|区镇|街道)[^，。,]{0,12}?(?:开展|搞|做|组织|举办|办|创业|就业|职业指导|毕业生|技能)")
_IN_JINSHAN_TRAINER = re.compile(r"(?:金山|区里|本区|我们区)[^，。,]{0,8}(?:培训学校|培训机构)")
_TRAINER_RATED = re.compile(r"(?:评过|评定|评了|做了|评估了?)[^，。,]{0,10}(?:办学质量|诚信)|办学质量和诚信(?:等级)?(?:评定|评估|评级|评过)")
_QUALITY_AGENCY = re.compile(r"优质(?:的)?(?:人力资源服务|人力资源)?(?:机构|公司)")
_REFERRED = re.compile(r"推荐了?[^，。,]{0,8}(?:[0-9一二三四五六七八九十几百]+(?:个|名|位)|一批|农村劳动力|劳动力|工人)")
# the workers' history in Jinshan, as an employer or agency tells it (四（十一）-（十三） 首次在金山就业)
# (the extractor reads 第一次来金山上班 itself; these are the ones without a word of work)
_FIRST_IN_JINSHAN = re.compile(r"(不是)?(?:第一次|首次|头一次|头一回|第一回|初次)(?:来|到|在)金(?:山|(?![华融额钱子]))"
                               r"(?![^，。,\s]{0,8}(?:上班|工作|打工|就业|干活|做工|做事|务工|干|做|玩|旅游|看病|探亲|参观|出差|开会|办事))")
_BEEN_IN_JINSHAN = re.compile(r"(?:以前|之前|此前|早先|前几年|前两年|早几年|早些年|曾经|曾|原来|过去|(?:19|20)\d{2}年|前年|去年|大前年)[^，。,；;]{0,8}在金山?[^，。,；;]{0,8}"
                              r"(?:干过|做过|上过班|工作过|打过工|待过|呆过|就业过|打工|工作|上班|干活|务工|就业)"
                              r"|(?:再次|又一次|又|重新|第二次|再)(?:来|到|回)(?:到)?金山")   # 今年再次来金山就业
# 二（七）落地补贴: a prize-winning organisation registered in, or moved to, Jinshan
_LANDED = re.compile(r"(?:迁到|迁入|迁来|迁回|搬到|搬来|落户|注册在|注册到|登记在|登记注册在)(?:了)?(?:金山|本区)")
_OPERATING = re.compile(r"(?:运营|经营|营业|开业|成立|办了|开了)(?:了|满|已经|有)?")
_EMPLOYS_JINSHAN = re.compile(r"(?:招了|招用了?|雇了|聘了|聘用了?|带动了?|解决了)[^，。,]{0,8}(?:金山户籍|金山户口|本区户籍|金山本地|本地户籍|金山籍)")
# facts of the organisation's own team (我们团队拿了创业大赛二等奖): kept when an organisation speaks
TEAM_FACTS = frozenset({"startup_competition_prize", "national_or_city_startup_award"})
# ---------------------------------------------------------------- who speaks
# kinds of employer besides 公司/单位/企业 (我们是金山的一家公立医院 / 我们饭店招了个…)
_KINDS = "医院|卫生院|诊所|银行|酒店|饭店|餐厅|超市|商场|工作室|事务所|合作社|协会|研究所|研究院|幼儿园|物业|门店"
_SPEAKS_FOR = re.compile(
    # 我刚在金山注册了一家做农产品电商的小公司 / 我开了一家饭店: the founder speaks for it
    r"我们?(?:刚|刚刚|去年|今年)?(?:在[^，。,]{1,6})?(?:注册|开|办)了?一家[^，。,！!？?]{0,12}?(?:公司|企业|工作室|厂|" + _KINDS + r")(?!上班|工作|打工)|"
    r"我们(?:公司|单位|企业|机构|基地|学校|学院|院校|工厂|厂|园区|团队|中心|指导站|集团|" + _KINDS + r")|我司|本单位|本公司|本机构|贵单位|"
    r"来电(?:的)?(?:企业|单位|公司|机构|学校|基地)|(?:企业|公司|单位|机构)的?(?:HR|hr|人事|负责人|老板|经理|财务)|"
    r"我们?是(?!在|从)(?:(?!户口|户籍|岁|毕业|失业|学生|在读|读|念|在学校|在学院|在大学)[^，。,！!？?\s]){0,16}?(?:公司|机构|单位|企业|基地|学校|院校|学院|大学|高校|职校|中职|技校|指导站|工厂|厂|园区|"
    r"机关|组织|中心|集团|" + _KINDS + r")(?!的?(?:新|一名|一个|一位)?(?:学生|毕业生|学员|员工|职工|工人|应届生|老师傅|人(?!事)|会计|司机|焊工))")   # 我是派遣公司的人: works there
_EMPLOYER_ACT = re.compile(r"(?:^|[，,。！!？?\s])(?:我们|我|他们|她们|公司|单位|企业|厂里|厂)?(?:今年|去年|最近|刚|刚刚|前段时间)?"
                           r"(?:新)?(?:招了|招用了?|招聘了|招录了?|雇了|雇用了|新招了?|推荐了|输送了)(?![我他她])")
_SELF = re.compile(r"我们(?:单位|公司|企业|机构|这边|这里|" + _KINDS + r")?(?:是|属于)|"
                   r"我(?:这边|这里)?是[^，。,]{0,12}(?:单位|公司|企业|机构|" + _KINDS + r")|本单位是"
                   r"|(?:^|[，,。\s])(?:公司|单位|企业|机构)(?:是|属于)")


def speaks_for_organisation(text: str) -> bool:
    """The writer speaks for an organisation (我们公司…, 我是区里一所中职学校的) or as an employer
    acting (今年招了两个对口地区的农村劳动力): the people it names are not the writer."""
    return bool(_SPEAKS_FOR.search(text) or _EMPLOYER_ACT.search(text))


def describes_itself(text: str) -> bool:
    """我们是一家事业单位 / 我们单位是金山的: what the organisation says of itself is what an
    employer fact (its kind, its district) says of the employer of its workers."""
    return bool(_SELF.search(text)) and speaks_for_organisation(text)


def _worker_history(text: str) -> list[tuple[str, object, int, int]]:
    if m := _BEEN_IN_JINSHAN.search(text):
        # 以前都没在金山上过班 / 之前从来没在金山干过: never worked here, so this is the first job
        never = re.search(r"没|未|不曾", m.group()[:m.group().find("在金山")] if "在金山" in m.group() else "")
        return [("first_job_in_jinshan", bool(never), m.start(), m.end())]
    if m := _FIRST_IN_JINSHAN.search(text):
        return [("first_job_in_jinshan", not m.group(1), m.start(), m.end())]
    return []


def _more_org_facts(text: str) -> list[tuple[str, object, int, int]]:
    """The facts of the organisations whose measures have no award or grade: tax district,
    employee training, guidance station, training school, HR agency."""
    out = []
    if (m := _TAX.search(text)) and _stated(text, m):
        place = m.group(2) or m.group(3)
        out.append(("tax_registered_in_jinshan", place == "金山" and not m.group(1), m.start(), m.end()))
    if (m := _TRAINING.search(text)) and not _INTENT.search(text, 0, m.start()):
        out.append(("runs_employee_training", True, m.start(), m.end()))
    if "指导站" in text and (m := _IN_JINSHAN_SCHOOL.search(text)):
        out.append(("guidance_station_in_jinshan", True, m.start(), m.end()))
    if m := _ASSISTS.search(text):
        out.append(("guidance_station_assists", True, m.start(), m.end()))
    if (m := _IN_JINSHAN_TRAINER.search(text)) and speaks_for_organisation(text):   # not 在金山的培训学校考的证
        out.append(("training_institution_in_jinshan", True, m.start(), m.end()))
    if (m := _TRAINER_RATED.search(text)) and _stated(text, m):   # 办学质量和诚信等级: 三（八）'s words
        out.append(("training_institution_rated", True, m.start(), m.end()))
    if (m := _LANDED.search(text)) and not _INTENT.search(text, max(0, m.start() - 8), m.start()) \
            and not re.search(r"打算|准备|计划|想", text[max(0, m.start() - 12):m.start()]) \
            and re.search(r"公司|企业|团队|项目|组织|执照|注册", text):
        out.append(("startup_org_in_jinshan", True, m.start(), m.end()))
    if (m := _OPERATING.search(text)) and (d := DURATION_RE.match(text, m.end())) and \
            (dur := parse_duration(d)) and not dur.ago and isinstance(dur.months, int):
        out.append(("startup_org_operating_months", dur.months, m.start(), d.end()))
    if m := _EMPLOYS_JINSHAN.search(text):
        out.append(("startup_org_employs_jinshan_hukou", True, m.start(), m.end()))
    if (m := _QUALITY_AGENCY.search(text)) and _stated(text, m):
        out.append(("hr_agency_quality_shanghai", True, m.start(), m.end()))
    if m := _REFERRED.search(text):
        out.append(("hr_agency_referred", True, m.start(), m.end()))
    return out


def _stated(text: str, m: re.Match) -> bool:
    """The words matched by m state a fact: no question about the measure follows
    them, or the clause says the organisation has it (是/评了/拿了 before them)."""
    after = text[m.end():]
    if _DESCRIBED.search(after) or _ASKED_BEFORE.search(text, 0, m.start()):
        return False
    if not _NOT_STATED.search(after):
        return True
    breaks = [b.end() for b in _CLAUSE_BREAK.finditer(text, 0, m.start())]
    before = text[breaks[-1] if breaks else 0:m.start()]
    return bool(_STATING.search(before)) and not _NOT_STATING.search(before)


_PAST_YEAR = re.compile(r"去年|前年|上一?年|往年|以前|之前|原来|上次|上回")
_THIS_YEAR = re.compile(r"今年|本年度?|当年|这次|这一次|最新|现在|目前|刚出")


# A、B、C级分别多少 / 一二三等奖各奖多少: the grades listed are asked about, none is the asker's
_LISTED_BEFORE = re.compile(r"[A-Da-d一二三123](?:级|等奖?)?\s*[、,，/和及与或到至~\-]?\s*$")
_ASKS_EACH = re.compile(r"分别|各(?:奖|给|发|补|拿|能|是|多少)|都是多少|各自|有哪几")


def _listed(text: str, start: int) -> bool:
    """The grade or prize whose value starts at `start` ends a list of them in a question."""
    return bool(_ASKS_EACH.search(text) and _LISTED_BEFORE.search(text, max(0, start - 4), start))


def _this_years_grade(text: str) -> re.Match | None:
    """去年B级，今年C级 / B级是去年的，今年是C级: the grade of this year (the one the subsidy is
    paid on), not last year's; with no year said, the last grade named."""
    grades = [m for m in _GRADE.finditer(text) if not _listed(text, m.start(1) if m.group(1) else m.start(2))]

    def said_of(m: re.Match, year: re.Pattern) -> bool:
        lo = max([0] + [b.end() for b in _CLAUSE_BREAK.finditer(text, 0, m.start())])
        return bool(year.search(text, lo, m.start()) or year.match(text[m.end():m.end() + 4].lstrip("是的")))
    if len(grades) <= 1:     # one grade, of whichever year: the latest said
        return grades[0] if grades else None
    current = [m for m in grades if said_of(m, _THIS_YEAR)]
    if current:
        return current[-1]
    # 前年D级，去年又是D级: no grade of this year said, so the latest (the last named)
    return next((m for m in reversed(grades) if not said_of(m, _PAST_YEAR)), grades[-1])


def find(text: str, last_measure: str | None = None) -> list[tuple[str, object, int, int]]:
    """(fact, value, start, end) for each org/award fact stated in text; with last_measure,
    text is read as a follow-up about that measure (spans then index the prefixed text)."""
    text = FOLLOW_UP.get(last_measure, "") + text
    out = []
    if _UNQUALIFIED.search(text) and ("基地" in text or "孵化" in text):
        m = _UNQUALIFIED.search(text)
        out.append(("incubator_grade", "unqualified", m.start(), m.end()))
    elif m := _this_years_grade(text):
        if "基地" in text or "孵化" in text or "评估" in text:
            g = (m.group(1) or m.group(2)).upper()
            out.append(("incubator_grade", g, m.start(), m.end()))
    elif (m := _NOT_ASSESSED.search(text)) and ("基地" in text or "孵化" in text):
        out.append(("incubator_grade", "not_assessed", m.start(), m.end()))
    if (m := _PRIZE.search(text)) and _STARTUP.search(text) and not _SKILL.search(text) \
            and _stated(text, m) and not _listed(text, m.start()):
        out.append(("startup_competition_prize", _PRIZE_VALUE[m.group(1)], m.start(), m.end()))
    for pattern, fact in _FLAGS:
        if (m := pattern.search(text)) and _stated(text, m):
            before = text[max(0, m.start() - 3):m.start()]
            out.append((fact, not _NEG.search(before), m.start(), m.end()))
    out += _more_org_facts(text) + _worker_history(text)
    prize = next((f for f in out if f[0] == "startup_competition_prize"), None)
    if prize and speaks_for_organisation(text):   # 我们团队拿了二等奖: the organisation won (二（七）获奖后)
        out.append(("startup_org_award_winner", True, prize[2], prize[3]))
    return out
