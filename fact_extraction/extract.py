"""The extractor: spaCy finds the vocabulary, regexes find the numbers, and
the rules below tie each finding to the words around it.

Flow of ``extract``:
1. normalise full-width digits/letters (length-preserving, so offsets hold);
2. spaCy (blank zh + jieba + userdict.txt) with an EntityRuler built from
   patterns.yaml tags places, cue words, statuses, degrees...; a Matcher adds
   a few multi-token combos (在…工作, 登记了灵活就业, 没交社保);
3. numbers.py regexes find dates, ages and durations on the characters;
4. every number / date / place is tied to the nearest cue word in its
   sentence (crossing a comma costs 10 characters): 失业→unemployment,
   社保→social insurance, 合同→contract, 毕业→graduation, 户口→hukou,
   上班→work...; a cue such as 上班/读了 "absorbs" a number that no fact wants;
5. booleans honour negation (没办, 不是), questions (…吗, 是不是) and
   "done" words where the word alone is not a statement (用工登记 needs 办了);
   hypotheticals (如果, 打算) drop everything after them in the clause, and
   past jobs (以前, 之前) drop the current-job facts;
6. findings are applied in text order, so a later statement wins
   ("不对，我三十七岁"); a guess and a fact for the same name also follow
   that order.
"""
from __future__ import annotations

import datetime as _dt
import re
import threading
from dataclasses import dataclass, field
from typing import Callable

from spacy.tokens import Span
from spacy.util import filter_spans

from . import numbers as N
from .spoken import normalise
from . import vocab

# Items that state something of a person: a relative named only after them is a side remark.
SUBJECT_FACT_LABELS = {"AGE", "DUR", "DATE", "PLACE", "HUKOU_PLACE", "STATUS", "BOOL", "DONE_BOOL", "EDU", "CERT"}
# Facts of an organisation (its grade, prize…), never a person's: not filtered by who is named.
ORG_FACT_NAMES: set[str] = set()
BOOL_FACTS = {
    "rural_hukou", "within_working_age", "paired_region_rural_labor",
    "full_time_education", "fresh_graduate", "graduating_student",
    "school_in_shanghai", "school_in_jinshan", "hard_to_employ_certified",
    "flexible_employment_registered", "employer_excluded", "contract_open_ended",
    "employment_registered", "insurance_base_below_1_2x_min",
    "in_jinshan_internship_base", "subsidized_training_in_jinshan",
    "first_skill_evaluation", "first_job_in_jinshan", "skill_evaluation_taken",
}
MONTH_FACTS = {"unemployment_months", "social_insurance_months",
               "contract_months", "months_since_graduation"}
INT_FACTS = MONTH_FACTS | {"age"}
DATE_FACTS = {"graduation_date", "unemployed_since", "flexible_since"}
# Facts about the current job / current unemployment: dropped when the
# clause talks about a previous job (以前在奉贤上班).
# unemployment_months is not one of them: 之前失业了10个月，现在送外卖 gives the spell that
# ended when the flexible work began (the contract's reading for 一（二）).
CURRENT_FACTS = {
    "employment_status", "work_region", "employer_excluded", "contract_months",
    "contract_open_ended", "employment_registered",
    "unemployed_since", "flexible_employment_registered", "flexible_since", "first_job_in_jinshan",
    "in_jinshan_internship_base",
}
OLD_JOB_FACTS = ("work_region", "employer_excluded", "contract_months", "contract_open_ended",
                 "employment_registered")
# cue kind -> what a number/date near it is about
DURATION_FACT = {"unemp": "unemployment_months", "si": "social_insurance_months",
                 "contract": "contract_months", "grad": "months_since_graduation"}
NUMBER_CUES = {"unemp", "si", "contract", "grad", "absorb", "work", "live",
               "intern", "training", "school"}
PLACE_CUES = {"hukou", "person", "work", "school", "training", "intern", "live", "unemp"}
# the role a place without a cue takes when the assistant asked about it
ASKED_PLACE_ROLE = {"hukou": "hukou", "work_region": "work",
                    "school_in_shanghai": "school", "school_in_jinshan": "school",
                    "in_jinshan_internship_base": "intern",
                    "subsidized_training_in_jinshan": "training"}
ASKED_CUE = {"unemployment_months": "unemp", "unemployed_since": "unemp",
             "social_insurance_months": "si", "contract_months": "contract",
             "months_since_graduation": "grad", "graduation_date": "grad", "flexible_since": "flex",
             "fresh_graduate": "grad"}   # 是应届生吗？ "2024年7月": when they left school
HUKOU_VALUE = {"jinshan": "jinshan", "shanghai_other": "shanghai_other",
               "outside": "non_shanghai", "non_shanghai": "non_shanghai"}
# vocabulary items that are a fact on their own (a negation right before one is its own)
FACT_WORDS = {"STATUS", "BOOL", "DONE_BOOL", "EDU", "CERT", "CERT_WEAK", "HUKOU_PLACE",
              "EMPLOYER_GENERIC", "TRAIN_SUBSIDY"}
WORK_VALUE = {"jinshan": "jinshan", "shanghai_other": "shanghai_other",
              "outside": "outside_shanghai"}

# full-width ASCII (０-９, Ａ-Ｚ, ，？) -> ASCII; one character each, so offsets hold
_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_BARE_NUM = re.compile(rf"(?P<pre>快要?|将近|接近|大概|差不多|约)?(?P<n>{N.NUM})(?![\d{N.CN_CHARS}万])(?P<post>多|左右)?"
                       r"(?!\s*[年月个岁元块号日万千百天周次%级点家位名张份种条件套辆间所些下遍趟批等])")

# 一直, 一起, 一下, 十分: a numeral that is part of a word, not a number said
_IN_A_WORD = re.compile(r"[一十](?![了啦吧呢吗啊呀哦伐嘛额咯喽哈个岁年月零一二三四五六七八九十百千两廿半多]|$)(?=[\u4e00-\u9fff])")

# "还没办", "没交过": a short "not done" answer to a yes/no question
_NOT_DONE = re.compile(r"(还|也|都)?(没有?|未)(办理?|交|缴|签|登记|认定|做|去)?(过|呢)?")

_LOCK = threading.Lock()
_PIPE: tuple | None = None


def _pipeline():
    """The spaCy pipeline and Matcher, built once (jieba's dictionary and the
    pattern compilation take about a second)."""
    global _PIPE
    if _PIPE is None:
        with _LOCK:
            if _PIPE is None:
                import logging

                import jieba
                import spacy
                from spacy.matcher import Matcher

                jieba.setLogLevel(logging.WARNING)
                jieba.load_userdict(str(vocab.USERDICT_PATH))
                nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
                ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
                ruler.add_patterns(vocab.ruler_patterns())
                matcher = Matcher(nlp.vocab)
                for name, pats in vocab.patterns()["combos"].items():
                    matcher.add(name, pats)
                _PIPE = (nlp, matcher)
    return _PIPE


@dataclass
class Extraction:
    """Result of ``extract``.

    facts:   contract fact name -> contract value (int, bool, enum str, ISO date).
    confirm: fact name -> a guessed value the assistant must confirm first.
    spans:   (fact, value, start, end, text), one per fact in ``facts`` (the
             words that gave the value that won), in text order.
    """
    facts: dict = field(default_factory=dict)
    confirm: dict = field(default_factory=dict)
    ranges: dict = field(default_factory=dict)   # fact -> (low, high) the words allow, for each guess
    spans: list = field(default_factory=list)
    # (start, end) of what is said of someone the message says is not asked about (其丈夫…，
    # 不在本次咨询范围): no fact found there, by this reader or another, is the subject's
    not_asked: list = field(default_factory=list)
    # the person talked about when it is not the writer: "他" / "她" (来电人, 我儿子, 这位女士)
    subject: str | None = None
    # the words that named them (来电人, 儿子, 朋友), when it is not the writer
    subject_word: str | None = None
    # facts said of a plan or a supposition (一毕业就直接去跑外卖): never the person's; a what-if
    # asked about them is answered on them
    planned: dict = field(default_factory=dict)
    right_after: bool = False   # 第二天就开始跑货拉拉: the flexible work began when the spell did


@dataclass(eq=False)
class Item:
    start: int
    end: int
    text: str
    label: str          # entity label, COMBO, or DATE / YEAR / DUR / AGE
    value: object       # entity id, combo name, or the parsed number/date
    kinds: frozenset = frozenset()
    # the words reported as the fact's span when they are not the whole item:
    # 在金山工作 -> 工作 (the place has a span of its own), 已经八个月 -> 八个月
    shown: tuple | None = None

    @property
    def span(self) -> tuple[int, int]:
        return self.shown or (self.start, self.end)


def _kinds(label: str, value, text: str) -> frozenset:
    """Which cue roles a vocabulary item can play for nearby numbers/places."""
    k: set[str] = set()
    if label == "CUE":
        k.add(value)
    elif label == "STATUS":
        k.add({"unemployed": "unemp", "employed": "work"}.get(value, "absorb"))
    elif label == "EMPLOYER_GENERIC":
        k.add("work")
    elif label == "BOOL":
        fact = value.split("=")[0]
        k |= {"rural_hukou": {"hukou"}, "employer_excluded": {"work"},
              "contract_open_ended": {"contract"}, "fresh_graduate": {"grad"}}.get(fact, set())
    elif label == "EDU" and value not in ("below_high_school", "high_school"):
        k.add("school")
    elif label == "TRAIN_SUBSIDY":
        k.add("training")
    if ("毕业" in text or "离校" in text) and not (label == "BOOL" and value.startswith("graduating")):
        k.add("grad")
    return frozenset(k)


_SAT_FOR = re.compile(r"评价|报名|培训|考试|鉴定|要考|想考|去考|准备考|在考|打算考|参加|下个月考|明年考|考评")
_HELD = re.compile(r"考出|考到|拿到|取得|获得|拿了|证|持有|考过了|通过了|考好了")
_NOT_YET = re.compile(r"(?:还有[^，,。；;]{0,4}才(?:到|是|读到|上)?|还没到|还不到|还没有到)$")
_BARE_CERTIFIED = re.compile(r"(?:我|本人|自己|他|她|伊|来电人|该市民)(?:自己|本人)?(?:说|讲|表示|称)?(?P<no>(?:还|也|都|从来)?(?:没有|没|未|从没)(?:被)?认定过?)(?![^，,。\s]{0,4}(?:技能|等级|证|级))")
_ASKS_AT_CLAUSE_END = re.compile(r"[^，,。；;\s我]{0,8}?(?:有没有|有吗|有伐|算不算|行不行|可不可以)(?:认定过?|办过?|登记过?)?\s*[?？]?\s*(?:$|[，,。；;\s])")
# (3月到7月)没工作 / 都在家 / 失业: what follows a closed range of dates that makes it a spell
_SPELL_AFTER = re.compile(r"(?:份)?(?:这段时间|之间|期间|中间)?[，,\s]*(?:一直|都|就)?(?:没(?:有)?(?:工作|上班|活干|事做|找到工作)|失业|待业|在家|歇着|闲着|勿做|呒没生活)")
_SIGNS_LATER = re.compile(r"(?:下周|下个?(?:星期|礼拜|月)|明天|后天|过几天|过两天|月底|年后|过完年|过了年|马上|就要|快要|将要|等)"
                          r"(?:就|才|要|再|会|去)*(?:签|入职|上班|报到)|(?:面试|笔试)(?:过了|通过了?|刚过)")
_PART_TIME_STUDY = re.compile(r"成人|在职|业余|函授|夜大|自考|网络教育|开放大学|电大")
_STILL_AT_SCHOOL = re.compile(r"还在(?:学校|学堂|读|念书|上学)|还没(?:离校|毕业)|在读|还在校|"
                              r"(?<![以之从])(?:在|勒)[^，,。；;\s]{0,8}读(?:本科|大专|中专|研究生|硕士|博士|大学|高职|职校)(?![的过了时])|"
                              r"(?<![以之从])(?:在|勒|辣辣)[^，,。；;\s]{0,8}(?:读书|念书|上学)(?![的过了])")
_EARLIER = re.compile(r"以前|之前|原来|早年|早些年|早几年")
_NOT_PASSED = re.compile(r"还没取证|还没拿证|还没拿到证|没取证|没拿到证书|还没考出|没考出|没考过关|没通过|没过|没考上|不及格|没拿到证|没考出来|勿曾考出|不曾考出")
# 他认定过…，我自己没有认定过 / 来电人本人未认定: the same yes-no fact denied of the person asked about
_CONTRAST_NO = re.compile(r"[，,；;。\s]\s*(?:来电人|来电者|当事人)?(本人|我自己|他自己|她自己|自己|我)(?:倒|却|则|还|都)?"
                          r"(?:未|没有|没|不是|并未|从未|从没)(?:被|去|有)?(?:认定|登记|办理?|评|考|参加)?(?:过)?(?=[，,；;。！!\s]|$)")


class _Message:
    """One message: its normalised text, clauses, items and scopes."""

    def __init__(self, text: str, today: _dt.date):
        self.raw = text
        self.t = _blank_rates(_blank_named_measures(_blank_when_to_come(_blank_cited_rules(_blank_quoted_rules(
            text.translate(_FULLWIDTH).lower())))))
        self.today = today
        self.ctx = vocab.context()
        self._split()
        numeric = _numeric_items(self)
        self.items = sorted(numeric + _vocab_items(self, numeric), key=lambda i: (i.start, i.end))
        self._scopes()
        self._people()

    # ------------------------------------------------------------- people
    def _people(self):
        """Who is named where, and who the message is about (see person_* in patterns.yaml)."""
        ctx, t = self.ctx, self.t
        found = []
        for kind in ("self", "third", "other"):
            for m in ctx["person_" + kind].finditer(t):
                if kind == "other" and ctx["acquaintance"].fullmatch(m.group(0)) \
                        and re.match(r"(?:家|的)?(?:饭店|店|公司|厂|单位|店里|厂里|公司里|那里|那边|介绍)", t[m.end():m.end() + 4]):
                    continue    # 去亲戚饭店帮过几天忙 / 朋友介绍: a place or a go-between, not someone talked about
                if kind in ("other", "third") and re.fullmatch(r"[他她伊]", m.group(0)) and re.search(
                        r"(?:照顾|服侍|伺候|护理|陪)(?:了)?$", t[max(0, m.start() - 3):m.start()]):
                    continue    # 我服侍伊五年没上班: the one cared for, not a person asked about
                if kind == "other" and (re.search(r"(?:带|照顾|陪|接送|看|养|服侍|伺候|护理|生了?|怀了?)(?:我|我的|我家|家里|屋里)?$",
                                                  t[max(0, m.start() - 4):m.start()])
                                        or re.match(r"(?:上个月|去年|前年|今年|上半年|年初|前几年)?(?:走了|去世|过世|没了|走脱"
                                                    r"|生病|生毛病|病了|住院|瘫|中风|开刀|身体不好)", t[m.end():m.end() + 6])
                                        or re.match(r"(?:现在|已经|刚)?(?:上|读)了?(?:小学|幼儿园|托班|一年级|二年级|三年级)",
                                                    t[m.end():m.end() + 7])):
                    continue    # 在家带孩子 / 孩子上小学了: the writer's own care for a small child, not a person asked about
                if kind == "other" and re.match(r"家(?:里|带|住|帮)?", t[m.end():m.end() + 2]) \
                        and re.search(r"(?:在|到|去|住|回)$", t[max(0, m.start() - 1):m.start()]):
                    continue    # 前几年一直在女儿家带外孙: a home, not a person talked about
                if kind == "other" and re.search(r"(?:来电人|来电者|该员工|该市民|该人员|咨询人)[（(][^）)]{0,14}$", t[max(0, m.start() - 20):m.start()]):
                    continue    # 来电人（会员单位员工的妹妹）：女，33岁: who the caller is, not another person
                if m.group(0) == "对象" and re.search(r"(?:的|见习|补贴|政策|服务|扶持|帮扶)$", t[max(0, m.start() - 2):m.start()]):
                    continue    # 就业见习的对象: whom a measure is for, not a partner
                if kind in ("other", "third") and re.match(r"(?:的)?(?:手机|电话|微信|号码|账号|那个厂|那个公司|那个单位|那家|那个)", t[m.end():m.end() + 4]) \
                        and re.search(r"(?:用|拿|借|进|去|到|在|是)$", t[max(0, m.start() - 1):m.start()]):
                    continue    # 用孙子的手机打字 / 想进他那个厂: a thing of theirs, not someone talked about
                if not any(i.start <= m.start() < i.end for i in self.items if i.label != "CUE"):
                    found.append((m.start(), m.end(), kind, m.group(0)))
        found.sort()
        # 我儿子 / 来电人的女儿 / 他老婆: someone's relative is one mention, and the person asked
        # about (as is 帮孙子问 / 替我妈问): the message is about them before anyone else
        owned = set()
        self.mentions = []
        for i, f in enumerate(found):
            nxt = found[i + 1] if i + 1 < len(found) else None
            if f[2] in ("self", "third") and nxt and nxt[2] == "other" \
                    and (re.fullmatch("(的|家|家的|们家|们)?", t[f[1]:nxt[0]])     # 来电人说女儿19岁: reported, hers
                         or f[2] == "third" and re.fullmatch("(说|称|讲|表示|反映|问|咨询)(的是)?", t[f[1]:nxt[0]])):
                # 我儿子 / 来电人的女儿 (first thing said): the one asked about; 来电人…，他爱人…: a side remark
                if (f[2] == "self" or not self.mentions) and not re.match(r"代|替|帮", t[nxt[1]:nxt[1] + 1]) and (
                        not ctx["acquaintance"].fullmatch(nxt[3])
                        or re.search(r"(帮|替|给|为|代)$", t[max(0, f[0] - 2):f[0]])):
                    owned.add(nxt)   # 我姐夫 is named, 帮我姐夫问 is asked for
                continue
            # (来电人母亲代问：儿子…: the mother asks, the son is asked about)
            if f[2] == "other" and re.search(r"(帮|替|给|为|代)(我|本人|其|他|她)?(的|家)?(?:问|咨询)?[：:，,\s]*$", t[max(0, f[0] - 6):f[0]]) \
                    and not re.search(r"(来电人|来电者|咨询人|当事人)(为|是)$", t[max(0, f[0] - 4):f[0]]):
                owned.add(f)    # 代儿子咨询 (来电人为母亲: the caller is a mother, not asked for)
            self.mentions.append(f)
        # 我室友说他拿了8000 / 听说我姐夫能领…: an acquaintance named, not asked for (no 帮/替), is
        # what is said around the writer's own case: not the one asked about
        self.background = []    # (start, end) from the acquaintance to where the writer speaks again
        for f in self.mentions:
            young = f[2] == "other" and f not in owned and re.match(
                r"(?:现在|已经|刚|还|还在|在|正在)*(?:读|上)(?:小学|初中|初一|初二|初三|中学|幼儿园|托班)", t[f[1]:f[1] + 8])
            if young or f[2] == "other" and f not in owned and ctx["acquaintance"].fullmatch(f[3]) \
                    and not any(o[3] == f[3] for o in owned) \
                    and not re.match(r"\s*[：:]", t[f[1]:f[1] + 2]):      # (该员工姐夫：38岁…: the note's person)
                # 他/她 until then are the acquaintance; 我自己…/那我呢 is the writer again
                # (a hotline note goes back to its 来电人: 期间去亲戚饭店帮过忙…。未认定困难人员)
                mine = [m[0] for m in self.mentions if m[0] > f[1] and (
                        m[2] == "self" or m[2] == "third" and m[3] not in ("他", "她", "它"))
                        and not re.match(r"(?:的|家)", t[m[1]:m[1] + 1])
                        and not re.search(r"(?:跟|和|给|对|告诉|问)$", t[max(0, m[0] - 2):m[0]])]   # (我同事跟我说他…)
                # (…期间去亲戚饭店帮过忙。未认定困难人员: a sentence's end ends it too; 他 stays theirs)
                ends = [m.end() for m in ctx["sentence_break"].finditer(t, f[1])]
                self.background.append((f[0], min(mine[:1] + ends[:1] + [len(t)])))
        named = [f for f in self.mentions if f[2] != "self"
                 and not any(a <= f[0] < b for a, b in self.background)]
        first = named[0] if named else None
        if first and first[2] == "third":
            # 来电人为学生家长，孩子在…: a relative named before anything is said of the caller
            # is the one asked about (来电人安徽户籍，…，他爱人…: a side remark)
            later = [f for f in named if f[2] == "other" and f[0] > first[0]]
            if later and re.search(r"家长|家属|父母|父亲|母亲|爸|妈|爷|奶|外婆|外公|阿婆|替|帮|代|其$", t[first[0]:later[0][0]]) \
                    and not any(first[1] <= i.start < later[0][0] and i.label in SUBJECT_FACT_LABELS
                                 for i in self.items):
                owned.add(later[0])
        primary = [f for f in named if f in owned]
        kept = [f for f in self.mentions if not any(a <= f[0] < b for a, b in self.background)]
        facts_at = [i.start for i in self.items if i.label in SUBJECT_FACT_LABELS]
        for f in list(primary):
            mine_after = [m for m in found if m[2] == "self" and m[0] > f[1]
                          and not re.match(r"(?:的|家)", t[m[1]:m[1] + 1])]
            asked_for = re.search(r"(?:帮|替|给|为|代)(?:我|本人)?(?:的|家)?$", t[max(0, f[0] - 4):f[0]]) \
                or ctx["self_not_asked"].search(t)
            speaks = re.match(r"说|讲", t[f[1]:f[1] + 1])     # (…我现在人在苏州上班，我妈说必须本人去: she speaks)
            spouse = re.fullmatch(r"老婆|老公|爱人|丈夫|妻子|媳妇|配偶|老伴|老太婆|老头子|老太|老头", f[3]) or speaks
            mine_before = [m for m in found if m[2] == "self" and m[1] <= f[0]
                           and not re.fullmatch(r"(?:的|家)?", t[m[1]:f[0]])]     # (not the 我 of 我老婆)
            if any(p < f[0] for p in facts_at) and any(
                    any(m[1] <= p < self.clause_span[self.clause[m[0]]][1] for p in facts_at)
                    or t.startswith("自己", m[1]) for m in mine_after) or not asked_for and any(
                    t.startswith("自己", m[1]) or spouse and any(
                        m[1] <= p < self.clause_span[self.clause[m[0]]][1] for p in facts_at)
                    for m in mine_after + (mine_before if speaks else [])) or not asked_for and spouse and any(
                    any(m[1] <= p < min(f[0], self.clause_span[self.clause[m[0]]][1]) for p in facts_at)
                    for m in mine_before) and sum(p < f[0] for p in facts_at) > sum(p > f[1] for p in facts_at) or any(
                    re.fullmatch(r"(?:跟|和|与|同)我?(?:的|家)?", t[m[1]:f[0]]) for m in mine_before):
                # (我跟我老公都是金山户口: the writer first, the spouse beside them)
                # (我42岁，在松江…上班；我老公在金山本地的厂里: the writer's own case first, in the first
                # person, then a spouse not asked for: a side remark, whose facts are theirs)
                # (我今年五十八…，阿拉老太婆讲伊也要问问: a spouse named after the writer's own case)
                # (我老婆是被征地的农民，我自己不清楚 / 我老婆是金山农村户口，我是浦东户口: the writer set
                # against the one named, who was not asked for with 帮/替)
                # (我31岁，…，我老公被认定过…，我自己没有: 我自己 after him is the writer set against him)
                # 我是去年8月辞职的…我妈天天念叨我户口是金山的: the writer's own case on both sides of 我妈
                primary.remove(f)
                named = [n for n in named if n != f]
                kept = [k for k in kept if k[2] == "self"] + [k for k in kept if k[2] != "self"]
        for f in [n for n in named if n not in primary]:
            # 我是江西户口 嫁到金山这边的 老公是金山本地人: the writer's own fact said in a first-person
            # clause, then a spouse not asked for: the spouse is a side remark
            if re.fullmatch(r"老婆|老公|爱人|丈夫|妻子|媳妇|配偶|老伴", f[3]) \
                    and not re.search(r"(?:帮|替|给|为|代)(?:我|本人)?(?:的|家)?$", t[max(0, f[0] - 4):f[0]]) \
                    and any(m[2] == "self" and m[1] <= f[0] and (any(
                        m[1] <= p < min(f[0], self.clause_span[self.clause[m[0]]][1]) for p in facts_at)
                        or re.fullmatch(r"(?:跟|和|与|同)", t[m[1]:f[0]]))     # (我和老公都是外地户口)
                        for m in found) or re.fullmatch(r"老婆|老公|爱人|丈夫|妻子|媳妇|配偶|老伴", f[3]) \
                    and not re.search(r"(?:帮|替|给|为|代)(?:我|本人)?(?:的)?$", t[max(0, f[0] - 4):f[0]]) \
                    and any(m[2] == "self" and m[0] > f[1] and t.startswith("自己", m[1]) for m in found):
                # (老公家是金山农村的 我自己今年30: the writer's own case set against the spouse)
                named = [n for n in named if n != f]
                kept = [k for k in kept if k[2] == "self"] + [k for k in kept if k[2] != "self"]
        self.subject = (primary or named or kept or [None])[0]
        mine = [f for f in self.mentions if f[2] == "self"]
        if mine and re.search(r"(?:问|说|讲|咨询)(?:一?下|问)?我自己|我自己的(?:情况|事)", t):
            # 我想问问我自己的情况 我老公在枫泾那边有个小厂…: the writer is asked about; 老公 is a side remark
            self.subject, primary, named = mine[0], [], []
        female = named and (ctx["person_female"].fullmatch(named[0][3]) or "她" in t
                            or re.search(r"(^|[，,\s（(：:]|来电人|来电者|咨询人|当事人)女(?:性|士)?([，,\s）)]|\d|$)", t))
        self.subject_pronoun = None if not named else ("她" if female else "他")
        note = re.search(r"(^|[，,\s：:])(男|女)(性)?([，,\s]|\d|$)", t)
        if not named and note:     # a hotline note: "女，34，金山户籍"
            self.subject_pronoun = "她" if note.group(2) == "女" else "他"

    def not_asked_spans(self) -> list[tuple[int, int]]:
        """(start, end) of what is said of someone the message says is not asked about, sentence
        by sentence: from someone else's name to the sentence's end (其丈夫硕士毕业…，不在本次
        咨询范围 / 王某的情况另行来电咨询), and, in a talk about someone else, from the writer's
        我 to the next person named (我自己今年52，下岗了，我不问我的，就问他)."""
        ctx, t, out = self.ctx, self.t, []
        out += getattr(self, "background", [])
        ends = [m.end() for m in ctx["sentence_break"].finditer(t)]
        about_other = self.subject is not None and self.subject[2] != "self"
        for lo, hi in zip([0] + ends, ends + [len(t)]):
            said, named = t[lo:hi], [f for f in self.mentions if lo <= f[0] < hi]
            if about_other and ctx["self_not_asked"].search(said):
                nxt = [f[0] for f in named[1:]] + [hi]
                out += [(f[0], n) for f, n in zip(named, nxt) if f[2] == "self"]
            others = [f[0] for f in named if f[2] == "other"]
            if others and ctx["not_asked_about"].search(said):
                out.append((others[0], hi))
        return out

    def about_someone_else(self, pos: int) -> bool:
        """The words at pos are said of a person other than the one the message is about."""
        before = [f for f in self.mentions if f[1] <= pos]
        if not before or self.subject is None:
            return False
        m, subject = before[-1], self.subject
        if m[2] == subject[2] and (m[2] != "other" or m[3] == subject[3]):
            return False    # the same person named again (我…我, 儿子…儿子, 来电人…他)
        if subject[2] == "self" and re.search(r"我们(?:俩|两个人?|两人)?都|我们俩|我们两个|我们两人|咱们?俩", self.t[m[1]:pos]):
            return False    # 我老公37…。我们俩都没去认定过: said of both, the writer among them
        if m[2] == "third" and subject[2] == "other":
            return False    # 他/她 refer to the person talked about
        if subject[2] == "self" and m[2] == "other" and re.search(r"(?:我|本人)(?:跟|和|与|同)我?(?:的|家)?$", self.t[max(0, m[0] - 4):m[0]]):
            return False    # 我跟我老公都是金山户口: said of both, the writer among them
        helped = subject[3] in ("他", "她", "伊") and re.search(r"(?:帮|替|代|给)$", self.t[max(0, subject[0] - 1):subject[0]])
        if m[2] == "self" and subject[2] == "third" and not self.t.startswith("自己", m[1]) and not helped:
            return False    # 来电人原话：「我…」: the caller quoted (我自己 is the writer; 我七十二了，帮伊问问: mine)
        return True

    # ------------------------------------------------------------ geometry
    def _split(self):
        t, sb, cb = self.t, self.ctx["sentence_break"], self.ctx["clause_break"]
        self.sent, self.clause, self.clause_span = [], [], {}
        s = c = 0
        start = 0
        for i, ch in enumerate(t):
            self.sent.append(s)
            self.clause.append(c)
            decimal = ch == "." and 0 < i < len(t) - 1 and t[i - 1].isdigit() and t[i + 1].isdigit()
            if cb.match(ch) and not decimal:
                self.clause_span[c] = (start, i)
                c, start = c + 1, i + 1
                if sb.match(ch):
                    s += 1
        self.clause_span[c] = (start, len(t))
        self.sent.append(s)
        self.clause.append(c)

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        return self.clause_span[self.clause[pos]]

    def before(self, item: Item, n: int) -> str:
        """Text just before item: same clause, after the previous item."""
        lo = max(item.start - n, self.clause_bounds(item.start)[0])
        for other in self.items:
            if other.end <= item.start and not (other.label == "CUE" and other.value == "absorb"):
                lo = max(lo, other.end)     # (还没给他们做用工登记: a bare verb hides no negation)
        return self.t[lo:item.start]

    def after(self, item: Item, n: int) -> str:
        hi = min(item.end + n, self.clause_bounds(max(item.end - 1, 0))[1])
        for other in self.items:
            if other.start >= item.end:
                hi = min(hi, other.start)
        return self.t[item.end:hi]

    def nearest(self, item: Item, kinds: set[str], max_gap: int = 12,
                cross: set[str] | None = None) -> Item | None:
        """The closest cue of one of ``kinds`` in item's sentence (a cue
        before the item wins a tie; crossing a comma costs 10, and only
        cues of the ``cross`` kinds may do so when it is given)."""
        best, best_score = None, None
        for c in self.items:
            if c is item or not (c.kinds & kinds) or self.sent[c.start] != self.sent[item.start]:
                continue
            if c.end <= item.start:
                lo, hi, before = c.end, item.start, True
            elif c.start >= item.end:
                lo, hi, before = item.end, c.start, False
            else:
                continue
            gap = hi - lo
            if gap > max_gap or any(lo <= o.start and o.end <= hi and _same_kind(o, item)
                                    for o in self.items):
                continue        # 金山的 在闵行: 闵行 does not get the cue 金山 is nearer to
            if c.kinds == {"person"} and (before or gap > 1):
                continue        # 人 only right after the place: 金山人, 安徽的人
            if "grad" in c.kinds and re.match(r"[之以]?前", self.t[c.end:c.end + 2]):
                continue        # 毕业前五月份就进厂: a time before school ended, no time since it
            crossings = len(set(self.clause[lo:hi + 1])) - 1
            if crossings and cross is not None and not (c.kinds & cross):
                continue
            score = gap + 10 * crossings + (0 if before else 0.5)
            if best_score is None or score < best_score:
                best, best_score = c, score
        return best

    # -------------------------------------------------------------- scopes
    def _scopes(self):
        numeric = [(i.start, i.end) for i in self.items if i.label in ("DATE", "YEAR", "DUR", "AGE")]

        def free(m):
            return not any(s < m.end() and m.start() < e for s, e in numeric)

        self.hypo_from = {}
        for m in self.ctx["hypo"].finditer(self.t):
            self.hypo_from.setdefault(self.clause[m.start()], m.start())
        for m in self.ctx["hypo_after"].finditer(self.t):   # 送外卖的话: the clause before 的话
            self.hypo_from[self.clause[m.start()]] = self.clause_bounds(m.start())[0]
        for m in self.ctx["rule_talk"].finditer(self.t):
            self.hypo_from[self.clause[m.start()]] = self.clause_bounds(m.start())[0]
        for m in re.finditer(r"[，,\s]+(?=(?:先|然后|再|后来|之后|接着|以后|到时候|最后|直接|就|马上|立马|立刻|签|去|进|换|当)(?!来|说|是|了|过))", self.t):
            # 等我明年毕业回金山 先在见习基地见习 后来在金山签了合同: the plan goes on
            prev, nxt = self.clause[max(0, m.start() - 1)], m.end()
            if prev in self.hypo_from and nxt < len(self.t) and self.clause[nxt] not in self.hypo_from:
                self.hypo_from[self.clause[nxt]] = nxt
        for m in re.finditer(r"比如|比方说|比方讲|例如|打个比方|举个例子|假定", self.t):
            # 比如前年12月离校的，到今年12月正好两年，还算不算2年内: the example, to the sentence's end
            ends = [e.start() for e in self.ctx["sentence_break"].finditer(self.t, m.end())]
            hi = ends[0] if ends else len(self.t)
            for k in dict.fromkeys(self.clause[m.start():hi]):
                self.hypo_from.setdefault(k, max(m.start(), self.clause_span[k][0]))
        for m in _OPTIONS.finditer(self.t):
            # 手上两个offer 一个是金山的民企 说签3年 一个是闵行的外企: jobs to choose from, none taken yet
            for k in dict.fromkeys(self.clause[m.start():]):     # this clause and every one after it
                self.hypo_from.setdefault(k, self.clause_span[k][0])
        for m in _SIGNS_LATER.finditer(self.t):
            # HR说下周签合同 签三年: a contract to be signed, and the clause going on about it
            lo, hi = self.clause_bounds(m.start())
            self.hypo_from.setdefault(self.clause[m.start()], lo)
            nxt = re.match(r"[\s，,]+(?=(?:签|合同|签的是|要签))", self.t[hi:])
            if nxt and hi + nxt.end() < len(self.t):
                self.hypo_from[self.clause[hi + nxt.end()]] = hi + nxt.end()
        self.past = []
        for m in self.ctx["past"].finditer(self.t):
            if not free(m):
                continue        # 三个月之前: part of a duration
            hi = self.clause_bounds(m.start())[1]
            if re.search(r"(?:失业|离职|辞职|下岗|被裁)(?:以)?前", m.group(0)):
                # 失业前在闵行一家公司，签的3年合同: the job before, to the sentence's end
                ends = [e.start() for e in self.ctx["sentence_break"].finditer(self.t, m.end())]
                hi = ends[0] if ends else len(self.t)
            stop = self.ctx["past_end"].search(self.t, m.end(), hi)
            self.past.append((m.start(), stop.start() if stop else hi))

    def hypothetical(self, pos: int) -> bool:
        start = self.hypo_from.get(self.clause[pos])
        return start is not None and pos >= start

    def in_past(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.past)

    # ------------------------------------------------------------- context
    def bool_value(self, item: Item, value: bool, need_done: bool = False) -> bool | None:
        """value, flipped by a negation, None for a question (or, with
        need_done, when no 办了/是/认定过 says it happened)."""
        ctx, before, after = self.ctx, self.before(item, 8), self.after(item, 6)
        if ctx["echo_no"].match(self.t[item.end:]) or ctx["neg_topic"].match(self.t[item.end:]):
            return False if value else None
        if ctx["echo_yes"].match(self.t[item.end:]):
            return value
        if ctx["neg_before"].search(before) and "什么" in before:
            return False if value else None     # 没认定过什么困难人员: a negation, not a question
        if ctx["question_before"].search(before) or ctx["question_after"].match(after) \
                or re.match(r"\s*(?:有没有|有无)(?:被)?(?:认定|办|登记|备案|交|缴|签)", after):
            return None         # (困难人员有没有认定过: asked)
        if _TO_CHECK_AFTER.match(after):
            return None         # 农村户口要查 / 困难人员也不清楚: not known yet
        lo, hi = self.clause_bounds(item.start)
        clause_before = self.t[max(lo, item.start - 10):item.start]
        clause_after = self.t[item.end:min(hi, item.end + 10)]
        neg_after = ctx["neg_after"].match(after)
        neg_verb = ctx["neg_verb_after"].match(clause_after)
        # 失业10个月没认定就业困难人员: 没认定 negates the word after it, not 失业
        if neg_after and self.word_at(item.end + neg_after.end()):
            neg_after = None
        if neg_verb and self.word_at(item.end + neg_verb.end()):
            neg_verb = None
        if ctx["neg_before"].search(before) or neg_after or neg_verb or _NOT_YET.search(clause_before):
            return False if value else None     # (还有两年才到毕业年级: not yet)
        # 就困人员 认定过了 / 就业困难人员，认定过了: the finding ends its clause, the done word opens the next
        gap = re.match(r"[\s，,]{1,2}", self.t[item.end:]) if not clause_after.strip() else None
        if need_done and not (ctx["done_before"].search(clause_before)
                              or ctx["done_after"].match(clause_after)
                              or gap and ctx["done_after"].match(self.t[item.end + gap.end():item.end + gap.end() + 10])):
            return None
        return value

    def word_at(self, pos: int) -> bool:
        """A fact word (status, degree, 就业困难人员, ...) starts at pos, maybe after 为/成."""
        for other in self.items:
            if other.label in FACT_WORDS and other.start >= pos \
                    and re.fullmatch("(为|成|过|了)?", self.t[pos:other.start]):
                return True
        return False

    def negated_place(self, item: Item) -> bool:
        # (不在金山 / 在金山以外读的: not there)
        return bool(self.ctx["place_neg_before"].search(self.before(item, 3))
                    or re.match(r"以外|之外|外面|外头|外边", self.t[item.end:item.end + 2]))


_QUOTES = {"“": "”", "「": "」", "『": "』", '"': '"'}
_CLAUSE_NO = r"[一二三四五六七][（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+条|第?[（(][一二三四五六七八九十]+[)）]条?"   # 一（三）, 第三条, 第（四）条
_RULE_QUOTE = re.compile(r"(文件|政策|条款|规定|原文|意见|上面|里面|" + _CLAUSE_NO + r")[^“「『\"，,。]{0,6}$"
                         r"|(?:那条|这条|那一条|这一条)[，,\s]*$")     # (长期失业青年那条，“连续失业时间超过6个月”)


def _blank_quoted_rules(t: str) -> str:
    """文件里写“…35周岁及以下、超过6个月…”: a quotation of the policy says nothing of the
    person; it is blanked (same length). 来电人原话「我…」 is kept: it is the caller speaking."""
    out, i = list(t), 0
    while i < len(t):
        close = _QUOTES.get(t[i])
        if close and _RULE_QUOTE.search(t[max(0, i - 12):i]):
            depth, j = 0, i + 1
            while j < len(t):
                if t[j] == t[i] and close != t[i]:
                    depth += 1
                elif t[j] == close:
                    if depth == 0:
                        break
                    depth -= 1
                j += 1
            for k in range(i, min(j + 1, len(t))):
                out[k] = " "
            i = j
        i += 1
    return "".join(out)


# 灵活就业补贴里的连续失业超过6个月 / 见习里说的离校2年内未就业全日制毕业生: the policy's own words
# cited without quotation marks, up to the clause's end or a person (…35岁以下，我36了).
_CITES_RULE = re.compile(r"(?:文件|政策|条款|规定|原文|意见|通知|补贴|补助|资助|奖励|见习|" + _CLAUSE_NO + r")(?:里面?|上面?|中)"
                         r"(?:说|写|讲|提到|规定|要求)?(?:的|了|着)?|(?:文件|政策|规定|条款|原文|通知)"
                         r"(?:上|里)?(?:说|写|讲|提到|规定|要求)(?:的|了|着)?"
                         # 一（二）说连续失业时间超过6个月: a clause of the document, named by its number
                         r"|(?:" + _CLAUSE_NO + r")(?:里|中|上)?(?:说|写|讲|提到|规定|要求)(?:的是|的|了|着)?"
                         # 人才回流说的金山籍应届高校毕业生 / 见习讲的…: a measure's words, said as its
                         r"|(?:回流|补贴|补助|资助|奖励|见习|稳岗)(?:里)?(?:说|写|讲|要求|规定)(?:的|了|着)?"
                         # 长期失业青年那条说… / 那条 写的是…: a clause of the document, quoted
                         r"|(?:那条|这条|那一条|这一条|条款|条文)[\s，,]*(?:里)?(?:说|写|讲|规定|要求)(?:的是|的|了|着)?"
                         # (户口本上写的是农业 / 合同上写的是两年: the person's own papers, not the document)
                         r"|(?<!本上)(?<!本)(?<!证上)(?<!证)(?<!同上)(?<!同)(?<!卡上)(?<!以前)(?<!原来)(?<!之前)写的是")
_CITED_ENDS = re.compile(r"[，,。！？!?；;\n]|我|他|她|本人|孩子|儿子|女儿|来电人|老公|老婆|自己")


# 等我毕业回金山上班 社保交满半年的时候: what will be true then, said of a time to come
_WHEN_TO_COME = re.compile(r"等(?:我|他|她|伊|孩子|儿子|女儿|到)[^。？?！!；;]{0,24}?的时候")


def _blank_when_to_come(t: str) -> str:
    return _WHEN_TO_COME.sub(lambda m: " " * len(m.group(0)), t)


# 本科3000那个补贴 / 灵活就业那个我为啥拿不到 / 长期失业青年灵活就业标准是多少: a fact word
# naming a measure (with its amount, 那个, or 标准) says nothing of the person.
_FACT_WORD = r"(?:本科|硕士研究生|硕士|博士研究生|博士|研究生|大专|专科|中专|应届生?|灵活就业|见习|高级技师|技师|高级工|[一二三]级|" \
             r"就业困难人员|困难人员|原农业户籍|被征地|跨区|对口地区)"
_NAMED_MEASURE = re.compile(
    r"(?:长期失业青年|失业青年)\s*" + _FACT_WORD + r"?"
    r"|(?<![我是他她])" + _FACT_WORD + r"\s*(?:[0-9]{3,5}|[一两三八]千|一万八)\s*(?:元|块)?\s*(?:的|那个|这个|那项|这项|补贴|奖励)"
    r"|(?<![我是他她])" + _FACT_WORD + r"(?:的)?(?:那个|这个|那项|这项)(?=补贴|补助|奖励|政策|能|我|怎么|多少|是|呢|要|可以|为啥|为什么|咋|[？?\s]|$)"
    r"|(?<![我是他她])" + _FACT_WORD + r"(?:的)?(?:补贴)?(?:标准|金额|待遇)"
    # 灵活就业一千一个月我符合吗 / 见习600一个月: the measure by its amount a month
    r"|(?<![我是他她在])" + _FACT_WORD + r"\s*(?:[0-9]{3,5}|[一两三六八]千五?|六百|一万八)\s*(?:元|块)?\s*(?:一个月|每个?月|/月|一月)"
    # 灵活就业1000元阿拉好拿几钿 / 灵活就业1000元 duoshao qian: the measure by its sum, asked about
    r"|(?<![我是他她在])" + _FACT_WORD + r"\s*(?:[0-9]{3,5}|[一两三六八]千五?)\s*(?:元|块)(?=[^，,。]{0,10}(?:多少|几钿|几钱|duoshao|能|好|可以|吗|伐|发|[？?]|$))"
    # 好申请灵活就业伐 / 来电人咨询能否享受灵活就业: the measure applied for, not what one does
    r"|(?:申请|享受|申领|领取)(?:一下|下)?(?:那个|这个)?" + _FACT_WORD +
    # 技师证补贴补几钿 / 打零工补贴好拿几钿 / 应届生回金山就业补贴: a subsidy called by the fact
    # it is for, no clause between, names the measure (我是技师，补贴… states it)
    r"|(?<![我是他她在做搞干跑当])(?:" + _FACT_WORD[3:-1] + r"|打零工|零工|打短工|跑外卖|送外卖|外卖|职业资格)(?:证书?)?"
    r"(?:回金山|回乡|返乡|回流|来金山)?(?:就业|工作|上班)?(?:的)?(?:补贴|补助|奖励|津贴|钱|钞票|那份钱|那笔钱)(?=[^，,。]{0,8}(?:多少|几钿|几钱|有份|能拿|能领|好拿|可以拿|吗|伐|[？?]))")


# 金山籍是指户口在金山吗 / 意思是连续失业超过6个月吗: what a term means, asked; no fact of the person
_DEFINES = re.compile(r"[^，,。？?！!\s]{0,8}(?:是指|指的是|是不是指|意思是|的意思是)[^，,。？?！!\s]{0,20}?(?=吗|么|呢|还是|[？?\s，,]|$)"
                      r"(?:\s*还是[^，,。？?！!\s]{0,14})?")     # …还是在金山出生的: the other sense asked


# 一个人一个月多少 / 每个月能拿几钿 / 一个月给还是一次性给: the rate asked about, no duration of anything
_RATE = re.compile(r"(?:一个|每个?|1个)月(?=(?:能|可以|可|给|补|发|有|拿|领|是)*[^，,。？?\s]{0,2}(?:多少|几钱|几钿|几块|多钱|给还是|发还是))")


# 那个1000块一个月的 / 600元每月: an amount by the month, no duration of anything
_AMOUNT_RATE = re.compile(r"(?:[0-9]{2,6}|[一二三四五六七八九十两][百千万][一二三四五六七八九十两百千万]*)\s*(?:块钱|块|元)?\s*(?P<rate>(?:一个|每个?|/)月)")


def _blank_rates(t: str) -> str:
    t = _RATE.sub(lambda m: " " * len(m.group(0)), t)
    return _AMOUNT_RATE.sub(lambda m: m.group(0)[:m.start("rate") - m.start()] + " " * len(m.group("rate")), t)


def _blank_named_measures(t: str) -> str:
    t = _DEFINES.sub(lambda m: " " * len(m.group(0)), t)
    return _NAMED_MEASURE.sub(lambda m: " " * len(m.group(0)), t)


def _blank_cited_rules(t: str) -> str:
    out = list(t)
    for m in _CITES_RULE.finditer(t):
        end = _CITED_ENDS.search(t, m.end())
        cited = t[m.end():end.start() if end else len(t)]
        if cited.count("（") + cited.count("(") > cited.count("）") + cited.count(")"):
            close = re.compile(r"[）)]").search(t, m.end() + len(cited))   # （原农业户籍人员，含被征地人员）: one citation
            end = _CITED_ENDS.search(t, close.end()) if close else None
        for k in range(m.end(), end.start() if end else len(t)):
            out[k] = " "
    return "".join(out)


def _numeric_items(msg: _Message) -> list[Item]:
    """Dates, ages and durations found by regex, overlaps resolved by priority."""
    t, today, ctx = msg.t, msg.today, msg.ctx
    cands: list[tuple[int, Item]] = []
    year_said = None        # 前年夏天毕业的，6月底离的校: a month after a year said is in that year
    for m in N.DATE_RE.finditer(t):
        if not m.group(0):
            continue
        d = N.parse_date(m, today)
        if d is None:
            continue
        if re.search(r"(?:现在|目前|如今|今天|眼下)(?:是|都|已经)?$", t[max(0, m.start() - 4):m.start()]):
            continue        # 现在10月了: today's month, not a date of the person's case
        if m.group("ny") or m.group("y") or m.group("rel"):
            year_said = d.year
        elif d.month is not None and year_said is not None and not m.group("relm"):
            d = N.CalDate(year_said, d.month, d.day)
        if d.month is None:
            y = m.group("y")
            if y.isdigit() and len(y) == 2 and (ctx["years_after"].match(t, m.end())
                                                or ctx["years_before"].search(t[:m.start()])):
                continue        # 社保交了15年: a number of years, not 2015
            if not y.isdigit() and N.numeral_range(y):
                continue        # 三四年
            cands.append((2, Item(m.start(), m.end(), m.group(0), "YEAR", d)))
        else:
            cands.append((0, Item(m.start(), m.end(), m.group(0), "DATE", d)))
    for rx, prio in ((N.AGE_UNIT_RE, 1), (N.AGE_ROUGH_RE, 1), (N.AGE_BARE_RE, 4)):
        for m in rx.finditer(t):
            value = N.age_from_match(m)
            if rx is N.AGE_BARE_RE and isinstance(value, int) and not 14 <= value <= 100:
                value = None    # "我3000": not an age
            if isinstance(value, int) and value < 14:
                value = None    # 孩子两岁 / 我就大了一岁: not the age of someone seeking work
            start = m.start("n") if rx is N.AGE_BARE_RE else m.start()
            cands.append((prio, Item(start, m.end(), t[start:m.end()], "AGE", value)))
    clauses = [c for c in re.split(r"[，,、/\s。；;]+", t) if c]
    opening = re.match(rf"\s*{N.NUM}(?=[，,、/\s])", t)    # "三十五 金山户口": the note opens with the age
    notes = [m for m in N.NOTE_AGE_RE.finditer(t) if (n := N.cn_to_int(m.group("n"))) and 16 <= n <= 100]
    if len(notes) == 1 and re.search(r"(?:男|女)性?[，,、\s]*$", t[max(0, notes[0].start("n") - 3):notes[0].start("n")]):
        # 来电人男38 金山户籍: a hotline note's sex, then the age
        cands.append((4, Item(notes[0].start("n"), notes[0].end(), notes[0].group("n"), "AGE",
                              N.cn_to_int(notes[0].group("n")))))
    elif len(clauses) >= 3 or len(clauses) == 2 and opening:
        if len(notes) == 1:
            m = notes[0]
            cands.append((4, Item(m.start("n"), m.end(), m.group("n"), "AGE", N.cn_to_int(m.group("n")))))
    for m in N.DURATION_RE.finditer(t):
        if not m.group("pre") and re.search(r"[那这哪]$|最后$", t[max(0, m.start() - 2):m.start()]) and m.group(0).startswith("一"):
            continue        # 还没到毕业那一年 / 中专最后一年: that year, no length of time
        item = Item(m.start(), m.end(), m.group(0), "DUR", N.parse_duration(m))
        if m.group("pre") in ("已经", "已"):
            item.shown = (m.end("pre"), m.end())    # 失业已经八个月: the span is 八个月
        cands.append((3, item))
    chosen: list[Item] = []
    for _prio, item in sorted(cands, key=lambda pc: (pc[0], pc[1].start)):
        if not any(item.start < c.end and c.start < item.end for c in chosen):
            chosen.append(item)
    # 36是虚岁 / 虚岁36: not the 周岁 the policy counts
    chosen = [i for i in chosen if not (i.label == "AGE" and (re.match(r"[是的]?虚岁", t[i.end:i.end + 3])
                                                               or t[max(0, i.start - 3):i.start].endswith(("虚岁", "虚岁是"))
                                                               # 他说自己还算35岁: a claim to count as, not his age
                                                               or t[max(0, i.start - 3):i.start].endswith(("还算", "还算是", "也算", "算不算"))))]
    chosen.sort(key=lambda i: i.start)
    for a, b in zip(chosen, chosen[1:]):
        # 去年过完年二月份: the month said after a dated phrase is in that phrase's year
        if a.label == b.label == "DATE" and b.start - a.end <= 2 and not re.match(r"\d{2,4}|[一二三四五六七八九〇零]{2,4}年|[今去前明后]年", b.text) \
                and not re.search(r"[非不勿到至~～－—-]", t[a.end:b.start]) \
                and a.value.year is not None and b.value.month is not None:
            b.value = N.CalDate(a.value.year, b.value.month, b.value.day)
            a.label = "DATE_PART"       # the vaguer first part yields to the month
    return chosen


def _vocab_items(msg: _Message, numeric: list[Item]) -> list[Item]:
    nlp, matcher = _pipeline()
    doc = nlp(msg.t)
    items = []
    for ent in doc.ents:
        items.append(Item(ent.start_char, ent.end_char, ent.text, ent.label_, ent.ent_id_,
                          _kinds(ent.label_, ent.ent_id_, ent.text)))
    combos = [Span(doc, s, e, label=match_id) for match_id, s, e in matcher(doc)]
    for span in filter_spans(combos):       # longest of overlapping matches
        item = Item(span.start_char, span.end_char, span.text, "COMBO", span.label_)
        if span.label_ == "employed":       # 在枫泾镇工作: the fact's words are 工作
            item.shown = (span[-1].idx, span[-1].idx + len(span[-1]))
        elif span.label_ == "fresh_grad":   # 今年刚本科毕业: 今年刚 (本科毕业 is the degree)
            edu = next(t for t in span if t.ent_type_ == "EDU")
            item.shown = (span.start_char, edu.idx)
        items.append(item)
    # a number found by regex wins over a word that overlaps it
    return [i for i in items
            if not any(i.start < n.end and n.start < i.end for n in numeric)]


class _Rules:
    """Turns items into findings: (fact, value, item, is_guess)."""

    def __init__(self, msg: _Message, asked: str | None):
        self.msg, self.asked, self.out = msg, asked, []
        self.ranges: dict[str, tuple[int, int]] = {}
        self.past_spell = False                # 之前失业了10个月: a spell that has ended
        self.planned: dict = {}                # what a plan or a supposition says (never recorded)
        self.spell_year = False                # 去年辞职: the spell's start by its year alone
        self.orphans: list[Item] = []          # numbers/places no cue claimed

    def add(self, fact: str, value, item: Item, guess: bool = False, derived: bool = False):
        """Record a finding; ``derived`` marks a fact that follows from another
        one on the same words (签了三年合同 -> employment_status)."""
        if value is None:
            return
        if isinstance(value, N.Guess):
            if fact != "birth_year":
                self.ranges[fact] = value.range
            value, guess = value.value, True
        if fact == "age" and not 0 <= value <= 120 or fact in MONTH_FACTS and not 0 <= value <= 600:
            return
        if self.msg.hypothetical(item.start) and not (
                fact == "first_skill_evaluation" and re.search(r"(?:准备|打算|计划|要)[^，,。；;]{0,4}$", self.msg.t[
                    self.msg.clause_bounds(item.start)[0]:item.start])):
            # (准备第一趟去考高级工: the evaluation is to come, that it is the first is said now)
            if not derived:
                self.planned.setdefault(fact, value)
            return
        if fact not in ORG_FACT_NAMES and self.msg.about_someone_else(item.start):
            # 其丈夫为已认定就业困难人员，来电人本人未认定: the spouse's yes, the caller's own no
            mine = _CONTRAST_NO.search(self.msg.t, item.end, min(len(self.msg.t), item.end + 24)) \
                if value is True else None
            if mine and not self.msg.about_someone_else(mine.end(1)):
                self.out.append((fact, False, Item(mine.start(), mine.end(), mine.group(0), "BOOL", None),
                                 False, False))
            return          # 来电人安徽户籍，爱人是金山户口: the spouse's 户口 is not the caller's
        if fact == "age" and value < 16 and self.msg.subject and self.msg.subject[2] == "other":
            return          # 孩子两岁了: a child's age, not a job seeker's
        if fact in MONTH_FACTS and re.search(r"(?:不是|并不是|并非|哪里是|哪是)[^，,。；;\s]{0,4}$", self.msg.t[
                self.msg.clause_bounds(item.start)[0]:item.start]):
            return          # 他不是失业1个月: the value denied, never recorded
        if fact == "unemployment_months" and self.msg.in_past(item.start):
            self.past_spell = True
        if fact in CURRENT_FACTS and self.msg.in_past(item.start) and not (
                fact == "unemployed_since" and self.asked in ("unemployed_since", "unemployment_months", "flexible_since")):
            return      # (之前是去年4月10号厂里裁员没的工作, to 从哪天起失业: the spell's start, asked for)
        self.out.append((fact, value, item, guess, derived))

    def run(self):
        msg = self.msg
        # 开始在家做淘宝直播: at home is where the flexible work is done, not being out of work
        msg.items = [i for i in msg.items if not (
            i.label == "STATUS" and i.value == "unemployed" and "在家" in i.text and any(
                o.label == "STATUS" and o.value == "flexible" and 0 <= o.start - i.end <= 1 for o in msg.items))]
        places = []
        for item in msg.items:
            handler = getattr(self, "_" + item.label.lower(), None)
            if item.label in ("PLACE", "HUKOU_PLACE"):
                places.append(item)
            elif handler:
                handler(item)
            implied = vocab.patterns()["implies"].get(item.text)
            if implied and msg.bool_value(item, True):
                for fact, value in implied.items():
                    self.add(fact, value, item, derived=True)
        self._places(places)
        self._this_years_graduate()
        self._year_of_the_spell()
        self._base_ratio()
        self._bare_certified()
        if self.asked:
            self._answer()
        return self.out

    def _year_of_the_spell(self):
        """大前年辞职个 到现在呒没工作 / 去年厂子倒闭的: the year alone of the spell's start, a range of
        months (from its December to its January), settled by the dialogue when every value agrees."""
        msg, today = self.msg, self.msg.today
        if any(f in ("unemployed_since", "unemployment_months") for f, *_ in self.out):
            return
        m = _YEAR_OF_SPELL.search(msg.t)
        if not m or self.msg.hypothetical(m.start()) or self.msg.in_past(m.start()):
            return
        if re.search(r"好像|可能|也许|似乎", msg.t[max(0, m.start() - 4):m.start()]) \
                and re.search(r"记不清|记不太清|记勿清|说不准|不确定|想不起", msg.t[m.end():m.end() + 20]):
            return      # 好像是去年下半年失业的，具体几月我记不清了: hedged and not known; asked, not guessed
        year = today.year + {"大前年": -3, "前年": -2, "去年": -1}[m.group(1)]
        # (去年下半年 / 去年辞职的 几月份记不清了 反正是下半年: the half of the year narrows the months)
        half = re.search(r"[上下]半年", msg.t[m.end(1):m.end(1) + 24])
        first, last = ((7, 12) if half.group(0) == "下半年" else (1, 6)) if half else (1, 12)
        low = (today.year - year) * 12 + today.month - last - (today.day < 31 and last == 12)
        high = (today.year - year) * 12 + today.month - first
        item = Item(m.start(), m.end(), m.group(0), "COMBO", "spell_year")
        self.spell_year = True
        self.add("unemployment_months", N.Guess(max(low, 0), high), item)

    def _bare_certified(self):
        """认定的是我妈 我自己没有认定过: 认定 with no object is the 就业困难人员 certification (the only
        认定 of a person here), said of the writer."""
        msg = self.msg
        if any(f == "hard_to_employ_certified" for f, *_ in self.out) or any(
                i.label in ("CERT", "CERT_WEAK") or i.label == "CUE" and i.value in ("cert", "eval") for i in msg.items):
            return
        m = _BARE_CERTIFIED.search(msg.t)
        if m and not msg.about_someone_else(m.end() - 1) and not msg.hypothetical(m.start()):
            self.add("hard_to_employ_certified", False, Item(m.start("no"), m.end(), m.group("no"), "BOOL", None))

    def _base_ratio(self):
        """缴费基数约为最低基数1.5倍 / 超过最低基数1.2倍 / 不到最低档的1.1倍: a multiple of the lowest
        base said decides 低于1.2倍 by its number, over any 最低… phrase (一（四）)."""
        fact = "insurance_base_below_1_2x_min"
        m = _BASE_RATIO.search(self.msg.t)
        if m is None:
            return
        x = _ratio_number(m.group("n"))
        if x is not None and m.group("half"):
            x += 0.5                                    # 一倍半: one and a half times
        above = m.group("cmp") in _ABOVE or m.group("cmp2") in _ABOVE or m.group("post") in ("以上", "多")
        below = m.group("cmp") in _BELOW or m.group("cmp2") in _BELOW or m.group("post") == "以下"
        if x is None:
            return
        if above:
            value = False if x >= 1.2 else None         # 高于1.1倍: may still be below 1.2
        elif below:
            value = True if x <= 1.2 else None          # 不到1.5倍: may be 1.3
        else:
            value = x < 1.2                             # 约为1.5倍 / 正好1.2倍 (not below)
        self.out = [f for f in self.out if f[0] != fact]
        if value is not None:
            self.add(fact, value, Item(m.start(), m.end(), m.group(0), "BOOL", value))

    def _this_years_graduate(self):
        """今年(全日制本科)毕业 / 今年6月硕士毕业: 应届 said as graduating this year."""
        t = self.msg.t
        for m in re.finditer(r"今年(?:\d{1,2}|[一二三四五六七八九十]{1,2})?月?份?[^，,。；;？?]{0,8}?(?:毕业|离校)(?!学年|班|年级|季)", t):
            if re.search(r"(要|将|快|即将|还没|没|准备|明年|才能|会)$", t[m.start():m.end() - 2]):
                if _STILL_AT_SCHOOL.search(t) and not re.search(r"(还没|没)$", t[m.start():m.end() - 2]):
                    # 在金山的中专读书 今年要毕业了: in the graduating year
                    self.add("graduating_student", True, Item(m.start(), m.end(), m.group(0), "COMBO", "grad_year"))
                continue        # 今年要毕业 / 今年还没毕业: still at school, not a graduate yet
            if re.match(r"\s*(吗|么|没|的话)", t[m.end():]):
                continue
            if _STILL_AT_SCHOOL.search(t):
                # 今年毕业 还在学校 / 在中专读书 今年毕业: graduating this school year, not a graduate yet
                self.add("graduating_student", True, Item(m.start(), m.end(), m.group(0), "COMBO", "grad_year"))
                continue
            item = Item(m.start(), m.end(), m.group(0), "COMBO", "fresh_grad")
            if self.msg.bool_value(item, True):
                self.add("fresh_graduate", True, item, derived=True)

    # -------------------------------------------------------------- numbers
    def _age(self, item: Item):
        if _FUTURE_AHEAD.search(self.msg.t, max(0, item.start - 8), item.start):
            return              # 明年春天36岁生日 / 过年就三十八: an age to come (快30了 is now)
        self.add("age", item.value, item)

    def _dur(self, item: Item):
        d: N.Duration | None = item.value
        if d is None or d.months is None:
            return
        cue = self.msg.nearest(item, NUMBER_CUES)
        if cue is not None and "work" in cue.kinds:
            # 大半年前从公司离职了: the employer word is nearer, the event is the duration's
            cue = self.msg.nearest(item, {"unemp"}, cross=set()) or cue
            if "work" in cue.kinds and cue.start >= item.end and self.msg.clause[cue.start] != self.msg.clause[item.start]:
                cue = None      # 是七个月 五月份就进厂开始交了: a job in the next clause says how, not what lasted
        if cue is None:
            # 中专毕业老早了 廿年了: the degree's own 毕业 is the cue
            cue = next((i for i in self.msg.items if i.label == "EDU" and i.text.endswith("毕业") and
                        0 <= item.start - i.end <= 8 and self.msg.sent[i.start] == self.msg.sent[item.start]), None)
            cue = Item(cue.start, cue.end, cue.text, "CUE", "grad", frozenset({"grad"})) if cue else None
        kind = _cue_kind(cue, DURATION_FACT)
        if cue is None:
            self.orphans.append(item)
        elif kind in DURATION_FACT:
            fact = DURATION_FACT[kind]
            if self.msg.t[max(0, item.start - 2):item.start] == "最后":
                return          # 最后一年了 还没离校: the last year of school, no time since it
            if re.search(r"(?:离|距离?|到)毕业还(?:有|要)?$", self.msg.t[max(0, item.start - 6):item.start]) \
                    or re.match(r"(?:才|就|以后|后)?(?:能)?毕业", self.msg.t[item.end:item.end + 4]) \
                    and re.search(r"还(?:有|要)?$", self.msg.t[max(0, item.start - 2):item.start]):
                # 离毕业还有两年: the time until school ends, so not in its last year
                if isinstance(d.months, int) and d.months >= 12:
                    self.add("graduating_student", False, item)
                return
            if re.match(r"(?:以|之)?内(?!容)", self.msg.t[item.end:item.end + 2]):
                return          # 离校两年内的毕业生呢: the document's window, not a value of anyone's
            if fact == "months_since_graduation" and (
                    re.match(r"(?:的)?班", self.msg.t[item.end:item.end + 2])
                    or re.search(r"(?:上了|干了|做了|工作了|待了|呆了|考了|读了|学了|备考了|复习了|准备了)[^，,。\s]{0,2}$",
                                 self.msg.t[max(0, item.start - 5):item.start])):
                return          # 毕业后在徐汇上了一年班: how long a job lasted, not the time since school
            months = d.months
            t = self.msg.t
            if fact in ("social_insurance_months", "contract_months") and isinstance(months, int) and months <= 1 and (
                    re.match(r"(?:都|也)?还?(?:没有?|未)(?:交|缴|签|满|到)", t[item.end:item.end + 5])
                    or re.search(r"(?:不满|不到|没满|未满|没到)$", t[max(0, item.start - 2):item.start])
                    or re.match(r"(?:不满|不到|没满|未满|没到)", item.text)
                    or item.text.startswith("满") and t[max(0, item.start - 1):item.start] in ("不", "没", "未")):
                months = 0      # 社保一个月都还没交 / 合同不满一个月: not one whole month
            self.add(fact, months, item)   # 三个月前离职 / 大半年前离职了: the spell since then
            if fact == "contract_months":
                self.add("employment_status", "employed", item, derived=True)

    def _birth(self, item: Item) -> bool:
        ctx, t = self.msg.ctx, self.msg.t
        if ctx["birth_after"].match(t[item.end:]) or ctx["birth_before"].search(t[:item.start]):
            d: N.CalDate = item.value
            age = N.age_from_birth(d.year, d.month, d.day, self.msg.today)
            value = age.value if isinstance(age, N.Guess) else age
            if value is not None and 14 <= value <= 100:
                self.add("age", age, item)
                if isinstance(age, N.Guess):   # the year alone: the dialogue may need the birthday
                    self.add("birth_year", N.Guess(d.year), item)
            return True
        return False

    def _date(self, item: Item):
        if self._birth(item):
            return
        spell = self._closed_spell(item)
        if spell:
            # 3月到7月没工作: a spell that has ended, so its length, no start of a spell going on
            a, b = spell
            if item is b:
                da, db = a.value.first_day(), b.value.first_day()
                n = (db.year - da.year) * 12 + db.month - da.month
                if n > 0:
                    self.add("unemployment_months", N.Guess(max(0, n - 1), n + 1, n) if not (a.value.day and b.value.day)
                             else n, Item(a.start, b.end, self.msg.t[a.start:b.end], "DUR", n))
            return
        # 2024年6月从上海的大学毕业: a school word does not absorb a date
        cue = self.msg.nearest(item, NUMBER_CUES - {"school"})
        if cue is not None and "unemp" in cue.kinds and cue.end <= item.start \
                and re.search(r"(?:到|至)\s*$", self.msg.t[max(0, item.start - 2):item.start]):
            # 在家待到今年十月 现在开网约车了: where the spell at home ended, not where it began
            cue = self.msg.nearest(item, NUMBER_CUES - {"school", "unemp"})
        def gap(a, b):
            return max(a.start - b.end, b.start - a.end, 0)
        if cue is not None and "unemp" in cue.kinds and any(
                o is not item and o.label == "DATE" and gap(o, cue) < gap(item, cue)
                and self.msg.clause[o.start] == self.msg.clause[cue.start] != self.msg.clause[item.start]
                for o in self.msg.items):
            # 去年十月份辞职回家照顾我爸 我爸上个月走了: the date next to 辞职 is its own, not 上个月
            self.orphans.append(item)
            return
        if cue is not None and "work" in cue.kinds:
            # 去年三月公司裁员 / 厂里上上个月关门了: the employer word is nearer, the event is the date's
            cue = self.msg.nearest(item, {"unemp"}, cross=set()) or cue
        if cue is not None and cue.label == "CUE" and cue.value == "absorb":
            # 5月10日开始做自由职业 / 起做网约车司机: the verb's object says what began
            # (今年4月份开始在平台上接单做设计: the status a few words on, in the same clause)
            cue = next((i for i in self.msg.items if i.label == "STATUS" and 0 <= i.start - cue.end <= 7
                        and self.msg.clause[i.start] == self.msg.clause[cue.start]), cue)
        if cue is not None and cue.label == "STATUS" and cue.value == "flexible":
            lo, hi = self.msg.clause_bounds(item.start)
            if re.search(r"登记|备案", self.msg.t[lo:hi]):
                return          # 上个月才去把灵活就业登记办了: the registration's date, not when the work began
            self._dated(item, "flex")          # 今年2月开始跑滴滴: when the flexible work began
            return
        if cue is None:
            self.orphans.append(item)
            return
        self._dated(item, _cue_kind(cue, DURATION_FACT))

    def _closed_spell(self, item: Item):
        """(start, end) when the item is one end of 「A到B没工作 / 失业」 with both dates said."""
        t, today = self.msg.t, self.msg.today
        dates = [i for i in self.msg.items if i.label == "DATE" and i.value.month]
        for a, b in zip(dates, dates[1:]):
            if item in (a, b) and re.fullmatch(r"\s*(?:份|份起|起)?\s*(?:到|至|－|-|~|～|—)\s*", t[a.end:b.start]) \
                    and _SPELL_AFTER.match(t, b.end):
                # 3月到7月 / 11月到3月: the end in the last twelve months, the start before it
                if b.value.year is None:
                    b.value = N.CalDate(today.year - (b.value.month > today.month), b.value.month, b.value.day)
                if a.value.year is None:
                    a.value = N.CalDate(b.value.year - (a.value.month > b.value.month), a.value.month, a.value.day)
                if a.value.first_day() < b.value.first_day() <= today:
                    return a, b
        return None

    def _dated(self, item: Item, kind: str | None):
        day = item.value.first_day()
        today = self.msg.today
        if day is None:
            return
        if kind == "unemp" and day <= today:
            self.add("unemployed_since", day.isoformat(), item)
        elif kind == "flex" and day <= today and not self.msg.hypothetical(item.start):
            self.add("flexible_since", day.isoformat(), item)
        elif kind == "grad":
            if day <= today:
                self.add("graduation_date", day.isoformat(), item)
            else:               # 明年6月毕业: still at school
                self.add("graduating_student", True, item)
                self.add("employment_status", "student", item, derived=True)

    def _year(self, item: Item):
        if self._birth(item):
            return
        cue = self.msg.nearest(item, {"grad"})
        if cue is not None and item.value.year >= self.msg.today.year:
            if item.value.year > self.msg.today.year:
                self.add("graduating_student", True, item)
                self.add("employment_status", "student", item, derived=True)
            else:
                self.add("fresh_graduate", True, item)

    # ----------------------------------------------------------- vocabulary
    def _status(self, item: Item):
        msg = self.msg
        if item.text in vocab.patterns()["service_words"] and self.asked != "employment_status":
            lo, hi = msg.clause_bounds(item.start)
            if not (msg.ctx["service_before"].search(msg.t[lo:item.start])
                    or msg.ctx["service_after"].match(msg.t[item.end:hi])):
                return          # 帮我点个外卖: using the service, not working in it
        if item.value == "unemployed" and re.search(r"(?:到|至)\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?\s*(?:这段时间|之间|期间|中间)?[，,\s]*(?:一直|都|就)?(?:没有?)?$",
                                                    msg.t[max(0, item.start - 14):item.start]):
            return              # 3月到7月没工作: a spell that ended, not what is true now
        if item.value == "employed" and msg.bool_value(item, True) is False and re.search(
                r"(?:没|没有|未|找不到|还没)(?:找到|找着)?(?:个|份|一份)?$", msg.t[max(0, item.start - 5):item.start]) \
                and not any(i.label == "STATUS" and i.value != "employed" for i in msg.items) \
                and not re.search(r"在(?:见习|实习)|(?:见习|实习)(?:中|呢)|读书|在读|上学", msg.t):   # 在见习，还没正式上班: an intern
            self.add("employment_status", "unemployed", item)   # 一直没找到正式工作: out of work
            return
        if item.value == "student" and _PART_TIME_STUDY.search(msg.t[max(0, item.start - 4):item.end + 6]):
            return              # 在读成人专升本 / 在职读研: study beside work, not at school
        if item.value == "flexible" and re.match(r"[，,\s]*(?:也|都|就)?(?:没有?|无)(?:固定|正式)?的?(?:单位|公司|老板|东家|雇主)",
                                                 msg.t[item.end:]):
            self.add("employment_status", item.value, item)     # 跑跑外卖没有单位的: no employer is what flexible work is
            return
        if msg.bool_value(item, True):
            self.add("employment_status", item.value, item)

    def _edu(self, item: Item):
        lo, hi = self.msg.clause_bounds(item.start)
        if _FUTURE_DEGREE.search(self.msg.t[lo:hi]):
            return              # 明年六月硕士毕业: the degree to come, not the highest held
        if item.text in ("小学", "初中") and re.search(r"(?:上|读|念|在读)了?$", self.msg.t[max(0, item.start - 2):item.start]):
            return              # 孩子上小学了: a school child now, not anyone's highest degree
        if re.search(r"(?:在读|正在读|在念|在上|读着)(?:成人|在职|业余|函授|夜大|自考|网络)?(?:的)?$", self.msg.t[max(0, item.start - 6):item.start]) \
                and any(o is not item and o.label == "EDU" for o in self.msg.items):
            return              # 大专毕业 目前在读成人专升本: the degree studied for, not the one held
        if re.search(r"(?:学校|学院|大学|职校|技校)$", item.text) and re.search(
                r"(?:就读|在读|读书|上学|念书|读|在念|上的是|念的是)[于在]?[^，,。；;\s]{0,6}$", self.msg.t[max(0, item.start - 10):item.start]):
            return              # 就读于本市中等职业学校: the school attended, no degree held yet
        if re.match(r"(?:最后一年|毕业班|[一二三四]年级)?(?:在读|在念|读书中|就读)", self.msg.t[item.end:item.end + 7]):
            return              # 中专最后一年在读: the school attended now, no degree held yet
        if re.search(r"(?:尚未|未|没有?|还没有?)(?:取得|拿到|拿|获得)$", self.msg.t[max(0, item.start - 5):item.start]):
            return              # 尚未取得本科: not held
        if self.msg.bool_value(item, True):
            self.add("education", item.value, item)

    def _cert(self, item: Item):
        lo, hi = self.msg.clause_bounds(item.start)
        if _NOT_PASSED.search(self.msg.t, item.end, min(len(self.msg.t), hi + 8)):
            return              # 去年考过一趟高级工 没考出: an evaluation sat, no certificate held
        clause = self.msg.t[lo:hi + 1]
        if _SAT_FOR.search(clause) and not _HELD.search(clause) and self.asked != "certificate_level":
            return              # 报名高级工评价 / 想考高级工 / 高级工培训: the level sat for, no certificate held
        if _EARLIER.search(self.msg.t[lo:item.start]) and any(
                o is not item and o.label == "CERT" and o.value != item.value
                and not _EARLIER.search(self.msg.t[self.msg.clause_bounds(o.start)[0]:o.start])
                for o in self.msg.items):
            return              # 考出来高级工 三级 老早还考过一张四级: the certificate of now, not the earlier one
        if _ASKS_AT_CLAUSE_END.match(self.msg.t[item.end:hi + 1]) and not re.search(r"我|他|她|伊|考出|拿到|有[一张个]", clause):
            return              # 四级中级工证书有没有: whether there is something for one, asked
        if self.msg.bool_value(item, True):
            self.add("certificate_level", item.value, item)

    def _cert_weak(self, item: Item):
        msg = self.msg
        if any(c.label == "CUE" and c.value == "eval" and c.start == item.end for c in msg.items):
            return              # 参加高级技能评价: the level of an evaluation, not a certificate held
        cue = any(c.label == "CUE" and c.value in ("cert", "eval")
                  and msg.sent[c.start] == msg.sent[item.start] for c in msg.items)
        if cue or self.asked == "certificate_level":
            self._cert(item)

    def _bool(self, item: Item, need_done: bool = False):
        fact, value = item.value.split("=")
        if fact == "fresh_graduate" and value == "true" and (
                _STILL_AT_SCHOOL.search(self.msg.t) or re.search(r"还(?:有|要)[^，,。\s]{1,4}$", self.msg.t[max(0, item.start - 6):item.start])):
            # 今年毕业 还在学校 / 还有两年才毕业: a graduation to come, not a graduate
            if _STILL_AT_SCHOOL.search(self.msg.t) and item.text.startswith("今年毕业"):
                self.add("graduating_student", True, item)
            return
        if fact == "graduating_student" and (re.match(r"(?:的)?(?:时|时候|那年)", self.msg.t[item.end:item.end + 3])
                                             or re.search(r"去年|前年|以前|那时|当时", self.msg.t[self.msg.clause_bounds(item.start)[0]:item.start])):
            return              # 去年读二年级时: the year of school then, not now
        if fact == "insurance_base_below_1_2x_min" and any(i.label in ("CERT", "CERT_WEAK") for i in self.msg.items) \
                and not re.search(r"社保|保险|缴费|基数|交|缴", self.msg.t) and self.asked != fact:
            return              # 初级工证书 最低那档: the lowest level of certificate, not of the insurance base
        value = self.msg.bool_value(item, value == "true", need_done)
        if value is None:
            return
        if value and any(f == fact and v is False and 0 <= item.start - it.end <= 4
                         and re.fullmatch(r"[\s或和及、/者也不是非]*", self.msg.t[it.end:item.start]) for f, v, it, *_ in self.out):
            value = False       # 非机关事业单位或派遣公司: one negation over the kinds listed after it
        if fact == "paired_region_rural_labor" and value and re.search(r"(?:不是|不属于?|并非)[^，,。？?]{0,8}$", self.msg.t[
                self.msg.clause_bounds(item.start)[0]:item.start]):
            value = False       # 河南不是我们金山的对口地区: a place word between 不是 and the kind
        if fact == "paired_region_rural_labor":
            lo, hi = self.msg.clause_bounds(item.start)
            if not self.msg.ctx["paired_self"].search(self.msg.t[lo:hi]) and self.asked != fact:
                return          # 对口地区有什么补贴: a question, not the user
        self.add(fact, value, item)
        if value and fact == "graduating_student":
            self.add("employment_status", "student", item, derived=True)
        if value and fact == "flexible_employment_registered":
            self.add("employment_status", "flexible", item, derived=True)
        if value and fact == "contract_open_ended":
            self.add("employment_status", "employed", item, derived=True)

    def _employer_generic(self, item: Item):
        if re.match(r"门口|楼下|旁边|附近|外面|边上", self.msg.t[item.end:item.end + 2]):
            return              # 在小区门口摆摊: where the stall stands, not an employer
        # 派遣公司…工厂: a named excluded kind beats a generic 公司/工厂
        msg = self.msg
        lo, _hi = msg.clause_bounds(item.start)
        # (派到金山的厂里上班: where dispatched workers go, not who employs them)
        if not any(i.label == "BOOL" and i.value == "employer_excluded=true" for i in self.msg.items) \
                and not re.search(r"(?:派到|派去|派往|派驻|派遣到)[^，,。；;\s]{0,8}$|派(?:了|出|出去)[^，,。；;]{0,16}?(?:到|去|往|进)[^，,。；;\s]{0,8}$",
                                  msg.t[lo:item.start]) \
                and not re.search(r"(?:给|发给|还是给|还是|或者)$", msg.t[max(0, item.start - 3):item.start]):
            # (是给我们还是给工厂: who the money goes to, asked; not what kind the employer is)
            self._bool(Item(item.start, item.end, item.text, "BOOL", "employer_excluded=false"))
        if re.search(r"(?:在|勒|到)[^，,。；;\s]{0,8}$", msg.t[lo:item.start]) \
                and (item.text.endswith("里") or re.match(r"里|上", msg.t[item.end:])) \
                and not any(i.label == "STATUS" for i in msg.items) and not msg.negated_place(item):
            # 在金山卫一个厂里干两年了 / 勒厂里烧饭: working there now (a spell in the past is in_past)
            self.add("employment_status", "employed", item, derived=True)

    def _done_bool(self, item: Item):
        self._bool(item, need_done=True)

    def _combo(self, item: Item):
        value = self.msg.bool_value(item, True)
        if item.value == "employed" and value:
            self.add("employment_status", "employed", item)
        elif item.value == "flexible_registered" and value is not None:
            self.add("flexible_employment_registered", value, item)
            if value:
                self.add("employment_status", "flexible", item, derived=True)
        elif item.value == "flexible_unregistered":
            self.add("flexible_employment_registered", False, item)
        elif item.value == "si_none":
            self.add("social_insurance_months", 0, item)
        elif item.value == "fresh_grad":
            self.add("fresh_graduate", value, item)

    def _cue(self, item: Item):
        if item.value != "first":
            return
        msg = self.msg
        clause = msg.clause[item.start]
        same = [i for i in msg.items if msg.clause[i.start] == clause and i is not item]
        if any(i.label == "CUE" and i.value == "eval" or i.label.startswith("CERT") for i in same):
            self.add("first_skill_evaluation", msg.bool_value(item, True), item)
        elif any(i.label == "PLACE" and i.value == "jinshan" for i in same) and \
                (any("work" in i.kinds for i in same)
                 or re.search(r"(来|到|进)了?(金山|本区)", msg.t[slice(*msg.clause_bounds(item.start))])
                 and not re.search(r"旅游|玩|看病|探亲|参观|出差|开会", msg.t[slice(*msg.clause_bounds(item.start))])):
            # 第一次来金山工作 / 头一趟来金山做: the first job in Jinshan
            self.add("first_job_in_jinshan", msg.bool_value(item, True), item)
        elif re.match(r"(?:来|到|出来|进)了?(?:上海|本市|沪|金山|金|本区)?(?:打工|工作|就业|上班|做工)",
                      msg.t[item.end:item.end + 8]):
            # 首次来金就业 / 今年第一次出来打工 / 都是第一次来上海打工: never worked here before
            self.add("first_job_in_jinshan", msg.bool_value(item, True), item)

    # --------------------------------------------------------------- places
    def _places(self, places: list[Item]):
        msg = self.msg
        places = self._merge(places)
        not_jinshan = any(p.value == "jinshan" and msg.negated_place(p) for p in places)
        training = [i for i in msg.items if i.label == "TRAIN_SUBSIDY"]
        for p in places:
            cue = None
            if self.msg.t[max(0, p.start - 1):p.start] == "离" or re.match(r"(?:很|挺|太)?(?:远|近)", self.msg.t[p.end:p.end + 2]):
                continue        # 学校离金山远着呢: how far from a place, not at it
            if p.label == "HUKOU_PLACE":
                role = "hukou"
            else:
                # 金山本地人，本科毕业: only 户口/上班-like cues reach over a comma
                cue = msg.nearest(p, PLACE_CUES, cross={"hukou", "work"})
                if cue is not None and "work" in cue.kinds:
                    # 在金山一家单位见习: the internship is what the place describes
                    # (见习完了留在金山工作: an internship before the place is another time)
                    intern = msg.nearest(p, {"intern"}, cross=set())
                    cue = intern if intern is not None and (intern.start > p.end or cue.end <= p.start) else cue
                role = _cue_kind(cue, ["hukou", "person", "work", "school", "training",
                                       "intern", "live", "unemp"])
                role = "hukou" if role == "person" or role is None and self._self_place(p) else role
                if role == "hukou" and cue is not None and cue.text == "老家":
                    # 学校在老家云南 / 在老家云南读的大学: 老家 says where the school is, not the 户口
                    other = msg.nearest(p, {"school", "work", "training", "intern"}, cross=set())
                    role = _cue_kind(other, ["school", "work", "training", "intern"]) if other is not None else role
            if role == "hukou" and cue is not None and self._cue_taken(cue, p, places) and not (
                    re.fullmatch(r"[\s，,]*(?:在|是)?", msg.t[cue.end:p.start]) and any(
                        o.end <= cue.start and o.value == "shanghai" for o in places)):
                role = None     # 我安徽户口，…，在金山这边打零工: 户口 already has its place
                # (上海户口 在浦东: the district of a 上海 户口, said next)
            elif role == "hukou" and cue is not None and msg.clause[cue.start] != msg.clause[p.start] \
                    and re.search(r"(?:在|勒|到|去|住)$", msg.t[max(0, p.start - 1):p.start]):
                role = None     # …变成居民户口了 现在勒奉贤一个饭店里: where one is now, not the 户口
            elif role == "hukou" and cue is not None and cue.kinds == {"person"} and cue.start >= p.end \
                    and re.search(r"(?:到|在)$", msg.t[max(0, p.start - 1):p.start]):
                role = None     # 嫁到金山来的: where one came to, not where one is from
            lo, hi = msg.clause_bounds(p.start)
            if p.value == "jinshan" and (re.match(r"[^，,。]{0,4}" + msg.ctx["paired_place"].pattern, msg.t[p.end:hi])
                                         or role == "hukou"
                                         and msg.ctx["paired_place"].search(msg.t[lo:hi])):
                continue        # 跟金山结对帮扶的对口地区: not 金山户籍 (…对口地区的劳动力到金山的企业: where they work)
            if msg.t[max(0, p.start - 1):p.start] == "从" and any(
                    o.start > p.end and re.fullmatch(r"[^，,。；;]{0,3}?(?:迁|搬|转|调)(?:到|来|至|去|进)", msg.t[p.end:o.start])
                    for o in places):
                msg.items = [i for i in msg.items if i is not p]   # nor does it stand between 户口 and 金山
                continue        # 公司今年从松江迁到金山: where it was, not where it is
            if msg.t[max(0, p.start - 1):p.start] == "从" and re.match(r"[^，,。；;]{0,3}?(?:迁|搬|转|调)(?:了)?(?:过去|出去|走|出来)", msg.t[p.end:]):
                msg.items = [i for i in msg.items if i is not p]
                continue        # 我们家前几年从金山搬过去，户口也迁过去了: where they left
            if role == "school" and cue is not None and cue.start < p.start and re.search(r"回(?:到)?$", msg.t[max(0, p.start - 2):p.start]):
                continue        # 在外省读完回金山的: where one came back to after school, not the school
            if role == "work" and cue is not None and msg.clause[cue.start] != msg.clause[p.start] \
                    and cue.start < p.start and re.search(r"回(?:到)?$", msg.t[max(0, p.start - 2):p.start]):
                continue        # 在苏州上班，回金山不方便: going back home, not where one works
            if role == "work" and re.search(r"(?:搬|迁|挪|转移)(?:到|去|至)$", msg.t[max(0, p.start - 3):p.start]) \
                    and re.search(r"(?:没|不|勿|没有)(?:跟着?|一起)?(?:去|过去|走)|辞(?:职|了)|不干了", msg.t[p.end:p.end + 14]):
                continue        # 厂里搬到江苏去了 我就没去: where the employer went, without them
            if role == "work" and (re.match(r"[^，,。；;\s]{0,3}?(?:的)?(?:对口地区|对口|结对地区)?(?:来的|来个|过来的|过来|出来的)", msg.t[p.end:p.end + 9])
                                   or re.match(r"(?:的)?(?:对口地区|对口|结对地区|农村|山区|老家)(?:的)?(?:农村)?(?:劳动力|工人|员工|小伙子|姑娘|人)",
                                               msg.t[p.end:p.end + 12])):
                continue        # 招了2个云南对口地区来的: where the workers come from, not where they work
            if role == "work" and re.search(r"(?:通过|经过|经|找|托|靠)$", msg.t[max(0, p.start - 2):p.start]) \
                    and re.match(r"(?:的)?(?:一家|一个|那家|的一家)?(?:人力资源|人力|中介|劳务|猎头|职介)", msg.t[p.end:p.end + 8]):
                continue        # 通过浦东一家人力资源公司招了5个: where the agency is, not where they work
            if role is None:
                self.orphans.append(p)
            else:
                self._place(p, role, not_jinshan, training)

    def _cue_taken(self, cue: Item, p: Item, places: list[Item]) -> bool:
        """Another place sits right beside this cue (安徽户口 / 户口在安徽): the cue is theirs."""
        if "hukou" not in cue.kinds or cue.label != "CUE":
            return False
        t = self.msg.t
        return any(o is not p and (0 <= cue.start - o.end <= 1 and re.fullmatch("的?", t[o.end:cue.start])
                                   or 0 <= o.start - cue.end <= 2 and re.fullmatch("(在|是)", t[cue.end:o.start]))
                   for o in places)

    def _merge(self, places: list[Item]) -> list[Item]:
        """Adjacent places with one value are one place: 金山本地人, 金山朱泾."""
        out: list[Item] = []
        for p in places:
            last = out[-1] if out else None
            if last is not None and last.label == p.label == "PLACE" and last.value == p.value \
                    and last.end == p.start:
                merged = Item(last.start, p.end, last.text + p.text, "PLACE", p.value, last.kinds | p.kinds)
                self.msg.items = [merged if i is last else i for i in self.msg.items if i is not p]
                out[-1] = merged
            else:
                out.append(p)
        return out

    def _self_place(self, p: Item) -> bool:
        """A place that is its whole clause (金山 / 我是金山的): where the person is from."""
        if p.label != "PLACE" or p.value == "shanghai" or self.asked in ASKED_PLACE_ROLE:
            return False
        msg = self.msg
        lo, hi = msg.clause_bounds(p.start)
        return bool(msg.ctx["self_place_before"].match(msg.t[lo:p.start].strip())
                    and msg.ctx["self_place_after"].match(msg.t[p.end:hi].strip()))

    def _place(self, p: Item, role: str, not_jinshan: bool, training: list[Item]):
        msg, v = self.msg, p.value
        if msg.negated_place(p):
            if v == "shanghai" and role == "hukou":
                self.add("hukou", "non_shanghai", p)       # 不是上海户口
            elif v == "shanghai" and role == "work":
                self.add("work_region", "outside_shanghai", p)
            elif role == "school" and v in ("shanghai", "jinshan"):
                # 在老家读的，不在上海 / 学校不在金山
                self.add("school_in_shanghai" if v == "shanghai" else "school_in_jinshan", False, p)
                if v == "shanghai":
                    self.add("school_in_jinshan", False, p, derived=True)
            elif role == "training" and v == "jinshan":
                self.add("subsidized_training_in_jinshan", False, p)    # 培训机构不在金山
            return
        if role == "hukou":
            if v == "shanghai":
                if not_jinshan:
                    self.add("hukou", "shanghai_other", p)  # 上海户口，不是金山的
                return
            self.add("hukou", HUKOU_VALUE.get(v), p)
        elif role == "work" and v == "shanghai" and not_jinshan:
            self.add("work_region", "shanghai_other", p)       # 上海（非金山）
        elif role == "work":
            self.add("work_region", WORK_VALUE.get(v), p)
        elif role == "school":
            # the district said is the main fact, the city follows from it (and
            # is listed second on the shared span)
            if v == "outside":
                self.add("school_in_shanghai", False, p)
                self.add("school_in_jinshan", False, p, derived=True)
            elif v in ("jinshan", "shanghai_other"):
                self.add("school_in_jinshan", v == "jinshan", p)
                self.add("school_in_shanghai", True, p, derived=True)
            else:
                self.add("school_in_shanghai", True, p)
        elif role == "intern" and v != "shanghai":
            self.add("in_jinshan_internship_base", v == "jinshan", p)
        elif role == "training" and v in ("shanghai_other", "outside"):
            # 在徐汇一家培训机构: not an institution of this district, subsidised or not
            self.add("subsidized_training_in_jinshan", False, p)
        elif role == "training" and v == "jinshan" and msg.negated_place(p):
            self.add("subsidized_training_in_jinshan", False, p)      # 不是在金山培训的
        elif role == "training" and v != "shanghai":
            for t in training:
                ok = msg.bool_value(t, True)
                if ok is not None and msg.sent[t.start] == msg.sent[p.start]:
                    self.add("subsidized_training_in_jinshan", ok and v == "jinshan", p)
            if not training and self.asked == "subsidized_training_in_jinshan":
                self.add("subsidized_training_in_jinshan", v == "jinshan", p)

    def _train_subsidy(self, item: Item):
        if self.msg.bool_value(item, True) is False:
            self.add("subsidized_training_in_jinshan", False, item)

    # -------------------------------------------------------- short answers
    def _answer(self):
        """Use what the assistant just asked about for short answers."""
        asked = self.asked
        if any(f == asked for f, *_ in self.out):
            return
        if _DONT_KNOW.search(self.msg.t):
            return              # 上海以外的事我不清楚: not known, whatever else it names
        if asked in ASKED_PLACE_ROLE:
            for p in self.orphans:
                if p.label == "PLACE" and not (ASKED_PLACE_ROLE[asked] == "school" and any(
                        o.label == "PLACE" and o.end <= p.start for o in self.orphans)
                        and re.search(r"回(?:到|来)?$", self.msg.t[max(0, p.start - 2):p.start])):
                    # (在外省读完回金山的: the school is the first place, 金山 where one came back to)
                    self._place(p, ASKED_PLACE_ROLE[asked], False, [])
        kind = ASKED_CUE.get(asked)
        for item in self.orphans:
            if kind and item.label == "DUR" and kind in DURATION_FACT:    # (no duration answers 从哪天起)
                self.add(DURATION_FACT[kind], item.value.months, item)
            elif kind and item.label == "DATE":
                self._dated(item, kind)
        if any(f == asked for f, *_ in self.out):
            return
        if asked not in INT_FACTS and self._corrected_age():
            return
        if asked in BOOL_FACTS:
            self._yes_no()
        elif asked in INT_FACTS:
            self._bare_number()

    def _corrected_age(self) -> bool:
        """不对 是35 / 说错了，35岁上个月刚过: a correction with one bare number corrects the age
        (the one number people give without a unit), and answers nothing else. True when the
        message is such a correction."""
        msg = self.msg
        _yes, _no, particles = vocab.short_answer_sets()
        lo, hi = msg.clause_span[0]
        first = msg.t[lo:hi].strip(particles)
        said = next((w for w in sorted([*vocab.patterns()["short_answers"]["corrections"], "不是"],
                                        key=len, reverse=True) if first.startswith(w)), None)
        if said is None or first[len(said):] and not re.fullmatch(
                r"[，,\s]*(是|应该是)?[0-9０-９一二三四五六七八九十两]+(岁)?", first[len(said):]):
            return False
        # 三十七了 过年就三十八: a number said of the future is not the corrected one
        found = [(m, n) for m, n in self._bare_numbers() if not _of_the_future(msg.t, m.start())]
        if len(found) != 1 or found[0][1] is None:
            return False
        m, n = found[0]
        if 14 <= n <= 100 and not any(f == "age" for f, *_ in self.out):
            self.add("age", n, Item(m.start(), m.end(), m.group(0), "ANSWER", n))
        return True

    def _bare_numbers(self) -> list[tuple[re.Match, int | None]]:
        """Numbers said without a unit (not part of anything else found), with their values."""
        msg = self.msg
        return [(m, N.cn_to_int(m.group("n"))) for m in _BARE_NUM.finditer(msg.t)
                if not any(m.start() < i.end and i.start < m.end() for i in msg.items)
                and not _MONEY_AROUND.search(msg.t[max(0, m.start() - 1):m.end() + 1])
                and not _IN_A_WORD.match(msg.t, m.start())
                and not re.match(r"[是的]?(?:虚岁|周岁)", msg.t[m.end():m.end() + 3])]   # (三十六是虚岁: an age set aside)

    def _yes_no(self):
        yes, no, particles = vocab.short_answer_sets()
        msg = self.msg
        if self.asked != "within_working_age" and _NOT_RETIRED.match(msg.t.strip()):
            return      # 还没退休，还好做几年, to 是否原农业户籍: about retiring, no no to the question
        lo, hi = msg.clause_span[0]
        k = 0
        while lo == hi and k + 1 in msg.clause_span:     # skip empty leading clauses
            k += 1
            lo, hi = msg.clause_span[k]
        word = msg.t[lo:hi].strip(particles)
        if k + 1 in msg.clause_span and word not in yes and word not in no and len(word) <= 6 \
                and not _NEG_OPENING.match(word) and _ECHOED_TOPIC.fullmatch(word):
            # 困难人员 伊勿是个 没认定过: the question's topic said back first, the answer after it
            lo, hi = msg.clause_span[k + 1]
            word = msg.t[lo:hi].strip(particles)
        if word in yes and _DONT_KNOW.search(msg.t[hi:]):
            return              # 嗯…不晓得哎: a filler, then not knowing: no answer at all
        if word in vocab.patterns()["short_answers"]["corrections"] and (self.out or msg.t[hi:].strip(particles + "，,。 ")):
            return              # 不对，我三十七岁 / 哦不对 是八个月: corrects something said, does not answer
        if word in yes or re.match(r"(?:是的|是啊|是呀|是滴|对的|对啊|没错|嗯嗯)(?![不否])", word) \
                and not re.search(r"不是|没有|不算|勿是|呒没|不清楚|不晓得", word):
            value = True        # (是的都是农村的: yes, then the yes said again in words)
        elif word in no or _NOT_DONE.fullmatch(word):
            value = False
        elif self._denies_asked(lo, hi):
            value = False       # 不是上海的学校 / 没有被认定 / 非首次 / 招用人员：非: a no said in a sentence
        else:
            return
        self.add(self.asked, value, Item(lo, hi, msg.t[lo:hi], "ANSWER", value))

    def _denies_asked(self, lo: int, hi: int) -> bool:
        """The first clause answering a yes/no question opens with a negation (不是…, 没有被认定,
        勿勒上海读, 非首次, 还没到毕业学年), or a note's field is answered 非/否/无, and nothing else was
        found in it: a no, whatever the rest restates."""
        t = self.msg.t
        clause = t[lo:hi]
        if _DONT_KNOW.search(clause) or any(lo <= f[2].start < hi for f in self.out):
            return False
        return bool(_NEG_OPENING.match(clause) or _FIELD_NO.search(t[lo:]))

    def _bare_number(self):
        found = [(m, n) for m, n in self._bare_numbers() if n is not None]
        if len(found) != 1:
            return              # none, or several numbers: do not pick one
        m, n = found[0]
        if self.asked == "age" and not 14 <= n <= 100:
            return              # "金山一家厂" / "3000": not an age
        pre, post = m.group("pre") or "", m.group("post") or ""
        item = Item(m.start(), m.end(), m.group(0), "ANSWER", n)
        if pre in ("快", "快要", "将近", "接近"):
            value = N.Guess(n - 1) if self.asked == "age" else N.Guess(max(n - 1, 0), n)
        elif pre or post == "左右":
            value = N.Guess(max(n - 1, 0), n + 1, n)
        elif post == "多" and self.asked == "age" and n % 10 == 0:
            return
        else:
            value = n
        self.add(self.asked, value, item)


_ABOVE = ("超过", "超出", "高于", "大于", "多于", "超", "比")
_BELOW = ("低于", "不到", "不足", "少于", "小于", "没到", "未达到", "没有")
_BASE_RATIO = re.compile(
    r"(?P<cmp>超过|超出|高于|大于|多于|超|低于|不到|不足|少于|小于|没到|未达到|没有|比)?(?:当年|本市|全市)?的?"
    r"最低(?:缴费)?(?:基数|档|标准|的)?的?(?:约|大概|差不多|大约)?(?:是|为)?"
    r"(?P<cmp2>超过|高于|低于|不到)?(?P<n>[0-9]+(?:\.[0-9]+)?|[一二两三四五六七八九十]+(?:点[一二三四五六七八九])?)倍"
    r"(?P<half>半)?(?P<post>以上|以下|多|左右)?")
_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _ratio_number(word: str) -> float | None:
    """1.5 / 一点五 / 两 -> the number of times."""
    if re.fullmatch(r"[0-9.]+", word):
        return float(word)
    whole, _, frac = word.partition("点")
    n = N.cn_to_int(whole)
    if n is None:
        return None
    return n + (_CN_DIGIT[frac] / 10 if frac in _CN_DIGIT else 0)


_NEG_OPENING = re.compile(r"^[\s，,。]*(?:嗯|哦|呃)?[\s，,]*(?:伊|他|她|我|我们|阿拉|来电人|该人员|这些人|他们)?(?:还|也|都|从来|并|根本)?"
                          r"(?:不是|不在|不算|不属于|没有|没|未|非|勿|弗|无|并非)"
                          r"(?!问|说|讲|指|这个|那个|这意思|那意思|要问)")     # 不是问现在: about the talk, no answer
_FIELD_NO = re.compile(r"[：:]\s*(?:非|否|无|不是|没有|未)")
_DONT_KNOW = re.compile(r"不清楚|不知道|说不上来|想不起来|忘了|忘记了|不晓得|勿晓得|弗晓得|不确定|记不清|不记得|说不准|不太清楚|搞不清|"
                        r"没(?:注意|留意|问过|看过|印象|数)|不了解")


# 一万八 / 1200块 / 三千元: a sum of money is never the number of months or years asked
_MONEY_AROUND = re.compile(r"[万千百][^个岁年月天号]?$|^[^个岁年月天号]?[万千]|(?:块|元|钱)$|[0-9一二两三四五六七八九十][块元]")


def _same_kind(a: Item, b: Item) -> bool:
    """Places block each other's cues; numbers do not (失业8个月，不对，是9个月)."""
    return {a.label, b.label} <= {"PLACE", "HUKOU_PLACE"}


def _cue_kind(cue: Item | None, order) -> str | None:
    """The first kind of ``cue`` found in ``order`` (or its only kind)."""
    if cue is None:
        return None
    for kind in order:
        if kind in cue.kinds:
            return kind
    return next(iter(sorted(cue.kinds)), None)


# 高级技师 技师 高级工分别多少钱 / 本科还是硕士拿得多: values set side by side in a question are the
# choices asked about, not the person's one value. A correction between them (8个月，不对，是9个月)
# or no question at all (以前本科现在硕士) keeps the last one, as before.
_ASKS_ALTERNATIVES = re.compile(r"分别|各(?:是|给|发|补|拿|能)|区别|不同|哪个|哪一个|哪种|还是|或者|多少|几钿|[吗呢？?]")


_THEN_NOW = re.compile(r"(?:开始|后来|现在|目前|如今|然后|之后|以后)[^，,。；;]{0,6}$")


def _without_options(findings: list, msg) -> list:
    """是要金山户口还是上海户口就行: two of a kind either side of 还是 in one clause are options asked about."""
    kinds = {"PLACE": "P", "HUKOU_PLACE": "P"}
    out = []
    for f in findings:
        lo, hi = msg.clause_bounds(f[2].start)
        k = kinds.get(f[2].label, f[2].label)
        if "还是" in msg.t[lo:hi] and any(i is not f[2] and kinds.get(i.label, i.label) == k and lo <= i.start < hi
                                          for i in msg.items) and not f[4]:
            continue
        out.append(f)
    return out


def _without_denied_values(findings: list, text: str) -> list:
    """合同是两年 不是一年 / 是三级不是四级 / 2026.7 非6月: of two values of one fact, the one said after 不是 goes."""
    values: dict[str, set] = {}
    for fact, value, _item, _guess, derived in findings:
        if not derived and not isinstance(value, bool):
            values.setdefault(fact, set()).add(repr(value))
    several = {f for f, v in values.items() if len(v) > 1}
    return [f for f in findings if not (f[0] in several and not isinstance(f[1], bool)
                                        and re.search(r"(?:不是|而不是|并非|并不是|非|勿是)[\s：:]*$", text[max(0, f[2].start - 4):f[2].start]))]


# A、B、C级 / 一二三等奖 / 一级到三级 / ABC级: one value written with the others before it, in a
# question (分别给多少 / 各奖多少): the grades asked about, not the person's
_ENUMERATED_BEFORE = re.compile(r"(?:[A-Da-d一二三四五1-5](?:级|等奖?|类)?\s*(?:[、,，/和及与或到至~\-]|\s)?\s*){1,4}$")


def _without_enumerated(findings: list, text: str) -> list:
    if not _ASKS_ALTERNATIVES.search(text):
        return findings
    return [f for f in findings if f[4] or not (
        re.match(r"[A-Da-d一二三四五1-5]\s*(?:级|等)", f[2].text) and _ENUMERATED_BEFORE.search(text[max(0, f[2].start - 12):f[2].start])
        and re.search(r"[A-Da-d一二三四五1-5]", text[max(0, f[2].start - 2):f[2].start]))]


def _without_alternatives(findings: list, text: str) -> list:
    values: dict[str, set] = {}
    for fact, value, _item, _guess, derived in findings:
        if not derived:
            values.setdefault(fact, set()).add(repr(value))
    several = {f for f, v in values.items() if len(v) > 1}
    if not several or not _ASKS_ALTERNATIVES.search(text):
        return findings
    if vocab.corrects(text):
        return findings
    status = sorted((f for f in findings if f[0] == "employment_status" and not f[4]), key=lambda f: f[2].start)
    if "employment_status" in several and _THEN_NOW.search(text[:status[-1][2].start]):
        # 在家待了一年多，一直到今年3月1号开始做淘宝直播: a spell, then what is done now: no alternatives
        several.discard("employment_status")
        findings = [f for f in findings if f[0] != "employment_status" or f[2] is status[-1][2] or f[4]]
    return [f for f in findings if f[0] not in several]


_IN_A_QUESTION = re.compile(r"[吗呢伐？?]|算不算|能不能|可不可以|有没有|的吧|对吧|是吧|包括")
_FUTURE_NUMBER = re.compile(r"(?:就|快|马上|明年|过年|到时候)$")
_FUTURE_AHEAD = re.compile(r"(?:明年|后年|过了年|过年|到时候|下个月|下半年)[^，,。；;\s0-9]{0,4}$")


def _of_the_future(t: str, start: int) -> bool:
    """过年就三十八 / 明年春天36岁生日: the number at start is said of the time to come."""
    return bool(_FUTURE_NUMBER.search(t, max(0, start - 3), start)
                or _FUTURE_AHEAD.search(t, max(0, start - 8), start))


_FUTURE_DEGREE = re.compile(r"(?:明年|后年|即将|马上|快要|还没|尚未|下半年|读完|念完)[^，,。；;！!？?]{0,8}毕业")


def _corrected_in_message(findings: list, msg, rules) -> list:
    """三十五岁，不对，刚刚讲错了……三十六了: a correction in the message, then one bare number, corrects
    the number said before it (the last count found before the correction)."""
    cue = vocab.correction_in(msg.t)
    if cue is None:
        return findings
    at = cue.start()
    counts = [f for f in findings if f[0] in INT_FACTS and f[2].end <= at and not f[4]]
    if not counts:
        return findings
    fact = counts[-1][0]
    after = [(m, n) for m, n in rules._bare_numbers() if m.start() > at and n is not None
             and not _of_the_future(msg.t, m.start())]
    if not after and fact in MONTH_FACTS:
        # 合同签了三年……哦不对，是两年: the corrected count said as a duration
        spans = [(m, N.parse_duration(m)) for m in N.DURATION_RE.finditer(msg.t, at)]
        spans = [(m, d.months) for m, d in spans if d and isinstance(d.months, int) and not d.ago]
        if len(spans) == 1 and not any(f[2].start < spans[0][0].end() and spans[0][0].start() < f[2].end
                                       for f in findings):
            m, n = spans[0]
            item = Item(m.start(), m.end(), m.group(0), "DURATION", n)
            return [f for f in findings if f[0] != fact] + [(fact, n, item, False, False)]
    if len(after) != 1 or fact == "age" and not 14 <= after[0][1] <= 100:
        return findings
    m, n = after[0]
    item = Item(m.start(), m.end(), m.group(0), "ANSWER", n)
    return [f for f in findings if f[0] != fact] + [(fact, n, item, False, False)]


def _corrected_after(findings: list, msg, asked: str | None) -> list:
    """伊户口松江个 不对 去年迁到金山来了: the words after a correction, read as the answer to the
    question of a fact said before it, correct that fact (counts: _corrected_in_message)."""
    cue = vocab.correction_in(msg.t)
    if cue is None or cue.start() == 0:
        return findings
    said = {f[0]: f[1] for f in findings if f[2].end <= cue.start() and not f[4]}
    later = {f[0] for f in findings if f[2].start >= cue.end()}
    for fact in reversed(list(said)):
        if fact in later or fact in INT_FACTS:
            continue
        sub = extract(msg.raw[cue.end():], msg.today, fact)
        value = sub.facts.get(fact)
        if value is None or value == said[fact]:
            continue
        a, b, text = next((a, b, x) for f, _v, a, b, x in sub.spans if f == fact)
        item = Item(a + cue.end(), b + cue.end(), text, "ANSWER", value)
        return [f for f in findings if f[0] != fact] + [(fact, value, item, False, False)]
    return findings


_NOT_RETIRED = re.compile(r"(?:还|也)?(?:没|没有|未|勿|呒没|不曾)(?:有)?退休|还没退")
# 我在一家家政公司做 / 伊勒金山石化一家保洁公司做 / 在会员单位（一家装修公司）做木工: a workplace, then 做
_WORKS_AT = re.compile(r"(?:在|勒|于)[^，,。；;？?]{0,14}?(?:公司|厂|基地|单位|店|饭店|超市|医院|农场|合作社|仓库|工地|车间)"
                       r"(?:里|里面|里厢|）|\))?(?:做|干|上班|打工|工作)(?![过完])")
# 社保是6月份开始自己交的 一直交到现在 / 社保从今年3月起交到现在没断过: paid from a month on, still paid
_INSURED_SINCE = re.compile(r"(?:社保|社会保险|保险)[^，,。；;？?]{0,4}?(?:从)?(?:(?:\d{4}|今年|去年|前年)年?)?"
                            r"(?:\d{1,2}|[一二三四五六七八九十]{1,2})月份?(?:\d{1,2}[日号])?[^，,。；;？?]{0,4}?(?:开始|起)[^，,。；;？?]{0,6}?交"
                            r"(?=[^。；;？?]{0,10}(?:到现在|至今|到今天|没断|一直交|现在还在交|到目前))")
_RURAL_WORDS = re.compile(r"农村|农民|农业|农户|村里|村上|乡下|山区|种地|务农|农民工|老家.{0,3}(?:种|村)")
# 第二天就开始跑货拉拉 / 没几天就去送外卖: flexible work begun right after the job ended
_RIGHT_AFTER = re.compile(r"(?:第二天|第二日|次日|隔天|当天|马上|立马|紧接着|没几天|没过几天|过了几天|一离职|一辞职)(?:就|便)?"
                          r"(?:开始|去|出去|在|自己)?[^，,。；;]{0,8}?(?=" + "|".join(
                              ["跑", "送", "开", "做", "接单", "打零工", "摆", "骑"]) + ")")
_STOPPED_SINCE = re.compile(r"[^。；;]{0,12}?(?:不跑了|不做了|不干了|停了|没做了|没跑了|不送了)")
_BEEN_HERE_BEFORE = re.compile(r"(?:以前|之前|前年|去年|大前年|早年|老早|早几年|前几年|那年|上趟|上次)[^，,。；;\s没未不勿无]{0,4}(?:来|到)过金山|"
                               r"(?:以前|之前|早年|老早)(?:也|还)?(?:在)金山(?:做|干|打工|上过班)过|"
                               # 他在金山已经干过好几份工作了 / 以前在金山交过社保 / 从金山另一家厂跳过来的
                               r"(?<![没未勿])在金山(?:已经|以前|之前|也|都|还|早就)?(?:干|做|上|打|待|呆|交|缴)过(?!吗|么|没)|"
                               r"从金山(?:另一家|另外一家|别的|其他|其它|另一个|另外的)")
_NEVER_HERE_BEFORE = re.compile(r"(?:之前|以前|原来|过去|从来)(?:都|也|还)?(?:没|没有|从没|从来没|未|从未|勿|呒没)(?:有)?(?:来过|到过|在)金山"
                                r"(?:上过班|工作过|干过|做过|打过工|就业过|上班|工作|打工|干活|做生活)|"
                                r"(?:之前|以前|原来|过去|从来)(?:都|也|还)?(?:没|没有|从没|从来没|未|从未)(?:有)?来过金山")
_WENT_BACK = re.compile(r"[^。；;]{0,12}(?:就回去了|回老家了|回去了|又回去|走了|勿做了|不做了|不干了)")
_AT_HOME_LOOKING = re.compile(r"在家(?:里)?[^。；;？?]{0,6}?(?:想|要|准备|打算|正在|在)(?:出去|重新|再)?(?:找|寻)(?:个|份|一份|点)?(?:工作|活|事做|生活|班上)")
_ECHOED_TOPIC = re.compile(r"(?:就业)?困难(?:人员)?(?:认定)?|(?:原)?(?:农业|农村)户[口籍]?|全日制|应届(?:生)?|灵活就业登记|用工登记|备案|"
                           r"见习基地|对口地区|劳动年龄段?|退休|首次|第一次|社保基数|基数|证书|评价|培训")
_NOT_FIRST_HERE = re.compile(r"(?:不是|并非|不算)(?:第一次|首次|头一次|头一回)(?:来|在|到)?金山(?:工作|上班|就业|打工|干活)")
# 大前年辞职 / 去年厂里倒闭了 / 前年下岗的: a year with no month, then the spell's start
_YEAR_OF_SPELL = re.compile(r"(大前年|前年|去年)(?!\d|[一二三四五六七八九十]{1,2}月|年底|年初|底|初|[春夏秋冬])[^，,。；;\d月]{0,6}?"
                            r"(?:辞职|辞工|离职|失业|被裁|下岗|倒闭|关门|厂关|不做了|不干了|没工作|没了工作)")
# (困难人员认定？不知道诶: the word's own verb and a question mark may come between)
_TO_CHECK_AFTER = re.compile(r"(?:认定过?|登记过?|备案过?|办过?|的事)?(?:[？?，,\s]|吗|呢|啊)*(?:"
                             r"(?:我|还|也|都)?(?:还得|还要|要|得|需要|待)(?:回去)?(?:查|核实|确认|问一?问)|"
                             r"(?:我)?(?:也|都|还)?(?:不清楚|不知道|不确定|没确认|待定|说不准|记不清|勿晓得|不晓得))")
_RETIRED = re.compile(r"(?<![没未不])(?:退休了|已经退休|已退休|办了退休|办好退休|退休在家|退休(?:老早|很久|好几年|多年|好多年|好些年)了?|"
                      r"(?:老早|早就|早已|早)(?:就)?退休)|(?:拿|领)(?:养老金|退休金|退休工资)|退休个人|退休的人")
# 毕业到现在一直没工作 / 毕业以后一直没找到工作: never in work since school (not 毕业后找过工作)
_NO_JOB_SINCE_SCHOOL = re.compile(r"毕业(?:的|了)?[，,]?(?:以后|之后|后|到现在|到今天|至今|起|开始)[^。！？!?；;]{0,14}?"
                                   r"(?:一直|都|还|也|就)(?:没|没有|未|勿|呒没)(?:找到|找过|找着|上过|有|做过|干过)?"
                                   r"(?:个|份|一份)?(?:正式|稳定|合适|像样|固定)?(?:的)?(?:工作|班|上班|活|就业)")


_OPTIONS = re.compile(r"(?:两|几|2|3)个offer|offer有(?:两|几)个|(?:两|几)个(?:单位|工作|公司)(?:在谈|可以选|让我选|选一个)|(?:两|几)份录用通知")
_TOWN_HUKOU = re.compile(r"县城户口|城镇户口|城里户口|城市户口|非农业?户口|(?<!是)(?:不是|勿是)(?:农村|农业)")   # (是不是农村户口: asked)
_LEFT_THAT_JOB = re.compile(r"(?:辞掉|辞职|辞了|离职|不干了|被辞退|被裁|裁掉|厂关了|倒闭)了?(?=$|[\s，,。！!；;])")
_NOW_WORKING = re.compile(r"现在|目前|又|后来|重新|新找|找到")


def extract(text: str, today: _dt.date, asked: str | None = None) -> Extraction:
    """Facts stated in one user message; see the package docstring."""
    if isinstance(today, _dt.datetime):
        today = today.date()
    msg = _Message(normalise(text or ""), today)
    msg.raw = text or ""      # spans quote what was typed (normalise keeps the length)
    rules = _Rules(msg, asked)
    not_asked = msg.not_asked_spans()
    findings = [f for f in rules.run() if not any(lo <= f[2].start < hi for lo, hi in not_asked)]
    findings = _without_alternatives(_without_denied_values(_without_options(findings, msg), msg.t), msg.raw)
    findings = _without_enumerated(findings, msg.raw)
    findings = _corrected_in_message(findings, msg, rules)
    findings = _corrected_after(findings, msg, asked)
    result = Extraction()
    winner: dict[str, Item] = {}
    derived_of: dict[str, bool] = {}
    for fact, value, item, guess, derived in sorted(findings, key=lambda f: f[2].start):
        if guess:
            result.confirm[fact] = value
        elif derived and result.facts.get(fact, object()) == value and not derived_of[fact]:
            continue            # 在松江上班，签了3年合同: 上班 stays the span of employed
        elif fact in result.facts and result.facts[fact] == value and not derived and not derived_of[fact] \
                and _IN_A_QUESTION.search(msg.t[item.end:msg.clause_bounds(item.start)[1] + 1]):
            continue            # 我今年35周岁…35岁还算青年吗: the same value asked about again; the saying is its span
        else:
            result.facts[fact], winner[fact], derived_of[fact] = value, item, derived
    # a stated value beats a guess for the same fact (我28岁，95年的 -> 28)
    for fact in result.facts:
        result.confirm.pop(fact, None)
    if "age" not in result.confirm:
        result.confirm.pop("birth_year", None)
    for fact in ("work_region", "employer_excluded", "employment_status"):
        w = winner.get(fact)
        if w is not None and fact in result.facts and (fact != "employment_status" or result.facts[fact] == "employed"):
            lo, hi = msg.clause_bounds(w.start)
            interning = [m.start() for m in re.finditer(r"实习(?!期)", msg.t) if msg.sent[m.start()] == msg.sent[w.start]]
            if interning and not re.search(r"见习|试用|转正|签了|上班|工作", msg.t[lo:hi]):
                result.facts.pop(fact)      # 在漕河泾那边一个公司实习，公司还没讲签不签: a placement, no job held
    def put(fact: str, value, m: re.Match, label: str):
        """A fact said by the words of m, set over whatever the items gave."""
        result.facts[fact] = value
        winner[fact], derived_of[fact] = Item(m.start(), m.end(), m.group(0), label, value), False

    def drop(facts: tuple, said: Callable[[Item], bool]):
        """The facts whose words `said` (they belong to another time or job), taken out."""
        for fact in facts:
            w = winner.get(fact)
            if w is not None and said(w):
                result.facts.pop(fact, None)

    never = _NEVER_HERE_BEFORE.search(msg.t)
    if never and "first_job_in_jinshan" not in result.facts and not msg.hypothetical(never.start()) \
            and not re.match(r"[^，,。\s]{0,3}(?:吗|么|伐|[？?])", msg.t[never.end():]):
        # 这批人之前没来过金山上班 / 以前从没在金山干过: the first job here
        put("first_job_in_jinshan", True, never, "BOOL")
        drop(("work_region", "employment_status"), lambda w: never.start() <= w.start < never.end())
    before = _BEEN_HERE_BEFORE.search(msg.t)
    if before and re.search(r"没|未|不曾|从不|勿曾|呒没", msg.t[msg.clause_bounds(before.start())[0]:before.start()]):
        before = None       # 以前没有在金山干过: never here (read above)
    if before and result.facts.get("first_job_in_jinshan") is not True and not msg.hypothetical(before.start()) \
            and not re.match(r"[^，,。\s]{0,3}(?:吗|么|伐|没有|[？?])", msg.t[before.end():]):
        # 前年我来过金山 勒饭店里做了两个号头就回去了: a job here before, which has ended
        put("first_job_in_jinshan", False, before, "BOOL")
        drop(("work_region", "employment_status", "employer_excluded"),
             lambda w: before.start() <= w.start and bool(_WENT_BACK.search(msg.t, w.end)))
    if result.facts.get("first_job_in_jinshan") is False:
        # 不是第一次来金山工作: a job here before, not where they work now
        for m in _NOT_FIRST_HERE.finditer(msg.t):
            drop(("work_region", "employment_status"), lambda w: m.start() <= w.start < m.end())
    if result.facts.get("paired_region_rural_labor") is True and not _RURAL_WORDS.search(msg.t) and asked != "paired_region_rural_labor":
        # 对口地区来的工人: from the paired region, but rural labour (四（十一）-（十三）) is not said;
        # asked, not assumed (an urban worker from there gets none of the three)
        result.facts.pop("paired_region_rural_labor")
        result.confirm["paired_region_rural_labor"] = True
    if result.facts.get("paired_region_rural_labor") is True and _TOWN_HUKOU.search(msg.t):
        # 从对口地区来，但说自己是县城户口，不是农村的: from the paired region, not its rural labour
        result.facts["paired_region_rural_labor"] = False
    quit_ = _LEFT_THAT_JOB.search(msg.t)
    if quit_ and not msg.hypothetical(quit_.start()) and not _NOW_WORKING.search(msg.t, quit_.end()) \
            and result.facts.get("employment_status") == "employed":
        # 原来在松江一个厂里上班 签了两年合同 今年7月份辞掉了: the job said before it ended is not the current one
        drop(("work_region", "employment_status", "employer_excluded", "contract_months", "contract_open_ended"),
             lambda w: w.start < quit_.start())
    if rules.spell_year and result.facts.get("employment_status") in ("employed", "student", "flexible"):
        result.confirm.pop("unemployment_months", None)   # 去年辞职 后来找到工作了: no spell going on
        rules.ranges.pop("unemployment_months", None)
    if rules.past_spell and result.facts.get("employment_status") in ("employed", "student"):
        result.facts.pop("unemployment_months", None)   # 之前失业过半年，现在上班了: no spell now
    if "flexible_since" in result.facts and "employment_status" not in result.facts \
            and not _STOPPED_SINCE.search(msg.t, winner["flexible_since"].end):
        # 9月1日开始做众包快递，到现在还没办登记: the flexible work began and goes on
        result.facts["employment_status"], winner["employment_status"] = "flexible", winner["flexible_since"]
        derived_of["employment_status"] = True
    at = _WORKS_AT.search(msg.t)
    if at and "employment_status" not in result.facts and not msg.hypothetical(at.start()) \
            and not msg.about_someone_else(at.start()) and not msg.in_past(at.start()) \
            and not re.search(r"想|打算|准备|计划|要去|去找|以前|之前|原来|那时", msg.t[msg.clause_bounds(at.start())[0]:at.start()]):
        # 我在一家家政公司做 / 勒吕巷一个蔬菜基地做: working there now
        put("employment_status", "employed", at, "STATUS")
    unfiled = re.search(r"(?:没|没有|未|还没)(?:有)?办(?:理)?(?:过)?退休|退休手续(?:还)?(?:没|没有|未)(?:有)?办", msg.t)
    if unfiled and result.facts.get("within_working_age") is False:
        result.facts.pop("within_working_age")     # 没办退休 / 退休手续还没办: neither side of the statutory age
    not_retired = _NOT_RETIRED.search(msg.t)
    if not_retired and not msg.hypothetical(not_retired.start()):
        # 还没退休: never 已到退休年龄; as the answer to 是否尚未到法定退休年龄 it is that yes, alone it says
        # nothing of the statutory age (a woman of 56 who has not retired may be past it)
        w = winner.get("within_working_age")
        if result.facts.get("within_working_age") is False and (w is None or w.start < not_retired.end() and not_retired.start() < w.end):
            result.facts.pop("within_working_age")
        if asked == "within_working_age" and "within_working_age" not in result.facts \
                and not re.search(r"不清楚|不知道|不确定|说不准|记不清|好像|不晓得|勿晓得", msg.t):
            put("within_working_age", True, not_retired, "BOOL")
    since = _INSURED_SINCE.search(msg.t)
    if since and "social_insurance_months" not in result.facts and not msg.hypothetical(since.start()) \
            and not msg.about_someone_else(since.start()):
        # 社保是6月份开始自己交的 一直交到现在: the months paid from then to this month (the cautious count)
        day = next((N.parse_date(m, msg.today) for m in N.DATE_RE.finditer(since.group(0)) if m.group(0)), None)
        first = day.first_day() if day else None
        if first and first <= msg.today:
            months = (msg.today.year - first.year) * 12 + msg.today.month - first.month
            put("social_insurance_months", months, since, "DUR")
    w = winner.get("employment_status")
    if result.facts.get("employment_status") == "flexible" and w is not None and _STOPPED_SINCE.match(msg.t, w.end) \
            and not _STOPPED_SINCE.match(msg.t, w.end).group(0).startswith(("不跑了就", "停了就")):
        result.facts.pop("employment_status")   # 今年3月开始跑外卖，上个月不跑了: no longer (what now is not said)
    right_after = _RIGHT_AFTER.search(msg.t)
    if right_after and result.facts.get("employment_status") == "flexible" and "flexible_since" not in result.facts \
            and not msg.hypothetical(right_after.start()):
        # 今年3月合同到期，第二天就开始跑货拉拉: no spell between (a month's precision)
        if "unemployed_since" in result.facts:
            result.facts["flexible_since"] = result.facts["unemployed_since"]
            winner["flexible_since"], derived_of["flexible_since"] = winner["unemployed_since"], True
        else:
            result.right_after = True   # the spell's start said earlier: the dialogue dates it
        result.facts.pop("unemployment_months", None)
    spell = next((f for f in ("unemployed_since", "unemployment_months") if f in result.facts), None)
    if spell and "employment_status" not in result.facts and not rules.past_spell \
            and "flexible_since" not in result.facts and "flexible_employment_registered" not in result.facts \
            and asked not in ("unemployed_since", "unemployment_months", "flexible_since"):
        # (the answer to 失业多久 says no more than that: the spell may have led to flexible work)
        # 今年3月底从松江一家公司离职的，到现在没上班8个多月了: a spell going on is being out of work
        result.facts["employment_status"], winner["employment_status"] = "unemployed", winner[spell]
        derived_of["employment_status"] = True
    if result.facts.get("within_working_age") is False and result.facts.get("employment_status") == "unemployed" \
            and spell is None and _RETIRED.search(msg.t):
        # 我退休了呀，勿读书也勿上班: retired, which is not being out of work (未就业) in this policy
        result.facts.pop("employment_status")
    looking = _AT_HOME_LOOKING.search(msg.t)
    if looking and "employment_status" not in result.facts and not msg.about_someone_else(looking.start()) \
            and not re.search(r"换|跳槽|兼职|第二份|另外找|实习|寒假|暑假", msg.t) and asked != "employment_status":
        # 我在家里 想出去找工作 / 勒屋里 想出去寻生活做: at home and looking for work is out of work now
        put("employment_status", "unemployed", looking, "STATUS")
    if spell is None and result.facts.get("employment_status") == "unemployed" and "graduation_date" in result.facts \
            and _NO_JOB_SINCE_SCHOOL.search(msg.t):
        # 2025年7月毕业的，到现在一直没找到工作: out of work since leaving school, the spell starts then
        result.facts["unemployed_since"] = result.facts["graduation_date"]
        winner["unemployed_since"], derived_of["unemployed_since"] = winner["graduation_date"], True
        spell = "unemployed_since"
    elif spell is None and result.facts.get("employment_status") == "unemployed" \
            and isinstance(result.facts.get("months_since_graduation"), int) and _NO_JOB_SINCE_SCHOOL.search(msg.t):
        # 从毕业到现在，一年零五个月吧，一直没工作: the time since school is the spell
        result.facts["unemployment_months"] = result.facts["months_since_graduation"]
        winner["unemployment_months"], derived_of["unemployment_months"] = winner["months_since_graduation"], True
        spell = "unemployment_months"
    if result.facts.get("employment_status") in ("unemployed", "flexible") or spell and "employment_status" not in result.facts:
        # (a spell going on, whatever else is said: 3月底从松江一家公司离职的，到现在没上班8个多月了)
        # 去年公司裁员 / 厂子倒闭了 / 被公司裁掉后跑外卖: the employer named is the old one, not a current job
        for fact in OLD_JOB_FACTS:
            result.facts.pop(fact, None)
    result.subject = msg.subject_pronoun
    result.subject_word = msg.subject[3] if msg.subject_pronoun and msg.subject else None
    result.not_asked = not_asked
    result.ranges = {f: r for f, r in rules.ranges.items() if f in result.confirm}
    result.planned = {f: v for f, v in rules.planned.items() if f not in result.facts}
    # on a shared span the main fact comes first, the derived one after it
    # (Rasa's evaluation labels a token with the first entity listed on it)
    spans = [(f, v, *winner[f].span) for f, v in result.facts.items()]
    result.spans = [(f, v, a, b, msg.raw[a:b]) for f, v, a, b in
                    sorted(spans, key=lambda s: (s[2], s[3], derived_of[s[0]]))]
    return result
