"""A question about what a measure requires: 需要什么条件 / 哪些学生能拿 / 社保要交满几个月才能拿 /
合同要签多久 / 年龄有要求吗. It asks about the rule, not the person: what it names (学生, 社保) is
asked, never stated, and the answer is the measure's conditions, the one asked about first.
"""
from __future__ import annotations

import re
from typing import Optional

_WHO = r"(?:人|学生|毕业生|人员|单位|企业|公司|机构|劳动力|青年|对象|群体)"
_GET = r"(?:拿|领|申请|享受|申报|报)"
ASKS = re.compile(
    # 哪些学生能拿 / 什么样的企业可以申请
    rf"(?:哪些|哪种|哪类|什么样的?|啥样的?|什么|啥|哪个)(?:样的)?{_WHO}[^，,。？?；;]{{0,6}}?(?:能|可以|才能|可|好)(?:够)?{_GET}|"
    rf"谁(?:能|可以|才能|可)(?:够)?{_GET}|"
    # 需要什么条件 / 条件是什么 / 申请条件 / 有什么要求 (材料 is how to apply)
    r"(?:需要|要|得|必须|有|满足)(?:满足)?(?:什么|啥|哪些|哪几个|几个)(?:条件|要求|资格|门槛)|"
    r"(?:条件|要求|门槛|资格)(?:是什么|是啥|有哪些|有什么|有啥|是哪些)|申请条件|领取条件|享受条件|"
    # 社保要交满几个月 / 合同要签多久 / 要失业多久才能领
    r"(?:要|需要|得|必须|至少|起码|需)(?:交|缴|签|满|失业|干|做|工作|连续|读|在)[^，,。？?；;]{0,6}?"
    r"(?:几个月|多久|多长|几年|多少个月|多少年|多少天|几个号头)|"
    # 年龄有要求吗 / 户口有没有限制
    r"(?:年龄|岁数|户口|户籍|学历|社保|合同|失业时间)(?:上)?(?:有|是)?(?:什么|啥|没有|有没有)?(?:要求|限制|规定|讲究)|"
    # 这6个人必须是农村劳动力吗 / 是不是一定要农村户口 / 非得是本科吗
    r"(?:必须|一定要|一定得|非得|非要|只能)(?:是|有|要|交|签)?[^，,。？?；;]{1,12}?(?:吗|么|伐|才行|才可以|才能|[？?])|"
    # 多大年纪才能领 / 几岁以下可以
    rf"(?:多大|几岁|多少岁)(?:年纪|年龄)?(?:以下|以内|以上|之内)?(?:的人?)?(?:才|都)?(?:能|可以)(?:够)?{_GET}?")

# what a condition asked about is called, and the words of the conditions that answer it
_ABOUT = {
    "insurance": (re.compile(r"社保|社会保险|缴费|交金|五险"), re.compile(r"社会保险|缴费")),
    "contract": (re.compile(r"合同"), re.compile(r"合同")),
    "age": (re.compile(r"年龄|岁|多大|年纪"), re.compile(r"周岁|年龄")),
    "rural": (re.compile(r"农村|农业户|农民|征地"), re.compile(r"农村劳动力|农业户籍|农民")),
    "hukou": (re.compile(r"(?<!农村)(?<!农业)户口|户籍"), re.compile(r"户籍")),
    "degree": (re.compile(r"学历|文凭|本科|大专|硕士|博士"), re.compile(r"学历|本科|研究生")),
    "unemployed": (re.compile(r"失业"), re.compile(r"失业时间|连续失业")),
    "registered": (re.compile(r"登记|备案"), re.compile(r"登记|备案")),
    "student": (re.compile(r"学生|毕业"), re.compile(r"学生|毕业")),
}


# a boundary of a rule asked about (正好1.2倍算不算 / 35周岁是包括35岁的吧): the number is the rule's
# (the document topic "thresholds" answers it: assistant_nlu/topics.yaml)
BOUNDARY = re.compile(r"(?:正好|刚好|恰好|刚刚|整整|等于)[^，。,？?！!]{0,10}?(?:算不算|算吗|算不|包括吗|包不包括|行不行|可以吗|符合吗)|"
                      r"是?包括[0-9一二两三四五六七八九十]+[^，。,？?！!]{0,4}(?:的吧|吧|吗|嘛)|"
                      r"(?:算不算|包不包括|含不含)(?:超过|以上|以下|低于|以内)|"
                      r"[0-9一二两三四五六七八九十]+(?:周岁|岁|个月|倍|年)?整?(?:也|还)?(?:算在里面|算在内|包括在内|包含在内|含在内|在里面吗|在内吗)")


def asks(text: str, boundary: bool = False) -> list[tuple[int, int]]:
    """Where the message asks what a measure requires (spans), empty when it does not; with
    `boundary`, where it asks about a rule's boundary too."""
    return [m.span() for m in ASKS.finditer(text)] + \
        ([m.span() for m in BOUNDARY.finditer(text)] if boundary else [])


def topics(text: str) -> Optional[list[str]]:
    """None when no requirement is asked; else the conditions asked about (empty: all of them,
    需要什么条件)."""
    spans = asks(text)
    if not spans:
        return None
    asked = " ".join(text[max(0, a - 8):b] for a, b in spans)
    found = [name for name, (said, _cond) in _ABOUT.items() if said.search(asked)]
    # 户口有没有要求？是不是一定要农村户口: the rural condition answers it, not 户籍 alone
    return [n for n in found if not (n == "hukou" and "rural" in found)]


def answers(topic: str, condition_text: str) -> bool:
    """Whether a condition's text is the one asked about."""
    return bool(_ABOUT[topic][1].search(condition_text))
