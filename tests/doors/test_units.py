"""The doors' parts without servers: kiosk sessions, take-away text and QR code, mini-program
identity and tokens, fact corrections, the structured result's labels, file serving, the
channel registrations, and the mini-program's page logic in Node with a stubbed wx."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from actions.payload import result_payload
from channels.doors import common
from channels.doors.agent import AgentDeskInput, check_token
from channels.doors.common import decorate, fact_schema, merge_facts, reply_messages, serve_file, view
from channels.doors.kiosk import QR_MAX_BYTES, KioskInput, KioskSessions, pays, qr_svg, takeaway_sections, takeaway_text
from channels.doors.miniprogram import Identity, MiniProgramInput, within
from policy_core import FACT_NAMES, FactsError

from .support import Clock

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 6, 1)
PERSON = {"age": 30, "hukou": "jinshan", "employment_status": "unemployed", "unemployment_months": 10,
          "rural_hukou": False}


def payload(facts=PERSON, asked=None):
    return decorate(result_payload(dict(facts), [], TODAY, asked))


# ---------------------------------------------------------------- kiosk sessions
def test_kiosk_ids_are_server_issued_long_and_random():
    s = KioskSessions(120)
    ids = {s.open() for _ in range(200)}
    assert len(ids) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{32}", i) for i in ids)


def test_kiosk_session_idles_out_after_the_idle_time_unless_touched():
    clock = Clock()
    s = KioskSessions(120, clock)
    a, b = s.open(), s.open()
    clock.now += 100
    assert s.touch(a)                      # a is used: its idle time starts again
    clock.now += 30
    assert s.alive(a) and not s.alive(b)
    assert not s.touch(b)                  # an idle session cannot be revived
    assert s.due() == [b] and b not in s and a in s
    clock.now += 120
    assert s.due() == [a]
    assert not s.touch(a) and not s.touch("made-up-id")


def test_kiosk_close_forgets_the_session():
    s = KioskSessions(120)
    sid = s.open()
    assert s.close(sid) and not s.alive(sid) and not s.close(sid)


def test_forget_deletes_a_conversation_even_one_an_earlier_version_only_restarted(tmp_path):
    from rasa.core.lock_store import InMemoryLockStore
    from rasa.core.tracker_store import AwaitableTrackerStore, FailSafeTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import Restarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from trackerstores.lean_sql import LeanSQLTrackerStore

    domain = Domain.load(str(ROOT / "domain.yml"))
    lean = LeanSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    agent = SimpleNamespace(lock_store=InMemoryLockStore(),
                            tracker_store=FailSafeTrackerStore(AwaitableTrackerStore(lean)))

    async def go():
        t = DialogueStateTracker("kiosk-old", domain.slots)
        for e in (UserUttered("我30岁"), SlotSet("age", 30), Restarted()):
            t.update(e)
        await lean.save(t)
        first = await common.forget(agent, "kiosk-old")
        return first, await common.forget(agent, "kiosk-old"), await lean.retrieve("kiosk-old")

    with ThreadPoolExecutor(1) as pool:
        first, again, left = pool.submit(asyncio.run, go()).result()
    assert first is True and again is False and left is None


def test_leftover_kiosk_conversations_are_deleted_only_when_quiet_for_three_idle_times(tmp_path):
    """Another fleet replica's live visit (said something lately) is left alone; one from before
    a restart or from a dead replica goes; this process's own sessions and other doors stay."""
    from rasa.core.lock_store import InMemoryLockStore
    from rasa.core.tracker_store import AwaitableTrackerStore, FailSafeTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from channels.doors.kiosk import clear_leftovers
    from trackerstores.lean_sql import LeanSQLTrackerStore

    domain = Domain.load(str(ROOT / "domain.yml"))
    lean = LeanSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    agent = SimpleNamespace(lock_store=InMemoryLockStore(),
                            tracker_store=FailSafeTrackerStore(AwaitableTrackerStore(lean)))
    sessions = KioskSessions(120)
    mine = sessions.open()
    now = 10_000.0
    said = {"kiosk-old": now - 361, "kiosk-recent": now - 359, f"kiosk-{mine}": now - 1000,
            "agent-x": now - 5000}

    async def go():
        for sender, ts in said.items():
            t = DialogueStateTracker(sender, domain.slots)
            t.update(UserUttered("我30岁", timestamp=ts - 1))
            t.update(SlotSet("age", 30, timestamp=ts))
            await lean.save(t)
        gone = await clear_leftovers(agent, sessions, now)
        return gone, sorted(await lean.keys())

    with ThreadPoolExecutor(1) as pool:
        gone, left = pool.submit(asyncio.run, go()).result()
    assert gone == ["kiosk-old"]
    assert left == sorted(["kiosk-recent", f"kiosk-{mine}", "agent-x"])


def test_converse_gives_no_result_rather_than_an_empty_one_when_the_conversation_cannot_be_read():
    async def on_new_message(message):
        await message.output_channel.send_text_message(message.sender_id, "请问您的户籍在哪里？")

    async def unreadable(sender):
        return None            # Rasa's FailSafeTrackerStore answers None when its store fails

    async def readable(sender):
        from rasa.shared.core.domain import Domain
        from rasa.shared.core.events import SlotSet
        from rasa.shared.core.trackers import DialogueStateTracker
        t = DialogueStateTracker(sender, Domain.load(str(ROOT / "domain.yml")).slots)
        t.update(SlotSet("age", 30))
        return t

    def go(retrieve):
        agent = SimpleNamespace(tracker_store=SimpleNamespace(retrieve=retrieve))
        return asyncio.run(common.converse(on_new_message, agent, "kiosk-x", "我30岁", "kiosk"))

    with ThreadPoolExecutor(1) as pool:
        broken, ok = pool.submit(go, unreadable).result(), pool.submit(go, readable).result()
    assert broken["payload"] is None and broken["messages"][0]["text"] == "请问您的户籍在哪里？"
    assert ok["payload"]["facts"] == {"age": 30} and ok["slots"]["age"] == 30


def test_kiosk_idle_time_comes_from_the_environment_then_credentials(monkeypatch):
    monkeypatch.delenv("KIOSK_IDLE_SECONDS", raising=False)
    assert KioskInput.from_credentials(None).sessions.idle == 120
    assert KioskInput.from_credentials({"idle_seconds": 90}).sessions.idle == 90
    monkeypatch.setenv("KIOSK_IDLE_SECONDS", "45")
    assert KioskInput.from_credentials({"idle_seconds": 90}).sessions.idle == 45


# ---------------------------------------------------------------- take-away
def test_takeaway_text_has_measures_amounts_and_clauses_but_no_personal_fact():
    result = payload()["result"]
    text = takeaway_text(result, "2026-06-01")
    assert "金就办〔2023〕1号" in text and "2026-06-01" in text
    shown = [r for r in result["results"] if r["in_play"] and r["status"] in ("eligible", "conditional")]
    assert shown, "the example must have something to take away"
    for r in shown:
        assert r["name"] in text and r["clause"] in text
    for personal in ("30岁", "30周岁", "金山区户籍", "户籍：", "10个月", "失业"):
        assert personal not in text
    # an ineligible measure's reason would tell the age or 户籍: not in the take-away
    for r in result["results"]:
        if r["status"] == "ineligible" and r.get("reason"):
            assert r["reason"] not in text


def _row(i, status="eligible", yuan=None, total=None, steps=(), text=None):
    return {"id": f"m{i}", "name": f"第{i}项补贴", "clause": f"一（{i}）", "in_play": True, "status": status,
            "amount": {"yuan": yuan, "max_total_yuan": total},
            "amount_text": text or (f"一次性{yuan}元" if yuan else "参照市级标准执行，由区人力资源社会保障部门核定"),
            "steps": list(steps)}


def test_takeaway_text_stays_small_enough_for_a_qr_code_by_dropping_what_pays_nothing():
    many = {"results": [_row(i, text="参照市级标准执行，由区人力资源社会保障部门核定的补贴" * 2) for i in range(30)]}
    text = takeaway_text(many, "2026-06-01")
    assert len(text.encode()) <= QR_MAX_BYTES
    assert "其余见打印单" in text


def test_takeaway_keeps_every_item_that_pays_with_its_amount_first_then_steps_then_the_rest():
    """Issue 18: the summary dropped lines from the end to fit, so a one-off 3000元 listed last
    was cut while an item with no money was kept."""
    rows = [_row(i, text="参照市级标准执行，由区人力资源社会保障部门核定。" * 3) for i in range(1, 9)]
    rows += [_row(20, "conditional", steps=["到就业见习基地报名参加见习" * 3]),
             _row(30, "conditional", yuan=3000, total=3000, steps=["签订12个月及以上劳动合同", "缴纳社会保险费满6个月"]),
             _row(31, "eligible", yuan=1000, total=12000, text="1000元/月，最多12个月，共计不超过12000元"),
             dict(_row(40, "undetermined", yuan=500), name="还要问的补贴")]
    result = {"results": rows}
    sections = takeaway_sections(result)
    assert [s["key"] for s in sections] == ["pay", "steps", "rest"]
    assert sections[0]["lines"] == ["·第31项补贴（一（31））：1000元/月，最多12个月，共计不超过12000元【可以领取】",
                                    "·第30项补贴（一（30））：一次性3000元【办完手续即可领取】"]
    assert sections[1]["lines"][0] == "·第30项补贴：签订12个月及以上劳动合同；缴纳社会保险费满6个月"
    text = takeaway_text(result, "2026-06-01", sections)
    assert "一次性3000元" in text and "共计不超过12000元" in text
    assert text.index("一次性3000元") < text.index("【还需办理】") < text.index("签订12个月")
    assert len(text.encode()) <= QR_MAX_BYTES and "其余见打印单" in text
    assert "第8项补贴" not in text, "what pays nothing goes first when room runs out"
    # every paying item stays even when they alone pass the glance budget: 12 (more than a person
    # can hold at once) with long names and amounts still make a code
    lots = {"results": [dict(_row(i, yuan=1000 + i, total=12000 + i,
                                  text=f"{1000 + i}元/月，最多12个月，共计不超过{12000 + i}元"),
                             name=f"一次性就业补贴（金山籍人才回流第{i}项）") for i in range(12)]}
    text = takeaway_text(lots, "2026-06-01")
    assert len(text.encode()) > QR_MAX_BYTES
    assert all(f"共计不超过{12000 + i}元" in text for i in range(12))
    assert qr_svg(text).startswith(b"<svg")


def test_the_take_away_of_a_real_result_holds_the_sum_and_no_refusal():
    p = payload({"age": 24, "hukou": "jinshan", "employment_status": "unemployed", "education": "bachelor",
                 "fresh_graduate": True, "months_since_graduation": 3, "full_time_education": True})
    text = takeaway_text(p["result"], "2026-06-01")
    paying = [r for r in p["result"]["results"] if r["in_play"] and pays(r)]
    assert paying and all(r["amount_text"] in text for r in paying)
    assert "暂不符合" not in text and "24岁" not in text


def test_qr_code_is_an_svg_made_here():
    svg = qr_svg(takeaway_text(payload()["result"], "2026-06-01")).decode()
    assert svg.startswith("<svg") and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


# ---------------------------------------------------------------- mini-program identity
def test_the_user_is_an_hmac_of_the_openid_not_the_openid():
    a, b = Identity(b"secret-a"), Identity(b"secret-b")
    cid = a.subject("oABCdef123")
    assert re.fullmatch(r"[0-9a-f]{40}", cid) and "oABCdef123" not in cid
    assert a.conversation("oABCdef123") == cid            # the same person, the same conversation
    assert a.conversation("oOther") != cid
    assert b.conversation("oABCdef123") != cid            # depends on the server secret


def _request(headers):
    return SimpleNamespace(headers=headers, args={})


def _store(tmp_path, clock=None):
    from channels.doors.store import DoorStore, _sqlite_file_engine
    return DoorStore(_sqlite_file_engine(tmp_path / "doors.db"), **({"clock": clock} if clock else {}))


def test_login_mode_reads_the_bearer_handle_and_ignores_the_cloud_header(tmp_path):
    door, store = MiniProgramInput(server_secret="s"), _store(tmp_path)
    subject = door.identity.subject("openid-1")
    token = door.identity.new_token()
    store.put_handle(door.identity.handle_hash(token), "mp", subject, 60)
    assert door.subject_of(_request({"Authorization": f"Bearer {token}"}), store) == subject
    assert door.subject_of(_request({"Authorization": f"Bearer {token}x"}), store) is None
    assert door.subject_of(_request({"X-WX-OPENID": "openid-1"}), store) is None
    assert door.subject_of(_request({}), store) is None


def test_cloud_mode_trusts_x_wx_openid_only_when_switched_on(monkeypatch, tmp_path):
    store = _store(tmp_path)
    monkeypatch.setenv("MP_SERVER_SECRET", "s")
    monkeypatch.delenv("MP_TRUST_CLOUD_OPENID", raising=False)
    assert MiniProgramInput.from_credentials({"trust_cloud_openid_header": False}).trust_cloud_openid is False
    assert MiniProgramInput.from_credentials(None).trust_cloud_openid is False        # off by default
    cloud = MiniProgramInput.from_credentials({"trust_cloud_openid_header": True})
    assert cloud.trust_cloud_openid is True
    assert cloud.subject_of(_request({"X-WX-OPENID": "openid-1"}), store) == cloud.identity.subject("openid-1")
    assert cloud.subject_of(_request({"X-WX-OPENID": "  "}), store) is None
    monkeypatch.setenv("MP_TRUST_CLOUD_OPENID", "0")
    assert MiniProgramInput.from_credentials({"trust_cloud_openid_header": True}).trust_cloud_openid is False


def test_a_slow_turn_times_out_but_finishes_in_the_background():
    done = []

    async def slow():
        await asyncio.sleep(0.2)
        done.append(True)
        return "late"

    async def run():
        with pytest.raises(asyncio.TimeoutError):
            await within(slow(), 0.05)
        await asyncio.sleep(0.3)
        return await within(asyncio.sleep(0, "quick"), 1)

    # a thread of its own: Playwright's sync API may hold this thread's event loop
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, run()).result() == "quick" and done == [True]


# ---------------------------------------------------------------- agent desk
def test_agent_token_missing_is_401_wrong_is_403_right_passes():
    def req(headers=None, args=None):
        return SimpleNamespace(headers=headers or {}, args=args or {}, ip="127.0.0.1")

    assert check_token(req(), "tok").status == 401
    assert check_token(req({"Authorization": "Bearer nope"}), "tok").status == 403
    assert check_token(req({"Authorization": "Bearer tok"}), "tok") is None
    assert check_token(req({"Authorization": "bearer tok"}), "tok") is None
    # never in the URL (it would land in logs and history), not even the right one
    assert check_token(req(args={"token": "nope"}), "tok").status == 400
    assert check_token(req({"Authorization": "Bearer tok"}, args={"token": "tok"}), "tok").status == 400


def test_agent_token_from_environment_with_a_local_default(monkeypatch):
    monkeypatch.delenv("AGENT_TOKEN", raising=False)
    assert AgentDeskInput.from_credentials({}).token == "local-agent-token"
    monkeypatch.setenv("AGENT_TOKEN", "from-env")
    assert AgentDeskInput.from_credentials({}).token == "from-env"


@pytest.mark.parametrize("updates, zh, said", [
    ({"age": -3}, "年龄（周岁）应为0到120之间的整数，收到 -3", "age"),
    ({"age": "26"}, "年龄（周岁）应为0到120之间的整数", "age"),
    ({"hukou": "mars"}, "户籍应为以下之一：金山区、上海其他区、外省市", "hukou"),
    ({"education": "phd"}, "最高学历应为以下之一：初中及以下、高中、中专/中职、大专、本科、硕士研究生、博士研究生", "education"),
    ({"rural_hukou": "maybe"}, "是否原农业户籍（含被征地人员）应为“是”或“否”", "rural_hukou"),
    ({"shoe_size": 42}, "没有“shoe_size”这一项", "shoe_size"),
    ({"as_of": "2026-01-01"}, "判断日期不能手工更正", "as_of"),
    ({"unemployed_since": "2026-02-30"}, "本次失业的起始日期应为日期", "unemployed_since"),
    ({"unemployed_since": "2099-01-01"}, "本次失业的起始日期不能晚于今天", "unemployed_since"),
    ({"unemployed_since": "2026-01-01", "flexible_since": "2025-06-01"}, "开始灵活就业的日期早于本次失业的起始日期",
     "flexible_since"),
    ({}, "没有要更正的内容", "facts"), ([], "没有要更正的内容", "facts"), (None, "没有要更正的内容", "facts")])
def test_hand_corrections_are_validated_as_chat_facts_are_and_refused_in_words(updates, zh, said):
    """The desk's errors name the fact by its Chinese label and its values by their words (the
    registry), never by internal names (「hukou 应为取值之一：jinshan/…」); the English line keeps them."""
    with pytest.raises(FactsError) as e:
        merge_facts({"age": 30}, updates)
    assert e.value.zh.startswith("输入有误：") and zh in e.value.zh, e.value.zh
    assert said in e.value.en
    internal = set(FACT_NAMES) | {"as_of", "jinshan", "non_shanghai", "bachelor", "true", "false"}
    assert not {w for w in re.findall(r"[a-z_]{3,}", e.value.zh) if w in internal}, e.value.zh


def test_a_hand_correction_overrides_and_null_clears():
    assert merge_facts({"age": 30, "hukou": "jinshan"}, {"age": 37, "hukou": None}) == {"age": 37, "hukou": None}
    assert merge_facts({}, {"education": "master"}) == {"education": "master"}


# ---------------------------------------------------------------- the structured result
def test_missing_facts_get_their_labels():
    p = payload({"age": 30})
    rows = {r["id"]: r for r in p["result"]["results"]}
    some = next(r for r in rows.values() if r["missing_facts"])
    assert some["missing_labels"] and all(not re.fullmatch(r"[a-z_]+", x) for x in some["missing_labels"])


def test_reply_messages_keep_text_and_buttons_and_drop_anything_else():
    out = reply_messages([{"recipient_id": "x", "text": "请问您的户籍在哪里？", "buttons": [{"title": "金山区",
                           "payload": '/inform{"hukou":"jinshan"}'}]}, {"recipient_id": "x", "custom": {"a": 1}},
                          {"recipient_id": "x", "image": "http://example.invalid/x.png"}])
    assert out == [{"text": "请问您的户籍在哪里？", "buttons": [{"title": "金山区", "payload": '/inform{"hukou":"jinshan"}'}]}]


def test_the_structured_result_is_built_from_the_slots_the_turn_left():
    p = view({"age": 30, "asked_fact": "hukou", "skipped_facts": [], "subject": None}, TODAY)
    assert p["facts"] == {"age": 30} and p["next_question"]["fact"] == "hukou"
    assert p["next_question"]["buttons"] and all("missing_labels" in r for r in p["result"]["results"])
    # a fact the person skipped is not asked again, and the core's next fact moves on
    skipped = view({"age": 30, "asked_fact": None, "skipped_facts": ["hukou"]}, TODAY)
    assert skipped["result"]["next_fact"] not in (None, "hukou")


def test_the_question_read_aloud_is_about_the_same_person_as_the_screen():
    """A grandmother asking at the kiosk for her grandson saw 「他的户籍」 and heard 「您的户籍」;
    an organisation's question was read with its typing hint 「例如：1年」."""
    kin = view({"age": 22, "asked_fact": "hukou", "subject": "他"}, TODAY)["next_question"]
    assert "他的户籍" in kin["text"] and "他的户籍" in kin["read_aloud"] and "您" not in kin["read_aloud"]
    own = view({"age": 22, "asked_fact": "hukou"}, TODAY)["next_question"]
    assert "您" in own["read_aloud"]
    org = view({"asked_fact": "contract_months", "speaker": "organisation"}, TODAY)["next_question"]
    assert "例如" in org["text"] and "例如" not in org["read_aloud"] and "劳动合同" in org["read_aloud"]


def test_an_ineligible_measure_carries_the_dialogues_refusal_sentence():
    """Issue 18: a card read 「原因：35周岁及以下」 for a 58-year-old. The payload carries the one
    refusal sentence the dialogue builds (actions/dialogue.refusal, T.REFUSAL)."""
    from actions import dialogue
    from actions import templates as T
    p = payload({"age": 58, "hukou": "jinshan", "employment_status": "unemployed", "unemployment_months": 10})
    row = next(r for r in p["result"]["results"] if r["id"] == "flexible_employment_youth")
    assert row["status"] == "ineligible" and row["reason"] == "35周岁及以下"
    assert row["refusal"] == "本项要求35周岁及以下，按您说的是58岁，所以暂不符合。"
    assert row["refusal"] == T.REFUSAL.format(need="35周岁及以下", you="您", said="58岁")
    from policy_core import evaluate
    ev = evaluate({"age": 58, "hukou": "jinshan", "employment_status": "unemployed", "unemployment_months": 10,
                   "as_of": TODAY.isoformat()})
    state = dialogue.State(facts={"age": 58, "hukou": "jinshan", "employment_status": "unemployed",
                                  "unemployment_months": 10})
    assert row["refusal"] == dialogue.refusal(ev.result("flexible_employment_youth"), state, TODAY)
    assert all(r["refusal"] is None for r in p["result"]["results"] if r["status"] != "ineligible")
    assert all(r["refusal"] for r in p["result"]["results"] if r["status"] == "ineligible")


@pytest.mark.parametrize("fact, kind", [
    ("age", {"kind": "number", "unit": "岁"}), ("unemployment_months", {"kind": "number", "unit": "个月"}),
    ("unemployed_since", {"kind": "date", "past": True, "day": True}),
    ("graduation_date", {"kind": "date", "past": False, "day": False}),
    ("hukou", {"kind": "enum"}), ("rural_hukou", {"kind": "bool"})])
def test_the_next_question_says_how_it_is_answered(fact, kind):
    """The kiosk offers a number pad or date pickers from the registry's kinds (facts.yaml)."""
    q = view({"age": 30, "asked_fact": fact}, TODAY)["next_question"]
    assert q["fact"] == fact and {k: q[k] for k in kind} == kind


def test_fact_schema_covers_every_fact_with_options_for_enums():
    schema = fact_schema()
    assert [f["name"] for f in schema] == list(FACT_NAMES)
    hukou = next(f for f in schema if f["name"] == "hukou")
    assert [o["value"] for o in hukou["options"]] == ["jinshan", "shanghai_other", "non_shanghai"]
    assert all(o["title"] != o["value"] for f in schema if f["kind"] == "enum" for o in f["options"])
    # the value words are the registry's (policy_core/data/facts.yaml), not a copy of them
    from policy_core import fact_info
    assert all({o["value"]: o["title"] for o in f["options"]} == {str(k): v for k, v in fact_info()[f["name"]]["choices"].items()}
               for f in schema if f["kind"] == "enum")


# ---------------------------------------------------------------- pages and registration
@pytest.mark.parametrize("name", ["../common.py", "..", "index.html/..", "x.py", ".env", "INDEX.HTML", "a/b.js"])
def test_only_the_pages_own_files_are_served(name):
    assert serve_file([common.WEB / "kiosk", common.WEB / "shared"], name).status == 404


def test_page_files_are_served_with_a_strict_content_security_policy():
    r = serve_file([common.WEB / "kiosk", common.WEB / "shared"], "doors.js")
    assert r.status == 200 and "script-src 'self'" in r.headers["Content-Security-Policy"]


def test_pages_load_nothing_from_outside():
    for path in list((ROOT / "web").rglob("*")) + list((ROOT / "miniprogram").rglob("*.wx*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), path
            assert "innerHTML" not in text and "insertAdjacentHTML" not in text, path


def test_the_three_doors_are_registered_at_root_paths():
    creds = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert "channels.rest_channel.PolicyRestInput" in creds
    doors = {"channels.doors.kiosk.KioskInput": "/kiosk", "channels.doors.agent.AgentDeskInput": "/agent",
             "channels.doors.miniprogram.MiniProgramInput": "/miniprogram/v1"}
    from rasa.shared.utils.common import class_from_module_path
    for path, prefix in doors.items():
        assert path in creds
        assert class_from_module_path(path).from_credentials(creds[path]).url_prefix() == prefix
    assert creds["channels.doors.miniprogram.MiniProgramInput"]["trust_cloud_openid_header"] is False


def test_mini_program_page_logic_in_node_with_a_stubbed_wx():
    node = shutil.which("node")
    if not node:
        pytest.skip("Node.js is not installed: the mini-program's page logic is tested with node --test")
    run = subprocess.run([node, "--test", "miniprogram/test/chat.test.js"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert re.search(r"^# pass [1-9]", run.stdout, re.M) and re.search(r"^# fail 0", run.stdout, re.M)


def test_the_question_read_aloud_to_a_caller_about_themself_says_you():
    """The hotline agent types 「来电人女，33岁…」 and reads the next question to her: 「您…」, not 「她…」;
    when the caller asks for her son, the question read aloud is about him."""
    from channels.doors.common import view as door_view
    own = door_view({"age": 33, "asked_fact": "hukou", "subject": "她", "subject_is_caller": True}, TODAY)
    assert "您" in own["next_question"]["read_aloud"] and "她" not in own["next_question"]["read_aloud"]
    kin = door_view({"age": 22, "asked_fact": "hukou", "subject": "他", "subject_is_caller": False}, TODAY)
    assert "他" in kin["next_question"]["read_aloud"]
