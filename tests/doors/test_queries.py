"""The mini-program, one WeChat account asking for several people (issue 18): each query (本人,
孩子, 配偶, 父母, 其他) is a conversation of its own behind an opaque handle; queries are listed,
reopened and deleted one by one; 「删除我的信息」 still deletes all. Then the page logic against the
real server (miniprogram/test/live.js), and a preview of the chat page in Chromium (screenshot)."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import uuid

import pytest
import sqlalchemy as sa

from channels.doors.store import DoorStore

from .conftest import ROOT, SHOTS
from .test_api import mp_login, mp_say

pytestmark = pytest.mark.e2e
MP = "/miniprogram/v1"


def mp(doors, token, method, path, body=None):
    return doors.http(method, MP + path, body, {"Authorization": f"Bearer {token}"} if token else {})


def conversation_of(doors, handle: str) -> str:
    with sqlite3.connect(doors.tmp / "doors.db") as db:
        (cid,), = db.execute("SELECT conversation FROM door_conversations WHERE handle = ?", (handle,)).fetchall()
    return cid


def test_each_person_asked_for_is_a_conversation_of_its_own(doors):
    token = mp_login(doors, uuid.uuid4().hex[:10])
    status, me = mp_say(doors, token, "我45岁，金山户口，失业10个月了")
    assert status == 200 and me["query"]["who"] == "本人"
    mine = me["query"]["id"]

    status, started = mp(doors, token, "POST", "/queries", {"who": "孩子"})
    assert status == 201 and started["query"]["who"] == "孩子" and started["query"]["current"] is True
    assert "孩子" in started["messages"][0]["text"]
    child = started["query"]["id"]
    assert child != mine
    status, kid = mp_say(doors, token, "我儿子今年22岁，金山户口，今年6月大学毕业")
    assert status == 200 and kid["query"] == {"id": child, "who": "孩子"}

    # two conversations, each with its own facts; the handles are not the conversation ids
    mine_cid, child_cid = conversation_of(doors, mine), conversation_of(doors, child)
    assert mine_cid != child_cid and mine not in mine_cid and child not in child_cid
    assert doors.tracker_slots(mine_cid)["age"] == 45
    assert doors.tracker_slots(child_cid)["age"] == 22
    assert "graduation_date" not in doors.tracker_slots(mine_cid)

    # listed newest first, the current one marked; never a conversation id
    status, listed = mp(doors, token, "GET", "/queries")
    assert status == 200 and listed["whom"] == ["本人", "孩子", "配偶", "父母", "其他"]
    assert [(q["id"], q["who"], q["current"]) for q in listed["queries"]] == [(child, "孩子", True), (mine, "本人", False)]
    assert "mp-" not in json.dumps(listed)

    # reopened: what was said, the result and the question come back; messages go there again
    status, opened = mp(doors, token, "POST", f"/queries/{mine}/open")
    assert status == 200 and opened["query"]["current"] is True and opened["query"]["who"] == "本人"
    assert opened["history"][0] == {"who": "me", "text": "我45岁，金山户口，失业10个月了"}
    assert any(h["who"] == "bot" for h in opened["history"])
    assert opened["result"]["results"] and opened["next_question"]["fact"]
    assert opened["next_question"]["fact"] == "full_time_education"
    status, again = mp_say(doors, token, "/deny")                  # the 「不是」 button
    assert status == 200 and again["query"]["id"] == mine, (status, again)
    assert doors.tracker_slots(mine_cid).get("full_time_education") is False
    assert "full_time_education" not in doors.tracker_slots(child_cid)
    # a button's payload shows in the history as the button's title
    status, opened = mp(doors, token, "POST", f"/queries/{mine}/open")
    said = [h["text"] for h in opened["history"] if h["who"] == "me"]
    assert said == ["我45岁，金山户口，失业10个月了", "不是"]

    # a message may name its query; then that one becomes current
    status, named = doors.http("POST", MP + "/messages", {"text": "他是全日制本科", "query": child},
                               {"Authorization": f"Bearer {token}"})
    assert status == 200 and named["query"]["id"] == child
    assert doors.tracker_slots(child_cid)["education"] == "bachelor"

    # deleted one by one: the child's conversation is gone from the tracker store, mine stays
    status, gone = mp(doors, token, "DELETE", f"/queries/{child}")
    assert status == 200 and gone == {"deleted": 1}
    assert doors.tracker_slots(child_cid) == {}
    assert doors.tracker_slots(mine_cid)["age"] == 45
    assert [q["id"] for q in mp(doors, token, "GET", "/queries")[1]["queries"]] == [mine]
    assert mp(doors, token, "POST", f"/queries/{child}/open")[0] == 404
    assert doors.http("POST", MP + "/messages", {"text": "你好", "query": child},
                      {"Authorization": f"Bearer {token}"})[0] == 404
    # with the current one deleted, the next message starts a new 本人 query
    mp(doors, token, "POST", "/queries", {"who": "配偶"})
    spouse = mp(doors, token, "GET", "/queries")[1]["queries"][0]["id"]
    mp(doors, token, "DELETE", f"/queries/{spouse}")
    status, fresh = mp_say(doors, token, "我30岁")
    assert fresh["query"]["who"] == "本人" and fresh["query"]["id"] not in (mine, spouse)


def test_another_user_reaches_none_of_my_queries_and_bad_requests_are_refused(doors):
    alice, eve = mp_login(doors, uuid.uuid4().hex[:10]), mp_login(doors, uuid.uuid4().hex[:10])
    mp_say(doors, alice, "我33岁")
    handle = mp(doors, alice, "GET", "/queries")[1]["queries"][0]["id"]
    assert mp(doors, eve, "POST", f"/queries/{handle}/open")[0] == 404
    assert mp(doors, eve, "DELETE", f"/queries/{handle}")[0] == 404
    assert doors.http("POST", MP + "/messages", {"text": "我60岁", "query": handle},
                      {"Authorization": f"Bearer {eve}"})[0] == 404
    assert doors.tracker_slots(conversation_of(doors, handle))["age"] == 33
    assert mp(doors, eve, "GET", "/queries")[1]["queries"] == []
    for path, method in (("/queries", "GET"), ("/queries", "POST"), (f"/queries/{handle}/open", "POST"),
                         (f"/queries/{handle}", "DELETE")):
        assert mp(doors, None, method, path, {"who": "本人"})[0] == 401
    status, body = mp(doors, alice, "POST", "/queries", {"who": "邻居"})
    assert status == 400 and "本人" in body["error"]
    assert mp(doors, alice, "POST", "/queries/../../x/open")[0] in (404, 400)
    assert mp(doors, alice, "DELETE", "/queries/x")[0] == 404


def test_delete_my_information_still_deletes_every_query(doors):
    token = mp_login(doors, uuid.uuid4().hex[:10])
    mp_say(doors, token, "我41岁")
    for who in ("孩子", "父母"):
        mp(doors, token, "POST", "/queries", {"who": who})
        mp_say(doors, token, "他50岁")
    handles = [q["id"] for q in mp(doors, token, "GET", "/queries")[1]["queries"]]
    cids = [conversation_of(doors, h) for h in handles]
    assert len(cids) == 3 and all(doors.tracker_slots(c) for c in cids)
    status, body = mp_say(doors, token, "删除我的信息")
    assert status == 200 and body["deleted"] == 3
    assert all(doors.tracker_slots(c) == {} for c in cids)
    assert mp(doors, token, "GET", "/queries")[0] == 401           # the handles went with them


def test_a_store_from_before_queries_gets_handles_and_keeps_its_conversation(tmp_path):
    """The door_conversations table of issue 17 (no handle, who, last): columns added at start,
    the old conversation listed as 本人 with a handle of its own."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'doors.db'}")
    with engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE door_conversations (conversation VARCHAR(80) PRIMARY KEY, door VARCHAR(16) "
                          "NOT NULL, subject VARCHAR(64) NOT NULL, created DOUBLE PRECISION NOT NULL, active INTEGER NOT NULL)")
        c.exec_driver_sql("INSERT INTO door_conversations VALUES ('mp-old', 'mp', 'someone', 1.0, 1)")
    store = DoorStore(engine)
    DoorStore(engine)                                      # a second process starting: nothing to add
    (old,) = store.queries("mp", "someone")
    assert old["who"] == "本人" and old["current"] and len(old["id"]) >= 16 and "mp-old" not in old["id"]
    assert store.current_conversation("mp", "someone", "mp-new") == "mp-old"
    new = store.new_query("mp", "someone", "mp-new", "父母")
    assert store.current_conversation("mp", "someone", "mp-x") == "mp-new"
    assert store.reopen("mp", "someone", old["id"]) == "mp-old"
    assert store.reopen("mp", "other", new) is None and store.drop_query("mp", "other", new) is None
    assert store.drop_query("mp", "someone", new) == "mp-new"
    assert [q["who"] for q in store.queries("mp", "someone")] == ["本人"]


# ---------------------------------------------------------------- the page, live and in a preview
def live(doors, *steps, code=None):
    node = shutil.which("node")
    if not node:
        pytest.fail("Node.js is not installed: the mini-program's page logic is tested with node")
    run = subprocess.run([node, "miniprogram/test/live.js", f"{doors.url}{MP}", *steps], cwd=ROOT,
                         capture_output=True, text=True, timeout=180,
                         env={"MP_CODE": code or f"good-{uuid.uuid4().hex[:10]}", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def preview(data: dict) -> str:
    run = subprocess.run([shutil.which("node"), "miniprogram/test/preview.js", "pages/chat/chat"], cwd=ROOT,
                         input=json.dumps(data), capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_the_page_asks_for_a_child_apart_and_reopens_the_first_query(doors):
    code = f"good-{uuid.uuid4().hex[:10]}"
    data = live(doors, "我58岁，金山户口，失业10个月了", "who:孩子", "我儿子今年22岁，金山户口，今年6月大学毕业",
                "list", code=code)
    assert data["who"] == "孩子"
    assert [(q["who"], q["current"]) for q in data["queries"]] == [("孩子", True), ("本人", False)]
    mine = [b["text"] for b in data["bubbles"] if b["who"] == "me"]
    assert mine == ["我儿子今年22岁，金山户口，今年6月大学毕业"], "the child's query starts on a clean page"
    # the same account, later: reopen 本人 (second in the list); its refusal says what is not met
    data = live(doors, "list", "open:1", code=code)
    assert data["who"] == "本人"
    assert [b["text"] for b in data["bubbles"] if b["who"] == "me"] == ["我58岁，金山户口，失业10个月了"]
    flexible = next(c for c in data["cards"] if c["id"] == "flexible_employment_youth")
    assert flexible["status"] == "ineligible"
    assert flexible["todo"] == "本项要求35周岁及以下，按您说的是58岁，所以暂不符合。" and flexible["todoTitle"] == ""


def test_the_chat_page_in_a_preview_has_big_targets_and_says_why_not(doors, browser):
    """A rough render of the WXML and WXSS in Chromium (miniprogram/test/preview.js; not WeChat's
    renderer): quick replies and the page's buttons at least 44px high on a 375px-wide phone, a
    multi-line input, the refusal sentence on the card. Screenshots for looking at."""
    data = live(doors, "我58岁，金山户口，失业10个月了", "button:不是")
    page = browser.new_page(viewport={"width": 375, "height": 812}, device_scale_factor=2, locale="zh-CN")
    try:
        page.set_content(preview(data))
        page.screenshot(path=str(SHOTS / "mp-1-chat.png"))
        heights = page.eval_on_selector_all(".quick-btn, .send, .restart, .bar-btn",
                                            "els => els.map(e => e.getBoundingClientRect().height)")
        assert len(heights) >= 5 and min(heights) >= 44, heights
        assert page.locator("textarea.input").count() == 1
        page.eval_on_selector(".chat", "e => e.scrollTop = e.scrollHeight")
        page.screenshot(path=str(SHOTS / "mp-2-cards.png"))
        card = page.locator(".card.no", has_text="灵活就业补贴")
        assert "本项要求35周岁及以下，按您说的是58岁，所以暂不符合。" in card.inner_text()
        assert "原因" not in page.locator(".cards").inner_text()
        # before consent: the consent card, the input disabled
        page.set_content(preview(dict(data, consent=False, bubbles=data["bubbles"][:1], cards=[], buttons=[])))
        assert "用户隐私保护指引" in page.locator(".consent").inner_text()
        assert page.locator("textarea.input").is_disabled()
        page.screenshot(path=str(SHOTS / "mp-3-consent.png"))
        # 我的查询 and 换人查询
        listing = live(doors, "我45岁", "who:父母", "我妈妈52岁", "list")
        page.set_content(preview(listing))
        rows = page.locator(".query-row")
        assert rows.count() == 2 and "父母" in rows.first.inner_text() and "（当前）" in rows.first.inner_text()
        assert min(page.eval_on_selector_all(".row-btn", "els => els.map(e => e.getBoundingClientRect().height)")) >= 44
        page.screenshot(path=str(SHOTS / "mp-4-queries.png"))
        page.set_content(preview(dict(listing, listing=False, picking=True)))
        assert page.locator(".choice").all_inner_texts() == ["本人", "孩子", "配偶", "父母", "其他"]
        page.screenshot(path=str(SHOTS / "mp-5-whom.png"))
    finally:
        page.close()
