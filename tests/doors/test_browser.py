"""The kiosk page and the agent desk in a real headless browser (Debian Chromium driven by
Playwright). Screenshots go to screenshots/doors/ (ignored by git) to be looked at."""
from __future__ import annotations

import re
import shutil
import subprocess
import time
from urllib.parse import urlparse

import pytest

from .conftest import AGENT_TOKEN, KIOSK_IDLE, SHOTS

pytestmark = pytest.mark.e2e

XSS = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>粗体</b>'


def only_local(page, doors):
    """Every request the page made went to the assistant's own server."""
    host = urlparse(doors.url).netloc
    outside = [u for u in page.requests if not u.startswith(("data:", "blob:")) and urlparse(u).netloc != host]
    assert not outside, outside


def printed_without(page, doors, text: str, personal, shot: str) -> None:
    """The printed sheet's `text` holds none of `personal`; its screenshot; the page back on
    screen, with no script error and nothing fetched from elsewhere."""
    for words in personal:
        assert words not in text
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / shot), full_page=True)
    page.emulate_media(media="screen")
    assert not page.errors
    only_local(page, doors)


def px(page, selector: str, prop: str = "font-size") -> float:
    value = page.locator(selector).first.evaluate(f"e => getComputedStyle(e).getPropertyValue('{prop}')")
    return float(value.replace("px", ""))


def say(page, answer: str, buttons: str, send, text: str | None, button: str | None) -> None:
    """Type `text` (sent by send(page)) or press the button titled `button` among `buttons`;
    wait for the next `answer` bubble. (The kiosk and the desk: their own selectors.)"""
    answers = page.locator(answer).count()
    if button:
        page.locator(f"{buttons} button", has_text=re.compile(f"^{re.escape(button)}$")).click()
    else:
        page.fill("#text", text)
        send(page)
    page.locator(answer).nth(answers).wait_for()


# ---------------------------------------------------------------- kiosk
def kiosk_say(page, text: str | None = None, button: str | None = None):
    say(page, ".msg.bot:not(.waiting)", "#quick", lambda p: p.click("#send"), text, button)
    page.wait_for_selector(".msg.waiting", state="detached")


def open_kiosk(page_for, doors, width=1920, height=1080):
    page = page_for(width, height)
    page.goto(doors.url + "/kiosk/")
    page.wait_for_selector("body[data-session]")
    return page


def test_kiosk_first_screen_is_large_and_clear(page_for, doors):
    page = open_kiosk(page_for, doors)
    page.screenshot(path=str(SHOTS / "kiosk-1-first-screen.png"))
    for sel in ("#text", "#send", "#restart", "#quick .btn"):
        assert page.locator(sel).first.is_visible(), sel
        box = page.locator(sel).first.bounding_box()
        assert box["y"] + box["height"] <= 1080, f"{sel} is on the first screen"
    assert page.locator("#restart").inner_text() == "重新开始"
    assert page.locator("textarea#text, input#text").count() == 1
    for sel in ("body", ".bubble", ".btn-quick", "#text", ".how li", ".note", ".sub", ".countdown"):
        assert px(page, sel) >= 24, f"{sel} text is at least 24px"
    assert px(page, "#send", "min-height") >= 64 and px(page, ".btn-quick", "min-height") >= 64
    assert page.locator("#countdown-seconds").inner_text().isdigit()
    assert not page.errors
    only_local(page, doors)


def test_kiosk_conversation_ends_in_result_cards_and_a_takeaway(page_for, doors):
    page = open_kiosk(page_for, doors)
    kiosk_say(page, "我30岁，金山户口，失业10个月了")
    # an enumerated question comes with big quick-reply buttons
    titles = page.locator("#quick .btn").all_inner_texts()
    assert {"是", "不是", "不清楚"} <= set(titles)
    kiosk_say(page, button="不是")
    kiosk_say(page, "我能领什么补贴")
    page.screenshot(path=str(SHOTS / "kiosk-2-result.png"))

    card = page.locator('.card[data-measure="internship"]')
    assert card.get_attribute("data-status") == "conditional"
    assert "就业见习" in card.locator("h3").inner_text()
    assert "办完手续即可领取" in card.inner_text() and "还需办理" in card.inner_text()
    assert "一（一）" in card.locator(".clause").inner_text()
    flexible = page.locator('.card[data-measure="flexible_employment_youth"]')
    assert "1000元/月" in flexible.locator(".amount").inner_text()
    assert px(page, ".card .amount") >= 24 and px(page, ".card .clause") >= 24

    # 带走结果: a QR code made by the server and a short summary
    page.click("#take")
    page.wait_for_selector("#takeaway:not([hidden])")
    qr = page.locator("#qr")
    qr.evaluate("img => img.decode()")
    assert qr.evaluate("img => img.naturalWidth") > 100
    assert urlparse(qr.get_attribute("src")).path.endswith("/qr.svg")
    summary = page.locator("#takeaway-text").inner_text()
    assert "就业见习" in summary and "30岁" not in summary
    page.screenshot(path=str(SHOTS / "kiosk-3-takeaway.png"))

    # print view: measures, amounts, steps, clauses; no age, no 户籍
    page.set_viewport_size({"width": 1000, "height": 1400})
    page.emulate_media(media="print")
    sheet = page.locator("#print-sheet")
    assert sheet.is_visible() and not page.locator("#app").is_visible()
    text = sheet.inner_text()
    assert "就业见习" in text and "一（一）" in text and "1000元/月" in text and "到就业见习基地报名参加见习" in text
    printed_without(page, doors, text, ("30岁", "30周岁", "金山区户籍", "金山户口", "10个月", "原农业户籍人员（含被征地人员）”"),
                    "kiosk-4-print.png")


def test_kiosk_shows_what_the_user_typed_as_text_never_html(page_for, doors):
    page = open_kiosk(page_for, doors)
    kiosk_say(page, XSS)
    mine = page.locator(".msg.user .bubble").last
    assert mine.inner_text() == XSS
    assert page.locator(".chat b, .chat img, .chat script").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    # nothing known yet: no cards, the starter buttons are back
    assert page.locator(".card").count() == 0 and page.locator("#how").is_visible()
    assert page.locator("#quick .starter").count() >= 2
    page.screenshot(path=str(SHOTS / "kiosk-5-markup-as-text.png"))
    assert not page.errors


def test_kiosk_restart_button_starts_afresh_and_the_server_forgets(page_for, doors):
    page = open_kiosk(page_for, doors)
    kiosk_say(page, "我30岁，金山户口，失业10个月了")
    old = page.get_attribute("body", "data-session")
    assert doors.tracker_slots(f"kiosk-{old}")["age"] == 30
    page.click("#restart")
    deadline = time.time() + 10
    while page.get_attribute("body", "data-session") in (None, old) and time.time() < deadline:
        time.sleep(0.1)
    new = page.get_attribute("body", "data-session")
    assert new and new != old
    assert page.locator(".msg.user").count() == 0 and page.locator(".card").count() == 0
    assert page.locator("#how").is_visible()
    deadline = time.time() + 5
    while doors.tracker_slots(f"kiosk-{old}") and time.time() < deadline:
        time.sleep(0.2)
    assert doors.tracker_slots(f"kiosk-{old}") == {}


def test_kiosk_idle_reset_on_the_page_and_on_the_server(page_for, doors):
    """The page counts down and starts afresh; the server clears idle conversations by itself,
    also when no page is there any more (a second session left alone, through the API)."""
    page = open_kiosk(page_for, doors)
    kiosk_say(page, "我30岁，金山户口，失业10个月了")
    old = page.get_attribute("body", "data-session")
    status, body = doors.http("POST", "/kiosk/api/sessions")
    orphan = body["session"]
    doors.http("POST", f"/kiosk/api/sessions/{orphan}/messages", {"text": "我45岁，金山户口"})
    assert doors.tracker_slots(f"kiosk-{old}")["age"] == 30 and doors.tracker_slots(f"kiosk-{orphan}")["age"] == 45
    left = int(page.locator("#countdown-seconds").inner_text())
    assert 0 < left <= KIOSK_IDLE
    page.wait_for_selector("#idle:not([hidden])", timeout=KIOSK_IDLE * 1000 + 5000)   # "还在使用吗？"
    page.screenshot(path=str(SHOTS / "kiosk-6-idle-warning.png"))
    deadline = time.time() + KIOSK_IDLE + 10
    while page.get_attribute("body", "data-session") in (None, old) and time.time() < deadline:
        time.sleep(0.2)
    assert page.get_attribute("body", "data-session") not in (None, old)
    assert page.locator(".msg.user").count() == 0
    deadline = time.time() + 10
    while (doors.tracker_slots(f"kiosk-{old}") or doors.tracker_slots(f"kiosk-{orphan}")) and time.time() < deadline:
        time.sleep(0.3)
    assert doors.tracker_slots(f"kiosk-{old}") == {}
    assert doors.tracker_slots(f"kiosk-{orphan}") == {}
    assert doors.http("POST", f"/kiosk/api/sessions/{orphan}/messages", {"text": "我45岁"})[0] == 410


def test_kiosk_portrait_screen(page_for, doors):
    page = open_kiosk(page_for, doors, 1080, 1920)
    kiosk_say(page, "我30岁，金山户口，失业10个月了")
    kiosk_say(page, button="不是")
    page.screenshot(path=str(SHOTS / "kiosk-7-portrait.png"))
    assert page.locator(".card").count() > 0 and page.locator("#send").is_visible()


# ---------------------------------------------------------------- kiosk, round 2 (issue 18)
def test_kiosk_refusal_says_what_is_not_met_with_the_persons_own_value(page_for, doors):
    page = open_kiosk(page_for, doors)
    kiosk_say(page, "我58岁，金山户口，失业10个月了")
    page.locator(".group-no summary").click()
    card = page.locator('.card[data-measure="flexible_employment_youth"]')
    assert card.get_attribute("data-status") == "ineligible"
    assert card.locator(".refusal").inner_text() == "本项要求35周岁及以下，按您说的是58岁，所以暂不符合。"
    assert "原因：" not in page.locator("#results").inner_text()
    page.screenshot(path=str(SHOTS / "kiosk-8-refusal.png"))
    assert not page.errors


def test_kiosk_takeaway_keeps_every_paying_item_first_and_prints_it(page_for, doors, tmp_path):
    """Issue 18: the QR summary dropped lines from the end to fit, so a one-off 3000元 was cut
    while an item with no money stayed. Every paying item comes first with its amount, in the QR
    summary and on the printed sheet (Chromium's PDF read back with pdftotext)."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: scripts/setup_browser.sh installs poppler-utils"
    page = open_kiosk(page_for, doors)
    kiosk_say(page, "我24岁，金山户口，全日制本科，今年6月毕业的，还没找到工作")
    kiosk_say(page, "5个月")                      # (how long out of work is asked first)
    sid = page.get_attribute("body", "data-session")
    status, took = doors.http("GET", f"/kiosk/api/sessions/{sid}/takeaway")
    assert status == 200
    paying = [r for r in took["result"]["results"] if r["in_play"] and r["status"] in ("eligible", "conditional")
              and (r["amount"]["yuan"] is not None or r["amount"]["max_total_yuan"] is not None)]
    assert "一次性3000元" in [r["amount_text"] for r in paying]
    others = [r for r in took["result"]["results"] if r["in_play"] and r["status"] in ("eligible", "conditional")
              and r not in paying]
    assert others, "the example has an item with no money too"

    page.click("#take")
    page.wait_for_selector("#takeaway:not([hidden])")
    summary = page.locator("#takeaway-text").inner_text()
    first = summary.splitlines()[1:1 + 1 + len(paying)]
    assert first[0] == "【能领的钱】" and all(any(r["amount_text"] in line for line in first) for r in paying)
    pay_end = max(summary.index(r["amount_text"]) for r in paying)
    for r in others:                              # what pays nothing comes after every amount
        if r["name"] in summary:
            assert summary.index(r["name"]) > pay_end, r["name"]
    assert "24岁" not in summary and "金山区户籍" not in summary

    pdf = tmp_path / "takeaway.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"[\s·【】]+", "", text)
    for r in paying:
        assert re.sub(r"\s+", "", r["amount_text"]) in flat, r["name"]
        assert re.sub(r"\s+", "", r["name"]) in flat
    assert flat.index("能领的钱") < flat.index("一次性3000元") < flat.index("还需办理")
    for line in summary.splitlines()[1:-1]:      # the sheet says all the QR code says
        if not line.startswith("……"):
            assert re.sub(r"[\s·【】]+", "", line) in flat, line
    printed_without(page, doors, flat, ("24岁", "24周岁", "金山区户籍", "金山户口"), "kiosk-9-print-sheet.png")


def test_kiosk_number_pad_fills_the_box_and_only_send_sends(page_for, doors):
    page = open_kiosk(page_for, doors)
    kiosk_say(page, "我是金山户口，失业了")
    sid = page.get_attribute("body", "data-session")
    pad = page.locator("#quick .pad")
    pad.wait_for()
    assert page.input_value("#text") == "", "nothing filled in that the person did not press"
    assert "age" not in doors.tracker_slots(f"kiosk-{sid}")
    for key in ("5", "8"):
        pad.locator("button", has_text=re.compile(f"^{key}$")).click()
    assert page.input_value("#text") == "58岁"
    pad.locator("button", has_text="删一位").click()
    assert page.input_value("#text") == "5岁"
    pad.locator("button", has_text=re.compile("^8$")).click()
    keys = pad.locator(".btn-key")
    assert keys.count() >= 12 and min(b["height"] for b in (keys.nth(i).bounding_box() for i in range(keys.count()))) >= 64
    assert page.locator(".msg.user").count() == 1 and "age" not in doors.tracker_slots(f"kiosk-{sid}")
    page.screenshot(path=str(SHOTS / "kiosk-10-number-pad.png"))
    answers = page.locator(".msg.bot:not(.waiting)").count()
    page.click("#send")
    page.locator(".msg.bot:not(.waiting)").nth(answers).wait_for()
    assert page.locator(".msg.user .bubble").last.inner_text() == "58岁"
    assert doors.tracker_slots(f"kiosk-{sid}")["age"] == 58
    assert not page.errors


def test_kiosk_year_and_month_pickers_fill_the_box(page_for, doors):
    page = open_kiosk(page_for, doors, 1080, 1920)
    kiosk_say(page, "我24岁，金山户口，全日制本科毕业")
    kiosk_say(page, button="不清楚")          # 就业情况, asked first: skipped, the school questions follow
    kiosk_say(page, button="不是")
    kiosk_say(page, button="是")              # 应届: then the graduation month is asked
    sid = page.get_attribute("body", "data-session")
    picker = page.locator("#quick .dates")
    picker.wait_for()
    assert page.input_value("#text") == "" and not picker.locator(".chosen").count(), "no year or month chosen for them"
    this_year = time.localtime().tm_year
    picker.locator("button", has_text=f"{this_year - 1}年").click()
    assert page.input_value("#text") == f"{this_year - 1}年"
    picker.locator("button", has_text=re.compile("^6月$")).click()
    assert page.input_value("#text") == f"{this_year - 1}年6月"
    assert "null" not in picker.inner_text() and "undefined" not in picker.inner_text()
    page.screenshot(path=str(SHOTS / "kiosk-11-date-pickers-portrait.png"))
    assert "graduation_date" not in doors.tracker_slots(f"kiosk-{sid}")
    picker.locator("button", has_text="重选").click()
    assert page.input_value("#text") == ""
    picker.locator("button", has_text=f"{this_year}年").click()
    picker.locator("button", has_text=re.compile("^6月$")).click()
    answers = page.locator(".msg.bot:not(.waiting)").count()
    page.click("#send")
    page.locator(".msg.bot:not(.waiting)").nth(answers).wait_for()
    assert doors.tracker_slots(f"kiosk-{sid}")["graduation_date"] == f"{this_year}-06-01"
    assert not page.errors


def test_kiosk_says_why_an_empty_send_did_nothing_and_when_a_paste_was_cut(page_for, doors):
    page = open_kiosk(page_for, doors)
    note = page.locator("#composer-note")
    assert note.is_hidden()
    page.click("#send")
    assert note.is_visible() and "请先在框里输入" in note.inner_text()
    assert note.get_attribute("role") == "status"
    assert page.locator(".msg.user").count() == 0
    assert px(page, "#composer-note") >= 24
    page.screenshot(path=str(SHOTS / "kiosk-12-empty-send.png"))
    page.fill("#text", "我")
    assert note.is_hidden()
    page.fill("#text", "我今年26岁。" + "啊" * 2500)
    assert note.is_visible() and "超过2000字" in note.inner_text()
    assert len(page.input_value("#text")) == 2000
    kiosk_say(page, "我今年26岁")
    assert note.is_hidden()
    assert not page.errors


# ---------------------------------------------------------------- agent desk
def agent_login(page_for, doors, token=AGENT_TOKEN):
    page = page_for(1600, 1000)
    page.goto(doors.url + "/agent/")
    page.wait_for_selector("#login:not([hidden])")
    page.fill("#token", token)
    page.click("#login-form button[type=submit]")
    return page


def agent_say(page, text: str | None = None, button: str | None = None):
    say(page, ".msg.bot", "#answers", lambda p: p.press("#text", "Enter"), text, button)
    page.wait_for_selector("#send:not([disabled])")


def test_agent_desk_asks_for_the_token_and_refuses_a_wrong_one(page_for, doors):
    page = agent_login(page_for, doors, "wrong-token")
    page.wait_for_selector("#login-error:not([hidden])")
    assert "不正确" in page.locator("#login-error").inner_text()
    assert page.locator("#login").is_visible()
    page.screenshot(path=str(SHOTS / "agent-1-login.png"))
    # the page itself and its files need no token; the API does
    assert not [u for u in page.requests if "/agent/api/" in u and "/facts" not in u]


def test_agent_corrects_a_fact_and_sees_the_status_change(page_for, doors):
    page = agent_login(page_for, doors)
    page.wait_for_selector("body[data-ready]")
    call = page.locator("#call-id").inner_text()
    assert call.startswith("call-")
    agent_say(page, "来电人说他今年37岁，金山户口，失业8个月了")
    assert page.locator('#facts-body tr[data-fact="age"] .value').inner_text() == "37岁"
    assert page.locator('#facts-body tr[data-fact="hukou"] .value').inner_text() == "金山区"
    row = page.locator('#measures-body tr[data-measure="flexible_employment_youth"]')
    assert row.get_attribute("data-status") == "ineligible"
    # what is not met, in the dialogue's refusal sentence, with the caller's own value
    assert "本项要求35周岁及以下，按您说的是37岁，所以暂不符合。" in row.locator(".m-todo").inner_text()
    assert "原因" not in row.inner_text()
    ask = page.locator("#ask-text").inner_text()
    assert ask and ask != "—" and page.locator("#answers button").count() >= 2
    assert "【" in page.locator("#read-out").inner_text()
    agent_say(page, button="不是")
    page.screenshot(path=str(SHOTS / "agent-2-conversation.png"))

    # a bad value: refused with the reason, nothing changes
    age = page.locator('#facts-body tr[data-fact="age"]')
    age.locator("button", has_text="修改").click()
    age.locator(".editor").fill("-3")
    age.locator("button", has_text="保存").click()
    page.wait_for_selector("#fact-error:not([hidden])")
    said = page.locator("#fact-error").inner_text()
    assert "年龄（周岁）应为0到120之间的整数" in said and "age" not in said     # the registry's words
    assert doors.agent("GET", f"/conversations/{call}")[1]["facts"]["age"] == 37

    # the right value: re-judged, the change is marked
    age = page.locator('#facts-body tr[data-fact="age"]')
    if not age.locator(".editor").count():
        age.locator("button", has_text="修改").click()
    age.locator(".editor").fill("30")
    age.locator("button", has_text="保存").click()
    page.wait_for_selector('#facts-body tr[data-fact="age"] .value:text-is("30岁")')
    row = page.locator('#measures-body tr[data-measure="flexible_employment_youth"]')
    assert row.get_attribute("data-status") != "ineligible"
    assert "changed" in row.get_attribute("class") and "原为" in row.inner_text()
    assert page.locator("#fact-error").is_hidden()
    assert doors.tracker_slots(f"agent-{call}")["age"] == 30
    page.screenshot(path=str(SHOTS / "agent-3-corrected.png"))

    # add a fact by hand from the list
    page.select_option("#add-name", "education")
    page.select_option("#add-value select", "master")
    page.click("#add-save")
    page.wait_for_selector('#facts-body tr[data-fact="education"]')
    assert page.locator('#facts-body tr[data-fact="education"] .value').inner_text() == "硕士研究生"

    # 新来电: a new conversation, the old one untouched
    page.click("#new-call")
    assert page.locator("#call-id").inner_text() != call
    assert page.locator(".msg").count() == 0 and page.locator('#facts-body tr[data-fact]').count() == 0
    assert doors.tracker_slots(f"agent-{call}")["age"] == 30
    assert not page.errors
    only_local(page, doors)


def test_agent_desk_shows_pasted_markup_as_text(page_for, doors):
    page = agent_login(page_for, doors)
    page.wait_for_selector("body[data-ready]")
    agent_say(page, XSS)
    assert page.locator(".msg.caller .bubble").last.inner_text() == XSS
    assert page.locator(".chat b, .chat img, .chat script").count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert not page.errors


def test_agent_token_is_kept_for_the_tab_only(page_for, doors):
    page = agent_login(page_for, doors)
    page.wait_for_selector("body[data-ready]")
    assert page.evaluate("() => sessionStorage.getItem('agentToken')") == AGENT_TOKEN
    assert page.evaluate("() => localStorage.length") == 0
    assert page.evaluate("() => document.cookie") == ""
    page.reload()
    page.wait_for_selector("body[data-ready]")             # same tab: no second prompt
    assert page.locator("#login").is_hidden()
