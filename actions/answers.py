"""Answers about the document itself, built from policy_core's data (never typed figures).

Every answer quotes the clause it rests on (policy_core/data/policy.yaml, checked against
the policy text by tests); where the document says nothing (where to apply, materials,
which window) the answer says so and names who sets those rules (七（三））.
"""
from __future__ import annotations

import re

import datetime as dt
from typing import Optional

from assistant_nlu import topics as vocab
from policy_core.catalogue import catalogue
from policy_core.explain import POLICY, amount_text, explain
from policy_core.model import Evaluation


def _p(key: str) -> dict:
    return catalogue().policy[key]


def _authority() -> str:
    return _p("interpretation")["authority"]


def _who() -> str:
    return f"{_authority()}（{_p('interpretation')['clause']}）"


def _quote(key: str) -> str:
    p = _p(key)
    return f"{POLICY}{p['clause']}：“{p['source']}”"


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _measure_ref(measure_id: str) -> str:
    m = catalogue().measure(measure_id)
    return f"{m.name}（{m.clause}）"


def validity(today: dt.date, text: str = "") -> str:
    v = _p("validity")
    start, end = v["start"], v["end"]
    now = "目前在有效期内。" if start <= today <= end else "今天不在有效期内。"
    out = f"{POLICY}{v['clause']}：“{v['source']}”即{_cn_date(start)}至{_cn_date(end)}有效，{now}"
    year = vocab.claim_year(text)
    if year is not None and year > end.year:
        out += (f"\n{year}年已过有效期（截至{_cn_date(end)}），届时不能再按本文件申请或享受补贴；"
                f"有效期满后有没有新的政策，本文件没有规定，请以{_authority()}届时公布的为准。")
    return out


def excluded_employers(text: str = "") -> str:
    e = _p("excluded_employers")
    excluded, other = vocab.employer_kinds(text)
    paid = "、".join(_measure_ref(m) for m in e["paid_to_employer"])
    if not excluded and not other:
        return (f"{_quote('excluded_employers')}所以在{'、'.join(e['kinds'])}工作的，"
                f"不能作为各项补贴中所说的“用人单位”；{paid}等发给用人单位的补贴，这些单位也不能申请。"
                f"“有特殊规定的除外”具体如何适用，由{_who()}解释。")
    lines = []
    if excluded:
        names = "、".join(excluded)
        lines.append(f"{names}不算本意见所说的“用人单位”。{_quote('excluded_employers')}")
        lines.append(f"所以{names}不能申请{paid}等发给用人单位的补贴；在{names}工作的，"
                     f"也不满足各项补贴中“在用人单位就业”一类的条件。“有特殊规定的除外”具体如何适用，由{_who()}解释。")
    if other:
        lines.append(f"{'、'.join(other)}不在{e['clause']}列出的排除范围内（排除的是：{'、'.join(e['kinds'])}）；"
                     f"具体是否符合各项补贴的条件，看该项补贴的其他要求，认定由{_who()}负责。")
    return "\n".join(lines)


def interpretation() -> str:
    return _quote("interpretation")


def old_policy(today: dt.date, text: str = "") -> str:
    o = _p("old_policy")
    year = vocab.claim_year(text)
    head = ""
    if year is not None and year <= o["stopped"].year:
        head = f"{year}年的补贴属于原政策期间，按原政策办理。"
    out = (f"{head}原《{o['name']}》（{o['number']}）已于{_cn_date(o['stopped'])}停止执行；"
           f"按其规定尚未申请的资金，申请受理期限截止至{_cn_date(o['claims_until'])}，"
           f"补贴标准、补贴期限按原政策执行（{POLICY}{o['clause']}）。")
    if today > o["claims_until"]:
        out += f"今天（{_cn_date(today)}）已过这个申请受理期限，按文件不能再按原政策申请。"
    else:
        out += f"今天（{_cn_date(today)}）还在这个申请受理期限内。"
    return out


def fraud() -> str:
    return _quote("fraud")


def precedence() -> str:
    return (f"{_quote('precedence')}也就是说，本文件与国家和本市新出台的法规政策规定不一致时，"
            f"以国家和本市的法规政策为准。")


def incubator_revocation(facts: Optional[dict] = None) -> str:
    r = _p("incubator_revocation")
    grades = "、".join(f"{g}级" for g in r["paid_grades"])
    cases = r["cases"]
    out = (f"{_quote('incubator_revocation')}也就是说，有{len(cases)}种情形会被取消区级创业孵化示范基地称号："
           f"{'；'.join(c + '的基地' for c in cases.values())}。"
           f"另外，年度基地运作费补贴只给评估为{grades}的基地（{r['clause']}），评为D级的当年没有运作费补贴。")
    grade = (facts or {}).get("incubator_grade")
    if grade == "D":
        out += f"只评过一年D级的，不在上面列出的情形中（要{cases['D']}才取消称号）。"
    elif grade in cases:
        out += f"按您所说的情况，属于“{cases[grade]}”这一种。"
    return out


def document() -> str:
    v = _p("validity")
    return (f"{POLICY}是《{catalogue().policy['title']}》，从{_cn_date(v['start'])}起实施，"
            f"有效期至{_cn_date(v['end'])}（{v['clause']}）。"
            f"我可以回答文件里的问题：各项补贴的条件和金额、哪些单位不算用人单位、有效期、原政策怎么衔接、"
            f"由谁解释等；也可以按您的情况判断能领哪些补贴。请问想了解什么？")


def issued() -> str:
    i, v = _p("issued"), _p("validity")
    return (f"{POLICY}由{i['by']}印发，落款日期{_cn_date(i['date'])}；"
            f"从{_cn_date(v['start'])}起实施，有效期至{_cn_date(v['end'])}（{v['clause']}）。")


def _online() -> str:
    """五（十五）: what the document does say about where services are done."""
    return "按文件五（十五），公共就业服务事项对接“一网通办”总门户，推广“不见面”网上办理。"


def _open_question(what: str) -> str:
    return (f"文件没有规定{what}。按{POLICY}七（三），各项条款的认定标准、申请和发放流程等操作细则，"
            f"由{_authority()}负责制定、实施和解释，请以其公布的办理要求为准。")


def who_to_ask() -> str:
    return (f"文件没有写具体向哪个窗口或哪个电话咨询，我也不提供文件以外的联系方式。"
            f"按{POLICY}七（三），各项条款的认定标准、申请和发放流程等操作细则，由{_authority()}"
            f"负责制定、实施和解释，具体怎么办理可以向{_authority()}咨询。")


def thresholds(text: str = "") -> str:
    t = _p("thresholds")
    inc, exc = "”“".join(t["includes"]), "”“".join(t["excludes"])
    # 正好1.2倍算不算 / 35周岁是包括35岁的吧: the boundary asked about, answered first
    asked = [b for b in t["boundaries"] if re.search(b["asks"], text)]
    head = "".join(f"{b['number']}{'算' if b['counts'] else '不算'}：文件{b['clause']}写的是“{b['words']}”，"
                   f"{'包括' if b['counts'] else '不包括'}本数。" for b in asked[:1])
    return head + (f"文件里的“以上、以下、超过”等按{t['law']}理解：“{inc}”包括本数，“{exc}”不包括本数。"
            "所以“35周岁及以下”包括35周岁，“超过6个月”不包括正好6个月（要按失业起始日期算，满6个月又多出几天才算超过），"
            "“1年及以上”包括正好1年，“离校2年内”包括正好2年，“低于1.2倍”不包括正好1.2倍。"
            "年龄写的是“周岁”，按出生日期算实足年龄，不按虚岁。")


TOPICS = {
    "thresholds": thresholds,
    "issued": issued,
    "interpretation": interpretation,
    "fraud": fraud,
    "precedence": precedence,
    "who_to_ask": who_to_ask,
    "document": document,
    "how_to_apply": lambda: (_online() + _open_question("在哪个窗口申请以及需要哪些材料")),
    "combine": lambda: _open_question("各项补贴能否同时享受（叠加）"),
    "paired_region_definition": lambda: _open_question("“对口地区”具体包括哪些地区"),
    "contact": lambda: ("文件中没有电话、地址或网址，我也不提供文件以外的联系方式。"
                        + _open_question("咨询和办理的具体渠道")),
}


def topic(name: str, today: dt.date, text: str = "", facts: Optional[dict] = None) -> Optional[str]:
    """The answer to a question about the document; `text` is the message (the year or the
    kind of employer it names), `facts` what is known of the asker."""
    if name == "validity":
        return validity(today, text)
    if name == "thresholds":
        return thresholds(text)
    if name == "old_policy":
        return old_policy(today, text)
    if name == "excluded_employers":
        return excluded_employers(text)
    if name == "incubator_revocation":
        return incubator_revocation(facts)
    if name == "policy_overview":
        return overview()
    fn = TOPICS.get(name)
    return fn() if fn else None


def _employer_failed(ev: Evaluation, measure_id: str) -> bool:
    """The measure fails because the employer is of a kind 七（一）excludes."""
    r = ev.result(measure_id)
    clause = _p("excluded_employers")["clause"]
    return r.status == "ineligible" and any(c.clause == clause and c.met is False for c in r.conditions)


# A measure people ask about by another's name: 就业见习 pays nothing itself; its money is the
# 就业见习生活费补贴 of 一（三）.
COMES_WITH = {"internship": ("internship_living_allowance",)}


def measure(measure_id: str, ev: Optional[Evaluation] = None, org: Optional[bool] = None) -> str:
    """What a measure is and pays; with the person's evaluation, where they stand.
    `org`: True when an organisation asks (a measure paid to its workers is about them),
    False when a person asks (a measure paid to an organisation is about their employer)."""
    m = catalogue().measure(measure_id)
    text = f"{m.name}（{POLICY}{m.clause}）：{m.source}\n金额：{amount_text(m.amounts[None])}。"
    for other in COMES_WITH.get(measure_id, ()):   # 见习有钱拿吗: the money is 一（三）'s 生活费
        o = catalogue().measure(other)
        text += f"\n另：{o.name}（{o.clause}）：{o.source}金额：{amount_text(o.amounts[None])}。"
    if ev is not None and ev.result(measure_id).status == "undetermined":
        text += "\n就您的情况：" + explain(ev.result(measure_id)).split("依据：")[0]
    elif ev is not None:
        said = explain(ev.result(measure_id)).split("依据：")[0]
        if org is True and m.audience == "person":
            text += "\n就这些劳动者的情况：" + said.replace("您", "他们")
        elif org is False and m.audience == "organisation":
            text += "\n就用人单位（机构）的情况：" + said.replace("贵单位", "用人单位")
        else:
            text += "\n就您的情况：" + said
        if _employer_failed(ev, measure_id):
            who = ("贵单位" if org is not False else "用人单位") if m.audience == "organisation" \
                else ("他们的用人单位" if org else "您的用人单位")
            text += f"\n{who}不属于本意见所说的“用人单位”：{_quote('excluded_employers')}"
    return text


def amounts(ids: list[str]) -> str:
    """What each measure asked about pays, a line each (其中：…)."""
    lines = ["您问到的几项各自的金额："]
    for mid in dict.fromkeys(ids):
        m = catalogue().measure(mid)
        lines.append(f"· {m.name}（{m.clause}）：{amount_text(m.amounts[None])}")
    return "\n".join(lines)


def overview() -> str:
    lines = [f"{POLICY}共有以下补贴和资助（对个人 / 对单位）："]
    for m in catalogue().measures:
        who = "个人" if m.audience == "person" else "单位"
        lines.append(f"· {m.name}（{m.clause}，{who}）：{amount_text(m.amounts[None])}")
    lines.append("告诉我您的情况，我可以判断哪些适用于您。")
    return "\n".join(lines)


def family(ids: list[str]) -> str:
    """Measures asked about together (对口地区三项补贴各给谁多少): each one's receiver and amount."""
    lines = [f"{POLICY}中相关的{len(ids)}项："]
    for mid in ids:
        m = catalogue().measure(mid)
        who = "个人" if m.audience == "person" else "单位（机构）"
        lines.append(f"· {m.name}（{m.clause}，发给{who}）：{amount_text(m.amounts[None])}")
    lines.append(f"各项的条件不同，具体认定以{_authority()}为准。")
    return "\n".join(lines)


def organisation_intro(facts: dict) -> str:
    """An organisation introduced itself and asked nothing yet: the measures paid to
    organisations; an excluded kind of employer hears 七（一）first."""
    e = _p("excluded_employers")
    lines = []
    skip: set = set()
    if facts.get("employer_excluded"):
        skip = set(e["paid_to_employer"])
        lines.append(f"{_quote('excluded_employers')}因此{'、'.join(_measure_ref(m) for m in e['paid_to_employer'])}"
                     f"等发给用人单位的补贴，贵单位不能申请。")
    lines.append("文件中发给单位或机构的补贴有：")
    for m in catalogue().measures:
        if m.audience == "organisation" and m.id not in skip:
            lines.append(f"· {m.name}（{m.clause}）：{amount_text(m.amounts[None])}")
    lines.append("请告诉我想了解哪一项，或者说说贵单位的情况（例如招用了对口地区农村劳动力、基地评估等级）。")
    return "\n".join(lines)
