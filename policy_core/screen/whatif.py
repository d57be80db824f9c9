"""Price a change of the rules: people gained and lost per measure, and money, against the
rules as written. Each row is judged by both catalogues in the same worker (run.screen_batch
with compare=True); the two never share a memo (the memo lives on the catalogue).

Gained: a result that is eligible or conditional (entitled, now or once the steps are
done) under the change and was not as written; lost: the reverse. Every other move of
status is reported too (e.g. ineligible -> undetermined: more people to call), and so is
a result whose status stayed but whose sum changed. Money is the fixed sum of money.py,
for eligible and conditional results apart; sums the document does not fix are counted,
never priced. "No result changes" is said only when no result moved at all.
"""
from __future__ import annotations

import collections
from dataclasses import dataclass, field

from ..catalogue import catalogue

ENTITLED = ("eligible", "conditional")


@dataclass
class Line:
    gained: int = 0
    lost: int = 0
    eligible: list = field(default_factory=lambda: [0, 0])        # as written, changed
    conditional: list = field(default_factory=lambda: [0, 0])
    money_eligible: list = field(default_factory=lambda: [0, 0])
    money_conditional: list = field(default_factory=lambda: [0, 0])
    unpriced: list = field(default_factory=lambda: [0, 0])        # entitled with no fixed sum
    moves: collections.Counter = field(default_factory=collections.Counter)   # (was, now) -> results, was != now
    resummed: collections.Counter = field(default_factory=collections.Counter)  # status -> same status, new sum

    @property
    def changed(self) -> int:
        """Results whose status or sum differs from the rules as written."""
        return sum(self.moves.values()) + sum(self.resummed.values())

    def described(self) -> str:
        parts = [f"{was}→{now} {n}" for (was, now), n in sorted(self.moves.items(), key=lambda kv: (-kv[1], kv[0]))]
        parts += [f"{st}: 金额变 / sum changed {n}" for st, n in sorted(self.resummed.items())]
        return "; ".join(parts)


class Tally:
    def __init__(self):
        self.moves: collections.Counter = collections.Counter()

    def add(self, moves) -> None:
        self.moves.update(moves)

    def lines(self) -> dict[str, Line]:
        out: dict[str, Line] = {}
        for (measure, was, was_money, now, now_money), n in self.moves.items():
            line = out.setdefault(measure, Line())
            if was != now:
                line.moves[(was, now)] += n
            elif was_money != now_money:
                line.resummed[now] += n
            if now in ENTITLED and was not in ENTITLED:
                line.gained += n
            if was in ENTITLED and now not in ENTITLED:
                line.lost += n
            for side, status, yuan in ((0, was, was_money), (1, now, now_money)):
                if status == "eligible":
                    line.eligible[side] += n
                    line.money_eligible[side] += n * (yuan or 0)
                elif status == "conditional":
                    line.conditional[side] += n
                    line.money_conditional[side] += n * (yuan or 0)
                if status in ENTITLED and yuan is None:
                    line.unpriced[side] += n
        order = [m.id for m in catalogue().measures]
        return {m: out[m] for m in order if m in out}

    def text(self, overrides) -> str:
        change = ", ".join(f"{m}.{p}={v}" for m, p, v in overrides)
        head = (f"改动 / change: {change}（与原文规则相比 / against the rules as written）\n"
                f"{'measure':32} {'gained':>8} {'lost':>8} {'eligible':>19} {'conditional':>19}"
                f" {'money eligible (元)':>27} {'money conditional (元)':>27} {'unpriced':>15}"
                f"  状态的变动 / every move (was→now results)")
        rows, total, moved = [head], [0, 0, 0, 0], 0
        for m, ln in self.lines().items():
            total[0] += ln.money_eligible[0]
            total[1] += ln.money_eligible[1]
            total[2] += ln.money_conditional[0]
            total[3] += ln.money_conditional[1]
            if not ln.changed:
                continue
            moved += ln.changed
            rows.append(f"{m:32} {ln.gained:>8} {ln.lost:>8} {_pair(ln.eligible):>19} {_pair(ln.conditional):>19}"
                        f" {_pair(ln.money_eligible):>27} {_pair(ln.money_conditional):>27}"
                        f" {_pair(ln.unpriced):>15}  {ln.described()}")
        if moved:
            rows.append(f"改变的结果 / results changed: {moved}（人×措施 / person-measure results）")
        else:
            rows.append("没有任何结果改变 / no result changes")
        rows.append(f"合计金额（可享受）/ money, eligible: {total[0]} → {total[1]} 元 ({total[1] - total[0]:+d}); "
                    f"办完手续后 / conditional: {total[2]} → {total[3]} 元 ({total[3] - total[2]:+d})")
        return "\n".join(rows)


def _pair(p) -> str:
    return f"{p[0]}→{p[1]}"
