"""Answer first: a question about one measure gets its answer in one or two plain sentences
(how much, for how long, from when, the total for N people),
before anything is asked. Text comes from templates.py; figures from policy_core's data.
"""
from __future__ import annotations

from typing import Optional

from policy_core.explain import amount_text, money
from policy_core.model import Evaluation, MeasureResult

from . import templates as T

TERM_KINDS = ("what_means", "counts_as")
# The questions about one measure answered here; questions about the document as a whole
# (how to apply, until when, what a term means) are the document topics' (answers.py).
KINDS = ("how_much", "how_long", "from_when", "total_for_n")


def standing(r: MeasureResult, labels: dict) -> str:
    """Where the person stands on the measure, in one sentence."""
    you = "您" if r.audience == "person" else "贵单位"
    if r.status == "eligible":
        return T.STANDS_ELIGIBLE.format(you=you)
    if r.status == "conditional":
        steps = "、".join(c.text for c in r.conditions if c.step and c.met is not True)
        return T.STANDS_CONDITIONAL.format(you=you, steps=steps)
    if r.status == "ineligible":
        return T.STANDS_INELIGIBLE.format(you=you, reason=r.reason)
    missing = "、".join(labels.get(f, f) for f in r.missing_facts[:3])
    return T.STANDS_UNDETERMINED.format(missing=missing) if missing else ""


def answer(kind: str, measure_id: Optional[str], ev: Evaluation, labels: dict,
           count: Optional[int] = None) -> Optional[str]:
    """The direct answer, or None when this kind cannot be answered for this measure."""
    if measure_id is None:
        return None
    r = ev.result(measure_id)
    a = r.amount
    head = T.MEASURE_HEAD.format(name=r.name, clause=r.clause)
    if kind == "how_much":
        body = amount_text(a) + "。"
        if "未列具体金额" in body:      # 市级标准一个月多少 有没有个大概数: no figure, said first
            body = T.NO_FIGURE + body
        if count and a.yuan is not None and a.per in ("person", "person_month"):
            kind = "total_for_n"        # 招了5个人，能拿多少: the total for them too
    elif kind == "how_long":
        if a.max_months:
            # 能不能领、领多久: the sum too, where the document fixes one
            body = (amount_text(a) + "；" if a.yuan is not None else "") + \
                T.LASTS_MONTHS.format(months=a.max_months) + _past_validity(ev, a.max_months)
        elif a.per == "once":
            body = amount_text(a) + "。" + T.LASTS_ONCE      # 能拿8000吗 还要等多久: the sum said too
        else:
            body = amount_text(a) + "；" + T.LASTS_UNSAID    # 能拿多少个月 of 600元/月: the sum, and no period
    elif kind == "from_when":
        body = T.FROM_WHEN
    elif kind != "total_for_n":
        return None
    if kind == "total_for_n":
        if not count or a.yuan is None or a.per not in ("person", "person_month"):
            return None
        months = (a.max_months or 1) if a.per == "person_month" else 1
        body = T.TOTAL_FOR_N.format(n=count, amount=amount_text(a), total=money(a.yuan * months * count))
        if a.per == "person_month":     # 6个人一个月多少: the month's sum too
            body = T.MONTHLY_FOR_N.format(n=count, monthly=money(a.yuan * count)) + body
    return head + body + standing(r, labels) + T.AUTHORITY_DECIDES


def requirement(measure_id: str, asked: list[str], ev: Evaluation, labels: dict, must: bool = False) -> str:
    """What a measure requires, as the document sets it (measures.yaml conditions): the
    conditions asked about (社保 / 合同 / 年龄) first, then all of them, the amount and where the
    person stands."""
    from policy_core.catalogue import catalogue
    from understanding.requires import answers

    m, r = catalogue().measure(measure_id), ev.result(measure_id)
    texts = list(dict.fromkeys(m.texts.values()))
    out = T.MEASURE_HEAD.format(name=m.name, clause=m.clause)
    for topic in asked:
        hits = [c for c in texts if answers(topic, c)]
        # 必须是农村劳动力吗: yes or no first
        yes_no = (T.REQUIRES_YES if hits else T.REQUIRES_NO) if must else ""
        out += yes_no + (T.REQUIRES_ASKED.format(asked="；".join(hits)) if hits else
                         T.REQUIRES_NONE.format(what=T.REQUIRES_WHAT[topic]))
    out += T.REQUIRES_ALL.format(conditions="；".join(texts), amount=amount_text(r.amount))
    return out + standing(r, labels) + T.AUTHORITY_DECIDES


def _past_validity(ev: Evaluation, months: int) -> str:
    """When months counted from today run past the document's end date, say so."""
    from policy_core.catalogue import catalogue
    v = catalogue().policy["validity"]
    end = v["end"] if not isinstance(v["end"], str) else __import__("datetime").date.fromisoformat(v["end"])
    total = ev.as_of.year * 12 + ev.as_of.month - 1 + months
    if (total // 12, total % 12 + 1) <= (end.year, end.month):
        return ""
    return T.LASTS_PAST_VALIDITY.format(end=f"{end.year}年{end.month}月{end.day}日", clause=v["clause"])


def term_answer(kind: str, term: dict) -> str:
    """What a term means, or whether something counts as it: the document's words, whether it
    defines the term, and who decides (七（三））."""
    out = T.TERM_WORDS.format(term=term["term"], clause=term["clause"], source=term["source"])
    if not term["defined"]:
        out += T.TERM_UNDEFINED.format(term=term["term"])
    return out + (term.get("note") or "") + T.AUTHORITY_DECIDES
