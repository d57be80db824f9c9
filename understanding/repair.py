"""Conversation repair the person asks for (Rasa's repair patterns as the checklist): undo what
was just recorded, repeat the last answer, stop the questions, or a person to talk to.

Short messages only: the words also occur inside longer statements (「不对口地区」,
「工作人员说我不符合」), which are read as statements, not as repair.
"""
from __future__ import annotations

import re
from typing import Optional

MAX_CHARS = 16
_CUES = (
    # 不对 / 记错了 / 你记错了 / 刚才那个不对: what was just recorded is wrong
    ("undo", re.compile(r"^(?:不对|错了|不是这样|你?(?:记|搞|弄|写|听)错了|刚才(?:那个|的)?(?:不对|错了|说错了))"
                        r"[啊呀吧的了！!。，,]*$")),
    # 再说一遍 / 刚才说的啥 / 没看清: the last answer again
    ("repeat", re.compile(r"再(?:说|讲|重复|念)(?:一遍|一次|一下)|没(?:听清|看清|看懂刚才)|刚才(?:你)?(?:说|讲)(?:的)?(?:什么|啥|是啥)|"
                          r"重复一(?:遍|下)|再来一遍")),
    # 转人工 / 找工作人员 / 有没有真人: someone to talk to
    ("handoff", re.compile(r"^(?:人工|人工客服|真人|客服)[吗呢？?。！!]*$|(?:转|找|要|接|联系|叫|换)(?:个|一下|一个)?(?:人工|真人|工作人员|客服)|"
                           r"(?:有没有|能不能|可以)(?:找|转|和|跟)?(?:人工|真人|工作人员|客服)")),
    # 算了 / 不问了 / 先这样: no more questions now (what was said is kept)
    ("cancel", re.compile(r"^(?:算了|不问了|不想问了|不用问了|不要问了|先这样|先到这|取消|停|别问了)[吧啊了。！!，,]*$")),
)


# 勿晓得 / 伐晓得 / 不清楚 / 记不得了 / 搞不清: the person does not know (上海话 included); never a yes
_DONT_KNOW = re.compile(r"(?:不|弗|勿|伐|没|冇|呒)(?:晓得|知道|清楚|记得|太清楚|太记得)|记不得|记不起|想不起|不详|不明|未知|搞不清|弄不清|说不好|说不清|不确定|记不清|忘(?:了|记了|记脱了|脱了)|"
                        r"没(?:注意|留意|问过|看过|印象|数)|不了解|不懂(?!事)")


def dont_know(text: str) -> bool:
    """A short answer saying the person does not know (not a question about it)."""
    said = text.strip()
    return 0 < len(said) <= MAX_CHARS and bool(_DONT_KNOW.search(said)) and not re.search(r"[？?吗]", said)


def repair_of(text: str) -> Optional[str]:
    """"undo", "repeat", "handoff", "cancel", or None."""
    said = text.strip()
    if not said or len(said) > MAX_CHARS:
        return None
    return next((kind for kind, rx in _CUES if rx.search(said)), None)


# 你怎么都记成“是”了 / 请更正：是不是农村劳动力——不清楚 / 这两条我都还没确认: facts recorded that the
# person never asserted; a longer message, so read apart from the short cues above
_RETRACT = re.compile(r"(?:怎么|为什么|为啥)(?:都|就|也)?(?:记成|记录成|写成|算成|当成|说成|记的是)|记成了|"
                      r"我(?:并)?(?:没|没有|从没)(?:说|讲)(?:过)?|请更正|更正一下|不是我说的|(?:还|都)(?:没|没有)确认")
# the words that name a recorded fact in such a complaint (the registry's labels are too long to be said)
_FACT_WORDS = {
    "paired_region_rural_labor": r"农村劳动力|农村户口|农业户口|农村的",
    "rural_hukou": r"农业户|农村户|征地",
    "first_job_in_jinshan": r"首次|第一次|头一回|头一次|在金山(?:干|做|上)过",
    "employment_registered": r"备案|用工登记",
    "hard_to_employ_certified": r"困难人员",
    "flexible_employment_registered": r"灵活就业登记",
    "fresh_graduate": r"应届",
    "full_time_education": r"全日制",
    "within_working_age": r"劳动年龄|退休",
    "employer_excluded": r"派遣|事业单位|单位性质",
}


def complains(text: str) -> bool:
    """The message says something was recorded that was never said."""
    return bool(_RETRACT.search(text))


def retracted(text: str, recorded: list[str]) -> list[str]:
    """The recorded facts a complaint says were never asserted (named by its words), in order."""
    if not _RETRACT.search(text):
        return []
    return [f for f in recorded if f in _FACT_WORDS and re.search(_FACT_WORDS[f], text)]


# 是不是农村户口我还得回去查一下 / 还没确认: the answer to the question asked is not known yet
TO_CHECK = re.compile(r"(?:还得|还要|要|得|需要|我再)(?:回去)?(?:查|问问|问一下|核实|确认)|还(?:没|没有)(?:确认|核实|查)|"
                      r"没(?:确认|核实)过?|说不准")


# 是勿是见习基地我勿晓得 / 是不是见习基地要问人事 / 弄不清是不是见习基地 / 记不清认定过困难人员没有 /
# 困难人员认定？不知道: the person does not know whether a fact holds. The fact is not recorded, and
# one recorded earlier from a looser word (在金山一家单位见习) is taken back. Only the fact inside an
# embedded yes-no question or right before the not-knowing counts: 不知道我这个农村户口能不能拿 asks
# about a measure and keeps 农村户口.
_UNSURE_WORDS = {**_FACT_WORDS,
                 "in_jinshan_internship_base": r"见习基地|基地",
                 # (是不是农村户口我还得查: the paired region's rural labour is not known either)
                 "paired_region_rural_labor": r"对口地区|对口的?(?:农村)?劳动力|农村户口|农业户口",
                 "insurance_base_below_1_2x_min": r"缴费基数|社保基数|基数",
                 "contract_open_ended": r"无固定期限"}
_CUE = (r"(?:不|勿|弗|伐|没)(?:晓得|知道|清楚|确定|记得|太清楚|太记得)|记不清|记不得|搞不清|弄不清|说不准|说不好|"
        r"(?:还得|还要|要|得|需要|我再)(?:回去)?(?:查|问|核实|确认)")
_ASKS = r"是不是|是勿是|是伐是|是否|有没有|有无|算不算|算勿算|属不属于"


def _unsure_pattern(words: str) -> re.Pattern:
    w = f"(?:{words})"
    return re.compile(
        rf"(?:{_ASKS})[^，,。；;！!？?]{{0,8}}{w}[^，,。；;！!？?]{{0,6}}?(?:{_CUE})|"      # 是勿是见习基地我勿晓得
        rf"(?:{_CUE})[^，,。；;！!？?]{{0,4}}(?:{_ASKS})[^，,。；;！!？?]{{0,8}}{w}|"        # 弄不清是不是见习基地
        rf"{w}[^，,。；;！!？?]{{0,4}}(?:{_ASKS})[^，,。；;！!？?]{{0,8}}?(?:{_CUE})|"          # 基数是不是最低的我不清楚
        rf"(?:{_CUE})[^，,。；;！!？?]{{0,4}}(?:跟|和|与|比)[^，,。；;！!？?]{{0,4}}{w}[^，,。；;！!？?]{{0,4}}(?:比|相比|比较|差多少)|"  # 不清楚跟最低基数比是多少
        rf"(?:{_CUE})[^，,。；;！!？?]{{0,6}}{w}[^，,。；;！!？?]{{0,4}}(?:没有|没|与否)(?:[？?。！!，,\s]|$)|"  # 记不清认定过困难人员没有
        rf"{w}(?:认定|登记|备案)?过?(?:吗|呢)?[？?]\s*(?:我|也|都|还)?(?:{_CUE})")         # 困难人员认定？不知道


_UNSURE = {fact: _unsure_pattern(words) for fact, words in _UNSURE_WORDS.items()}


def unsure_of(text: str) -> list[str]:
    """The facts the message says the person does not know (or must still check)."""
    return [fact for fact, rx in _UNSURE.items() if rx.search(text or "")]
