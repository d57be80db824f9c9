"""A message that says the talk now turns to another person (先替弟弟问…，另外我自己也想问下 /
另：来电人本人… / 替妹妹问：…). The facts said so far were another person's: the dialogue starts
that person's case afresh instead of mixing two people's facts.

Only an announcement counts, never a person merely named (我老公在闵行上班 is a side remark,
我帮我儿子问问 at the start has nothing to set aside)."""
from __future__ import annotations

import re
from typing import Optional

_OPEN = r"(?:^|[。！!？?；;，,\s]|另外|另[：:]|还有|然后|再|那)"
# 另外我自己也想问下 / 我本人的情况 / 来电人本人 25 户籍金山 / 再问问我自己
_TO_SELF = re.compile(_OPEN + r"[\s，,]*(?:(?:我|我们)?自己|我本人|来电人本人|来电者本人|本人)(?:也|的情况|情况)?"
                      r"(?:想|要)?(?:问|咨询|说|讲|[：:]|\s*\d|\s*[男女])|"
                      r"(?:问问|问一下|问下|说说|说一下)(?:我)?自己(?:的情况)?")
# 我自己是在松江上班的 金山户口 原来是农业户口 今年46: the writer's whole case opens the message (a
# side remark about oneself says one or two things: 我自己是安徽户口，嫁过来的 / 我自己也下岗了)
_OPENS_OWN = re.compile(r"^(?:那|另外|还有|然后)?[，,\s]*(?:我自己|我自家|阿拉自家|阿拉自己|本人自己)")
_NOT_ME = re.compile(r"不问我|我就算了|先问|就问他|就问她|本人无|本人不|自己不|自己没")
WHOLE_CASE = 3
_KIN = r"(?:妹妹|弟弟|姐姐|哥哥|儿子|女儿|闺女|孩子|小孩|孙子|孙女|外孙|外孙女|侄子|侄女|外甥|外甥女|丈夫|老公|妻子|老婆|爱人|父亲|母亲|爸爸|妈妈|老人|朋友|同事|亲戚|表弟|表妹|表哥|表姐|堂弟|堂妹|弟|妹|哥|姐)"
# 替妹妹问：/ 问其丈夫情况：/ 帮我女儿咨询
_TO_OTHER = re.compile(r"(?:替|帮|为|给)(?:我|其|她|他)?(?:的)?" + _KIN + r"(?:问|咨询)|问(?:一下|下)?(?:其|我|她|他)?(?:的)?"
                       + _KIN + r"(?:的)?情况")


def person_switch(text: str, facts_said: int = 0) -> Optional[str]:
    """"self" when the message turns to the writer (or the caller of a note) themself,
    "other" when it turns to someone asked for, None when it announces no turn.
    `facts_said`: how many facts the message states (an opening 我自己… turns only with a whole case)."""
    t = text or ""
    if _TO_OTHER.search(t):
        return "other"
    if _NOT_ME.search(t):
        return None
    if _TO_SELF.search(t) or _OPENS_OWN.search(t) and facts_said >= WHOLE_CASE:
        return "self"
    return None


def asks_for_self(text: str) -> bool:
    """另外我自己也想问下 / 再问问我自己: the writer asks for themself in so many words."""
    return bool(_TO_SELF.search(text or ""))
