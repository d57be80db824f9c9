"""The one reading of a message, shared by the NLU component and the dialogue.

read(text, today, asked) reads the text once without context and, when the question just
asked is known (the channel passes it in the message metadata, see turn_metadata below),
once more knowing it: "金山" answers 您在哪里工作？, "去年7月" answers 失业多久了？. The component
puts the result in the parse data as `reading`; the action uses it as it is and reads the text
itself only when the NLU was not told the question (a client that sends no context).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from assistant_nlu import org_facts
from fact_extraction import Extraction, extract
from policy_core import FACT_NAMES, fact_info, fact_kind
from policy_core.catalogue import catalogue
from policy_core.reads import facts_read

# Every what-if form: 如果/假如/要是/假设… anywhere, "…的话" before a question, "换成…呢"
_WHAT_IF = re.compile(r"(?:如果|假如|要是|假设|万一|若是|倘若|假使|设想|(?<!邻居说)(?<!人家说)(?<!别人说)(?<!听说)(?<!他说)(?<!她说)(?<!讲)只要)(?:说)?")
_WHAT_IF_AFTER = re.compile(r"的话|这样的话")
_WHAT_IF_SWAP = re.compile(r"^\s*(?:那|那么)?\s*(?:我|他|她|伊)?(?:再|还)?\s*(?:换成|换到|改成|变成|升到|考到|考个)(?P<clause>.+?)"
                           r"(?:呢|的话|会怎样|能拿多少|能领多少|[？?]|(?<![了过])[。！!]?$)")   # (考到高级技师了: done, not supposed)
_INTENTION = re.compile(r"打算|准备|想要|想去|想|计划|考虑|跳槽|到时候|等以后|以后|将来|明年|再|(?<!过)去(?!年|世)")
_ASKING = re.compile(r"[？?]|(?:我|他|她)?(?:还|又)?(?:能|可以|可|会|能够)(?:多)?(?:拿|领|享受|补|给|有|得)|"
                     r"(?:能|可以)?(?:多)?(?:拿|领|补|给)多少|多少钱|怎么样|会怎样|会怎么样|行不行|可以吗|有没有|"
                     r"[吗伐](?=[\s，,。]|$)|其他条件|满不满足|满足吗|(?:够|满|超过)[^\s，,。]{0,6}没(?=[\s，,。？?]|$)")
_FOLLOW_UP = re.compile(r"^.{1,12}呢[？?。!！]*$")   # "A级呢", "那硕士呢": the same question, another value


def _after_supposes(text: str) -> bool:
    """"跑外卖的话能拿多少" supposes; "缴费基数的话，他说按工资交的" only names a topic."""
    m = _WHAT_IF_AFTER.search(text)
    if not m:
        return False
    rest = text[m.end():]
    return not rest.strip(" ，,。") or bool(re.search(r"多少|吗|呢|伐|能不能|能否|可以|会|怎么|怎样|[？?]|几", rest))


# 我说的是失业超过半年以后再去跑外卖呀, after a what-if: the supposition said again, not a fact
_SUPPOSED_AGAIN = re.compile(r"我(?:说|问)的是|我是说|我的意思是")
_LATER = re.compile(r"以后|之后|再去|再开始|再做|毕业后|到时候|将来")


def supposes(text: str) -> bool:
    return bool(_WHAT_IF.search(text) or _after_supposes(text) or _WHAT_IF_SWAP.search(text)
                or _SUPPOSED_AGAIN.search(text) and _LATER.search(text))


_LEVELS = ("certificate_level", "education", "incubator_grade", "startup_competition_prize")


# 还在念书呢 / 正上着班呢 / 等着呢: 呢 after 在/着 says it is going on, not "what about …?"
_GOING_ON = re.compile(r"(?:在|着)[^，,。？?]{0,6}呢[？?。!！~～\s]*$")


def goes_on(text: str) -> bool:
    return bool(_GOING_ON.search(text))


def follow_up(text: str) -> bool:
    return bool(_FOLLOW_UP.match(text)) and not goes_on(text)


_JOB_VERB = re.compile(r"工作|上班|就业|打工|做生活|干活|入职|单位|公司|厂")


def suppose(text: str, today: dt.date, last_measure: Optional[str] = None,
            held: Optional[dict] = None) -> dict:
    """Facts of "如果我是硕士呢": the extractor leaves hypotheticals out, so the clause after 如果
    (before 的话, after 换成) is read on its own. A bare follow-up ("A级呢" after talking of
    孵化基地) or a bare number ("假设满三个月呢") is read as about the measure talked about."""
    m, after, swap = _WHAT_IF.search(text), _WHAT_IF_AFTER.search(text), _WHAT_IF_SWAP.search(text)
    again = _SUPPOSED_AGAIN.search(text) if not m and _LATER.search(text) else None
    if again:
        clause = text[again.end():]
    elif m:
        clause = _WHAT_IF_AFTER.split(text[m.end():])[0]
    elif after and _after_supposes(text):
        clause = text[:after.start()]
    elif swap:
        clause = swap.group("clause")
    else:
        clause = text
    raw_clause = clause
    clause = _INTENTION.sub("", clause)
    # 如果我是硕士能拿多少 / 要是签一年合同会怎样: the question after the supposition is not part of it
    clause = _ASKING.split(clause)[0].rstrip("呢？?。！!吧 ，,")
    read_ = extract(clause, today)
    found = dict(read_.facts)
    for f, v in read_.confirm.items():   # 过了半年多再去跑外卖: a loose value supposed is its cautious end
        if f in FACT_NAMES and f not in found:
            found[f] = read_.ranges[f][0] if f in read_.ranges else v
    before = re.split(r"再去|再开始|再做|然后|才去|才开始|之后再|以后再|后再", raw_clause)[0]
    if before != raw_clause and "unemployment_months" not in found:
        # 一直没找到工作，过了半年多再去跑外卖: the spell supposed before the work supposed after it
        first = extract(before, today)
        months = first.facts.get("unemployment_months", first.ranges.get("unemployment_months", (None,))[0])
        if months is not None:
            found["unemployment_months"] = months
    found.update((f, v) for f, v, *_ in org_facts.find(clause) or org_facts.find(clause, last_measure))
    if "work_region" in found and "employment_status" not in found and _JOB_VERB.search(clause):
        found["employment_status"] = "employed"     # 如果我毕业后去松江工作: a job supposed, not only a place
    if not found and last_measure:
        for fact in sorted(facts_read(catalogue().measure(last_measure).rule), key=lambda f: f not in (held or {})):
            # a number, or a level (再考个三级: 三级 is the certificate asked about); never a place
            # (跳回金山 is no 户籍)
            if fact in FACT_NAMES and (fact_kind(fact) == "int" or fact in _LEVELS):
                found = dict(extract(clause, today, asked=fact).facts)
                if found:
                    break
    return found


def merged_facts(plain: Extraction, knowing: Optional[Extraction]) -> dict:
    """The facts of the text: read plainly, then, knowing the question, the reading that
    knows it wins (a value only the plain reading found for a fact the question reading does
    not confirm is dropped: a bare 28 is an age only when age was asked)."""
    facts = dict(plain.facts)
    if knowing is None:
        return facts
    for k, v in plain.facts.items():
        if facts.get(k) == v and k not in knowing.facts:
            del facts[k]
    facts.update(knowing.facts)
    return facts


def read(text: str, today: dt.date, asked: Optional[str] = None,
         last_measure: Optional[str] = None) -> tuple[Extraction, dict]:
    """(the plain extraction, for entity spans; the reading as plain data). A what-if's
    supposed facts are part of the reading (never stored as the person's)."""
    plain = extract(text, today)
    knowing = extract(text, today, asked=asked) if asked else None
    confirm = {**plain.confirm, **(knowing.confirm if knowing else {})}
    ranges = {**plain.ranges, **(knowing.ranges if knowing else {})}
    facts = merged_facts(plain, knowing)
    if asked and asked not in facts:
        value = choice_answer(text, asked)     # 上海以外 / A级 / 28 typed to the question
        if value is not None:
            facts[asked] = value
    reading = {"facts": facts, "asked": asked, "plain": sorted(plain.facts),
               "ranges": {f: list(r) for f, r in ranges.items() if f in confirm},
               "subject": plain.subject, "subject_word": plain.subject_word, "guesses": confirm,
               "planned": {f: v for f, v in plain.planned.items() if f not in facts},
               "right_after": plain.right_after or bool(knowing and knowing.right_after)}
    if supposes(text) or follow_up(text):
        reading["supposed"] = suppose(text, today, last_measure)
        reading["last_measure"] = last_measure
    return plain, reading


_FILLER = re.compile(r"[\s，。,.!！?？、~～…]+|^(?:是|就是|我是|我们是|嗯|哦)|(?:吧|呀|啊|的|哈|呢)$")
_BARE_NUMBER = re.compile(r"(\d{1,3})(?:个月|个月了|月)?")
# A short yes/no, 上海话 included (弗是 / 勿是 / 覅 / 是额): its polarity decides, whatever the
# intent classifier made of a word it rarely saw.
_NO = re.compile(r"(?:不|弗|勿|覅|没|没有|无|非|否|未)(?:是|对|有|曾|在|算|属于)?[额的呀啊哦呢嘛哈了]*")
_YES = re.compile(r"(?:是|对|有|嗯|属于)(?:是|对|的|额|呀|啊|哦|嗯|哈|了)*")


def choice_answer(text: str, asked: str):
    """An answer that is one of the asked question's own choices, typed instead of tapped (the
    registry's button titles and read-back words), or a bare number to a number question."""
    if asked not in fact_info():      # a pending question that is no fact (a count of workers)
        return None
    said = _FILLER.sub("", text.strip())
    meta = fact_info()[asked]
    if fact_kind(asked) == "enum":
        for value, word in [*(meta.get("choices") or {}).items(), *(meta.get("show") or {}).items()]:
            if said and said in (word, re.sub(r"（.*?）", "", word)):
                return value
        for value, words in (meta.get("answers") or {}).items():
            if said and said.rstrip("的了啊呀哦") in [w.rstrip("的了") for w in words]:
                return value
    elif fact_kind(asked) == "int":
        m = _BARE_NUMBER.fullmatch(said)
        if m:
            return int(m.group(1))
    elif fact_kind(asked) == "bool" and len(said) <= 6:
        raw = re.sub(r"[\s，。,.!！?？、~～…]+", "", text)
        if _NO.fullmatch(raw):
            return False
        if _YES.fullmatch(raw):
            return True
    return None


CONTEXT_SLOTS = ("asked_fact", "fact_guess", "last_measure")


def turn_metadata(slots: dict, truncated: bool = False) -> dict:
    """What the NLU needs to know of the conversation to read a message once: the question just
    asked, a value awaiting confirmation, the measure talked about (metadata "context")."""
    meta = {"context": {k: slots.get(k) for k in CONTEXT_SLOTS if slots.get(k) is not None}}
    if truncated:
        meta["truncated"] = True
    return meta
