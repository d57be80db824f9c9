"""What the assistant says after each user message: pure Python, no Rasa imports.

respond(state, message, today) -> Reply. The Rasa action (actions.py) only turns
slots into a State and a Reply back into events and messages, so every turn of
the conversation can be tested here without a server.
"""
from __future__ import annotations

import calendar
import itertools
import datetime as dt
import os
import re
from dataclasses import dataclass, field, replace
from typing import Any, Optional

from assistant_nlu import org_facts
from assistant_nlu import topics as vocab
from assistant_nlu.reading import follow_up, goes_on, read, suppose, supposes
from fact_extraction import vocab as fx_vocab
from fact_extraction.numbers import cn_to_int
from fact_extraction.spoken import pinyin
from policy_core import FACT_NAMES, ORG_FACTS as _ORG_FACTS, FactsError, evaluate, fact_info, fact_kind, parse_facts
from policy_core.catalogue import catalogue
from policy_core.reads import facts_read
from policy_core.explain import amount_text, explain, summary, why_not
from policy_core.model import Evaluation

from understanding.acts import question_of
from understanding.counts import people_count
from understanding.focus import sift
from understanding.pii import identifiers
from understanding.read import ASKS_TERM
from understanding.repair import TO_CHECK, complains, dont_know, repair_of, retracted, unsure_of
from understanding.steps import MEETS, SAID_BY_FACTS
from understanding.switch import asks_for_self, person_switch
from understanding.terms import term_in
from understanding.typed import Reading

from . import answers, direct, templates as T

# The question-kind classifier's probability needed to answer first. Short follow-ups that name no
# measure (好拿几年, 一个月几钿) get the right kind at low probability (0.17–0.47 among 16 kinds),
# so the kind ranked first counts from this; a message naming a measure, or a term, needs TERM_SURE.
QUESTION_SURE = 0.15
TERM_SURE = 0.6

_BENEFITS = re.compile(
    # 能领什么 / 能拿多少 / 有没有补贴 / 有啥补贴 / 补多少 / 一个月多少钱 / 好拿几年 / 有钱拿伐
    r"(?:能|可以|可|能够)(?:领|拿|享受|申请|补|得)(?:到)?(?:点|些)?(?:什么|哪些|多少|啥|几)|"
    r"(?:能|可以)(?:领|拿|享受|申请)(?:吗|不|么|伐)|有没有(?:什么|啥)?(?:补贴|补助|钱|资助|奖励|政策)|"
    r"有(?:什么|啥|哪些|啥子)(?:补贴|补助|钱|资助|奖励|政策|好处)|(?:补|拿|领|给|发)多少|多少钱|几个月|几年|"
    r"多少(?:补贴|补助|钱)|(?:补贴|补助)(?:有|是)?多少|(?:一个月|每个月|每月|一年|每年|总共|一共|最多)"
    r"(?:里)?(?:能|可以)?(?:拿|领|给|发|补)?(?:多少|几)|"
    r"(?:能|可以)?(?:领|拿|享受|补|发)(?:多久|多长时间|几个月|几年)|最长(?:能|可以)?(?:领|拿)?多|"
    r"有钱拿|有补贴|有补助|(?:补贴|补助)(?:吗|么|伐|呢)|(?:还|都)?能(?:领|拿)(?:到)?(?:吗|么)?[？?]?$|"
    # 还有别的补贴吗 / 看看其他补贴 / 其它的呢: the other measures
    r"(?:还有|有没有|看看|其他|其它|别的)(?:别的|其他|其它)?(?:的)?(?:补贴|补助|政策|钱|项目)|^(?:其他|其它|别的)的?呢")
# people named beside the talk rather than asked for (a parent asks for a child, not a friend's case)
_SIDE_PEOPLE = re.compile(r"朋友|同事|邻居|同学|老乡|工友|室友|亲戚")
_CALLER = re.compile(r"来电|该市民|该来电|咨询人|当事人|这位(?:女士|先生|市民|阿姨|大爷)|该(?:女士|先生|男士|女子|男子)")
_SPOUSE = re.compile(r"(?:我|本人)?(?:老公|老婆|爱人|丈夫|妻子|媳妇|老伴|老头子|老太婆|老头|老太)|(?<=其)(?:妻|夫)|其(?:妻|夫)|妻|夫")
_ASKS_FOR_THEM = re.compile(r"[他她伊](?:能|可以|有没有|符合|好拿|能不能|可不可以|算不算|有份|够不够)|[帮替给][他她伊]|"
                            r"(?:老公|老婆|爱人|丈夫|妻子|媳妇|老伴)(?:能|可以|有没有|符合|好拿|能不能|的情况)|问问?(?:我)?(?:老公|老婆|爱人)")
_SENTENCE_END = r"[。！!？?；;\n]"


def _pieces(text: str, ends: str = _SENTENCE_END) -> list[tuple[int, str]]:
    """The text cut after each mark of `ends` (sentences by default), with where each piece starts."""
    out, start = [], 0
    for piece in re.split(f"(?<={ends})", text):
        out.append((start, piece))
        start += len(piece)
    return out


# "我们公司招了对口地区的农民工": an organisation speaks; the people it names are not the speaker
_ORG_SPEAKER = re.compile(r"我们(?:公司|单位|企业|机构|基地|学校|工厂|厂)|我司|本单位|本公司|本机构|贵单位|"
                          r"我们是[^，。,]{0,12}(?:公司|机构|单位|企业|基地|学校|指导站)")
# Explicit restart words: the only way to clear everything. The classifier's start_over alone
# never clears (对，头一回来金山 answers a question; it is not a wish to start again).
_RESTART = re.compile(r"重新开始|从新开始|重头开始|从头(?:开始|来|再来|问)|从零开始|重来|重新来|重新问|重新咨询|"
                      r"清空|清除|清掉|重置|(?:刚才|之前|前面)(?:说|讲|填)?的(?:信息)?(?:都|全)(?:不算|作废)|作废|"
                      r"(?:信息|记录)(?:都|全)?删(?:掉|了|除)|删(?:掉|除)(?:刚才|之前)?的?(?:信息|记录)|"
                      r"再来一(?:次|遍)|换个人问|restart|start over", re.I)
# Explicit farewell and thanks words: the classifier's goodbye/thanks alone never ends the talk
# (这些人之前就在金山就业过 answers a question).
_FAREWELL = re.compile(r"再见|在见|拜拜|^拜$|^88[6]?$|bye|先这样|就这样|就这些|先走了|下次再|回头再|改天再|回见|"
                       r"没(?:有)?(?:别的|其他|其它)(?:的)?(?:问题|事)?了|结束|不问了|不聊了|我下了|下线|不用了|不需要了|没事了|👋", re.I)
# Explicit greeting words: the classifier's greet alone, with a question pending, is an answer (在念书).
_GREETING = re.compile(r"你好|您好|你号|在吗|在不在|在么|在嘛|哈喽|哈罗|hello|hi\b|^hi|嗨|早上好|^早|下午好|晚上好|中午好|"
                       r"有人吗|有人在|^喂|老师好|同志|打扰|小助手|👋", re.I)
_THANK_WORDS = re.compile(r"谢|感谢|3q|thx|thank|辛苦|🙏", re.I)
_WHY_NOT = re.compile(r"为什么|为啥|为何|凭什么|(?:怎么|咋)(?:就|会)?(?:不能|不可以|领不了|拿不了|没有?|不行|不给|轮不到)|"
                      r"没(?:我的|他的|她的)?份|不符合吗|不够格|哪里不符合|差在哪|"
                      r"(?:就|都)?(?:一点|什么|啥)?都?(?:没有了|没得|拿不到|领不到|领不了|拿不了)")
# a message that asks something back (not an answer to the pending question)
_ASKS_BACK = re.compile(r"[？?]|吗|怎么|什么|为什么|为啥|哪|多少|几|多久|多长|多大|咋|^.{4,}的.{0,6}可以$|(?<![在着])呢[？?。!！~～\s]*$")
_HOW_LONG = re.compile(r"多长时间|多久|(?<![十百一二三四五六七八九两0-9])几(?:年|个月)(?!了)|多少个月|拿满|领满|能拿到哪|能领到哪|"
                       r"领到什么时候|拿到什么时候")   # (毕业十几年了 / 失业好几个月了 is no question)
_ASKS_SUM_WORDS = re.compile(r"几钿|多少(?!个月|年|天|时间)")   # 每人多少，能拿多久: the sum too
_PAST = re.compile(r"之前|以前|原来|原先|那时|当时|后来|之后|以后才|后(?:才|就)?(?:开始|去|找|做|跑|干)|才(?:开始|去|找到|做|跑|干)|过去")
_NOW = re.compile(r"现在|目前|还没|还在|一直|至今|到现在|到今天|仍然|仍在")
_OUT_OF_WORK = re.compile(r"失业|待业|无业|没(?:有)?(?:工作|上班|活|事)|在家|找工作|歇")


def _now_out_of_work(text: str) -> bool:
    """没活干到现在 / 现在还没上班: out of work now, said in one clause (考试还没到 is not)."""
    return any(_NOW.search(c) and _OUT_OF_WORK.search(c) for c in re.split(r"[，,。；;！!？?\s]+", text))


# an employer's kind said outright (not a generic 厂, 公司): 私营, 国企, 不是派遣…
_NAMED_KIND = re.compile(r"私营|民营|私企|民企|国企|央企|外企|合资|私人|个体|有限公司|(?:不是|不属于|非)[^，,。；;\s]{0,4}(?:派遣|事业|机关)")
_ENGLISH = re.compile(r"^(?=.*[A-Za-z])[\sA-Za-z0-9,.'?!:;\-()\"]+$")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_PAIRS = {  # setting one of a pair clears the other: the newer statement is the one that counts
    "unemployed_since": "unemployment_months", "unemployment_months": "unemployed_since",
    "graduation_date": "months_since_graduation", "months_since_graduation": "graduation_date",
}
_FACTS = set(FACT_NAMES)
# An employer or agency speaking of the paired-region workers it hired or placed (四（十一）（十二）).
_HIRING = re.compile(r"招(?:了|用|聘|收|录|到|的|进)|雇(?:了|用)|吸纳|录用|推荐|输送|他们|这些(?:人|员工|工人)|员工|职工|工人")
# one hire described by their employer (招了个应届生 / 有个司机是…), not a group (招了6个对口地区的)
_ONE_HIRE = re.compile(r"(?:招了|新招了?|招进了?|招到了?|录用了|来了|有)(?:一|1)?(?:个|名|位)|"
                       r"(?:这个|那个|新来的)(?:员工|工人|小伙子?|姑娘|司机|应届生|毕业生)|"
                       # 有几个员工是金山农村户口的: the employees asked about, for their own measure
                       r"有(?:几|两|三|些|好几)(?:个|名|位)?(?:员工|工人|职工|司机)(?:是|都是)|"
                       # 我们车间的老张是金山农村户口: one worker named by the firm
                       r"(?:我们|公司|厂里|车间|单位|店里)[^，,。]{0,4}?(?:的|里的)(?:老|小)[赵钱孙李周吴郑王冯陈蒋沈韩杨朱许何吕张曹严金魏陶姜谢苏潘范彭马方任袁唐罗薛贺汤顾孟黄姚邵汪毛戴宋熊董梁杜郭林钟徐邱高夏蔡田胡卢丁邓石崔龚程陆刘叶江]")
_HIRE_PERSON_FACTS = {"hukou", "rural_hukou", "education", "fresh_graduate", "age", "graduation_date",
                      "months_since_graduation", "full_time_education"}
_AGENCY = re.compile(r"人力资源|中介|服务机构|劳务公司")
_PAIRED_SIDES = {"job_stabilization", "hr_agency_referral", "paired_region_worker"}
_WORKERS_OWN = re.compile(r"(?:员工|工人|劳动者|职工|他们|她们|劳动力)(?:(?:自己|本人)(?:个人)?|个人)|个人(?:能|可以|有)")
_ITS_EMPLOYER = re.compile(r"(?:单位|企业|公司|厂里|用人单位|人力资源机构|中介)(?:那个|那项|那一项|的那个|那份|的补贴|拿的|能拿)")
_HIRER_MEASURES = ("job_stabilization", "hr_agency_referral")
_WORKER_FACTS = {"paired_region_rural_labor", "first_job_in_jinshan", "work_region", "employer_excluded",
                 "contract_months", "contract_open_ended", "employment_registered", "social_insurance_months",
                 "employment_status"}
_IMPLIED_BY = {  # (fact, value) -> facts of the same message that already say it
    ("school_in_shanghai", True): [("school_in_jinshan", True)],
    ("employment_status", "student"): [("graduating_student", True)],
    ("employment_status", "flexible"): [("flexible_employment_registered", True)],
}


@dataclass
class Message:
    text: str
    intent: Optional[str] = None
    entities: list = field(default_factory=list)
    guesses: dict = field(default_factory=dict)   # {"age": 31}: values to confirm
    truncated: bool = False
    reading: Optional[dict] = None                # the NLU's one reading of the message
    door: Optional[str] = None                    # "kiosk", "agent", "mp" or None (REST): who hands off how


@dataclass
class State:
    facts: dict = field(default_factory=dict)
    asked: Optional[str] = None           # the fact the last reply asked for
    guess: Optional[dict] = None          # {"fact": "age", "value": 31} awaiting confirmation
    last_measure: Optional[str] = None    # the measure talked about last ("为什么不能领" refers to it)
    last_topic: Optional[str] = None      # what the last answer was about (document topic or measure id):
                                          # a follow-up ("截止到什么时候？") stays on it
    skipped: list = field(default_factory=list)   # facts the person could not answer
    subject: Optional[str] = None         # "他"/"她": the person talked about is not the writer
    recorded: list = field(default_factory=list)  # facts the last reply recorded (「不对」 undoes them)
    door: Optional[str] = None            # this turn's door (Message.door), not kept: the agent desk's wording
    people: Optional[int] = None          # how many workers an organisation said it hired (6人每月共3000元)
    steps_done: list = field(default_factory=list)   # steps said done that no fact records (合同签好了)
    caller: bool = False                  # the person talked about is the caller of a hotline note (来电人…)
    org: bool = False                     # the asker was found to speak for an organisation (slot speaker)


@dataclass
class Reply:
    state: State
    messages: list                        # [{"text": str, "buttons": [{"title", "payload"}]}]


# ---------------------------------------------------------------- reading facts

def _valid(name: str, value: Any) -> Any:
    """The value in the contract's type, or None when it cannot be one."""
    if isinstance(value, str):
        if fact_kind(name) == "int" and value.strip().isdigit():
            value = int(value)
        elif value.lower() in ("true", "false"):
            value = value.lower() == "true"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        parse_facts({name: value})
    except FactsError:
        return None
    return value


def _is_bool(name: str) -> bool:
    return fact_kind(name) == "bool"


def facts_in(msg: Message, state: State, today: dt.date, recorded: Optional[list] = None) -> dict:
    """Facts the message states, including short answers to the question just asked."""
    found: dict = {}
    for e in msg.entities:
        name = e.get("entity")
        if name in _FACTS:
            value = _valid(name, e.get("value"))
            if value is not None:
                found[name] = value
    asked = state.guess["fact"] if state.guess else state.asked
    reading = msg.reading or {}
    if asked and reading.get("asked") != asked:
        # The NLU was not told the question (a client sending no context): the same reading,
        # done here knowing it ("金山" answers 您在哪里工作？, "去年7月" answers 失业多久了？).
        reading = read(msg.text, today, asked)[1]
    if asked:
        # the entities the extractor gave are replaced by the reading that knew the question;
        # the others (organisation facts, workers' history) stay
        found = {k: v for k, v in found.items() if k not in reading["plain"]}
        found.update((k, v) for k, v in reading["facts"].items() if _valid(k, v) is not None)
    if state.guess and state.guess.get("birth_year") and asked not in found:
        age = _age_from_birthday(msg.text, state.guess["birth_year"], today)
        if age is not None:
            found["age"] = age
    if state.guess and state.guess.get("month_only") and asked not in found:
        day = _day_number(msg.text)
        month = dt.date.fromisoformat(state.guess["value"])
        if day and day <= calendar.monthrange(month.year, month.month)[1]:
            found[asked] = month.replace(day=day).isoformat()
    found = _place_corrected(msg.text, found, recorded or [])
    found.update(_corrected_earlier(msg.text, state, found, today, recorded or [], msg.guesses))
    if asked and asked not in found and _PAIRS.get(asked) not in found:
        if state.guess and msg.intent == "affirm" and not state.guess.get("month_only") \
                and not state.guess.get("birth_year") and "value" in state.guess:
            found[asked] = state.guess["value"]
        elif msg.intent in ("affirm", "deny") and _is_bool(asked) and not found and \
                (_CHINESE.search(msg.text) or msg.text in ("/affirm", "/deny")) and \
                repair_of(msg.text) in (None, "undo") and not dont_know(msg.text) \
                and not _ABOUT_THE_TALK.search(msg.text):   # 算了 / 勿晓得 / 不是问现在 answer nothing
            # Not for "不对，我三十七岁" (that corrects the age), nor for English or
            # symbols the classifier happened to call affirm ("back", "ok google").
            found[asked] = msg.intent == "affirm"
    return found


_PLACE_FACTS = ("hukou", "work_region")
_PLACE_AS = {("hukou", "work_region"): {"non_shanghai": "outside_shanghai"},
             ("work_region", "hukou"): {"outside_shanghai": "non_shanghai"}}
_PLACE_CUES = re.compile(r"户口|户籍|户扣|护口|上班|工作|厂|公司|单位|做生活|打工|就业|读书|学校|住")


def _place_corrected(text: str, found: dict, recorded: list) -> dict:
    """勿对 是嘉定 (after 金山农村户口 勒嘉兴上班): a bare place in a correction corrects the place
    said last in the message before, not whatever a bare place would mean alone."""
    places = [f for f in recorded if f in _PLACE_FACTS]
    got = [f for f in _PLACE_FACTS if f in found]
    if len(places) < 2 or len(got) != 1 or not fx_vocab.corrects(text) or _PLACE_CUES.search(text):
        return found
    said, last = got[0], places[-1]
    if said == last:
        return found
    value = found[said]
    out = {k: v for k, v in found.items() if k != said}
    out[last] = _PLACE_AS[(said, last)].get(value, value)
    return out


# 不是问现在 / 我不是这个意思: a no about the talk, not an answer to the question
_ABOUT_THE_TALK = re.compile(r"不是(?:问|说|讲|指|这个意思|那个意思|这意思|要问)|我问的是|我是问")


def _corrected_earlier(text: str, state: State, found: dict, today: dt.date, recorded: list,
                       guesses: dict) -> dict:
    """不对 我刚问他了 六个月了 / 更正：是今年3月到明年1月底，一共11个月: a correction whose words
    answer the question of a fact the last reply recorded corrects that fact (the words are read
    as that answer), whatever question is pending."""
    if not recorded or not fx_vocab.corrects(text) or \
            any(f in found or _PAIRS.get(f) in found for f in recorded):
        return {}               # 更正为38岁: the message names what it corrects
    guessed = {"age" if g == "birth_year" else g for g in guesses}
    if guessed & set(recorded):
        return {}               # 打错了 是89年的 不是93: the year corrects the age (confirmed below)
    for fact in reversed(recorded):
        if fact not in _FACTS:
            continue
        got = read(text, today, fact)[1]["facts"]
        # 勿对 是去年五月份开始个 (to 失业五个号头): the date its pair holds answers it too
        for name in (fact, _PAIRS.get(fact)):
            value = got.get(name) if name else None
            value = None if value is None else _valid(name, value)
            if value is not None and value != state.facts.get(name) and name not in found:
                return {name: value}
    return {}


_DAY_SAID = re.compile(r"[0-9０-９一二三四五六七八九十廿卅]\s*[日号]|\d{4}[-./]\d{1,2}[-./]\d{1,2}")


def _day_said(t, fact: str) -> bool:
    """The day of this date was said (2025.12.1 / 12月1号), judged on its own words when the
    reading located them, else on the message."""
    for e in t.msg.entities:
        if e.get("entity") == fact and (e.get("end") or 0) > (e.get("start") or 0):
            return bool(_DAY_SAID.search(t.text[e["start"]:e["end"] + 1]))
    return bool(_DAY_SAID.search(t.text))
_DAY_ONLY = re.compile(r"^\D*?(\d{1,2}|[一二三四五六七八九十廿卅]{1,3})\s*[日号]?\D*$")
_CN_DAY = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}
_MONTH_DATES = ("unemployed_since", "graduation_date", "flexible_since")


def _day_number(text: str) -> Optional[int]:
    """"20号", "二十日", "20" -> 20: the day asked for after a month-only date."""
    m = _DAY_ONLY.match(text.strip())
    if not m:
        return None
    word = m.group(1)
    if word.isdigit():
        return int(word)
    word = word.replace("廿", "二十").replace("卅", "三十")
    tens, _, ones = word.rpartition("十")
    if "十" not in word:
        return _CN_DAY.get(word)
    return (_CN_DAY.get(tens, 1) if tens else 1) * 10 + (_CN_DAY.get(ones, 0) if ones else 0)


def _matters(state: State, fact: str, one: Any, other: Any, today: dt.date) -> bool:
    """Would any result differ between these two values of the fact? (One that cannot be, such as
    flexible work begun before the unemployment, counts as mattering: it is asked, never assumed.)"""
    try:
        a, b = _evaluate(state, today, {fact: one}), _evaluate(state, today, {fact: other})
    except FactsError:
        return True
    return _outcome(a) != _outcome(b)


def _outcome(ev: Evaluation) -> list:
    """What a value can change: not only today's statuses, also a condition that turns (超过6个月
    at 6 vs 7), which matters once the other facts are known."""
    return [(r.status,) if _failed_for_good(r) else (r.status, [c.met for c in r.conditions], r.missing_facts)
            for r in ev.results]


def _failed_for_good(r) -> bool:
    """外省户籍 with a spell on 超过6个月: the measure fails on a person condition (not a step), so
    no day of the spell can change it."""
    return r.status == "ineligible" and any(c.met is False and not c.step for c in r.conditions)


def _settle_ranges(state: State, new: dict, ranges: dict, today: dt.date,
                   skip_age: bool) -> tuple[dict, list[str]]:
    """Vague values (七八个月, 大半年, 快一年, 三十出头) are ranges: when every value in the
    range gives the same results, record the cautious (low) end and say so; otherwise the
    guess stays, and the reply asks for the exact value."""
    new, notes = dict(new), []
    for fact, (low, high, *point) in ranges.items():
        if fact not in _FACTS or fact in new or (fact == "age" and skip_age):
            continue
        trial = replace(state, facts={k: v for k, v in {**state.facts, **new}.items()
                                      if k not in (fact, _PAIRS.get(fact))})
        if low == high or not _matters(trial, fact, low, high, today):
            # the number said (大概十个月: 10), else the cautious end (七八个月: 7)
            value = point[0] if point and point[0] is not None else low
            new[fact] = value
            if low == high:      # 快30了: one value, said loosely
                notes.append(T.GUESS_POINT.format(value=_show(fact, value)))
            else:
                said = T.RANGE_WORDS[fact].format(low=low, high=high)
                notes.append(T.RANGE_SAME.format(said=said, value=_show(fact, value)))
    return new, notes


def _days_matter_together(state: State, new: dict, months: list[str], today: dt.date) -> bool:
    """Several month-only dates in one message: does any choice of first or last day of each
    month change a result?"""
    base = replace(state, facts={k: v for k, v in {**state.facts, **new}.items()
                                 if k not in months and k not in {_PAIRS.get(m) for m in months}})
    keys = set()
    for ends in itertools.product((False, True), repeat=len(months)):
        extra = {}
        for fact, last in zip(months, ends):
            d = dt.date.fromisoformat(new[fact])
            extra[fact] = d.replace(day=calendar.monthrange(d.year, d.month)[1]).isoformat() if last else new[fact]
        try:
            ev = _evaluate(base, today, extra)
        except FactsError:      # that pair of days cannot be (flexible work before the unemployment)
            continue
        keys.add(repr(_outcome(ev)))
        if len(keys) > 1:
            return True
    return False


def _month_is_not_enough(state: State, fact: str, first: str, today: dt.date) -> bool:
    """A month-only date ("去年5月开始失业") is stored as the 1st; when another day of that
    month would change any result (it sits on a boundary such as 超过6个月), ask for the day."""
    d = dt.date.fromisoformat(first)
    last = d.replace(day=calendar.monthrange(d.year, d.month)[1])
    return _matters(state, fact, first, last.isoformat(), today)


_BIRTHDAY = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?\s*(?:(\d{1,2}|[一二三四五六七八九十廿卅]{1,3})\s*[日号])?")


def _age_from_birthday(text: str, year: int, today: dt.date) -> Optional[int]:
    """"3月15号" after "1990年出生" -> the exact age; None when the month is today's and no day."""
    m = _BIRTHDAY.search(text)
    if not m:
        return None
    month, day = _day_number(m.group(1) + "号"), _day_number(m.group(2) + "号") if m.group(2) else None
    if not month or not 1 <= month <= 12:
        return None
    if day is None:
        if month == today.month:
            return None
        return today.year - year - (month > today.month)
    return today.year - year - ((month, day) > (today.month, today.day))


def _show(name: str, value: Any) -> str:
    if name in T.VALUE_WORDS:
        return T.VALUE_WORDS[name].get(value, str(value))
    if name in T.NUMBER_FORMAT:
        return T.NUMBER_FORMAT[name].format(value)
    if name in T.DATE_FORMAT:
        d = dt.date.fromisoformat(value)   # a month said alone is kept as its 1st: show the month
        return T.DATE_FORMAT[name].format(f"{d.year}年{d.month}月" + (f"{d.day}日" if d.day > 1 else ""))
    label = fact_info()[name]["label"]
    return f"{label.removeprefix('是否')}：{'是' if value else '否'}" if isinstance(value, bool) else f"{label}：{value}"


def _implied(name: str, value: Any, new: dict) -> bool:
    """Said by another fact of the same message (金山的学校 -> 上海的学校), so not repeated."""
    return any(new.get(k) == v for k, v in _IMPLIED_BY.get((name, value), ()))


def _apply(state: State, new: dict) -> tuple[State, list[str]]:
    """Merge new facts (later statements override) and say what was understood."""
    facts = dict(state.facts)
    if new.get("employment_status") == "student" and facts.get("fresh_graduate") is True \
            and "fresh_graduate" not in new and "graduating_student" not in facts:
        # 我今年毕业 … 在校学生: graduating this school year, not a graduate (a student is none yet)
        facts.pop("fresh_graduate")
        new = dict(new, graduating_student=True)
    studying = (new.get("employment_status") or facts.get("employment_status")) == "student" \
        or new.get("graduating_student") is True or facts.get("graduating_student") is True
    dropped = set()
    if studying and new.get("fresh_graduate") is True:
        dropped.add("fresh_graduate")
        # 还在上学 … 中专三年级，今年毕业 / 大四，今年毕业: the graduating year, not a graduate
        new = dict({k: v for k, v in new.items() if k != "fresh_graduate"}, graduating_student=True)
    recorded, corrected = [], []
    for name, value in new.items():
        old = facts.get(name)
        if old == value:
            continue
        facts[name] = value
        if name in _PAIRS:
            facts.pop(_PAIRS[name], None)
        if old is None:
            if not _implied(name, value, new):
                recorded.append(_show(name, value))
        else:
            label = fact_info()[name]["label"]
            corrected.append(T.CORRECTED.format(label=label, new=_show(name, value), old=_show(name, old)))
    lines = []
    if recorded:
        lines.append(T.CONFIRM_PREFIX + "；".join(recorded) + "。")
    lines += corrected
    skipped = [s for s in state.skipped if s not in new]
    if state.asked and state.asked not in new and state.asked in dropped:
        # its answer was read and set aside (应届生 of someone still at school): asking again could
        # only get it again, so it is passed over
        skipped.append(state.asked)
    guess = state.guess if state.guess and state.guess["fact"] not in new else None
    changed = [n for n in new if state.facts.get(n) != facts.get(n)]
    return replace(state, facts=facts, skipped=skipped, guess=guess, recorded=changed), lines


# ---------------------------------------------------------------- replying

def _evaluate(state: State, today: dt.date, extra: Optional[dict] = None) -> Evaluation:
    """Judged on today; questions aim first at the measure talked about (focus)."""
    facts = dict(state.facts, **(extra or {}), as_of=today.isoformat())
    ev = evaluate(facts, skip=state.skipped, focus=[state.last_measure] if state.last_measure else None)
    ev = _with_steps_done(ev, state.steps_done) if state.steps_done else ev
    moot = _moot(state.facts, state.last_measure)
    if moot:
        ev = ev.model_copy(update={"in_play": [i for i in ev.in_play
                                               if not (i in moot and ev.result(i).status == "undetermined")]})
    return ev


def _moot(facts: dict, asked_about: Optional[str]) -> set:
    """Measures whose open questions cannot matter to this person, kept out of the questions and
    the grouped answer while they are open (the core still judges them): 就业见习's target groups
    for someone already at a 见习基地 (its living allowance is theirs); the student and new-graduate
    measures for someone retired. The measure asked about is never moot."""
    out = set()
    if facts.get("in_jinshan_internship_base") is True:
        out.add("internship")
    if facts.get("within_working_age") is False and (facts.get("age") or 0) >= 50:
        out |= {"internship", "talent_return", "skill_evaluation_fee"}
    return out - {asked_about}


def _with_steps_done(ev: Evaluation, done: list) -> Evaluation:
    """合同签好了 (no fact records it, contract.md): the step is shown met, and a measure whose
    every step is then met is eligible."""
    results = []
    for r in ev.results:
        m = catalogue().measure(r.id)
        texts = {m.texts.get(MEETS[k][0]) for k in done if k in MEETS
                 and m.params.get(MEETS[k][1], MEETS[k][2] + 1) <= MEETS[k][2]} - {None}
        conds = [c.model_copy(update={"met": True}) if c.step and c.met is not True and c.text in texts else c
                 for c in r.conditions]
        status = r.status
        if status == "conditional" and all(c.met is True for c in conds):
            status = "eligible"
        results.append(r.model_copy(update={"conditions": conds, "status": status}))
    return ev.model_copy(update={"results": results})


def _question(fact: str, org: bool = False, subject: Optional[str] = None, door: Optional[str] = None) -> dict:
    """The question for a fact; to an organisation, worker facts are asked about its workers;
    to a parent, about the person they speak of (他/她); at the agent desk, as the agent reads it
    to the caller (您, no typing hints)."""
    text, buttons = T.QUESTIONS[fact]
    if door == "agent" and not org:
        text = T.AGENT_QUESTIONS[fact]
    else:
        text = T.ABOUT_WORKERS.get(fact, text) if org else about(text, subject)
    return {"text": text, "buttons": [{"title": t, "payload": p} for t, p in buttons]}


def about(text: str, subject: Optional[str]) -> str:
    """A sentence to the writer turned to the person they speak of: 您 -> 他/她."""
    return text.replace("您的", f"{subject}的").replace("您", subject) if subject else text


_YOU_IN_ANSWERS = re.compile(r"(就)?您(?=的情况|暂不|符合|还需|可以领取|目前的这份工作|的用人单位|的人员条件|的条件)")


def about_answer(text: str, subject: Optional[str]) -> str:
    """An answer about the person talked about says 他/她 where it would say 您 to the writer."""
    return _YOU_IN_ANSWERS.sub(lambda m: (m.group(1) or "") + subject, text) if subject else text


# measure names that are a fact's own words (对口地区 is who someone is; 稳岗补贴 names the money)
_FACT_WORD_NAMES = {"对口地区", "对口地区劳动力", "长期失业青年"}


def _hits(msg: Message, kind: str) -> list[str]:
    out = []
    for e in msg.entities:
        if e.get("entity") == kind and e.get("value") not in out:
            out.append(e["value"])
    return out


def _speaks_for(state: State, measure_id: str) -> bool:
    """Whether a measure is the asker's to hear: an HR agency hears its referral money, not the
    employer's 稳岗补贴 nor the worker's 1200元 (a training school still hears its trainees' 获证补贴)."""
    agency = _organisation(state) and any(
        state.facts.get(f) is not None for f in ("hr_agency_quality_shanghai", "hr_agency_referred"))
    return not (agency and measure_id in ("job_stabilization", "paired_region_worker"))


def _what_if(state: State, hypo: dict, today: dt.date, named: tuple = ()) -> list[str]:
    if not hypo:
        return [T.WHAT_IF_NONE]
    now, then = _evaluate(state, today), _evaluate(state, today, hypo)
    shown = {k: v for k, v in hypo.items() if state.facts.get(k) != v} or hypo
    change = "；".join(_show(k, v) for k, v in shown.items())
    lines = [T.WHAT_IF_HEAD.format(change=change)]
    play = set(now.in_play) | set(then.in_play)
    # the measures the supposed facts bear on are answered even when their status stays
    # (要是他去跑外卖能拿多少 -> 灵活就业补贴 1000元/月, still to confirm: 就业困难人员)
    related = {m.id for m in catalogue().measures if set(hypo) & set(facts_read(m.rule))}
    found = []
    for a, b in zip(now.results, then.results):
        changed = a.status != b.status or a.amount != b.amount
        if [c.met for c in a.conditions] != [c.met for c in b.conditions]:
            related.add(b.id)       # a condition turns on a supposed fact (跑外卖 -> 实现灵活就业)
        if not _speaks_for(state, b.id):
            continue        # an organisation hears its own measures: an agency not the employer's 稳岗补贴
        if b.id in play and (changed or b.id in related) or b.id in named:   # still not met: say which condition
            line = explain(b).split("依据：")[0].replace("目前的这份工作", "假设的这份工作")
            if b.status == "undetermined" and amount_text(b.amount) not in line:
                line += T.WHAT_IF_AMOUNT.format(amount=amount_text(b.amount))
            found.append((b.id, "· " + line, b.status in ("eligible", "conditional") or changed))
    if named and any(i in named for i, _l, _c in found):
        # 如果毕业后去跑外卖，能拿灵活就业补贴吗: the measure asked about first, then only what the
        # supposition opens (never a list of measures it cannot bear on)
        found.sort(key=lambda f: f[0] not in named)
        found = [f for f in found if f[0] in named or f[1] and f[2] and _status_of(then, f[0]) in ("eligible", "conditional")][:3]
    elif any(i == state.last_measure for i, _l, _c in found):
        # 要是我也去闵行上班 能拿伐, talking of 跨区: that measure first, then only what it opens
        found.sort(key=lambda f: f[0] != state.last_measure)
        found = [f for f in found if f[0] == state.last_measure or f[2]][:3]
    lines += [line for _i, line, _c in found]
    if len(lines) == 1:
        lines.append(T.WHAT_IF_SAME)
    return lines


def _status_of(ev: Evaluation, measure: str) -> str:
    return ev.result(measure).status


@dataclass
class Turn:
    """One message being answered: what it says and what has been worked out so far.
    The steps below read and fill it in order; the first that has the answer returns it."""
    state: State
    msg: Message
    today: dt.date
    text: str
    intent: str
    out: list
    last_topic: Optional[str] = None
    prior_subject: Optional[str] = None
    subject: Optional[str] = None
    hypo: dict = field(default_factory=dict)
    explicit: bool = False
    named: list = field(default_factory=list)     # document topics the message names
    new: dict = field(default_factory=dict)       # facts this message adds or changes
    restated: dict = field(default_factory=dict)  # facts it says again, unchanged
    org_speaker: bool = False
    side_remark: bool = False                     # 我朋友跑外卖…: said of someone beside the talk
    spouse_aside: bool = False                    # 我老公在闵行上班 他说…: the spouse's clauses are theirs
    org_new: bool = False                         # this message made the organisation the speaker
    spouse_set_aside: bool = False                # all the message said was the spouse's: said so, nothing recorded
    retracted: list = field(default_factory=list)  # facts the message says were never asserted
    unsure: list = field(default_factory=list)     # recorded or asked facts the message says are not known
    switched: bool = False                         # the message turns to another person (understanding.switch)
    term_said: bool = False                        # a term asked beside a measure was explained first
    complaint: bool = False                       # 你怎么都记成“是”了: no what-if, whatever the classifier says
    hedged: dict = field(default_factory=dict)     # facts said with 好像/可能: confirmed before recorded
    identifiers: list = field(default_factory=list)  # kinds of personal identifiers typed (never values)
    prior: Optional[State] = None                 # the state before the new facts
    ev: Optional[Evaluation] = None
    measures: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    offered: bool = False                         # the last reply offered to look at the other measures
    just_recorded: list = field(default_factory=list)   # facts the last reply recorded

    def ask(self, ask: bool, **kw) -> Reply:
        return _with_question(self.state, self.out, self.today, ask, kw.pop("ev", self.ev), **kw)

    def say(self, state: Optional[State] = None) -> Reply:
        return Reply(state or self.state, [{"text": "\n".join(dict.fromkeys(self.out))}])


# 那我再考个高级技师，换成一级呢: a message ending in 呢 asks "what about …" (在念书呢 says it goes on)
_ENDS_ASKING_ABOUT = re.compile(r"呢[？?。!！~～\s]*$")


def _begin(state: State, msg: Message, today: dt.date) -> Turn:
    last_topic, state = state.last_topic, replace(state, last_topic=None)   # set again by a topic answer
    recorded, state = state.recorded, replace(state, recorded=[], door=msg.door)   # recorded: set again when this turn records
    offered = bool(last_topic and last_topic.startswith(OFFERED))
    if offered:
        last_topic = last_topic[len(OFFERED):]
    intent = msg.intent or "nlu_fallback"
    if intent in ("affirm", "deny", "inform", "nlu_fallback", "out_of_scope") and dont_know(msg.text or ""):
        intent = "dont_know"     # 勿晓得 read as a yes by the classifier: never an answer
    text = msg.text or ""
    if intent == "start_over" and not _RESTART.search(text) or intent == "goodbye" and not _FAREWELL.search(text) \
            or intent == "thanks" and not (_THANK_WORDS.search(text) or _FAREWELL.search(text)):
        # 对，头一回来金山 / 这些人之前就在金山就业过: no restart or farewell words, so neither; with a
        # question pending it is read as its answer, else as a message not understood
        intent = "inform" if state.asked or state.guess else "nlu_fallback"
    if intent == "greet" and (state.asked or state.guess) and not _GREETING.search(text):
        intent = "inform"       # 在念书 / 打打短工, to the question pending: an answer, not a greeting
    if intent == "what_if" and (state.asked or state.guess) and not supposes(text) and not follow_up(text) \
            and not (_ENDS_ASKING_ABOUT.search(text) and not goes_on(text)):
        intent = "inform"       # 在校学生, to the question pending: no 如果/要是/…呢, so an answer, not a what-if
    t = Turn(state=state, msg=msg, today=today, text=pinyin(msg.text or "").strip(),   # bzd, zai shangban
             intent=intent, out=[T.TRUNCATED] if msg.truncated else [],
             last_topic=last_topic, prior_subject=state.subject, offered=offered, just_recorded=recorded)
    t.subject = (msg.reading or {}).get("subject")
    found = (msg.reading or {}).get("identifiers")
    if found is None:
        found = identifiers(t.text)
    if found:   # 身份证号、手机号、姓名: not needed, never recorded or repeated
        t.out.append(T.NOT_NEEDED)
        t.identifiers = found
    if t.subject and state.facts and state.subject is None \
            and _SIDE_PEOPLE.fullmatch((msg.reading or {}).get("subject_word") or ""):
        # 我朋友跑外卖一个月有一千, in a talk about the writer: a side remark, not a new person
        t.subject, t.side_remark = None, True
    elif t.subject and state.facts and (state.subject is None or state.caller) and not _ASKS_FOR_THEM.search(t.text) \
            and _SPOUSE.fullmatch((msg.reading or {}).get("subject_word") or ""):
        # 我老公在闵行一个厂里上班 他说…, in a talk about the writer: their spouse beside the talk,
        # not a new person asked about (unless the message asks for them); what is said in the
        # spouse's clauses is theirs, the rest the writer's (没认定过困难人员 … 我老公说…); a caller's
        # spouse in a hotline note the same (其妻安徽户籍，32岁，也失业在家: all hers)
        t.subject, t.spouse_aside = state.subject, True
    if t.subject and state.subject and ((msg.reading or {}).get("subject_word") or "他") in (
            "他", "她", "伊", "其", "来电人", "来电者", "咨询人", "当事人", "该人员"):   # the same caller in a note
        t.subject = state.subject     # 伊/他 alone after 我帮孙女问: still her (她), not a new person
    if t.subject and t.subject != state.subject and not _ORG_SPEAKER.search(t.text):
        # 来电人… / 我儿子…: the talk is about them from now on (the caller themself, or someone else)
        t.state = replace(state, subject=t.subject,
                          caller=bool(_CALLER.match((msg.reading or {}).get("subject_word") or "")))
    _switch_person(t, state)
    return t


def _switch_person(t: Turn, before: State) -> None:
    """另外我自己也想问下… / 替妹妹问：… after another person's facts: that person's case is set
    aside and the new one starts afresh (two people's facts are never mixed)."""
    turn = person_switch(t.text, len((t.msg.reading or {}).get("facts") or {})) if before.facts else None
    was_self = before.subject is None or before.caller
    if not turn or (turn == "self") == was_self:
        return
    if turn == "self" and before.subject and not before.caller \
            and len(set(before.facts) - _WORKER_FACTS - _ORG_FACTS) >= 2 \
            and not asks_for_self(t.text):
        # 我替小磊问… then 我自己是农村户口 今年48…: the writer's own beside the case asked for, not
        # a new case (only 另外我自己也想问 turns to them); their words are left out (_asserted)
        return
    note = bool(_CALLER.search(t.text)) or before.caller or t.state.caller
    if turn == "self":
        subject, caller = (t.subject or before.subject or "他", True) if note and before.subject else (None, False)
    else:
        subject, caller = t.subject or "他", False
    t.subject = subject
    t.side_remark = t.spouse_aside = False
    t.state = State(subject=subject, caller=caller, door=before.door)
    t.switched = True
    who = ("来电人本人" if caller else "您本人") if turn == "self" else subject
    t.out.append(T.NEW_PERSON.format(who=who))


def _empty(t: Turn) -> Optional[Reply]:
    # the classifier's empty_input on a message with words in it is its mistake (学员考出技师能拿多少)
    if not t.text.strip() or t.intent == "empty_input" and (
            t.text.startswith("/") or not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", t.text)):   # /empty_input
        t.out += [T.EMPTY, T.HELP]
        return t.ask(t.state.facts != {})
    return None


def _restart(t: Turn) -> Optional[Reply]:
    """Everything cleared, only on restart words (a short message, or one the classifier also
    calls start_over), and never when a pending question is answered by the same message."""
    if not _RESTART.search(t.text) or not (t.intent == "start_over" or len(t.text) <= 20):
        return None
    asked = t.state.guess["fact"] if t.state.guess else t.state.asked
    if asked and asked in ((t.msg.reading or {}).get("facts") or {}):
        return None
    return Reply(State(), [{"text": "\n".join(t.out + [T.RESTARTED, T.WELCOME])}])


def _retract_step(t: Turn) -> Optional[Reply]:
    """你怎么都记成“是”了 / 请更正：是不是农村劳动力——不清楚: the facts named are taken back and
    marked as not known; the rest of the message is read on (都是金山的企业 is recorded), and it
    is no what-if whatever the classifier says."""
    state = t.state
    t.complaint = complains(t.text)
    gone = retracted(t.text, list(state.facts)) if t.complaint else []
    if gone:
        t.out.append(T.RETRACTED.format(facts="；".join(fact_info()[f]["label"] for f in gone)))
        t.state = replace(state, facts={k: v for k, v in state.facts.items() if k not in gone},
                          skipped=list(dict.fromkeys(state.skipped + gone)), guess=None,
                          asked=None if state.asked in gone else state.asked)
        t.retracted = gone
        read = (t.msg.reading or {}).get("facts") or {}
        if all(t.state.facts.get(k) == v for k, v in read.items() if k not in gone) and t.state.last_measure:
            # nothing new beside the complaint: where the measure talked about now stands
            r = _evaluate(t.state, t.today).result(t.state.last_measure)
            t.out.append(_focus_line(r, t.state.subject, t.state, t.today))
            return _with_question(t.state, t.out, t.today, False)
    if t.complaint and t.intent == "what_if":
        t.intent = "inform"
    return None


def _what_if_step(t: Turn) -> Optional[Reply]:
    """如果/假如/要是/…的话/换成…呢: answered for the supposed facts, which are never stored."""
    state, text = t.state, t.text
    t.named = [x for x in vocab.resolve(text, [], _hits(t.msg, "topic"), None)[1] if x not in vocab.GENERAL]
    if state.asked == "employer_excluded" and "excluded_employers" in t.named and not _QUESTION_CLAUSE.search(text):
        t.named.remove("excluded_employers")    # 在街道办上班，是机关单位, to that question: the answer, not the term asked
    if t.complaint:     # 你怎么都记成“是”了: a complaint, never a what-if
        return None
    t.explicit = t.intent == "what_if" or supposes(text)
    reading = t.msg.reading or {}
    if "supposed" in reading and reading.get("last_measure") == state.last_measure:
        hypo = reading["supposed"]          # read once, by the NLU
    else:
        hypo = suppose(text, t.today, state.last_measure, state.facts) if t.explicit or follow_up(text) else {}
    t.hypo = {k: v for k, v in hypo.items() if _valid(k, v) is not None}
    planned = {k: v for k, v in (reading.get("planned") or {}).items()
               if k not in ("graduating_student", "fresh_graduate") and _valid(k, v) is not None}
    if not t.hypo and planned and state.facts and _PLAN_ASKED.search(text) and _NO_GAP.search(text) \
            and not _WHAT_ELSE.search(text) \
            and not _organisation(state) and not org_facts.speaks_for_organisation(text):
        # 一毕业就直接去跑外卖……也不是就业困难人员。这样能拿吗: the plan asked about is answered on its
        # own terms; what is stated beside it is recorded
        t.hypo, t.explicit = planned, True
        if reading.get("typed"):
            _record_stated(t, reading)
    if not t.hypo and _NO_GAP.search(text) and re.search(r"跑|外卖|网约车|快递|骑手|灵活", text) \
            and re.search(r"毕业|以后|之后|了就", text) and not _organisation(state) \
            and not (reading.get("facts") or {}).get("employment_status"):
        # 毕业了就直接去跑，中间不会空着, after 要是毕业后先去跑外卖呢: the plan, now with no gap
        t.hypo, t.explicit = {"employment_status": "flexible"}, True
    if t.hypo.get("employment_status") == "flexible" and "unemployment_months" not in t.hypo \
            and _NO_GAP.search(text):
        t.hypo["unemployment_months"] = 0      # 中间一天都没失业: no spell before the flexible work
    if not t.hypo and not t.explicit:
        t.hypo = _kind_asked(t)
        t.explicit = bool(t.hypo)
    # 假如连续两年D级会怎样 / 要是2028年再申请 / 如果骗取补贴会怎么样: questions about the document
    if not t.named and (t.hypo or (t.explicit and not (_hits(t.msg, "topic") or _hits(t.msg, "measure")))):
        if not t.hypo and state.last_measure:
            # 要是找了份坐班的工作，是不是就拿不了了 / 一等二等呢: nothing to suppose that can be read,
            # so the measure talked about, its conditions and amounts, rather than a request to rephrase
            ev = _evaluate(state, t.today)
            t.out.append(answers.measure(state.last_measure, ev if state.facts else None, org=_organisation(state)))
            return _with_question(replace(state, last_topic=state.last_measure), t.out, t.today,
                                  bool(state.asked), ev)
        if t.hypo:
            _stated_before_supposing(t)
        if t.state.asked and _opens_not_knowing(text):     # 不清楚。要是单位在松江的话…: skipped
            t.state = replace(t.state, skipped=t.state.skipped + [t.state.asked], guess=None)
        named = tuple(_hits(t.msg, "measure"))
        t.out += _what_if(t.state, t.hypo, t.today, named)
        if named:   # (…能拿灵活就业补贴吗, then 那过了半年多再去跑呢: the follow-up stays on that measure)
            t.state = replace(t.state, last_measure=named[0])
        _term_too(t)        # (…就业困难人员应该不是吧，我也不太清楚这个是啥: the term explained too)
        return t.ask(bool(t.state.asked))
    return None


_PLAN_ASKED = re.compile(r"能拿|能领|能不能|可不可以|可以拿|可以领|可以吗|行不行|有没有|[吗伐][？?。\s]*$|[吗伐][？?]")
_NO_GAP = re.compile(r"(?:中间|期间)?(?:一天)?(?:都|也)?没(?:有)?(?:失业|空档|断过|歇过|停过)|"
                     r"(?:中间)?(?:不会|不|没)(?:空着|空档|空下来|断)|无缝|(?:毕业)?(?:了|后)?就?直接(?:就)?去(?:跑|做|干|送|开)")
_KIND_ASKED = re.compile(r"有没有|有吗|能不能|可不可以|行不行|行吗|算不算|算吗|可以吗|呢[？?。\s]*$|伐[？?。\s]*$")


def _kind_asked(t: Turn) -> dict:
    """那大专生有没有 / 中专的呢, the measure talked about: a kind of person asked about, read by
    the measure's rule, is answered as a what-if on that kind (never recorded)."""
    m = t.state.last_measure
    typed = (t.msg.reading or {}).get("typed") or {}
    if not m or ASKS_TERM.search(t.text) or not _KIND_ASKED.search(t.text):
        return {}
    read = facts_read(catalogue().measure(m).rule)
    return {x["fact"]: x["value"] for x in typed.get("mentions") or []
            if x.get("span") and x["act"] == "asks" and x["fact"] in read and x["fact"] != t.state.asked
            and _valid(x["fact"], x["value"]) is not None}


_SUPPOSING = re.compile(r"如果|假如|要是|假设|万一|假使")


def _stated_before_supposing(t: Turn) -> None:
    """我是金山户口。还想问下，如果我毕业后去松江工作…: what is stated before the supposition is
    recorded (read on its own, so nothing supposed can slip in); the what-if is answered on it."""
    m = _SUPPOSING.search(t.text)
    if not m or not t.text[:m.start()].strip():
        return
    from assistant_nlu.component import entities_for
    _record_stated(t, entities_for(t.text[:m.start()], t.today)[2])


def _record_stated(t: Turn, reading: dict) -> None:
    """The facts a reading states beside a supposition or a plan, recorded as any statement is
    (sifted by holder and act); the supposed ones are not in it."""
    facts = {k: v for k, v in (reading.get("facts") or {}).items()
             if _valid(k, v) is not None and t.state.facts.get(k) != v}   # (没上班 要是去闵行上班: both)
    kept, _hedged, _dropped = sift(Reading.model_validate(reading["typed"]), facts, _organisation(t.state),
                                   bool(t.state.subject))
    if kept:
        t.state, lines = _apply(t.state, kept)
        t.out += lines


def _read_facts(t: Turn) -> None:
    """The facts the message states, as the person talked about says them."""
    state, text = t.state, t.text
    if t.intent not in ("why_not", "what_if", "start_over") \
            and _BENEFITS.search(text) and not _WHY_NOT.search(text):
        t.intent = "ask_benefits"   # "我26岁…能领什么" / "阿姨问每月给多少": answer the question too
    said = {} if t.side_remark else facts_in(t.msg, state, t.today, t.just_recorded)
    if t.spouse_aside:
        theirs = _said_of_spouse(t) & set(said)
        said = {k: v for k, v in said.items() if k not in theirs}
        if theirs and not said:
            t.out.append(T.SPOUSE_SET_ASIDE.format(who="来电人本人" if state.caller else "您本人"))
            t.spouse_set_aside = True
    new = {k: v for k, v in said.items() if state.facts.get(k) != v}
    t.restated = {k: v for k, v in said.items() if k not in new}   # "刚问了一下，31周岁": already held
    # an organisation answering its own pending question goes on speaking (是额，对口地区过来的工人);
    # a new question (这些工人本人呢) is read afresh
    was_org = _organisation(state) and bool(state.asked)
    # (我们的学员好多拿了三级证书, after 我们是一家培训机构: the organisation still speaks)
    t.org_speaker = bool(_ORG_SPEAKER.search(text)) or org_facts.speaks_for_organisation(text) or was_org \
        or state.org and _organisation(state) and not re.search(r"个人|本人|自己", text)
    if t.org_speaker and _ONE_HIRE.search(text) and not "对口" in text and set(new) & _HIRE_PERSON_FACTS:
        # 今年招了个金山户口的应届本科生 / 车队有个司机是金山农村户口: an HR clerk describing one hire
        # asks about that person; the talk is about them (他), the organisation is their employer
        t.org_speaker = False
        t.subject = t.subject or "他"
    if t.org_speaker and not state.org and org_facts.speaks_for_organisation(text) and not t.subject:
        # 我们是金山的一家饭店 / 我们是一家连锁超市在朱泾的门店: the organisation speaks from now on
        # (slot speaker), so its own measures are answered and no person's question is asked of it
        state = t.state = replace(state, org=True)
        t.org_new = True
    if t.org_speaker:   # an employer may speak of the workers it hired (四（十一）): those facts count
        hiring = _HIRING.search(text) and ("对口" in text or state.facts.get("paired_region_rural_labor")
                                          or state.last_measure in _HIRER_MEASURES) \
            or org_facts.describes_itself(text) or was_org and state.asked in _WORKER_FACTS \
            or state.org and (state.facts.get("paired_region_rural_labor") or state.last_measure in _HIRER_MEASURES)
        # (把公司从闵行迁到金山注册了: where the organisation itself now is)
        moved = re.search(r"(?:公司|企业|单位|厂|机构|我们)[^，,。]{0,10}(?:迁到|迁入|迁来|搬到|搬来|注册在|注册到|落户)了?(?:金山|本区)", text)
        if moved and re.search(r"打算|准备|想|计划|要是|如果|考虑", moved.group(0) + text[max(0, moved.start() - 6):moved.start()]):
            moved = None    # 打算迁来金山: a plan, not where it is
        new = {k: v for k, v in new.items()
               if k in _ORG_FACTS or k in org_facts.TEAM_FACTS or hiring and k in _WORKER_FACTS
               or moved and k == "work_region"}
        some = _said_of_some(t)
        new = {k: v for k, v in new.items() if k not in some}
        if state.asked in _WORKER_FACTS and state.asked not in new and any(
                _SOME_OF_THEM.search(p) for _s, p in _pieces(text, r"[。！!？?；;，,\s]")):
            # 其中1个前几年在金山做过, to 这些劳动者是首次在金山就业吗: no one answer for them all;
            # asked again it could only get the same
            state = t.state = replace(state, skipped=state.skipped + [state.asked], asked=None)
            t.out.append(T.SOME_WORKERS)
    if new.get("employer_excluded") is False and state.facts.get("employer_excluded") is True \
            and not _NAMED_KIND.search(text) and not fx_vocab.corrects(text):
        new.pop("employer_excluded")    # 劳务派遣公司 … 厂里: a generic 厂 never undoes a kind named outright
    if "excluded_employers" in t.named and not org_facts.describes_itself(text):
        new.pop("employer_excluded", None)   # 社工组织也不算？ asks about a kind, not anyone's employer
    if t.explicit and t.named:   # 假如连续两年D级会怎样: the supposed facts are not the asker's
        new = {}
    if (t.msg.reading or {}).get("right_after") and "flexible_since" not in new and state.facts.get("unemployed_since") \
            and not state.facts.get("flexible_since"):
        # 第二天就开始跑货拉拉, after 今年3月合同到期: the flexible work began when the spell did
        new["flexible_since"] = state.facts["unemployed_since"]
    if new.get("employment_status") == "student" and "graduation_date" not in new and not fx_vocab.corrects(text) \
            and (state.facts.get("graduation_date") or "9999") <= t.today.isoformat() \
            and state.facts.get("employment_status") in ("employed", "flexible", "unemployed"):
        # 其在毕业学年（2025年4月）首次参加高级工评价, of someone who left school in 2025 and works:
        # when the evaluation was taken, not a return to school
        new.pop("employment_status")
    began = new.get("flexible_since") or state.facts.get("flexible_since")
    start = new.get("unemployed_since") or state.facts.get("unemployed_since")
    if began and start and began < start:
        # the flexible work said to begin before the unemployment: not the spell before it (一（二））
        new.pop("flexible_since" if "flexible_since" in new else "unemployed_since", None)
    new, t.hedged = _asserted(t, new)
    unsure = [f for f in unsure_of(text) if f not in t.retracted]
    if unsure:
        # 是勿是见习基地我勿晓得: not recorded, and taken back if a looser word recorded it before
        new = {k: v for k, v in new.items() if k not in unsure}
        dropped = [f for f in unsure if f in state.facts or f == state.asked]
        state = t.state = replace(state, facts={k: v for k, v in state.facts.items() if k not in unsure},
                                  skipped=list(dict.fromkeys(state.skipped + unsure)),
                                  asked=None if state.asked in unsure else state.asked, guess=None)
        t.unsure = dropped
        if dropped:
            t.out.append(T.UNSURE.format(facts="、".join(fact_info()[f]["label"] for f in unsure)))
    if new.get("employment_status") == "unemployed" and not _now_out_of_work(text) and (
            state.asked == "unemployment_months" and "unemployment_months" in new
            and "employment_status" not in state.facts
            or state.facts.get("employment_status") == "flexible"
            and ({"unemployment_months", "unemployed_since"} & (set(new) | set(t.msg.guesses or {})) or _PAST.search(text)
                 or _CHECKS_CONDITION.search(text))):
        # 待业了5个月, to a question that asks someone already in flexible work for the spell before
        # it: a spell, not whether it goes on; a spell said of the past (没活干9个月才开始跑的 /
        # 之前失业过) never turns the flexible work held back into no work
        new.pop("employment_status")
    if "unemployment_months" in new and "unemployed_since" not in new and not fx_vocab.corrects(text) \
            and re.search(r"-\d\d-(?!01)\d\d$", state.facts.get("unemployed_since") or ""):
        # 才半年出头 after 2025年12月10号开始失业: a rounder saying of what the day already says
        new.pop("unemployment_months")
    if state.asked and (_opens_not_knowing(text) or TO_CHECK.search(text)):
        # 不清楚，我没问过他们以前有没有在金山干过 / 是不是农村户口我还得回去查一下: no answer; what
        # follows explains why, it answers nothing
        for f in (state.asked, _PAIRS.get(state.asked)):
            new.pop(f, None)
    if state.asked and state.asked not in new and (t.intent == "dont_know" or _opens_not_knowing(text)
                                                   or TO_CHECK.search(text)):
        t.state = replace(state, skipped=state.skipped + [state.asked], guess=None)
        stuck = _focus_stuck(t.state, _evaluate(t.state, t.today), _organisation(t.state))
        # (nothing left to ask for the measure asked about: the answer below says what stays open)
        t.out.append(T.SKIPPED + ("" if stuck else _what_it_decides(state, t.today)))
    t.new = new


def _opens_not_knowing(text: str) -> bool:
    """不清楚。我就想知道，…: a message that opens by not knowing the pending answer, then asks on."""
    first = re.split(r"[。，,！!？?；;\s]", text.strip(), maxsplit=1)[0]
    return bool(first) and dont_know(first)


def _what_it_decides(state: State, today: dt.date) -> str:
    """After 不清楚: which condition of the measure talked about that fact decides, and who can
    confirm it (not a list of what is still unknown)."""
    if not state.last_measure:
        return ""
    r = _evaluate(state, today).result(state.last_measure)
    if r.status != "undetermined" or state.asked not in r.missing_facts:
        return ""
    conds = "；".join(c.text for c in r.conditions if c.met is None and not c.step)
    return T.SKIP_DECIDES.format(name=r.name, conds=conds) if conds else ""


def _asserted(t: Turn, new: dict) -> tuple[dict, dict]:
    """Keep what the message asserts about the one in focus (understanding.focus); hedged
    values are confirmed before they are recorded."""
    typed = (t.msg.reading or {}).get("typed")
    asked = t.state.guess["fact"] if t.state.guess else t.state.asked
    if typed is None or asked and (t.msg.reading or {}).get("asked") != asked:
        # read knowing the question (facts_in did so too): 一个号头好补几钿 to 合同多久 asks
        from assistant_nlu.component import typed_of
        typed = typed_of(t.text, t.msg.entities, {"facts": new}, asked)
    else:
        typed = Reading.model_validate(typed)
    about_other = bool(t.state.subject or t.subject)
    kept, hedged, _dropped = sift(typed, new, t.org_speaker, about_other)
    own = (_WRITER_ITSELF.search(t.text) if _OTHER_NAMED.search(t.text) or not t.text.startswith("来电")
           else None) or _own_sentence(t.text) if (t.state.subject or t.subject) and not t.switched else None
    if own:
        # 表弟25岁…／来电人本人金山户籍，35岁: the caller's own, beside the one asked about
        end = min([i for i in (t.text.find(c, own.end()) for c in "。！？!?\n") if i >= 0] or [len(t.text)])
        other = re.compile(r"[，,；;\s][^，,；;\s]{0,2}(?:" + _OTHER_NAMED.pattern + "|我们|咱们|阿拉屋里|全家|一家)").search(
            t.text, own.end(), end)
        if other:
            end = other.start()     # 我自家户口是金山个，我孙子户口勒宝山: his clause is not the writer's
        mine = {m.fact for m in typed.mentions if m.span and own.start() <= m.start < end}
        if not _WRITER_ITSELF.search(t.text) and (len(mine) > 1 or asked in mine):
            # 我也是金山农村户口 今年42 在金山卫上班: the writer's whole case, now the one talked of;
            # 我是金山户口 to 他的户籍在哪里: the answer to the question asked about him
            mine = set()
        kept = {k: v for k, v in kept.items() if k not in mine}
        hedged = {k: v for k, v in hedged.items() if k not in mine}
    return kept, hedged


_NAMES_THE_ONE_ASKED = re.compile(r"我|本人|自己|来电人|来电者|咨询人|阿拉|[他她伊](?!老公|老婆|爱人|丈夫|妻子)")


def _said_of_spouse(t: Turn) -> set:
    """The facts whose words sit in a clause naming the spouse, or one going on about them (他/她)."""
    if not _NAMES_THE_ONE_ASKED.search(t.text):
        return {e["entity"] for e in t.msg.entities if e["entity"] in _FACTS}   # nobody else named: all theirs
    spans = []
    for start, piece in _pieces(t.text, r"[。！!？?；;，,\s]"):
        if _SPOUSE.search(piece) or re.match(r"\s*[他她伊]", piece) and spans and spans[-1][1] == start:
            spans.append((start, start + len(piece)))
    return {e["entity"] for e in t.msg.entities if e.get("end") and e["entity"] in _FACTS
            and any(lo <= e["start"] < hi for lo, hi in spans)}


# 其中1个前几年在金山做过 / 有1个是四川别的地方的: said of some of the workers hired, not of them all
_SOME_OF_THEM = re.compile(r"^\s*(?:不过|但是|但)?(?:其中|里面|这里面|当中|中间)?(?:有)?(?:一|1|两|2|三|3|几|个别|少数)(?:个|名|位|人)(?!月)")


_THOSE_ONES = re.compile(r"(?:这|那)(?:[一两二三四五几1-9])(?:个|位|名)(?:人|工人|员工)?(?:也|还|都)?(?:能|可以|算|有)")
_THE_OTHERS = re.compile(r"^\s*(?:其他|其余|剩下|另外|别的|这些|他们|她们|都|全|(?:这|那)?[0-9一二三四五六七八九十两]+个都)")


def _said_of_some(t: Turn) -> set:
    """The worker facts whose words sit in a clause about some of the workers only."""
    if _THOSE_ONES.search(t.text):
        return set()        # 其中有两个人以前在金山打过工 这两个人也能算吗: asked about those ones
    spans, some = [], False
    for start, piece in _pieces(t.text, r"[。！!？?；;，,\s]"):
        # (有1个是四川的 不是对口地区: the clauses after it go on about that one, to the sentence's end
        # or a clause about the others)
        # (另外15个都是第一次来金山, after 其中5个以前在金山干过: the rest are some of them too)
        rest = bool(spans) and re.match(r"\s*(?:另外|其余|剩下|其他)(?:的)?[0-9一二三四五六七八九十两几]*(?:个|名|位|人)", piece)
        some = bool(_SOME_OF_THEM.search(piece) or rest) or some and not _THE_OTHERS.search(piece)
        if some:
            spans.append((start, start + len(piece)))
        if re.search(r"[。！!？?；;]\s*$", piece):
            some = False
    return {e["entity"] for e in t.msg.entities if e.get("end") and e["entity"] in _WORKER_FACTS
            and any(lo <= e["start"] < hi for lo, hi in spans)}


def _own_sentence(text: str):
    """他个人有没有补贴？我是金山人有没有关系: the writer's own words, in a sentence naming no one else."""
    for start, piece in _pieces(text):
        m = _WRITER_OWN.search(piece)
        if m and not _OTHER_PERSON.search(piece):
            return re.compile(re.escape(m.group(0))).search(text, start + m.start())   # (^ holds only at 0)
    return None


# 我户口勒崇明 / 我是安徽户口，嫁过来的, in a talk about a grandchild: the writer's own, when no one else is named
_WRITER_OWN = re.compile(r"(?:^|[，,。；;！!？?\s])(?:那|阿拉)?(?:我|本人)(?!们)(?:自己|本人)?(?:户口|户籍|今年|是|已经|也是|都|"
                         r"[0-9一二三四五六七八九十]+岁|[七六五八九]十)")
_OTHER_NAMED = re.compile(r"儿子|女儿|孙|外孙|老公|老婆|孩子|爱人|丈夫|妻子|小孩|闺女|囡|表弟|表哥|表姐|表妹|同事|朋友|"
                          r"亲戚|邻居|老乡|同学|侄|外甥|弟弟|妹妹|哥哥|姐姐")
_OTHER_PERSON = re.compile(r"他|她|伊|" + _OTHER_NAMED.pattern)
_WRITER_ITSELF = re.compile(r"(?:来电人|来电者|咨询人|我)(?:本人|自己)(?!的(?:儿子|女儿|孩子|老公|老婆|丈夫|妻子))")


def _held_questions(t: Turn) -> Optional[Reply]:
    """Record the new facts, unless one needs a closer look first: a month without its day on
    a boundary, a birth year on a birthday that matters, a value said loosely (七八个月)."""
    state, new, today, msg = t.state, t.new, t.today, t.msg
    pending = {k: v for k, v in ((state.guess or {}).get("pending") or {}).items() if k not in state.facts}
    for k, v in pending.items():
        new.setdefault(k, v)        # said with the date asked about last: checked again now
    held = None
    months = [f for f in _MONTH_DATES if (new.get(f) or "").endswith("-01")
              and (f in pending or not _day_said(t, f))]   # the day just said is the other's
    together = len(months) > 1 and _days_matter_together(state, new, months, today)
    for fact in _MONTH_DATES:
        value = new.get(fact)
        # judged with the other dates of the same message (去年9月被裁，今年3月开始跑网约车: the
        # spell between two months sits on 超过6个月, so each day is asked, never made up)
        others = {k: v for k, v in {**state.facts, **new}.items() if k != fact and k != _PAIRS.get(fact)}
        if fact in months and (together or _month_is_not_enough(replace(state, facts=others), fact, value, today)):
            # (the day of the date asked about last is in this message: not asked again)
            if held is None:
                held = {"fact": fact, "value": new.pop(fact), "month_only": True}
            else:           # one day asked at a time; the other waits, never lost
                held.setdefault("pending", {})[fact] = new.pop(fact)
    year, note = msg.guesses.get("birth_year"), None
    new, settled = _settle_ranges(state, new, (msg.reading or {}).get("ranges") or {}, today,
                                  skip_age=bool(year))
    if year and "age" not in new:
        # "1995年出生": 30 or 31 today. The older is recorded when it changes nothing; else ask.
        older, younger = today.year - year, today.year - year - 1
        if _matters(state, "age", younger, older, today):
            held = {"fact": "age", "value": older, "birth_year": year}
        else:
            new["age"] = older
            note = T.AGE_FROM_YEAR.format(year=year, younger=younger, older=older)
    t.prior = state
    t.state, lines = _apply(state, new)
    t.new = new
    done = [k for k in (msg.reading or {}).get("steps_done") or [] if k not in t.state.steps_done
            and not set(SAID_BY_FACTS.get(k, ())) & set(new)]   # 签了3年合同: the fact says it
    if done and not t.side_remark:
        # 合同签好了: kept beside the facts and said back with them
        t.state = replace(t.state, steps_done=t.state.steps_done + done)
        shown = "；".join(T.STEP_DONE[k] for k in done)
        if lines and lines[0].startswith(T.CONFIRM_PREFIX):
            lines[0] = lines[0][:-1] + "；" + shown + "。"
        else:
            lines.insert(0, T.CONFIRM_PREFIX + shown + "。")
    t.out += lines + ([note] if note else []) + settled
    if held and held.get("birth_year"):
        t.out.append(T.BIRTHDAY.format(year=held["birth_year"], younger=held["value"] - 1, older=held["value"]))
        return t.say(replace(t.state, guess=held, asked="age"))
    if held:
        d = dt.date.fromisoformat(held["value"])
        t.out.append(T.WHICH_DAY.format(month=f"{d.year}年{d.month}月", label=fact_info()[held["fact"]]["label"]))
        return t.say(replace(t.state, guess=held, asked=held["fact"]))
    for fact, value in t.hedged.items():     # 好像/可能/记不清: confirmed before it counts
        if _is_bool(fact):                  # asked plainly: 是/不是 answer the question itself
            t.out.append(T.HEDGED_ASK)
            reply = t.say(replace(t.state, asked=fact))
            reply.messages.append(_question(fact, _organisation(t.state), t.state.subject, t.state.door))
            return reply
        t.out.append(T.HEDGED.format(value=_show(fact, value), label=fact_info()[fact]["label"]))
        reply = t.say(replace(t.state, guess={"fact": fact, "value": value}, asked=fact))
        reply.messages[-1]["buttons"] = [{"title": a, "payload": b} for a, b in T.YES_NO[:2]]
        return reply
    for fact, value in msg.guesses.items():
        if fact in _FACTS and fact not in new and _is_bool(fact):
            # 对口地区来的工人: a yes the words lean to but do not say: not recorded, said so; the
            # question asked goes on being answered, and the fact is asked when it matters
            t.out.append(T.BOOL_GUESS.format(label=fact_info()[fact]["label"]))
            continue
        if fact in _FACTS and fact not in new and not (fact == "age" and year):
            label = fact_info()[fact]["label"]
            rng = ((msg.reading or {}).get("ranges") or {}).get(fact)
            if rng and rng[0] != rng[1] and fact in T.RANGE_WORDS:
                t.out.append(T.GUESS_RANGE.format(said=T.RANGE_WORDS[fact].format(low=rng[0], high=rng[1]),
                                                  label=label))
            else:
                t.out.append(T.GUESS.format(value=_show(fact, value), label=label))
            return t.say(replace(t.state, guess={"fact": fact, "value": value}, asked=fact))
    return None


_WHAT_ELSE = re.compile(r"还(?:能|可以|有|可)(?:领|拿|享受|申请)?(?:点|些)?(?:什么|哪些|啥|别的|其他)|别的补贴|其他(?:补贴|的补贴|还有)")


def _what_is_asked_about(t: Turn) -> None:
    """The measures and document topics the message asks about, named or implied."""
    state, text, new = t.state, t.text, t.new
    t.ev = _evaluate(state, t.today)
    measures, topics = _hits(t.msg, "measure"), _hits(t.msg, "topic")
    if len(measures) > 1:
        # 四川算不算对口地区 稳岗补贴能不能拿: a fact word standing for a measure yields to a measure named
        bare = {e["value"] for e in t.msg.entities if e.get("entity") == "measure"
                and text[e.get("start", 0):e.get("end", 0)] in _FACT_WORD_NAMES}
        measures = [m for m in measures if m not in bare] or measures
    if t.org_speaker or _organisation(state) and not _WORKERS_OWN.search(text):
        # the organisation's own measures first; a worker's measure -> its employer's
        # (这6个人是不是必须是农村户口的, from an organisation already speaking: its own money's rule)
        agency = _AGENCY.search(text) or new.get("hr_agency_referred") or state.last_measure == "hr_agency_referral"
        counterpart = "hr_agency_referral" if agency else "job_stabilization"
        # (公司能拿什么，员工个人能拿什么: the workers' own measure is asked about too)
        measures = list(dict.fromkeys(counterpart if m == "paired_region_worker" else m for m in measures))
        measures.sort(key=lambda m: _audience(m) != "organisation")
    # 具体能给多少钱 / 截止到什么时候？: a follow-up naming nothing stays on the last answer's topic
    follow = t.last_topic if set(new) <= _ORG_FACTS else None   # no facts, or only the organisation's
    if _WHAT_ELSE.search(text):
        follow = None       # 我还能领什么 / 还有别的补贴吗: the others, not the last answer's again
    measures, topics = vocab.resolve(text, measures, topics, follow)
    if state.asked == "employer_excluded" and "excluded_employers" in topics and "employer_excluded" in new \
            and not _QUESTION_CLAUSE.search(text):
        topics = [x for x in topics if x != "excluded_employers"]   # 是机关单位, to that question: an answer
    if topics == ["validity"] and not measures and state.last_measure and _COUNTED_FROM.search(text) \
            and not re.search(r"文件|政策|本意见|有效期|实施", text):
        topics = []         # 36个月是从什么时候开始算: the measure's period, not the document's validity
    if not measures and vocab.asks_figure(text):   # 考出来技师二级证书 个人补多少: the measure the new facts bring in
        # (税务在金山…／有补贴吗 按什么标准: those said before, when nothing new is said)
        brought = set(new) or (set(state.facts) if not state.last_measure else set())
        measures = [m.id for m in catalogue().measures if m.in_play and set(m.in_play) & brought][:1]
    if (t.org_speaker or _organisation(state)) and _WORKERS_OWN.search(text) \
            and set(measures or [state.last_measure]) & _PAIRED_SIDES:
        # 公司能拿什么，员工个人能拿什么: the workers' own measure beside the organisation's
        measures = list(dict.fromkeys((measures or [state.last_measure]) + ["paired_region_worker"]))
    if "paired_region_worker" not in _hits(t.msg, "measure") and _ITS_EMPLOYER.search(text) \
            and not _WORKERS_OWN.search(text) and \
            (measures or [state.last_measure])[0] == "paired_region_worker":
        # 对口地区劳动力的1200…，单位那个一个人最多多少: the employer's (or agency's) counterpart
        measures = ["hr_agency_referral" if _AGENCY.search(text) else "job_stabilization"]
    if not measures and not topics:
        measures = _measures_by_amount(text, t.ev)   # "三千块哪能拿法": the measure paying that sum
    measures = _asked_ones_first(t.msg, text, measures)
    if measures[:1] == ["internship"] and (new.get("in_jinshan_internship_base") or
                                           state.facts.get("in_jinshan_internship_base")) and _MONEY_WORDS.search(text):
        # 在见习基地见习…见习有补贴吗: the allowance that pays them, not who may start a 见习
        measures = ["internship_living_allowance"] + measures[1:]
    if measures and _answer_naming_a_measure(t):
        # 现在做灵活就业 / 50岁，我们那里不是对口地区, to a question pending: the measure's name is a
        # word of the answer, not a new question; the talk stays on the measure asked about
        measures = []
        if t.intent in ("ask_measure", "ask_policy", "ask_benefits"):
            t.intent = "inform"     # an answer (one not read is asked again, with 跳过)
    if measures:
        t.state = replace(state, last_measure=measures[0])
        if measures[0] != state.last_measure:
            t.ev = _evaluate(t.state, t.today)     # the next question aims at this measure (focus)
    t.measures, t.topics = measures, topics


_COUNTED_FROM = re.compile(r"开始算|起算|算起|从哪(?:天|个月|一天)|期限从|[0-9一二三四五六七八九十]+个月")
_QUESTION_CLAUSE = re.compile(r"[？?]|吗|呢|吧|伐|么|多少|几|怎么|能不能|是不是|有没有|啥|什么|哪")


def _question_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentences that ask are."""
    return [(start, start + len(piece)) for start, piece in _pieces(text) if _QUESTION_CLAUSE.search(piece)]


def _named_in_question(msg: Message, text: str) -> bool:
    """A measure is named in the sentence that asks (…在见习基地见习。她见习有补贴吗？), when the
    message has more than one sentence: the question is about it, not about everything."""
    asking = _question_spans(text)
    if len(re.split(r"[。！!？?；;\n]", text.strip("。！!？?；;\n "))) < 2:
        return False
    return any(e.get("entity") == "measure" and e.get("end") and any(lo <= e["start"] < hi for lo, hi in asking)
               for e in msg.entities)


def _asked_ones_first(msg: Message, text: str, measures: list[str]) -> list[str]:
    """她就是在见习…。那人才回流那个补贴她拿不了是吧？: of the measures named, the one in the
    sentence that asks comes first (the other is a word of the facts)."""
    if len(measures) < 2:
        return measures
    asking = _question_spans(text)
    if not asking:
        return measures
    spans = {}
    for e in msg.entities:
        if e.get("entity") == "measure" and e.get("end"):
            spans.setdefault(e["value"], e["start"])
    in_question = {m for m, a in spans.items() if any(lo <= a < hi for lo, hi in asking)}
    if not in_question or in_question >= set(measures):
        return measures
    return sorted(measures, key=lambda m: m not in in_question)


_ASKS_ON = re.compile(r"呢[。！!？?~～]*$|想问|问一?下|咨询|了解一?下|介绍|申请|怎么(?:领|拿|办|申请)"
                      r"|(?:^|[，,。；;\s/、])(?:来电人?|现|再|还)?问(?!题)")    # a hotline note's 问跨区转移就业补贴


def _answer_naming_a_measure(t: Turn) -> bool:
    """A question is pending and this message states facts (or, from a person, names only an
    organisation's measure) without asking anything: a measure named in it is a word of the
    answer, not a new question."""
    state, text = t.state, t.text
    pending = state.guess["fact"] if state.guess else state.asked
    if not pending:
        return False
    asks = bool(_ASKS_BACK.search(text) or _BENEFITS.search(text) or _WHY_NOT.search(text)
                or _ASKS_ON.search(text) or vocab.asks_amount(text) or vocab.asks_figure(text))
    if asks:
        return False
    if t.new or t.restated:     # it states facts (the one asked, or others beside it)
        return True
    # nothing of the question read: naming only an organisation's measure (培训机构不在金山) to a
    # question about the person asks nothing of that measure either
    person_question = pending not in _ORG_FACTS | _WORKER_FACTS | org_facts.TEAM_FACTS
    names = _hits(t.msg, "measure")
    return bool(names) and person_question and not t.org_speaker \
        and all(_audience(m) == "organisation" for m in names)


# 她拿不了是吧 / 是不是超龄了 / 好拿还是勿好拿 / 一样也没份，是伐: a yes or no asked about where one stands
_NONE_AT_ALL = re.compile(r"(?:一样|一项|一个|啥)(?:补贴|钞票|铜钿)?(?:也|都)(?:没份|没有|拿不了|不能拿|勿好拿|拿勿着|拿不到|拿不着|领不到|勿好领)|都没份")
_CONFIRMING = re.compile(r"(?:是不是|是吧|是伐|对吧|对伐|对吗|对不对|是吗|是哇|是么)[？?。！!~～\s]*$|好拿还是勿好拿|能拿还是不能拿|"
                         r"到底(?:能不能|好不好|可不可以|好拿伐|能拿吗)|" + _NONE_AT_ALL.pattern +
                         r"|是不是超龄|超龄了|年纪太大|岁数太大|年龄超")
_CLAIMS_NOT = re.compile(r"不|没|勿|超龄|太大|年龄超|拿不了")
_AGE_WORDS = re.compile(r"超龄|年纪|岁数|年龄")


_CHECKS_CONDITION = re.compile(r"算不算|算吗|够不够|够吗|满不满足|满足不满足|满足吗|符合不符合|达不达到|达到了吗|超没超|超了吗|超不超|有没有超过")


def _common(a: str, b: str) -> int:
    """The length of the longest run of characters two texts share."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _condition_step(t: Turn) -> Optional[Reply]:
    """这个算不算连续失业超过6个月？: the one condition of the measure talked about that the
    question names, checked on what was said: 算 / 不算 / 还说不准, and why, before anything else."""
    state = t.state
    target = t.measures[0] if t.measures else state.last_measure
    if t.new or not target or not state.facts or not _CHECKS_CONDITION.search(t.text) or supposes(t.text):
        return None
    r = t.ev.result(target)
    people = [c for c in r.conditions if not c.step]
    scored = sorted(((_common(c.text, t.text), i) for i, c in enumerate(people)), reverse=True)
    if not scored or scored[0][0] < 4:
        return None
    cond = people[scored[0][1]]
    labels = {f: i["label"] for f, i in fact_info().items()}
    line = T.COND_LINE[cond.met].format(name=r.name, clause=r.clause, cond=cond.text,
                                        missing="、".join(labels.get(f, f) for f in r.missing_facts[:3]) or "区人力资源社会保障部门认定")
    t.out.append(T.COND_HEAD[cond.met] + about_answer(line, state.subject))
    t.out.append(_focus_line(r, state.subject, state, t.today))
    return _with_question(replace(state, last_measure=target, last_topic=target), t.out, t.today, False, t.ev)


def _confirming_step(t: Turn) -> Optional[Reply]:
    """A yes or no about where the person stands is answered yes or no first, then why, in one
    sentence (the measure asked about, or all of theirs for 一样也没份), not the whole list."""
    state = t.state
    if t.new or not state.facts or len(t.text) > 40 or not _CONFIRMING.search(t.text) \
            or t.intent == "what_if" or supposes(t.text):
        return None
    org = _organisation(state)
    side = "organisation" if org else "person"
    target = t.measures[0] if t.measures else state.last_measure
    if not target and not _NONE_AT_ALL.search(t.text):
        return None     # 所以一毕业马上跑外卖是拿不到的…对吗: no measure to say yes or no of
    if _NONE_AT_ALL.search(t.text) or not target:
        mine = [r for r in t.ev.results if r.id in t.ev.in_play and r.audience == side]
        good = [r for r in mine if r.status in ("eligible", "conditional")]
        if good:
            t.out.append(T.CONFIRM_SOME + "；".join(f"{r.name}（{amount_text(r.amount)}）" for r in good) + "。")
        elif all(r.status == "ineligible" for r in mine):
            t.out.append(T.CONFIRM_NONE)
            t.out += [T.WHY_NOT_LINE.format(name=r.name, clause=r.clause, reason=r.reason) for r in mine]
        else:   # none yet, some still open: what fails, and what the open ones still need, briefly
            labels = {f: i["label"] for f, i in fact_info().items()}
            t.out.append(T.CONFIRM_NOT_YET)
            t.out += [T.WHY_NOT_LINE.format(name=r.name, clause=r.clause, reason=r.reason)
                      for r in mine if r.status == "ineligible"]
            t.out += [T.CONFIRM_OPEN_LINE.format(name=r.name, clause=r.clause,
                                                 missing="、".join(labels.get(f, f) for f in r.missing_facts[:3]))
                      for r in mine if r.status == "undetermined"]
        t.out.append(T.AUTHORITY_DECIDES)
        _term_too(t)
        return _with_question(state, t.out, t.today, False, t.ev)
    r = t.ev.result(target)
    claims_not = bool(_CLAIMS_NOT.search(_CONFIRMING.split(t.text)[0] or t.text))
    if _AGE_WORDS.search(t.text):
        age_failed = any(c.met is False and "周岁" in c.text for c in r.conditions)
        head = T.CONFIRM_YES if age_failed else T.CONFIRM_NO_AGE
    elif r.status == "undetermined":
        head = T.CONFIRM_OPEN
    else:
        head = T.CONFIRM_YES if (r.status == "ineligible") == claims_not else T.CONFIRM_NO
    t.out.append(head + _focus_line(r, state.subject, state, t.today))
    _term_too(t)
    return _with_question(replace(state, last_measure=target, last_topic=target), t.out, t.today,
                          r.status == "undetermined", t.ev)


def _term_too(t: Turn) -> None:
    """啥个劳动年龄段，我听勿懂……一样也没有是伐: the yes or no first, then the term not understood."""
    term = term_in(t.text) if ASKS_TERM.search(t.text) else None
    if term:
        t.out.append(direct.term_answer("what_means", term))


# 到了退休年龄是不是就不能拿了 / 退休以后还能继续拿吗: what happens to a measure at retirement
_AT_RETIREMENT = re.compile(r"(?:退休|退下来)(?:以后|之后|后|了)[^，,。]{0,8}(?:还|能|可以|会|是不是|就)|"
                            r"到了?退休(?:年龄|年纪|的年纪|的时候)|退休年龄[^，,。]{0,6}(?:还|能|不能|就)")


def _retirement_step(t: Turn) -> Optional[Reply]:
    """Whether a measure goes on after retirement: the document's answer for the measure talked
    about (一（四）pays only within working age and while in work); where its conditions say
    nothing of age or retirement, that it says nothing, and who decides."""
    target = t.measures[0] if t.measures else t.state.last_measure
    if not target or t.new or not _AT_RETIREMENT.search(t.text):
        return None
    m = catalogue().measure(target)
    if "working_age" in m.texts:
        t.out.append(T.RETIRE_STOPS.format(name=m.name, clause=m.clause, cond=m.texts["working_age"]))
    else:
        t.out.append(T.RETIRE_UNSAID.format(name=m.name, clause=m.clause))
    return _with_question(replace(t.state, last_topic=target), t.out, t.today, False, t.ev)


# 评价费是全部报销还是报一部分 / 付脱额钞票好统统退回来伐: how much of a cost the subsidy covers
_COST_SHARE = re.compile(r"(?:全部|全额|统统|全|都)(?:报销|退|报|补|还)|(?:报|退|补)一部分|一部分|报销多少|退多少|能报多少|报得了多少")


def _cost_share_step(t: Turn) -> Optional[Reply]:
    """How much of a cost a measure paid by a published fee covers, in plain words (templates
    COST_SHARE: the document's basis said plainly, and who fixes the sum)."""
    target = t.measures[0] if t.measures else t.state.last_measure
    if not target or target not in T.COST_SHARE or not _COST_SHARE.search(t.text):
        return None
    m = catalogue().measure(target)
    t.out.append(T.MEASURE_HEAD.format(name=m.name, clause=m.clause) + T.COST_SHARE[target])
    return _with_question(replace(t.state, last_measure=target, last_topic=target), t.out, t.today, False, t.ev)


# 迭个文件是管啥人个 / 这个政策是给谁的: whom the document is for
_WHO_FOR = re.compile(r"(?:管|给|针对|适用于?|面向)(?:啥|什么|哪些|哪种|哪)(?:人|个人|些人|样的人)|是给谁的|管谁的")
# 阿拉老年人个补贴要到啥地方去问 / 养老金: a subsidy of another kind
_OTHER_SUBSIDY = re.compile(r"(?P<what>老年人?(?:的|个|额)?补贴|养老金|高龄补贴|老人(?:的|个|额)?补贴|低保|医保报销|退休金)")


def _not_for_them_step(t: Turn) -> Optional[Reply]:
    """A retiree asking why nothing applies, whom the document is for, or where to ask about a
    subsidy of another kind: answered in plain words (the document's own scope), no list again."""
    state, text = t.state, t.text
    named = bool(t.measures or _hits(t.msg, "measure"))
    other = _OTHER_SUBSIDY.search(text)
    if other and not named:
        t.out.append(T.NOT_THIS_DOCUMENT.format(what=other.group("what")))
        if t.msg.door == "kiosk":
            t.out.append(T.HANDOFF_KIOSK)
        return t.say(replace(state, asked=None))
    retired = state.facts.get("within_working_age") is False
    who_for = _WHO_FOR.search(text) and not named and (re.search(r"文件|政策", text) or not state.last_measure)
    if who_for or retired and not named and not t.new and re.search(r"为啥|为什么|为何|怎么会|咋", text):
        # (a retiree's why: the retiree's sentence, which says whom the document is for; never both)
        t.out.append(T.RETIRED_WHY.format(you=about_answer("您", state.subject)) if retired else T.WHO_FOR)
        return t.say(replace(state, asked=None))
    return None


_COUNTS_AS = re.compile(r"也?算(?:不算)?[^，,。？?]{1,8}(?:吧|吗|伐|么|[？?])|算不算")


def _why_not_step(t: Turn) -> Optional[Reply]:
    state, text, ev, measures, topics = t.state, t.text, t.ev, t.measures, t.topics
    if _WHY_NOT.search(text) and not measures and not state.last_measure and not topics and \
            t.intent != "what_if" and any(r.status == "ineligible" for r in ev.results if r.id in ev.in_play):
        t.intent = "why_not"   # 听说拿证有补贴 我怎么没份: say what fails, measure by measure
    if not (t.intent == "why_not" and not set(topics) - set(vocab.GENERAL) or
            (_WHY_NOT.search(text) and (measures or state.last_measure))):   # 以哪个为准 is not a why-not
        return None
    target = measures[0] if measures else state.last_measure
    counts = _COUNTS_AS.search(text)
    term = term_in(text[counts.start():]) if counts else None
    if term:
        # 为什么不能拿？他开网约车也算灵活就业吧: whether it counts, answered beside the why
        t.out.append(direct.term_answer("counts_as", term))
    if not target:
        failed = [r for r in ev.results if r.id in ev.in_play and r.status == "ineligible"]
        if not failed:
            t.out.append(T.WHY_NOT_WHICH)
            return t.ask(bool(state.asked))
        t.out += [T.WHY_NOT_ALL] + [T.WHY_NOT_LINE.format(name=r.name, clause=r.clause, reason=r.reason)
                                    for r in failed]
        return t.ask(True)
    result = ev.result(target)
    if result.status == "ineligible":
        # 他问为啥外地户口就不行: the condition that fails and what they said that fails it, in
        # one sentence (not every failed condition, nor the clause quoted again)
        you = about_answer("您", state.subject) if result.audience == "person" else "贵单位"
        t.out.append(T.WHY_NOT_ONE.format(you=you, name=result.name, clause=result.clause,
                                          refusal=refusal(result, state, t.today)))
    else:
        t.out.append(why_not(result))
    if _WHAT_ELSE.search(text):
        # 为啥不行？还有别的补贴他能拿吗？: the others too, in the same reply
        others = replace(state, last_measure=None)
        t.out.append(_summary(others, _evaluate(others, t.today)))
        return t.ask(False)
    if result.status == "undetermined":   # ask what this very measure still needs
        return t.ask(True, first=result.missing_facts[0])
    return t.ask(True)


def _requirement_answer(t: Turn) -> Optional[Reply]:
    """需要什么条件 / 哪些学生能拿 / 社保要交满几个月才能拿 / 年龄有要求吗: the measure's conditions,
    the one asked about first (understanding/requires.py reads the question)."""
    asked = (t.msg.reading or {}).get("requires")
    named = list(dict.fromkeys(_hits(t.msg, "measure")))
    targets = [m for m in ((named if len(named) > 1 else t.measures)[:2] or [t.state.last_measure]) if m]
    if asked is None or not targets:
        return None
    labels = {f: i["label"] for f, i in fact_info().items()}
    must = bool(asked) and bool(re.search(r"必须|一定要|一定得|非得|非要|只能", t.text))
    t.out += [direct.requirement(m, asked, t.ev, labels, must) for m in targets]   # (获奖以后的落地补贴: both named)
    target = targets[0]
    return _with_question(replace(t.state, last_topic=target), t.out, t.today,
                          bool(t.new or t.state.asked) and (not t.org_speaker or _organisation(t.state)), t.ev)


def _has_figure(measure_id: str) -> bool:
    m = catalogue().measure(measure_id)
    return any(a.yuan is not None or a.max_total_yuan is not None or a.max_months is not None
               for a in m.amounts.values())


_PER_MONTH = re.compile(r"(?:每个?|一个|按)月(?:能|可以|给|发|有|拿|领)|每月|按月")
_ASKS_ELIGIBLE = re.compile(r"能拿吗|能领吗|能不能拿|能不能领|可以拿吗|可以领吗|能享受吗|有没有份|符合吗|够条件吗|好拿伐|好领伐")


def _monthly(measure_id: str) -> bool:
    return any(a.per in ("month", "person_month") for a in catalogue().measure(measure_id).amounts.values())


def _direct_answer(t: Turn) -> Optional[Reply]:
    """A follow-up asking how much, how long, from when, the total for N people, how to apply
    or until when is answered first, in a sentence or two (actions/direct.py)."""
    reading = t.msg.reading or {}
    kind, p = reading.get("question") or question_of(t.text)
    if _HOW_LONG.search(t.text) and not _ASKS_SUM_WORDS.search(t.text):
        kind, p = "how_long", 1.0       # 能领多长时间 / 能拿满36个月吗: a period, whatever the classifier says
    asks_term = kind in direct.TERM_KINDS and p >= TERM_SURE or bool(ASKS_TERM.search(t.text))   # 啥叫全日制
    term = term_in(t.text) if asks_term and not t.new else None
    # (离校2年内从哪天开始算: a term's own count, not the document's validity)
    if term and t.measures and _ASKS_ELIGIBLE.search(t.text) and not t.term_said:
        # 现在还算应届生吗？那个3000块他能拿吗: what the term means, then the measure's answer
        t.out.append(direct.term_answer(kind, term))
        t.term_said = True
        return None
    if term and not t.term_said and not [x for x in t.topics if x not in vocab.GENERAL and x != "validity"]:
        t.out.append(direct.term_answer(kind, term))   # 就业困难人员是什么意思 / 跑外卖算灵活就业吗
        # then back to the question pending (digression and return)
        return _with_question(t.state, t.out, t.today, bool(t.state.asked), t.ev, first=t.state.asked)
    named_topic = [x for x in t.topics if x not in vocab.GENERAL]
    named = any(e.get("entity") == "measure" for e in t.msg.entities) or t.measures != [t.state.last_measure]
    # a measure named: its fuller answer below (one only talked about before is not named now)
    one_time = bool(t.state.last_measure) and not _monthly(t.state.last_measure)
    sure = QUESTION_SURE if not t.measures or not named and one_time and _PER_MONTH.search(t.text) else TERM_SURE
    # 一家企业招了10个 最多一共多少: a total for people hired, on the measure talked about, whatever
    # else the words record
    said_count = reading.get("people") if "people" in reading else people_count(t.text)
    if said_count and _ASKS_SUM_WORDS.search(t.text) and (t.org_speaker or _organisation(t.state)):
        kind, p = "total_for_n", 1.0    # 10个人合计多少钱: a total for them, whatever the classifier says
    if said_count and t.org_speaker:
        t.state = replace(t.state, people=said_count)   # kept: 那我们厂总共能拿多少 later
    for_n = kind in ("how_much", "total_for_n") and bool(t.state.last_measure) and bool(
        said_count or (kind == "total_for_n" or _TOTAL.search(t.text)) and t.state.people)
    if (t.new and not t.measures and not for_n and not _asks_apart(t, kind)) or p < sure or kind not in direct.KINDS \
            or (named_topic and not t.measures):
        return None     # facts with no measure named: the news and the next question
    # the measures asked about that state a sum or a period; one that states none points to the
    # one that pays (见习 -> 见习生活费 when they are at a base: measures.yaml see_also)
    asked = [m for m in (t.measures or [t.state.last_measure]) if m]
    if not named and _PER_MONTH.search(t.text) and asked and not any(_monthly(m) for m in asked):
        # 他现在这样一个月能拿多少，能拿多久 after talk of the one-time 3000: the monthly ones open to him
        rank = {"eligible": 0, "conditional": 1, "undetermined": 2}
        asked = [r.id for r in sorted(t.ev.results, key=lambda r: rank.get(r.status, 3))
                 if r.id in t.ev.in_play and r.audience == "person" and r.status != "ineligible"
                 and _monthly(r.id)] or asked
    # (去见习一个月给多少: the sum is 见习生活费's, said with what it needs, in play or not)
    # (见习的600块能拿几个月: the living allowance's period, in play or not)
    asked += [s for m in asked for s in catalogue().measure(m).see_also
              if s in t.ev.in_play or kind == "how_much" or kind == "how_long" and _MONEY_WORDS.search(t.text)]
    # 补贴标准是多少 of 评价费 (talked about): its basis; 见习能拿多久: the document sets no period
    targets = list(dict.fromkeys(m for m in asked if _has_figure(m)))[:2] or \
        ([t.measures[0]] if kind in ("how_much", "how_long") and t.measures else [])
    if not targets and not t.measures and not t.state.last_measure and t.state.facts \
            and kind in ("how_much", "how_long"):
        # 好拿几年, nothing named: their measures still open that state a figure
        # (the measures their own facts brought into play first: 技师证 -> 获证补贴)
        # (考这个有补贴吗 补多少 after telling of a skill evaluation: the measure their facts are about,
        # whose sum may be a basis rather than a figure, before any other open one)
        open_ = [r for r in t.ev.results if r.id in t.ev.in_play and r.audience == "person"
                 and r.status != "ineligible"]

        def _own(r):
            m = catalogue().measure(r.id)
            return (m.in_play is None, -len(set(m.in_play or ()) & set(t.state.facts)), not _has_figure(r.id))
        ranked = sorted(open_, key=_own)
        if ranked and _own(ranked[0])[1] < 0:      # some are about what they told: only those
            ranked = [r for r in ranked if _own(r)[1] < 0]
        targets = [r.id for r in ranked][:2]
    labels = {f: i["label"] for f, i in fact_info().items()}
    count = said_count or (t.state.people if _organisation(t.state) else None)
    texts = [x for x in (direct.answer(kind, m, t.ev, labels, count) for m in targets) if x]
    if not texts:
        return None
    # 那见习那个600块，他能去吗？能拿多久？: whether they can, for the measure named, before its period
    texts = [T.MEASURE_HEAD.format(name=r.name, clause=r.clause) + line
             for r in (t.ev.result(m) for m in t.measures[:1] if m not in targets and _CAN_THEY.search(t.text))
             if (line := direct.standing(r, labels))] + texts
    target = targets[0]
    t.out += texts
    # then the question that settles this measure (focus), unless an organisation is asked a person's
    return _with_question(replace(t.state, last_topic=target), t.out, t.today,
                          not t.org_speaker or _organisation(t.state), t.ev)


def _asks_apart(t: Turn, kind: str) -> bool:
    """不清楚。他不是困难人员。那他到底每个月能拿多少？: facts, then a how-much or how-long question
    in a clause of its own (no fact in it) is asked as well and answered."""
    if kind not in ("how_much", "how_long"):
        return False
    facts = set(FACT_NAMES)
    spans = [(e["start"], e["end"]) for e in t.msg.entities if e.get("entity") in facts and e.get("end")]
    for start, piece in _pieces(t.text, r"[。！!？?；;，,\n]"):
        end = start + len(piece)
        if (_ASKS_SUM_WORDS.search(piece) or _HOW_LONG.search(piece)) and re.search(r"[？?]|吗|呢|多少|几", piece):
            return not any(a < end and b > start for a, b in spans)
    return False


_TOTAL = re.compile(r"总共|一共|合计|总计|加起来|全部")
_MONEY_WORDS = re.compile(r"补贴|补助|生活费|钱|块|元|几钿|钞票|\d{3,}")   # 见习的600块能拿几个月: the money's period
_CAN_THEY = re.compile(r"能(?:去|参加|报名|领|拿|申请|享受)吗|能不能|可以(?:去|参加|领|拿|申请)?吗|符合吗|有份|好拿")


def _document_question(t: Turn) -> Optional[Reply]:
    specific = [x for x in t.topics if x not in vocab.GENERAL]
    if "phone" in t.identifiers and "contact" in specific:
        specific.remove("contact")      # 电话138…: the person's own number, not a question for one
    if not specific and not t.measures:   # the document as a whole: 有哪些补贴 / 想问一下金就办〔2023〕1号
        if "policy_overview" in t.topics and t.intent in ("ask_policy", "ask_benefits", "ask_measure") \
                and not t.state.facts:
            specific = ["policy_overview"]
        elif "document" in t.topics and not t.new and t.intent != "ask_benefits":
            if _BENEFITS.search(t.text):
                t.intent = "ask_benefits"   # 金就办1号文件我能领什么: the benefits, not the document
            else:
                specific = ["document"]
    if not specific:
        return None
    figure_of = (t.measures or [t.state.last_measure])[0]
    if figure_of and "combine" not in specific and vocab.asks_figure(t.text) and _has_figure(figure_of):
        # 个人补贴多少 到啥地方去领: the sum first, then where to apply
        labels = {f: i["label"] for f, i in fact_info().items()}
        t.out.append(direct.answer("how_much", figure_of, t.ev, labels, t.state.people if _organisation(t.state) else None))
    for x in specific:
        t.out.append(answers.topic(x, t.today, t.text, t.state.facts))
    if "combine" in specific and t.measures:
        t.out.append(answers.amounts(t.measures))    # 见习生活费和3000能不能都拿: what each one pays
        if t.state.facts:
            # 她还能不能同时拿人才回流: where the person stands on each, in a line (大专: 人才回流 暂不符合)
            t.out += [_focus_line(t.ev.result(m), t.state.subject, t.state, t.today) for m in dict.fromkeys(t.measures)
                      if m in t.ev.in_play or t.ev.result(m).status == "ineligible"]
    ask = bool(t.new or t.state.asked) and (not t.org_speaker or _organisation(t.state))   # no 年龄 to a 机关
    return _with_question(replace(t.state, last_topic=specific[-1]), t.out, t.today, ask, t.ev)


def _measure_question(t: Turn) -> Optional[Reply]:
    general = t.intent == "ask_benefits" and t.new and not t.org_speaker and \
        _ORG_FACTS.isdisjoint(t.new) and not vocab.asks_figure(t.text) \
        and not _named_in_question(t.msg, t.text)   # 技师二级证书 补多少 / …她见习有补贴吗: that measure
    if not (t.measures and not general and (
            t.intent in ("ask_measure", "ask_benefits", "ask_policy") or not t.new or t.org_speaker
            or not _ORG_FACTS.isdisjoint(t.new) or vocab.asks_amount(t.text))):
        return None
    if len(t.measures) > 2:     # a family asked about together: each one's receiver and amount
        t.out.append(answers.family(t.measures))
    for m in t.measures[:2] if len(t.measures) <= 2 else []:
        t.out.append(answers.measure(m, t.ev if t.state.facts else None,
                                     org=t.org_speaker or _organisation(t.state)))
    # a person asking about a measure of their own is asked next what settles it (focus)
    own = _audience(t.measures[0]) == "person" and not t.org_speaker and not _organisation(t.state)
    return _with_question(replace(t.state, last_topic=t.measures[0]), t.out, t.today,
                          bool(t.new or t.state.asked or own), t.ev)


def _organisation_intro(t: Turn) -> Optional[Reply]:
    pending = t.prior.asked if t.prior else t.state.asked
    if t.org_speaker and not t.measures and (not _organisation(t.state) or t.org_new) \
            and set(t.new) <= {"employer_excluded", "work_region"} | _WORKER_FACTS and not (pending and pending in t.new):
        # (我是派遣公司的人, to a person's question about their employer, answers it: no intro)
        # 我们是金山的一家事业单位: the measures paid to organisations (七（一）first for an excluded kind)
        t.out.append(answers.organisation_intro(t.state.facts))
        return t.say(replace(t.state, asked=None, org=True))
    return None


def _repair(t: Turn) -> Optional[Reply]:
    """不对 (undo what was just recorded and ask again), 再说一遍, 转人工, 算了 (understanding/repair.py)."""
    kind = repair_of(t.text) if not t.new else None
    state = t.state
    if kind == "undo" and t.just_recorded and not (state.asked and _is_bool(state.asked)):
        # (不对 to a yes/no question answers it: 不是)
        undone = [f for f in t.just_recorded if f in state.facts]
        t.out.append(T.UNDONE.format(facts="；".join(_show(f, state.facts[f]) for f in undone)))
        facts = {k: v for k, v in state.facts.items() if k not in undone}
        t.state = replace(state, facts=facts, guess=None)
        return t.ask(True, first=next((f for f in undone if f in _FACTS), None), ev=None)
    if kind == "repeat":
        t.out.append(T.REPEAT)
        if state.last_measure and state.facts:
            r = _evaluate(state, t.today).result(state.last_measure)
            t.out.append(_focus_line(r, state.subject, state, t.today))
        elif state.facts:
            t.out.append(_summary(state, t.ev or _evaluate(state, t.today)))
        return t.ask(bool(state.asked))
    if kind == "handoff":
        t.out.append(T.HANDOFF_KIOSK if t.msg.door == "kiosk" else T.HANDOFF_AGENT if t.msg.door == "agent"
                     else T.HANDOFF_CONTACT.format(contact=_contact()) if _contact() else T.HANDOFF_DEPARTMENT)
        if state.facts:
            t.out.append(T.KEPT)
        return t.say(replace(state, asked=None))
    if kind == "cancel" and state.asked:
        t.out.append(T.CANCELLED)
        return t.say(replace(state, asked=None, guess=None))
    return None


def _contact() -> str:
    """The hand-off contact an operator configured (env HANDOFF_CONTACT); never one in code."""
    return os.environ.get("HANDOFF_CONTACT", "").strip()[:200]


def _offer_taken(t: Turn) -> Optional[Reply]:
    """好的/要 to 「还想看看其他补贴吗」: every measure in play, and the questions for them."""
    if t.offered and t.intent == "affirm" and not t.new and not t.state.asked:
        t.intent = "ask_benefits"
        return _grouped_answer(t)
    return None


def _grouped_answer(t: Turn) -> Optional[Reply]:
    if t.intent != "ask_benefits":
        return None
    if not t.measures and t.state.last_measure and not _BENEFITS.search(t.text) and not t.offered \
            and not _WHAT_ELSE.search(t.text) and t.text not in T.MORE_YES:
        # 那最低要几级, said of the measure talked about: the classifier's "what can I get" without
        # its words is a question on that measure
        t.measures, t.intent = [t.state.last_measure], "ask_measure"
        return _measure_question(t)
    if not t.measures and t.state.last_measure:   # 我还能领什么: every measure in play, not the last one
        t.state = replace(t.state, last_measure=None)
        t.ev = _evaluate(t.state, t.today)
    if not t.state.facts:
        t.out.append(T.NOTHING_YET)
    else:
        t.out += [_summary(t.state, t.ev), T.DISCLAIMER]
    return t.ask(True)


def _for_someone(t: Turn) -> Optional[Reply]:
    word = (t.msg.reading or {}).get("subject_word") or ""
    if (t.prior or t.state).facts and word in ("他", "她", "伊", "其"):
        return None     # 她说不清楚, in a hotline note about the caller: the same person, no new talk
    if not t.new and t.subject and t.subject != t.prior_subject and not t.measures and not t.topics \
            and not (t.prior or t.state).org:   # (他个人有奖金吗, from a firm about its worker: a question, answered below)
        t.out.append(T.FOR_SOMEONE.format(who=t.subject))   # 您好，我帮我儿子问问: ask about him
        return t.ask(True)
    return None


_ASKS_SOMETHING = re.compile(r"[吗呢？?]|是不是|多少|怎么|能不能|可不可以|会不会|有没有|算不算|几钿")


def _small_talk(t: Turn) -> Optional[Reply]:
    if t.new:
        return None
    if t.intent == "greet":
        t.out += [T.WELCOME, T.ENGLISH if _ENGLISH.match(t.text) else ""]
        if t.state.facts:
            t.out.append(T.KEPT)
        return t.ask(bool(t.state.facts))
    if t.intent in ("goodbye", "thanks") and _ASKS_SOMETHING.search(t.text):
        return None     # 我虚岁都37了 是不是超了: a question, never a goodbye
    if t.intent in ("goodbye", "thanks", "bot_challenge"):
        t.out.append({"goodbye": T.GOODBYE, "thanks": T.THANKS, "bot_challenge": T.BOT}[t.intent])
        return t.say(replace(t.state, asked=None))
    if not t.state.asked and t.intent in ("affirm", "deny", "dont_know"):
        if t.unsure and t.state.last_measure:
            # 困难人员认定？不知道: where the measure talked about stands without it
            r = _evaluate(t.state, t.today).result(t.state.last_measure)
            t.out.append(_focus_line(r, t.state.subject, t.state, t.today))
            return t.ask(True)
        if t.state.last_measure and _ASKS_BACK.search(t.text) and len(t.text) <= 20:
            return _measure_again(t, True)   # 这个有影响吗: a question back, whatever the classifier made of it
        t.out.append(T.ACK)   # 嗯/好的 after an answer
        return t.say()
    return None


def _said_again(t: Turn) -> Optional[Reply]:
    if t.state.asked and t.state.asked not in t.restated and len(t.text.strip()) <= 6:
        return None     # "金山" to 您今年多大？: no answer to the question, whatever it restates (below)
    if not t.new and t.restated and t.intent in ("inform", "affirm", "deny", "nlu_fallback"):
        t.out.append(T.RESTATED.format(facts="；".join(_show(k, v) for k, v in t.restated.items())))
        return t.ask(True)
    return None


def _unfitting_answer(t: Turn) -> Optional[Reply]:
    """是/不是 to a question that wants a value, or an answer that does not fit the question."""
    asked, intent = t.state.asked, t.intent
    if (t.msg.reading or {}).get("requires") is not None and not t.new:
        return None     # 这6个人必须是农村劳动力吗, to the question pending: a question on the rule, answered below
    if not t.new and asked and (intent == "inform" or intent in ("affirm", "deny") and not _is_bool(asked)
                                or intent in ("out_of_scope", "nlu_fallback") and _CHINESE.search(t.text)
                                and not _BENEFITS.search(t.text) and not t.measures and not t.topics
                                and not _ASKS_BACK.search(t.text)):
        # "金山" to 您今年多大？, or 这个要回去翻翻材料: the question again, with 跳过, not the help text
        # (今天天气怎么样？ asks something else: out of scope, below)
        if t.state.last_measure and _ASKS_BACK.search(t.text) and not t.new:
            # 离校多久以内的毕业生可以: a question back about the measure talked about: its
            # conditions and amount, then the question still open
            return _measure_again(t, True)
        if t.spouse_set_aside:
            return t.ask(True)      # a spouse's facts set aside: no answer was attempted, just the question again
        if t.state.guess and t.state.guess.get("reprompt") and t.state.guess.get("fact") == asked:
            # the second answer it cannot read: not the same question a third time; skipped
            t.state = replace(t.state, skipped=t.state.skipped + [asked], guess=None)
            t.out.append(T.SKIPPED)
            t.ev = _evaluate(t.state, t.today)      # judged again without the skipped fact
            # answer first: where the measure asked about stands now (unless nothing is left to
            # ask for it: then the answer below says so), then the next question
            if not _focus_stuck(t.state, t.ev, _organisation(t.state)):
                t.out.append(_standing_after_skip(t.state, t.ev))
            return t.ask(True, settle=True)
        t.out.append(T.CHOOSE if T.QUESTIONS[asked][1] else T.SAY_VALUE)
        reply = t.ask(True)
        if reply.state.asked == asked:   # once more, with the choices and a way to skip it
            reply.messages[-1].setdefault("buttons", [])
            if not any(b.get("title") == T.SKIP for b in reply.messages[-1]["buttons"]):
                reply.messages[-1]["buttons"].append({"title": T.SKIP, "payload": "/dont_know"})
            reply = Reply(replace(reply.state, guess={"fact": asked, "reprompt": True}), reply.messages)
        return reply
    return None


def _measure_again(t: Turn, ask: bool) -> Reply:
    """A question back about the measure talked about: its conditions and amount, then the
    question still open."""
    t.out.append(answers.measure(t.state.last_measure, t.ev if t.state.facts else None, org=_organisation(t.state)))
    return t.ask(ask)


def _not_understood(t: Turn) -> Optional[Reply]:
    """Nothing understood: say what the assistant can do, keep what was said, re-ask."""
    if t.new or t.intent == "dont_know":
        return None
    if t.state.last_measure and _CHINESE.search(t.text) and _ASKS_BACK.search(t.text) and len(t.text) <= 32 \
            and t.intent in ("nlu_fallback", "out_of_scope", "what_if", "ask_policy", "ask_measure"):
        # 只给第一次吗 (after 评价费): a short question back about the measure talked about is
        # answered with its conditions and amount, never 「没有看懂」
        return _measure_again(t, bool(t.state.facts or t.state.asked))
    if _ENGLISH.match(t.text):
        t.out.append(T.ENGLISH)
    elif t.intent == "out_of_scope" and _CHINESE.search(t.text):
        t.out.append(T.OUT_OF_SCOPE)
    else:
        t.out.append(T.NOT_UNDERSTOOD)
    t.out.append(T.HELP)
    if t.state.facts:
        t.out.append(T.KEPT)
    return t.ask(bool(t.state.facts or t.state.asked))   # a pending question is asked again


def _next_step(t: Turn) -> Reply:
    """New facts and nothing asked: say what they settled, and ask the next useful question
    ("半年" sits on 超过6个月: its start date first)."""
    ev, state = t.ev, t.state
    partner = next((_PAIRS[k] for k in t.new if k in _PAIRS and any(
        _PAIRS[k] in r.missing_facts for r in ev.results if r.id in ev.in_play)), None)
    if _next_question(state, ev, partner, _organisation(state)):   # more to ask: say what is settled
        t.out += _news(_evaluate(t.prior, t.today), ev, state)
    return t.ask(True, settle=True, first=partner)


# The turn, in order: each step answers or leaves the message to the next.
STEPS = (_empty, _restart, _retract_step, _what_if_step, _read_facts, _held_questions, _repair, _offer_taken, _not_for_them_step, _what_is_asked_about,
         _retirement_step, _cost_share_step, _condition_step, _confirming_step, _why_not_step, _requirement_answer, _direct_answer, _document_question, _measure_question, _organisation_intro, _grouped_answer,
         _for_someone, _small_talk, _said_again, _unfitting_answer, _not_understood)


def respond(state: State, msg: Message, today: Optional[dt.date] = None) -> Reply:
    t = _begin(state, msg, today or dt.date.today())
    for step in STEPS:
        reply = step(t)
        if reply is not None:
            return reply
    return _next_step(t)


def _news(before: Evaluation, after: Evaluation, state: State) -> list[str]:
    """Measures this message settled in the person's favour, in one short line each."""
    lines = []
    for a, b in zip(before.results, after.results):
        has_figure = b.amount.yuan is not None or b.amount.max_total_yuan is not None
        if b.id in after.in_play and b.status in ("eligible", "conditional") and a.status != b.status \
                and has_figure and (b.audience == "person") != _organisation(state):
            steps = "、".join(c.text for c in b.conditions if c.step and c.met is not True)
            what = T.NEWS_ELIGIBLE if b.status == "eligible" else T.NEWS_CONDITIONAL.format(steps=steps)
            lines.append(T.NEWS_LINE.format(name=b.name, clause=b.clause, what=what, amount=amount_text(b.amount)))
    return [T.NEWS_HEAD] + lines if lines else []


def _with_question(state: State, out: list[str], today: dt.date, ask: bool,
                   ev: Optional[Evaluation] = None, settle: bool = False,
                   first: Optional[str] = None) -> Reply:
    """Finish the reply: the next useful question, or, when nothing is open, the answer."""
    ev = ev or _evaluate(state, today)
    org = _organisation(state)
    if first in state.skipped:
        first = None        # (不清楚。…现在还算应届生吗: the question just passed over is not asked again)
    nf = _next_question(state, ev, first, org) if ask else None
    out = list(dict.fromkeys(about_answer(x, state.subject) for x in out if x))   # (never the same paragraph twice)
    messages = [{"text": "\n".join(out)}] if out else []
    if nf:
        messages.append(_question(nf, org, state.subject, state.door))
        return Reply(replace(state, asked=nf), messages)
    if ask and (_focus_settled(state, ev, org) or _focus_stuck(state, ev, org)):
        return _focus_answer(state, ev, out, org, today)
    if settle and state.facts:
        messages.append({"text": "\n".join([T.ALL_SETTLED, _summary(state, ev), T.DISCLAIMER])})
    return Reply(replace(state, asked=None), messages)


def _focus_settled(state: State, ev: Evaluation, org: bool = False) -> bool:
    """The measure asked about (of the speaker's side) is no longer undetermined: questions for
    the other measures come only when asked for (「看看其他补贴」, 我能领什么)."""
    m = state.last_measure
    side = "organisation" if org else "person"
    return bool(m) and m in ev.in_play and _audience(m) == side and ev.result(m).status != "undetermined"


def _focus_stuck(state: State, ev: Evaluation, org: bool = False) -> bool:
    """The measure asked about (of the speaker's side) is open only by facts the person could
    not answer: nothing more to ask for it; the answer says what stays open, and the other
    measures come only when asked for."""
    m = state.last_measure
    side = "organisation" if org else "person"
    if not (m and m in ev.in_play and _audience(m) == side):
        return False
    r = ev.result(m)
    if not (r.status == "undetermined" and bool(r.missing_facts) and set(r.missing_facts) <= set(state.skipped)):
        return False
    never = _ORG_FACTS if not org else set(FACT_NAMES) - (_ORG_FACTS | _WORKER_FACTS)
    return _beyond_missing(state, ev, never) is None


def _standing_after_skip(state: State, ev: Evaluation) -> str:
    """After a skipped question: where the measure asked about stands, and what it still needs."""
    if not state.last_measure or state.last_measure not in ev.in_play:
        return ""
    r = ev.result(state.last_measure)
    if r.status != "undetermined":
        return ""
    labels = {f: i["label"] for f, i in fact_info().items()}
    missing = [f for f in r.missing_facts if f not in state.skipped]
    line = T.MEASURE_HEAD.format(name=r.name, clause=r.clause) + T.STILL_OPEN.format(
        missing="、".join(labels.get(f, f) for f in missing[:3]))
    return about_answer(line, state.subject)


def _focus_answer(state: State, ev: Evaluation, out: list[str], org: bool = False,
                  today: Optional[dt.date] = None) -> Reply:
    """The answer on the measure asked about, unless this reply already gives it, and the offer
    to look at the rest (buttons; a typed 好的 counts too)."""
    r = ev.result(state.last_measure)
    lines = list(out)
    if not any(r.name in x for x in out):
        lines.append(_focus_line(r, state.subject, state, today))
    others = [i for i in ev.in_play if i != r.id and _audience(i) == r.audience]
    messages = [{"text": "\n".join(lines)}] if lines else []
    if others:
        messages.append({"text": T.MORE_OFFER if r.status != "undetermined" else T.MORE_OFFER_OPEN,
                         "buttons": [{"title": a, "payload": b} for a, b in (T.MORE_YES, T.MORE_NO)]})
    return Reply(replace(state, asked=None, last_topic=OFFERED + r.id if others else state.last_topic), messages)


def refusal(r, state: State, today: dt.date) -> str:
    """The one refusal sentence: what the measure asks and what the person said that fails it
    (本项要求35周岁及以下，按您说的是58岁), from the facts that decide the failed condition (the
    condition is no longer failed without them); the condition alone when none is found."""
    failed = [i for i, c in enumerate(r.conditions) if c.met is False]
    if not failed:
        return T.STANDS_INELIGIBLE.format(you="您", reason=r.reason)
    deciding = []
    for fact in state.facts:
        without = replace(state, facts={k: v for k, v in state.facts.items() if k != fact})
        other = _evaluate(without, today).result(r.id)
        if len(other.conditions) == len(r.conditions) and other.conditions[failed[0]].met is not False:
            deciding.append(fact)
    you = "您" if r.audience == "person" else "贵单位"
    need = r.conditions[failed[0]].text
    if not deciding:
        return T.STANDS_INELIGIBLE.format(you=you, reason=need)
    said = "、".join(_show(f, state.facts[f]) for f in deciding[:2])
    return T.REFUSAL.format(need=need, you=you, said=said)


def _focus_line(r, subject: Optional[str], state: Optional[State] = None, today: Optional[dt.date] = None) -> str:
    """One measure's answer: where the person stands, the amount (asked how much: said whatever
    the status) and who decides."""
    labels = {f: i["label"] for f, i in fact_info().items()}
    open_by_skips = r.status == "undetermined" and state is not None and bool(r.missing_facts) \
        and set(r.missing_facts) <= set(state.skipped)
    if open_by_skips:   # 不清楚 to what it still needs: which condition stays open, and who confirms it
        conds = "；".join(c.text for c in r.conditions if c.met is None and not c.step)
        standing = T.OPEN_BY_SKIPS.format(facts="、".join(labels.get(f, f) for f in r.missing_facts[:3]),
                                          conds=conds)
    elif r.status == "ineligible" and state is not None:
        standing = refusal(r, state, today)
    else:
        standing = direct.standing(r, labels)
    line = T.MEASURE_HEAD.format(name=r.name, clause=r.clause) + standing
    line += T.FOCUS_AMOUNT.format(amount=amount_text(r.amount))
    return about_answer(line + T.AUTHORITY_DECIDES, subject)


OFFERED = "offer:"   # last_topic after the offer: a typed 好的/要 takes it up


def _next_question(state: State, ev: Evaluation, first: Optional[str], org: bool) -> Optional[str]:
    """The fact to ask next. An organisation is never asked a person's age or 户籍: it is
    asked what its own measures still need (the measure talked about first)."""
    if not org:
        if _focus_settled(state, ev) or _focus_stuck(state, ev) and first is None:
            return None     # the measure asked about is answered: offer the rest, ask nothing
        if state.facts.get("within_working_age") is False and not state.last_measure and first is None:
            return None     # 七十岁 老早退休了 有啥补贴: no school questions; what is open is said instead
        nf = first or _soonest(state, ev, _ORG_FACTS) or _beyond_missing(state, ev, _ORG_FACTS) \
            or _most_telling(state, ev, _ORG_FACTS) or _before_job_measures(state, ev, _in_play_fact(state, ev))
        if nf in _ORG_FACTS and first is None:
            # a person is never asked an organisation's question (贵机构…): the person's measures
            nf = evaluate(dict(state.facts, as_of=ev.as_of.isoformat()), skip=state.skipped).next_fact
        return None if nf in _ORG_FACTS and first is None else nf
    if _focus_settled(state, ev, org) or _focus_stuck(state, ev, org) and first is None:
        return None
    allowed = (_ORG_FACTS | _WORKER_FACTS) - {"employment_status"}     # the workers it hired work there
    soonest = _soonest(state, ev, set(FACT_NAMES) - allowed) or _beyond_missing(state, ev, set(FACT_NAMES) - allowed)
    if soonest:
        return soonest
    ids = [state.last_measure] if state.last_measure else []
    ids += [i for i in ev.in_play if _audience(i) == "organisation"]
    for i in ids:
        r = ev.result(i)
        if r.audience == "organisation" and r.status == "undetermined":
            for fact in r.missing_facts:
                if fact in allowed and fact not in state.skipped:
                    return fact
    return first if first in _ORG_FACTS else None


def _in_play_fact(state: State, ev: Evaluation) -> Optional[str]:
    """The core's next fact, unless only measures kept out of play (_moot) need it: then the
    first fact an open measure in play still needs, or none."""
    moot = _moot(state.facts, state.last_measure)
    if not moot or ev.next_fact is None:
        return ev.next_fact
    open_ = [r for r in ev.results if r.status == "undetermined" and r.id not in moot
             and (r.id in ev.in_play or r.id == state.last_measure)]
    needed = [f for r in open_ for f in r.missing_facts if f not in state.skipped]
    return ev.next_fact if ev.next_fact in needed else (needed[0] if needed else None)


def _before_job_measures(state: State, ev: Evaluation, nf: Optional[str]) -> Optional[str]:
    """我能领什么 from someone out of work or at school: a fact that only a measure paid for a job
    they do not hold needs (原农业户籍 for 跨区, which pays for work in another district) waits
    until the measures that fit them now have what they need."""
    if not nf or state.last_measure or state.facts.get("employment_status") not in ("unemployed", "student"):
        return nf
    open_ = [r for r in ev.results if r.id in ev.in_play and r.status == "undetermined" and r.audience == "person"]

    def for_a_job(r) -> bool:
        return "就业" in catalogue().measure(r.id).texts.get("region", "")
    if not all(for_a_job(r) for r in open_ if nf in r.missing_facts):
        return nf
    later = [f for r in open_ if not for_a_job(r) for f in r.missing_facts
             if f not in state.skipped and f not in _ORG_FACTS and f in T.QUESTIONS]
    return later[0] if later else nf


def _settling_share(state: State, m: str, fact: str, today: dt.date) -> float:
    """The share of the fact's values (_values) that settle measure m, the other facts held."""
    values = _values(fact, today)
    settled = 0
    for v in values:
        trial = {k: x for k, x in state.facts.items() if k != _PAIRS.get(fact)}
        trial[fact] = v
        try:
            got = evaluate(dict(trial, as_of=today.isoformat())).result(m).status
        except FactsError:
            continue
        settled += got != "undetermined"
    return settled / len(values) if values else 0.0


def _beyond_missing(state: State, ev: Evaluation, never: set) -> Optional[str]:
    """The measure asked about is open only by skipped facts, yet another fact it is judged on
    could still settle it (the employment status, which a rule reads through the situation; 离校
    多久 after 不清楚 to the date): the one that settles it for the most values. None when none can."""
    m = state.last_measure
    if not m or m not in {r.id for r in ev.results}:
        return None
    r = ev.result(m)
    if r.status != "undetermined" or not set(r.missing_facts) <= set(state.skipped):
        return None
    known = set(state.facts)
    # the rule's own facts and the employment status it is judged on (not the situation's other
    # inputs, which only stand in for the status: 哪天开始灵活就业 is no question for someone who
    # could not say whether they work)
    read = facts_read(catalogue().measure(m).rule) | {"employment_status"}
    candidates = [f for f in FACT_NAMES if f in read and f not in known and f not in state.skipped
                  and f not in never and _PAIRS.get(f) not in known and f in T.QUESTIONS]
    score = {f: _settling_share(state, m, f, ev.as_of) for f in candidates}
    best = max(score.values(), default=0.0)
    return next((f for f in candidates if score[f] == best), None) if best > 0 else None


_CLEARLY_SOONER = 3   # a fact is asked first when it settles the measure for that many times more values
_AGES = (16, 20, 25, 30, 35, 36, 40, 45, 50, 55, 60, 65, 70)
_MONTHS = (0, 1, 3, 6, 7, 11, 12, 13, 18, 24, 25, 36, 37)


def _values(fact: str, today: dt.date) -> list:
    """Values a fact may take, to try on the measure asked about: the choices, yes and no, a
    spread of ages or month counts, dates that many months back."""
    kind = fact_kind(fact)
    if kind == "bool":
        return [True, False]
    if kind == "enum":
        return list(fact_info()[fact].get("choices") or ())
    if kind == "int":
        return list(_AGES if fact == "age" else _MONTHS)
    if kind == "date":
        out = []
        for n in _MONTHS[1:]:
            y, m = divmod(today.year * 12 + today.month - 1 - n, 12)
            out.append(dt.date(y, m + 1, min(today.day, 28)).isoformat())
        return out
    return []


def _soonest(state: State, ev: Evaluation, never: set) -> Optional[str]:
    """Among the facts the measure asked about still misses, the one whose answer settles it for
    the most of its values (就业见习: the employment status settles it for someone in a job, the
    age alone never does), tried on evaluate(), when it clearly beats the fact the engine would
    ask; None without a measure asked about, or with no clear gain (the engine's order stands)."""
    m = state.last_measure
    if not m or m not in {r.id for r in ev.results}:
        return None
    r = ev.result(m)
    if r.status != "undetermined":
        return None
    candidates = [f for f in r.missing_facts if f not in state.skipped and f not in never]
    if len(candidates) < 2:
        return None
    score = {f: _settling_share(state, m, f, ev.as_of) for f in candidates}
    best = max(score.values())
    usual = ev.next_fact if ev.next_fact in score else min(candidates, key=r.missing_facts.index)
    if best <= _CLEARLY_SOONER * score[usual]:
        return None     # no clear gain: the engine's order (the most measures, the usual order)
    return min((f for f in candidates if score[f] == best), key=r.missing_facts.index)


def _most_telling(state: State, ev: Evaluation, never: set) -> Optional[str]:
    """With no one measure asked about (我能领什么): the fact whose answer settles the most of
    the open measures in play, on average over its values (the work situation before 原农业户籍
    for a graduate: it settles three measures, the other one); ties keep the engine's order.
    None when a measure is asked about or nothing is open."""
    if state.last_measure or not ev.next_fact:
        return None
    open_ = [r for r in ev.results if r.id in ev.in_play and r.status == "undetermined"]
    known = set(state.facts)
    candidates = []
    for r in open_:
        for f in r.missing_facts:
            if f not in candidates and f not in state.skipped and f not in never and f not in known \
                    and _PAIRS.get(f) not in known and f in T.QUESTIONS:
                candidates.append(f)
    if len(candidates) < 2:
        return None
    ids = {r.id for r in open_}

    def telling(fact: str) -> float:
        values, settled = _values(fact, ev.as_of), 0
        for v in values:
            trial = {k: x for k, x in state.facts.items() if k != _PAIRS.get(fact)}
            trial[fact] = v
            try:
                got = evaluate(dict(trial, as_of=ev.as_of.isoformat()))
            except FactsError:
                continue
            settled += sum(1 for r in got.results if r.id in ids and r.status != "undetermined")
        return settled / len(values) if values else 0.0

    # the situation first, as a person at a counter asks it; after it the engine's order stands
    # (a wider search by the average settled reordered every later question and made the
    # conversations longer on the scripted end-to-end set: kept to the one question that matters most)
    return "employment_status" if "employment_status" in candidates and telling("employment_status") > 0 else None


def _organisation(state: State) -> bool:
    """The one asking speaks for an organisation: only organisation facts and the facts of
    workers it hired or placed (四（十一）（十二）) so far, with an organisation fact or talk of
    稳岗/推荐补贴; or no facts yet and the talk is of an organisation's measure (稳岗补贴怎么算)."""
    facts = set(state.facts)
    if not facts <= _ORG_FACTS | _WORKER_FACTS | org_facts.TEAM_FACTS:
        return False
    if state.org or facts & _ORG_FACTS or state.last_measure in _HIRER_MEASURES:
        return True
    return not facts and bool(state.last_measure) and _audience(state.last_measure) == "organisation"


def organisation_speaks(state: State) -> bool:
    """For the `speaker` slot (contract: speaker organisation), read by doors and integrations."""
    return _organisation(state)


def _audience(measure: str) -> str:
    return catalogue().measure(measure).audience


_MONEY = re.compile(r"(\d{3,6}|[一二两三四五六七八九十百千万]{2,6})\s*(块钱|块|元)?")


def _measures_by_amount(text: str, ev: Evaluation) -> list[str]:
    """A measure named by what it pays (那个三千块 / 每月一千的补贴), when one in play pays it."""
    if not (_BENEFITS.search(text) or _WHY_NOT.search(text) or re.search(r"拿|领|补|给", text)):
        return []
    wanted = set()
    for m in _MONEY.finditer(text):
        word, unit = m.group(1), m.group(2)
        if not (unit or re.search(r"[千万百]", word) or word.isdigit() and len(word) >= 4
                and not re.match(r"\s*(?:年|个|岁|号|月)", text[m.end():])):
            continue        # (问18000能否申领: a sum of four digits or more is a sum)
        n = cn_to_int(word)
        if n and n >= 100:
            wanted.add(n)
    if not wanted:
        return []
    found = []
    for r in ev.results:
        figures = {r.amount.yuan, r.amount.max_total_yuan} | {
            a.yuan for a in catalogue().measure(r.id).amounts.values()}
        if wanted & figures and r.id in ev.in_play:
            found.append(r.id)
    return found[:1] if len(found) == 1 else []


def _summary(state: State, ev: Evaluation) -> str:
    """The grouped answer. An organisation sees its own measures; a person sees
    organisation-side measures apart, as their employer's."""
    results = [ev.result(i) for i in ev.in_play]
    if _organisation(state):
        ids = [r.id for r in results if r.audience == "organisation"]
        # (an organisation whose facts bring no measure of its own into play: what it can ask about,
        # never an empty block)
        return summary(ev, ids) if ids else T.ORG_NOTHING_IN_PLAY + "\n" + answers.organisation_intro(state.facts)
    if any(n in _ORG_FACTS for n in state.facts):
        return summary(ev)
    text = summary(ev, [r.id for r in results if r.audience == "person"])
    person = [r for r in results if r.audience == "person"]
    if person and ev.in_force and not any(r.status in ("eligible", "conditional") for r in person):
        text = T.NONE_SETTLED + "\n" + text     # 有没有补贴: the plain answer first
    for r in results:   # 记不清离职日期: say which condition stays open without it, and why
        if r.audience == "person" and r.status == "undetermined" and r.missing_facts \
                and set(r.missing_facts) <= set(state.skipped):
            conds = "；".join(c.text for c in r.conditions if c.met is None and not c.step)
            labels = "、".join(fact_info()[f]["label"] for f in r.missing_facts)
            why = T.ON_THE_LINE if set(r.missing_facts) & set(_MONTH_DATES) else ""
            text += "\n" + T.CANNOT_SETTLE.format(name=r.name, conds=conds, facts=labels, why=why)
    open_ = [r for r in results if r.audience == "person" and r.status == "undetermined"
             and (r.amount.yuan is not None or r.amount.max_total_yuan is not None)]
    if open_ and ev.in_force:   # 能拿多少: the sums still to be settled are answered too
        text += "\n" + "\n".join([T.IF_MET] + [
            T.ORG_LINE.format(name=r.name, clause=r.clause, amount=amount_text(r.amount)) for r in open_])
    failed = any(r.audience == "person" and r.status == "ineligible" for r in results)
    reach = [m for m in catalogue().measures if m.reachable and m.id not in ev.in_play]
    if failed and reach and ev.in_force:   # what they could still get (measures.yaml `reachable`)
        text += "\n" + "\n".join([T.STILL_REACHABLE] + [
            T.REACH_LINE.format(name=m.name, clause=m.clause, step=m.reachable, amount=amount_text(m.amount(None)))
            for m in reach])
    org = [r for r in results if r.audience == "organisation" and r.status != "ineligible"]
    if org and ev.in_force:
        text += "\n" + "\n".join([T.FOR_ORGANISATION] + [
            T.ORG_LINE.format(name=r.name, clause=r.clause, amount=amount_text(r.amount)) for r in org])
    return text
