"""Plain-Chinese sentences a hotline agent can read out, built only from a result.

Money is always written in digits with 元 ("12000元", "300000元（30万元）").
"""
from __future__ import annotations

from typing import Iterable, Optional

from .facts import fact_info
from .model import Amount, Evaluation, MeasureResult

POLICY = "金就办〔2023〕1号"


def money(yuan: int) -> str:
    if yuan >= 10000 and yuan % 10000 == 0:
        return f"{yuan}元（{yuan // 10000}万元）"
    return f"{yuan}元"


def amount_text(a: Amount) -> str:
    """"1000元/月，最多12个月，共计不超过12000元" and the like."""
    if a.yuan is None:
        once = "一次性" if a.per == "once" else ""
        head = f"{once}不超过{money(a.max_total_yuan)}，" if a.max_total_yuan else ""
        cap = f"（补贴期限累计不超过{a.max_months}个月）" if a.max_months else ""
        return f"{head}{a.basis.rstrip('。')}{cap}"
    y = money(a.yuan)
    if a.per == "once":
        return f"一次性{y}"
    if a.per == "year":
        return f"每年{y}"
    if a.per == "person":
        return f"每推荐1人{y}（{a.yuan}元/人）"
    if a.per not in ("month", "person_month"):     # no period stated
        return y
    unit = "元/人/月" if a.per == "person_month" else "元/月"
    text = f"{a.yuan}{unit}"
    if a.max_months:
        each = "每人" if a.per == "person_month" else ""
        text += f"，最多{a.max_months}个月，{each}共计不超过{money(a.yuan * a.max_months)}"
    return text


def _you(r: MeasureResult) -> str:
    return "您" if r.audience == "person" else "贵单位"


def basis(r: MeasureResult) -> str:
    return f"依据：{POLICY}{r.clause}：“{r.source}”"


def steps(r: MeasureResult) -> list[str]:
    return [c.text for c in r.conditions if c.step and c.met is not True]


def open_conditions(r: MeasureResult) -> list[str]:
    """Conditions about the person or organisation not yet known."""
    return [c.text for c in r.conditions if c.met is None and not c.step]


def missing_labels(r: MeasureResult) -> list[str]:
    """What is still to confirm: the missing facts' labels, else the open conditions
    themselves (when no fact the core takes settles one)."""
    info = fact_info()
    return [info[n]["label"] for n in r.missing_facts] or open_conditions(r)


def _job_failed(r: MeasureResult) -> bool:
    """Ineligible because of the job the person has now (contract: the current-job exception)."""
    return any(c.step and c.met is False and c.text == r.reason for c in r.conditions)


def explain(r: MeasureResult) -> str:
    """One result as the sentence read out on the phone."""
    you, amt = _you(r), amount_text(r.amount)
    gets = f"可享受{amt}" if r.amount.yuan is not None or r.amount.max_total_yuan else f"金额：{amt}"
    if r.status == "eligible":
        head = f"{you}符合{r.name}的条件，{gets}。"
    elif r.status == "conditional":
        head = f"{you}符合{r.name}的人员条件，做到下面这些以后可以领取：{'；'.join(steps(r))}。{gets}。"
    elif r.status == "ineligible" and _job_failed(r):
        wanted = "；".join(c.text for c in r.conditions if c.step)
        head = (f"按{you}目前的这份工作，暂不符合{r.name}：不满足“{r.reason}”。"
                f"符合条件的工作需要：{wanted}。金额为{amt}。")
    elif r.status == "ineligible":
        head = f"{you}暂不符合{r.name}，因为不满足条件：{r.reason}。"
    else:
        what = "、".join(missing_labels(r))
        if r.missing_facts:
            what += f"（用于判断：{'；'.join(open_conditions(r))}）"
        head = f"{r.name}还需确认：{what}。该项为{amt}。"
    return f"{head}{basis(r)}"


def why_not(r: MeasureResult) -> str:
    """Answer "为什么我不能领X": the failing (or still open) conditions, with their clause."""
    if r.status == "ineligible":
        failed = [c for c in r.conditions if c.met is False and (not c.step or r.reason == c.text)]
        lines = "；".join(f"{c.text}（{c.clause}）" for c in failed) or r.reason
        return f"{_you(r)}暂不能领取{r.name}：不满足{lines}。{basis(r)}"
    return explain(r)


GROUPS = (("eligible", "可以领取"), ("conditional", "做到下面这些以后可以领取"),
          ("ineligible", "暂不符合"), ("undetermined", "还需确认"))


def summary(ev: Evaluation, ids: Optional[Iterable[str]] = None) -> str:
    """The whole answer, grouped 可以领取 / 做到下面这些以后可以领取 / 暂不符合 / 还需确认."""
    if not ev.in_force:
        return (f"按{POLICY}七（二），本意见有效期为2023年1月1日至2027年12月31日；"
                f"{ev.as_of.isoformat()}不在有效期内，各项补贴均不适用。")
    wanted = set(ids if ids is not None else ev.in_play)
    chosen = [r for r in ev.results if r.id in wanted]
    parts = []
    for status, title in GROUPS:
        rows = [r for r in chosen if r.status == status]
        if not rows:
            continue
        lines = []
        for r in rows:
            if status in ("eligible", "conditional"):
                line = f"· {r.name}（{r.clause}）：{amount_text(r.amount)}"
                if status == "conditional":
                    line += f"；还需：{'；'.join(steps(r))}"
            elif status == "ineligible":
                line = f"· {r.name}（{r.clause}）：不满足“{r.reason}”"
            else:
                line = f"· {r.name}（{r.clause}）：还需确认{'、'.join(missing_labels(r))}"
            lines.append(line)
        parts.append(f"【{title}】\n" + "\n".join(lines))
    return "\n".join(parts)
