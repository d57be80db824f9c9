"""Answers about the document itself, built from policy_core's data (never typed figures)."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from policy_core.catalogue import catalogue
from policy_core.explain import POLICY, amount_text, explain
from policy_core.model import Evaluation


def _p(key: str) -> dict:
    return catalogue().policy[key]


def _who() -> str:
    return f"{_p('interpretation')['authority']}（{_p('interpretation')['clause']}）"


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def validity(today: dt.date) -> str:
    v = _p("validity")
    start, end = v["start"], v["end"]
    now = "目前在有效期内。" if start <= today <= end else "今天不在有效期内。"
    return f"{POLICY}{v['clause']}：“{v['source']}”即{_cn_date(start)}至{_cn_date(end)}有效，{now}"


def excluded_employers() -> str:
    e = _p("excluded_employers")
    return (f"{POLICY}{e['clause']}：“{e['source']}”所以在{'、'.join(e['kinds'])}工作的，"
            f"不能作为各项补贴中所说的“用人单位”；“有特殊规定的除外”具体如何适用，由{_who()}解释。")


def interpretation() -> str:
    i = _p("interpretation")
    return f"{POLICY}{i['clause']}：“{i['source']}”"


def old_policy() -> str:
    o = _p("old_policy")
    return (f"原《{o['name']}》（{o['number']}）已于{_cn_date(o['stopped'])}停止执行；"
            f"按其规定尚未申请的资金，申请受理期限截止至{_cn_date(o['claims_until'])}，"
            f"补贴标准、补贴期限按原政策执行（{POLICY}{o['clause']}）。")


def fraud() -> str:
    f = _p("fraud")
    return f"{POLICY}{f['clause']}：“{f['source']}”"


def _open_question(what: str) -> str:
    return (f"文件没有规定{what}。按{POLICY}七（三），各项条款的认定标准、申请和发放流程等操作细则，"
            f"由{_p('interpretation')['authority']}负责制定、实施和解释，请以其公布的办理要求为准。")


TOPICS = {
    "excluded_employers": excluded_employers,
    "interpretation": interpretation,
    "old_policy": old_policy,
    "fraud": fraud,
    "how_to_apply": lambda: _open_question("在哪里、怎样申请以及需要哪些材料"),
    "combine": lambda: _open_question("各项补贴能否同时享受（叠加）"),
    "paired_region_definition": lambda: _open_question("“对口地区”具体包括哪些地区"),
    "contact": lambda: ("文件中没有电话、地址或网址，我也不提供文件以外的联系方式。"
                        + _open_question("咨询和办理的具体渠道")),
}


def topic(name: str, today: dt.date) -> Optional[str]:
    if name == "validity":
        return validity(today)
    if name == "policy_overview":
        return overview()
    fn = TOPICS.get(name)
    return fn() if fn else None


def measure(measure_id: str, ev: Optional[Evaluation] = None) -> str:
    """What a measure is and pays; with the person's evaluation, where they stand."""
    m = catalogue().measure(measure_id)
    text = f"{m.name}（{POLICY}{m.clause}）：{m.source}\n金额：{amount_text(m.amounts[None])}。"
    if ev is not None and ev.result(measure_id).status != "undetermined":
        text += "\n就您的情况：" + explain(ev.result(measure_id)).split("依据：")[0]
    return text


def overview() -> str:
    lines = [f"{POLICY}共有以下补贴和资助（对个人 / 对单位）："]
    for m in catalogue().measures:
        who = "个人" if m.audience == "person" else "单位"
        lines.append(f"· {m.name}（{m.clause}，{who}）：{amount_text(m.amounts[None])}")
    lines.append("告诉我您的情况，我可以判断哪些适用于您。")
    return "\n".join(lines)
