"""Build the typed reading of one message from the rule reader's findings.

Values, and the fact each value fills, come from the rules (fact_extraction: numbers,
dates, durations, places, degrees). Who a mention is about and whether it is asserted come
from the learned classifiers (acts.py). A short answer to the question just asked, found
only by reading the message knowing that question, has no span of its own: it is stated.
"""
from __future__ import annotations

import os
from functools import lru_cache
import re
from typing import Iterable, Optional

from . import acts, requires
from .typed import Mention, Reading

# The classifiers overrule the rules only when this sure. On the corpus's dev split 0.5 is best
# (20.7% of messages with a wrong fact, 0.6: 22.0%, same recall), but the corpus has far more
# non-asserted mentions than real messages: on the project's earlier rounds (written blind in
# earlier sessions, long since seen) 0.5 set aside statements the model doubted (离职以后就没上过班:
# intends 0.53), so 0.6. Never tuned on the blind test set or round 6.
CONFIDENT = float(os.environ.get("READER_CONFIDENT", "0.6"))   # above 1: the rules alone (compare runs)


# Reported words that state the person's own record: 「他说前年街道给他认定过」 in a hotline note
# (the person asked about says it of themselves), and what the body that keeps the record told
# them (公司说用工登记办好了, 学校说算应届生). Hearsay is the rest: 听说, 听邻居讲, 朋友说.
_SELF_REPORT = re.compile(r"(?:他|她|来电人|本人|该(?:男|女)士|其|老人家|阿姨|叔叔|公司|单位|厂里|学校|老师|"
                          r"街道|居委|人社|社保|HR|hr|人事|系统)(?:自己|那边|里)?(?:说|讲|称|表示|反映|显示|告诉)")


# 大概两倍 / 差不多一年: a vague amount, which the rules read as a range (快一年 -> 10–12 months),
# not a hedge on the fact itself (好像认定过, 可能是农业户口, 记不清), which is confirmed first.
_VAGUE_AMOUNT = re.compile(r"(?:大概|大约|差不多|估计|约)(?:是|有)?[^，,。；;\s]{0,8}?[0-9一二两三四五六七八九十半]")


# The words that mark an act outright, in the clause before the mention. When the classifier's
# act has its word there, rules and model agree and the act stands at any probability.
_CUES = {
    "hearsay": re.compile(r"听说|听讲|听人|听.{1,4}(?:说|讲)|据说|人家(?:说|讲)|别人(?:说|讲)|网上(?:说|讲)"),
    "supposes": re.compile(r"(?:如果|假如|要是|假设|万一|假使|只要)(?!没记错|我没记错)"),
    "intends": re.compile(r"准备|打算|计划|想去|将来|明年|下个月|过了年|以后要|一毕业|毕业(?:了|后|以后)就|"
                          r"等(?:我|他|她)?.{0,4}(?:毕业|退休)"),
    "hedges": re.compile(r"好像|可能|也许|记不清|不确定|不太清楚|说不准"),
}


# 户口大概是金山 / 好像是应届生 / 应该是农业户口: a hedge right before a value (大概八个月 is a vague amount)
_HEDGE_NEAR = re.compile(r"(?:好像|可能|也许|大概|大约|应该|估计|似乎)(?:是|在|勒|算)?[^，,。；;\s]{0,2}$")


# 好像街道给他认定过就业困难人员 / …认定过，具体记不清了: a yes or no the person is unsure of
_YES_NO_HEDGED = {"hard_to_employ_certified", "rural_hukou", "employment_registered", "flexible_employment_registered",
                  "paired_region_rural_labor", "first_job_in_jinshan", "in_jinshan_internship_base",
                  "subsidized_training_in_jinshan", "full_time_education", "fresh_graduate"}
_HEDGE_IN_CLAUSE = re.compile(r"好像|似乎|可能|也许|不知道是不是|记得好像")
# (…认定过，具体记不清了; never 已登记，开始时间记不清: the date is what is not remembered)
_UNSURE_AFTER = re.compile(r"[^。！!？?，,\s]{0,3}(?:[，,\s]+(?:具体|具体的|详细|我|也|都|有点|其实|但|但是|不过)*)?"
                           r"(?:记不清|记不太清|记勿清|不确定|不太确定|说不准|不敢肯定)")


def _cued(act: str, text: str, start: int) -> bool:
    cue = _CUES.get(act)
    if cue is None:
        return False
    # a span may open with its cue (只要不是困难人员): the cue's own words count
    return bool(cue.search(text, _clause_bounds(text, start, start)[0], start + (2 if act == "supposes" else 0)))


# 去外区上班的补贴 / 回金山工作的一次性就业补贴: words that name a subsidy, not the person's case.
_NAMES_A_SUBSIDY = re.compile(r"[^，,。；;\s]{0,6}?的(?:一次性)?[^，,。；;\s]{0,4}?(?:补贴|补助|资助|奖励)"
                              r"(?!培训|项目|范围)")


# 应届生回金山就业补贴 / 农民跨区上班补贴: a kind of person running into a subsidy's name, no verb
# between (我是应届生，能拿什么补贴 and 我失业半年补贴怎么算 are not: a pause, a verb, a number)
_RUNS_INTO_SUBSIDY = re.compile(r"[^，,。；;\s/、|能可有拿领是吗呢问？?]{0,8}?(?:补贴|补助|资助)")
_NUMBER = re.compile(r"[0-9一二两三四五六七八九十半]")
_SUBSIDY_THEN_NAME = re.compile(r"(?:补贴|补助|津贴)[\s，,：:]*(?:那个|就是|是)?$")
_NAME_ENDS = re.compile(r"(?:的|个|那个|那种)?(?:补贴)?\s*(?:[?？。!！，,]|$)")


_SUBSIDY_WORD = re.compile(r"(?:补贴|补助|资助|奖励)$")   # a name ends so (补贴培训 is no name)
_SELF_BEFORE = re.compile(r"(?:我|他|她|本人|孩子|儿子|女儿)(?:是|已经|现在|目前)?(?:个|一个|一名)?$")


# the kinds of person a subsidy is named by (应届生…补贴, 农民…补贴, 灵活就业…补贴)
_NAMED_BY = {"fresh_graduate", "rural_hukou", "hukou", "employment_status", "paired_region_rural_labor",
             "hard_to_employ_certified", "work_region"}


# 灵活就业一个号头有一千块 / 农村户口每月补1000: a kind of person running into a subsidy's sum
_RUNS_INTO_SUM = re.compile(r"[^，,。；;\s我他她]{0,6}?(?:有|补|给|发|拿|领|每月|每个月|一个月|一月)\s*(?:[0-9]{3,5}|[一两二三四五六七八九][千百万])")


def _names_a_subsidy(text: str, end: int, start: int = 0, fact: str = "") -> bool:
    if _NAMES_A_SUBSIDY.match(text, end):
        return True
    if fact not in _NAMED_BY:
        return False
    if _SUBSIDY_THEN_NAME.search(text[max(0, start - 8):start]) and _NAME_ENDS.match(text, end):
        return True     # 失业补贴 灵活就业个: a subsidy, then the kind it is named by, and nothing said of anyone
    if _RUNS_INTO_SUM.match(text, end) and not _SELF_BEFORE.search(text[max(0, start - 6):start]):
        return True
    m = _RUNS_INTO_SUBSIDY.match(text, end)
    return bool(m) and not _NUMBER.search(text[start:m.end()]) and not _SELF_BEFORE.search(text[max(0, start - 6):start])


def _vague_amount(text: str, start: int, end: int) -> bool:
    lo, hi = max(0, start - 12), min(len(text), end + 12)
    return bool(_VAGUE_AMOUNT.search(text[lo:hi]))


def _self_report(text: str, start: int, end: int) -> bool:
    """The words come from the person or the body keeping the record; or the mention is the
    one speaking (公司说…: that the employer is a company is the writer's own statement)."""
    lo = max(0, start - 12)
    # (用工登记厂里说办了: the record's keeper named right after the mention)
    return bool(_SELF_REPORT.search(text, lo, start)) or text[end:end + 1] in ("说", "讲", "称") \
        or bool(_SELF_REPORT.match(text, end, min(len(text), end + 8)))


# 拿了/获了/考了…: the perfective says it happened; the question after it asks about it.
_DONE = ("拿了", "获了", "得了", "评了", "考了", "办了", "交了", "缴了", "签了", "取得", "拿到")


# 一个月多少钱 / 每月能拿多少 / 一年补几钿: the period of the sum asked about, not a fact
_ASKS_SUM = re.compile(r"(?:能|可以|可|好)?(?:拿|领|补|给|发|有)?(?:多少|几钿|几个钱|几多)")
# 干点啥才有 / 跑外卖算不算 / 去见习基地还可以的吧: the condition asked about, not the person's case
_ASKS_CONDITION = re.compile(r"[^，,。；;\s]{0,4}?(?:才有|才能|才可以|才行|算不算|算吗|算不|行不行|可不可以|还可以的吧|可以的吧|行吧)|"
                             r"[^，,。；;\s]{0,4}?(?:这条|这一条|这一项|这个条件|这项条件|那条|那一条|那一项|里面说的|里说的)")   # 失业时长这条 满足还是不满足


# 啥叫全日制 / 什么是就业困难人员 / 全日制是啥意思: a term asked about, not the person's case
_ASKS_TERM_BEFORE = re.compile(r"(?:啥叫|什么叫|什么是|啥是|何为|怎么算|咋算|不懂|勿懂|弗懂)\s*$")
_ASKS_TERM_AFTER = re.compile(r"(?:是|指|算)?(?:啥|什么)(?:意思|东西)|(?:我)?(?:不懂|勿懂|弗懂)")
ASKS_TERM = re.compile(r"啥叫|什么叫|什么是|啥是|何为|(?:啥|什么)意思|不懂|勿懂|弗懂|不明白|勿明白|"
                       r"不(?:太)?(?:清楚|知道)(?:这个|这|它|那个)?(?:是)?(?:啥|什么)(?:东西|意思)?|"
                       r"(?:几|多少)岁到(?:几|多少)岁|(?:从|是)?几岁(?:开始)?到|指(?:的是)?(?:哪些|几岁|多大)|"
                       r"(?:从|由)(?:哪天|哪一天|什么时候|何时|啥辰光)(?:开始|起)?算|起算")   # 离校2年内从哪天算


# 一个月能拿多少 / 每年补几钿: a sum's period (one month, one year), never a duration of one's own
_PER_PERIOD_SUM = re.compile(r"(?:一|每|1)\s*个?(?:月|年|号头)(?:里|内|头)?\s*(?:能|可以|可|好|大概|一共)?(?:拿|领|补|给|发|有)?\s*(?:多少|几钿|几个钱|几多)")
_PERIODS = ("unemployment_months", "social_insurance_months", "contract_months", "months_since_graduation",
            "startup_org_operating_months")


_REACHED_BEFORE = re.compile(r"满|够|超过|到")
_REACHED_ASKED = re.compile(r"(?:了)?(?:没有?|吗|伐|么|嘛|不)\s*(?:[？?。，,；;!！\s]|$)")


def _asks_about(text: str, s: int, e: int, fact: str = "") -> bool:
    """The words right after the mention make it part of a question: a sum's period, or the
    condition asked about (never after a perfective 了/过: 失业一个月了能拿多少 states it); or
    the words around it ask what a term means."""
    if _ASKS_TERM_BEFORE.search(text[max(0, s - 4):s]) or _ASKS_TERM_AFTER.match(text, e):
        return True
    # 失业满6个月没 / 社保交满6个月了吗: a threshold asked about, not reached
    if fact in _PERIODS and _REACHED_BEFORE.search(text[max(0, s - 3):e]) and _REACHED_ASKED.match(text, e):
        return True
    if text[e:e + 1] in ("了", "过") or text[max(0, s - 2):s] in _DONE:
        return False        # 拿了一等奖能给多少钱: done, then a question about it
    # the period of a sum is a duration (一个月多少钱); 一等奖能给多少 names what was won
    period = fact in _PERIODS
    if period and _ASKS_SUM.match(text, e) or _ASKS_CONDITION.match(text, e):
        return True
    # 中级工四级证书有没有 / 大专行吗: a kind asked about, when no one is said to have it
    return bool(_ASKS_IF_ANY.match(text, e)) and not _HOLDER_BEFORE.search(_clause_before(text, s))


# what a plan changes (想考高级工 第一趟考: that it is the first evaluation is no plan)
_PLANNED = {"employment_status", "work_region", "employer_excluded", "flexible_employment_registered",
            "in_jinshan_internship_base", "certificate_level", "education", "contract_months", "contract_open_ended",
            "employment_registered", "flexible_since", "skill_evaluation_taken", "hukou", "social_insurance_months"}
# 毕业以后跑外卖 / 等我毕业了直接跑外卖 / 到时候去金山上班: the time to come, not now
# (毕业后一直没工作 / 毕业以后就在跑外卖: since then, up to now, stated)
_FUTURE_BEFORE = re.compile(r"(?:毕业(?:了|后|以后|之后)|等[^，,。；;]{0,4}(?:毕业|退休|以后|之后)|将来|到时候)"
                            r"(?:(?!一直|已经|至今|到现在|还|都|在|过|了|就)[^，,。；;]){0,6}$")
# 见习完了留在金山工作: what comes after an internship or a course is still ahead
_AFTER_DONE = re.compile(r"(?:见习|培训|实习|读|学)(?:完了|完以后|完之后|结束后|结束以后|结束了)[^，,。；;]{0,6}$")
_PLAN_VERB = re.compile(r"(?:准备|打算|计划|想要|想去|想自己|想着|想(?!问|了解|咨询|知道|请教|确认|查))[^，,。；;]{0,6}$|"
                        r"(?:现在|马上|再|要|就)去(?:办|做|跑|开|送|干|申请|登记)$")   # 现在去办灵活就业还来得及吗
# 首次在金山就业这个我也不清楚 / 是不是农村劳动力我不太清楚: named in order to say it is not known
_UNKNOWN = (r"(?:不太清楚|不大清楚|不清楚|不确定|不知道|不晓得|勿晓得|伐晓得|说不准|搞不清|记不清|不了解)"
            r"(?!能|可|是否|有没有|怎么|哪|什么|该|要不要|会不会|多少)")     # 不知道能不能拿: unsure of something else
_NOT_KNOWN_AFTER = re.compile(r"(?:(?!别的|其他|其它|其余|剩下)[^，,。；;！!？?\s]){0,12}?" + _UNKNOWN)   # a space ends a clause too
_WHETHER_BEFORE = re.compile(r"(?:是不是|是否|有没有|算不算)$")


def _not_known(text: str, s: int, e: int, fact: str = "") -> bool:
    if _NOT_KNOWN_AFTER.match(text, e) or _WHETHER_BEFORE.search(text[max(0, s - 3):s]):
        return True
    # 对口地区来的，是不是农村劳动力这个我不太清楚: a part of the fact's own label said later in the
    # sentence, then not known
    end = len(text)
    for stop in "。！？!?；;\n":
        k = text.find(stop, e)
        end = min(end, k) if k >= 0 else end
    rest = text[e:end]
    return any(re.search(re.escape(part) + r"[^，,\s]{0,8}?" + _UNKNOWN, rest) for part in _label_parts(fact))


@lru_cache(maxsize=None)
def _label_parts(fact: str) -> tuple[str, ...]:
    from policy_core import fact_info
    label = (fact_info().get(fact) or {}).get("label", "")
    return tuple(p for p in re.split(r"[的（）()、，,：:“”\s]|是否|本区|本市", label) if len(p) >= 3)


_ASKS_IF_ANY = re.compile(r"[^，,。；;\s了过]{0,4}?(?:有没有|有吗|行吗|可以吗|能不能拿|能拿吗|能领吗|给不给)")
_HOLDER_BEFORE = re.compile(r"我|他|她|本人|孩子|儿子|女儿|伊|阿拉|来电人|老公|老婆|考了|拿了|有个|有一")


_CLAUSE_ENDS = "。！？!?\n，,；;"


def _clause_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    """The clause around text[s:e]: from the last break before it to the first after it."""
    lo, hi = s, e
    while lo > 0 and text[lo - 1] not in _CLAUSE_ENDS:
        lo -= 1
    while hi < len(text) and text[hi] not in _CLAUSE_ENDS:
        hi += 1
    return lo, hi


def _clause_before(text: str, s: int) -> str:
    return text[_clause_bounds(text, s, s)[0]:s]


# 隔壁张阿姨讲 阿拉儿子好算困难人员 / 邻居说，…: someone else's words, said before the mention in
# its sentence and ending with a pause: what follows is what they said
_KIN = r"阿妹|阿姐|阿哥|阿弟|阿姨|阿婆|娘舅|舅舅|姐姐|妹妹|哥哥|弟弟|表哥|表姐|表弟|表妹|姐夫|妹夫|小姑|小姨"
_OTHERS_SAY = re.compile(r"(?:隔壁|邻居|朋友|同事|亲戚|老乡|人家|别人|有人|群里|网上|听|" + _KIN + r")[^，,。；;\s]{0,5}"
                         r"(?:说|讲)(?:的|过)?(?=[：:，,\s])")


# What makes a sentence a question: without any of these the classifier's "asks" cannot stand.
_ASKS_IN_SENTENCE = re.compile(r"[吗呢伐嘛么？?]|对吧|是吧|对不对|没错吧|多少|几[个钿岁年月块天号级]|什么|啥|怎么|咋|哪|能不能|可不可以|有没有|是不是|"
                               r"算不算|行不行|要不要|是否|如何|能否|请问|问|咨询|了解|不知道|不清楚|不晓得")


# 灵活就业补贴要连续失业超过6个月 / 儿子讲灵活就业有补贴: the policy talked about (the classifier's
# "asks" stands, no question needed)
_CITES_RULE = re.compile(r"补贴|补助|资助|政策|文件|条件|规定|要求|标准|意见|条款")


# 隔壁讲灵活就业一个号头有一千块: someone else's words with no pause, up to the mention (no
# space, no 我/阿拉 of the writer's own in between: 隔壁阿姨讲… 阿拉女儿也是金山户口 is the writer's)
_OTHERS_SAY_NEAR = re.compile(r"(?:隔壁|邻居|街坊|朋友|同事|亲戚|老乡|群里|" + _KIN + r")[^，,。；;\s]{0,4}(?:说|讲)(?!的是|个是)"
                              r"[^，,。；;\s我阿]{0,10}$")


def _sentence(text: str, s: int) -> str:
    lo = max((text.rfind(c, 0, s) for c in "。！？!?\n"), default=-1) + 1
    ends = [i for i in (text.find(c, s) for c in "。！？!?\n") if i >= 0]
    return text[lo:min(ends) + 1 if ends else len(text)]


_SENTENCE_PLAN = re.compile(r"打算|准备|计划|想着|下个月|明年|过了年|以后")
_DONE_SINCE = re.compile(r"已经|已|办好|办了|登记了|(?:打算|准备|计划).*?(?:了|过)[，,]")


def _sentence_before(text: str, s: int) -> str:
    return text[max((text.rfind(c, 0, s) for c in "。！？!?\n"), default=-1) + 1:s]


def _reported(text: str, s: int) -> bool:
    lo = max((text.rfind(c, 0, s) for c in "。！？!?\n"), default=-1) + 1
    return bool(_OTHERS_SAY.search(text, lo, s))


def _mention(text: str, fact: str, value, s: int, e: int, act: str, act_p: float, holder: str,
             holder_p: float) -> Mention:
    """The classifiers' verdict, with the few words that settle an act outright."""
    if _names_a_subsidy(text, e, s, fact) or _asks_about(text, s, e, fact) or _not_known(text, s, e, fact):
        act, act_p = "asks", 1.0
    elif act == "asks" and not _ASKS_IN_SENTENCE.search(_sentence(text, s)) \
            and not _CITES_RULE.search(_sentence(text, s)):
        act = "states"          # 缴费基数超过最低基数1.2倍。: no question, no rule cited: nothing asked
    elif re.search(r"(?:算|算是|属于|算不算|是不是)$", text[max(0, s - 3):s]) \
            and re.match(r"[^，,。；;]{0,3}?(?:吧|吗|嘛|么|伐|呢|不)", text[e:]):
        act, act_p = "asks", 1.0            # 这样算灵活就业吧: whether it counts, not the person's case
    elif re.search(r"等(?:我|他|她|到)?[^，,。；;]{0,2}$", text[max(0, s - 4):s]) and fact in _WAITED_FOR:
        act, act_p = "supposes", 1.0        # 等我退休了还能领吗: the time to come, not now
    elif re.search(r"(?:讲|说)(?:的|个)是\s*$", text[max(0, s - 4):s]):
        act, act_p = "asks", 1.0            # 我讲个是灵活就业: which word was meant, not the person's case
    elif _reported(text, s) or _OTHERS_SAY_NEAR.search(text[max(0, s - 14):s]):
        act, act_p = "hearsay", 1.0         # 隔壁张阿姨讲 阿拉儿子好算困难人员: what a neighbour says
    elif act == "asks" and text[max(0, s - 2):s] in _DONE:
        act = "states"          # 拿了一等奖能给多少钱: a thing done, then a question about it
    elif act == "asks" and _SELF_BEFORE.search(text[max(0, s - 6):s]) and not re.match(r"\s*[吗呢嘛？?]", text[e:]):
        act = "states"          # 我是金山户口不知道能不能拿: said of oneself, then a question about it
    elif act == "hearsay" and _self_report(text, s, e) or act == "hedges" and _vague_amount(text, s, e):
        act = "states"
    elif _cued(act, text, s):
        act_p = 1.0
    elif _HEDGE_NEAR.search(text[max(0, s - 6):s]) and not _NUMBER.match(text, s):
        act, act_p = "hedges", 1.0          # 户口大概是勒金山 / 好像是应届生: confirmed before it is recorded
    elif fact in _YES_NO_HEDGED and not _NUMBER.match(text, s) and (
            _HEDGE_IN_CLAUSE.search(re.split(r"[\s，,。；;！!？?]", _clause_before(text, s)[-12:])[-1])
            or _UNSURE_AFTER.match(text, e)):
        act, act_p = "hedges", 1.0          # 好像街道给他认定过就业困难人员，具体记不清了: confirmed first
    elif _cued("supposes", text, s):
        act, act_p = "supposes", 1.0        # 要是他去金山上班: never the person's case, whatever the model says
    elif _cued("hearsay", text, s) and not _self_report(text, s, e) :
        act, act_p = "hearsay", 1.0         # 听讲灵活就业每个月好拿一千块: what others say
    elif fact in _PLANNED and (_PLAN_VERB.search(_clause_before(text, s)[-8:])
                               or _AFTER_DONE.search(_clause_before(text, s)[-10:])
                               or _FUTURE_BEFORE.search(_clause_before(text, s)[-10:])
                               and not re.match(r"一直|已经|至今|还|都|就", text[s:e])):   # 毕业以后|一直在家
        act, act_p = "intends", 1.0         # 现在想自己摆摊 / 打算去跑外卖: a plan, not the present
    elif fact in _PLANNED and act == "intends" and _SENTENCE_PLAN.search(_sentence_before(text, s)) \
            and not _DONE_SINCE.search(_sentence_before(text, s)):
        act_p = 1.0     # 我打算下个月开始做手工，要去登记灵活就业吧: the model's plan, its word earlier in the sentence
    if act == "intends" and fact in _PLANNED and re.search(r"(?:已经|已)(?:(?!打算|准备|计划|想)[^，,。；;]){0,4}$", text[max(0, s - 8):s]):
        act = "states"          # 我打算一直跑外卖，已经登记了灵活就业: done already, whatever the plan around it
    if act == "intends" and fact == "employment_status" and value == "unemployed" and re.match(r"没|未|不", text[s:e]):
        act = "states"          # 毕业后没找到工作 / 毕业以后就没上过班: no one plans not to have worked
                                # (毕业了回金山找工作 is a plan)
    if act == "intends" and (fact == "graduating_student" or fact == "employment_status" and value == "student") \
            and not _PLAN_VERB.search(_clause_before(text, s)[-8:]):
        act = "states"          # 在复旦读博士 明年6月毕业: a student in the final year now, no plan
    if act == "intends" and re.search(r"[了过]", text[s:e]) and not _PLAN_VERB.search(_clause_before(text, s)[-8:]) \
            and not _cued("intends", text, s):
        act = "states"          # 伊去考了个高级工: done (了), whatever the model says of 去考
    if fact == "education" and act == "states" and (_STUDYING_BEFORE.search(text[max(0, s - 4):s])
                                                      or re.match(r"(?:生|研究生)?在读", text[e:])):
        act, act_p = "intends", 1.0     # 在复旦读博士 / 硕士在读: the degree to come, not the highest held
    return Mention(fact=fact, value=value, act=act, holder=holder, span=text[s:e], start=s, end=e,
                   act_p=act_p, holder_p=holder_p)


_WAITED_FOR = {"within_working_age", "graduation_date", "fresh_graduate", "employment_status", "age"}
_STUDYING_BEFORE = re.compile(r"(?:攻读|在读|正在读|还在读|在念|(?<![我他她是])读)$")
_ASKS_AT_END = re.compile(r"(?:有没有|能不能\S{0,4}|可不可以|可以吗|行不行|行吗|算不算|算吗|好拿伐|[吗呢伐？?])[。！!？?\s]*$")


_ASKS_WHAT_AT_END = re.compile(r"(?:什么|啥|哪些|多少|几钿)(?:补贴|补助|政策|钱)?[。！!？?\s]*$")


def _kind_questions(text: str, mentions: list) -> list:
    """外区户口的在金山见习基地见习有没有: a kind of person (…的) asked about, in a clause that asks
    and names no one, is a question: no mention in that clause is asserted."""
    out = list(mentions)
    for m in mentions:
        if not m.span or not re.match(r"(?:户口|户籍|籍|人)?的", text[m.end:m.end + 3]):
            continue
        lo, hi = _clause_bounds(text, m.start, m.end)
        clause = text[lo:hi + 1]
        if _ASKS_AT_END.search(clause) and not _HOLDER_BEFORE.search(clause):
            out = [x.model_copy(update={"act": "asks", "act_p": 1.0}) if x.span and lo <= x.start < hi else x
                   for x in out]
        elif text[:m.start].strip() in ("", "那", "像", "请问", "问下", "问一下") \
                and (_ASKS_AT_END.search(text) or _ASKS_WHAT_AT_END.search(text)) and not _HOLDER_BEFORE.search(text):
            # 对口地区的农村劳动力来金山就业 个人有什么补贴: the kind opens the message, whose end
            # asks, and no one is named in it
            out = [x.model_copy(update={"act": "asks", "act_p": 1.0}) if x.span else x for x in out]
    return out


def typed_reading(text: str, spans: Iterable[tuple], facts: dict, pending: Optional[str] = None,
                  names: Iterable[tuple[int, int]] = ()) -> Reading:
    """spans: (fact, value, start, end) the rules found in text; facts: every fact the rules
    read (knowing the pending question), some with no span of their own; names: where the name
    of a subsidy begins (农村户口|跨区就业补贴: the words before it are part of its name)."""
    located = [(f, v, s, e) for f, v, s, e in spans if 0 <= s < e <= len(text) and facts.get(f) == v]
    verdicts = acts.classify(text, [(s, e, f == pending) for f, _v, s, e in located])
    mentions = [_mention(text, f, v, s, e, a, pa, h, ph) for (f, v, s, e), (a, pa, h, ph) in zip(located, verdicts)]
    names = [(a, b) for a, b in names if _SUBSIDY_WORD.search(text[a:b])]   # names, not trigger words (培训机构)
    starts = {a for a, _b in names}

    def naming(m: Mention) -> bool:
        """农村户口|跨区就业补贴 (runs into a name), 应届生回金山就业补贴 (inside a longer name)."""
        return m.end in starts or (m.end + 1 in starts and text[m.end:m.end + 1] == "的") or \
            any(a <= m.start and m.end <= b and b - a > m.end - m.start for a, b in names)
    mentions = [m.model_copy(update={"act": "asks", "act_p": 1.0}) if naming(m) else m for m in mentions]
    mentions = _kind_questions(text, mentions)
    # 哪些学生能拿 / 社保要交满几个月: the words of a question about what a measure requires
    # (学生参加评价的评价费补贴 哪些学生能拿: with no one named, the whole message is about the rule)
    asking = requires.asks(text, boundary=True)
    nobody = bool(asking) and not _HOLDER_BEFORE.search(text)
    mentions = [m.model_copy(update={"act": "asks", "act_p": 1.0})
                if m.span and (nobody or any(a <= m.start < b or a < m.end <= b for a, b in asking)) else m
                for m in mentions]
    seen = {m.fact for m in mentions}
    # read only as the answer to the pending question: a message asking what a term means
    # (啥叫全日制 我勿懂额) answers nothing
    unlocated = "asks" if ASKS_TERM.search(text) else "states"
    # 一个月能拿多少 while 离校多久 is pending: the period of a sum asked about answers nothing
    per_sum = bool(_PER_PERIOD_SUM.search(text))
    mentions += [Mention(fact=f, value=v, span="", act="asks" if per_sum and f in _PERIODS else unlocated, act_p=1.0)
                 for f, v in facts.items() if f not in seen]
    return Reading(text=text, pending=pending, mentions=mentions)
