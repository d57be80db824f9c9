"""Steps a person says are done that no fact of the contract records (contract.md: 四（十一）–
（十三）「签订劳动合同」 names no term and stays a step; 「签了合同」 records no contract_months).
The dialogue keeps them (slot steps_done) and shows the step as done, never as 还需."""
from __future__ import annotations

import re

# 合同签好了 / 劳动合同都签了 / 签了合同 / 已签订劳动合同; not 没签 / 还没签合同 / 准备签 / 签合同吗
_NOT_YET = r"(?<![没未不要准备打算等想会])"
_CONTRACT = re.compile(
    r"(?:劳动)?合同[^，,。；;！!？?]{0,8}?" + _NOT_YET + r"(?:签|签订)(?:好|了|过|完|掉)(?![吗伐么没]|没有)"
    r"|(?:已经|已|都|也)?" + _NOT_YET + r"(?:签|签订)(?:了|好了|过|完)(?:劳动)?合同(?![吗伐么])"
    r"|已(?:经)?签订(?:劳动)?合同")
_IF = re.compile(r"如果|假如|要是|等|以后|打算|准备|想|会不会|是不是")
# 社保一直在交的 / 单位给她交的就是城镇职工社保 / 社保在交: paying now, no number of months said
_PAYING = re.compile(r"社保[^，,。；;！!？?]{0,6}?(?:一直|都|也|正常|按时|每个月|每月)?(?:在|有)(?:交|缴)(?:的|着|呢)?(?![^，,。；;]{0,3}(?:吗|伐|么|没))"
                     r"|(?:交|缴)的(?:就)?是(?:城镇)?职工(?:社保|社会保险)"
                     r"|(?:一直|都|正常|按时)(?:在)?(?:交|缴)(?:着)?(?:社保|社会保险)")

# Which measures a step said done meets: the key of its condition, and the measure's parameter
# bound under which a step with no number said still meets it (签了合同 meets 「签订劳动合同」
# with no term, not 「一年以上」; 社保在交 meets 「缴纳」, not 「满3个月」).
MEETS = {"contract": ("contract", "contract_months_min", 0), "insurance_paying": ("insurance", "insurance_months_min", 1)}
# The facts that, said in the same message, carry the step themselves (签了3年合同: contract_months).
SAID_BY_FACTS = {"contract": ("contract_months", "contract_open_ended"), "insurance_paying": ("social_insurance_months",)}


def _plainly(text: str, m: re.Match) -> bool:
    """Said as done, not supposed or planned in the clause before it (如果签了合同 / 准备签合同)."""
    clause_start = max(text.rfind(c, 0, m.start()) for c in "，,。；;！!？?") + 1
    return not _IF.search(text[clause_start:m.start()])


def said_done(text: str) -> list[str]:
    """The steps the text says are done: ["contract", "insurance_paying"]."""
    out = []
    if any(_plainly(text, m) for m in _CONTRACT.finditer(text)):
        out.append("contract")
    if any(_plainly(text, m) and not re.search(r"没|不|断", m.group(0)) for m in _PAYING.finditer(text)):
        out.append("insurance_paying")
    return out
