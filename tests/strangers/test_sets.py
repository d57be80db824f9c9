"""The blind conversation sets, played in-process with the trained model (fast tier).

Written by people who had not read the reading code, from the policy and the contract alone;
never edited to fit the assistant. Each conversation is one test. The few that still fail are
listed with the reason; xfail is strict, so one that starts passing is noticed.
The same sets run over REST against the real servers in tests/e2e/test_shared_eval.py.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.model   # plays the trained model in-process (no servers)

from .play import ROOT, Player, check, text_of

HERE = Path(__file__).resolve().parent
SETS = [ROOT.parent / "shared" / "eval" / "stranger_conversations.json",
        *sorted(HERE.glob("fresh_*.json")), *sorted(p for p in HERE.glob("round[0-9]_*.json")
                                                    if not p.stem.startswith("round6"))]
# (set, conversation name) -> why it still fails (strict: a fix shows up as an unexpected pass).
# All from round 4 (written 2026-12-02 session 2; first pass 5/20 and 10/20 over REST).
KNOWN: dict[tuple[str, str], str] = {
    ("round4_people", "应届本科生社保差一个月"): "graduate status and 用工登记 said in forms the reader does not know yet",
    ("round4_people", "外卖骑手改口35岁"): "快一年才出来跑的: unemployment before flexible work read as unemployed now",
    ("round4_people", "安徽大专生改口毕业年份"): "a corrected graduation year does not carry the unemployed status",
    ("round4_people", "硕士考进事业编"): "考进事业编 not read as a job at an excluded employer in Jinshan",
    ("round4_people", "妻子问对口地区来的丈夫"): "用工登记 said as 单位给他登记了 not read",
    ("round4_people", "妻子问36岁丈夫跑外卖"): "the wife's own job (我…在金山万达上班) taken as the husband's",
    ("round4_people", "热线：张先生失业后想跑外卖"): "a planned flexible job: the reply gives no amount for the measure asked",
    ("round4_people", "要是我去考个研究生呢"): "a what-if whose outcome falls after the policy's end does not mention the end",
    ("round4_kiosk_org", "外孙三十五岁 失业正好六个月"): "a bare 勿是 after a date question is not applied to the yes/no question left open",
    ("round4_kiosk_org", "培训学校问办学资助和学员获证补贴"): "a training school's trainees' facts are not taken from the school's words",
    ("round4_kiosk_org", "人事专员问新招应届硕士的补贴谁领"): "an HR clerk's description of a new hire is read as the organisation's, not the hire's",
    ("round4_kiosk_org", "人力资源服务机构推荐对口地区劳动力"): "an agency's referred worker's insurance months are not read",
    ("round4_kiosk_org", "劳务派遣公司问稳岗补贴"): "a labour-dispatch company speaking of itself is not read as an excluded employer",
}


def _cases():
    for path in SETS:
        if path.exists():
            for case in json.loads(path.read_text(encoding="utf-8")):
                known = KNOWN.get((path.stem, case["name"]))
                marks = [pytest.mark.xfail(reason=known, strict=True)] if known else []
                yield pytest.param(case, id=f"{path.stem}: {case['name']}", marks=marks)


@pytest.fixture(scope="module")
def player():
    if not (ROOT / "models" / "current.tar.gz").exists():
        import subprocess
        subprocess.run(["bash", "scripts/train.sh"], cwd=ROOT, check=True)
    return Player()


@pytest.mark.parametrize("case", list(_cases()))
def test_blind_conversation(player, case):
    today = dt.date.today()     # the sets' relative expectations are worked out on the day of the run
    slots, log = player.play(case["turns"], today)
    errs = check(case, slots, log[-1][1], today)
    if case.get("every_turn_replies"):
        errs += [f"no reply to {t[:12]!r}" for t, m in log if not text_of(m).strip()]
    assert not errs, "\n".join(errs)
