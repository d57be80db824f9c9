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
