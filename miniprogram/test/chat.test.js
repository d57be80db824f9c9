// The chat page's logic with a stubbed `wx`: node --test miniprogram/test/chat.test.js
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const path = require("path");
const { loadPage, openPage, stubWx, apiPath } = require("./harness");

const REPLY = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/reply.json"), "utf8"));
const BASE = "https://assistant.example.gov.cn/miniprogram/v1";

function routes(overrides) {
  return Object.assign({
    // as the server: no code is a bad request (400), a code WeChat refuses is 401
    "/login": (o) => (o.data.code ? { statusCode: 200, data: { token: "tok-1", expires_in: 86400 } }
      : { statusCode: 400, data: { error: "缺少登录凭证 code" } }),
    "/messages": () => ({ statusCode: 200, data: REPLY }),
  }, overrides || {});
}

test("on load: a welcome bubble, and wx.login's code is exchanged for a token", async () => {
  const wx = stubWx(routes());
  const page = await openPage(wx);
  assert.equal(page.data.bubbles.length, 1);
  assert.equal(page.data.bubbles[0].who, "bot");
  const login = wx.calls.find((c) => c.url === `${BASE}/login`);
  assert.ok(login, "POST /login was called");
  assert.equal(login.method, "POST");
  assert.deepEqual(login.data, { code: "code-from-wx-login" });
});

test("a message: bearer token sent, reply bubbles, quick-reply buttons and result cards from the structured result", async () => {
  const wx = stubWx(routes());
  const page = await openPage(wx);
  page.onInput({ detail: { value: "我30岁，金山户口，失业10个月了" } });
  await page.onSend();
  const sent = wx.calls.find((c) => c.url.endsWith("/messages"));
  assert.equal(sent.header.Authorization, "Bearer tok-1");
  assert.deepEqual(sent.data, { text: "我30岁，金山户口，失业10个月了" });
  assert.ok(sent.timeout > 10000, "waits longer than the server's 10 s");
  const texts = page.data.bubbles.map((b) => `${b.who}:${b.text}`);
  assert.ok(texts.includes("me:我30岁，金山户口，失业10个月了"));
  for (const m of REPLY.messages) assert.ok(texts.includes(`bot:${m.text}`));
  assert.deepEqual(page.data.buttons.map((b) => b.title), REPLY.next_question.buttons.map((b) => b.title));
  const inPlay = REPLY.result.results.filter((r) => r.in_play);
  assert.equal(page.data.cards.length, inPlay.length);
  assert.deepEqual(page.data.cards.map((c) => c.status),
    ["conditional", "undetermined", "undetermined", "ineligible"]);
  const internship = page.data.cards.find((c) => c.id === "internship");
  assert.equal(internship.statusLabel, "办完手续即可领取");
  assert.match(internship.todo, /见习/);
  assert.match(internship.clause, /一（一）/);
  const flexible = page.data.cards.find((c) => c.id === "flexible_employment_youth");
  assert.match(flexible.amount, /1000元\/月/);
  assert.equal(page.data.input, "");
  assert.equal(page.data.sending, false);
});

test("a quick-reply button sends its payload and shows its title", async () => {
  const wx = stubWx(routes());
  const page = await openPage(wx);
  await page.onButton({ currentTarget: { dataset: { payload: '/inform{"education":"bachelor"}', title: "本科" } } });
  const sent = wx.calls.filter((c) => c.url.endsWith("/messages")).pop();
  assert.equal(sent.data.text, '/inform{"education":"bachelor"}');
  assert.equal(page.data.bubbles.filter((b) => b.who === "me").pop().text, "本科");
});

test("a token the server refuses (401) is renewed once through wx.login", async () => {
  let first = true;
  const wx = stubWx(routes({
    "/messages": (o) => {
      if (first) { first = false; return { statusCode: 401, data: { error: "身份无效，请重新登录" } }; }
      return { statusCode: 200, data: REPLY };
    },
  }));
  const page = await openPage(wx);
  await page.sendText("你好");
  assert.equal(wx.calls.filter((c) => c.url.endsWith("/login")).length, 2);
  assert.equal(wx.calls.filter((c) => c.url.endsWith("/messages")).length, 2);
  assert.ok(page.data.bubbles.some((b) => b.text === REPLY.messages[0].text));
});

test("the server's busy answer (503) is shown, and the page can send again", async () => {
  const busy = { messages: [{ text: "服务繁忙，请稍后再试。", buttons: [] }], result: null, next_question: null, busy: true };
  const wx = stubWx(routes({ "/messages": () => ({ statusCode: 503, data: busy }) }));
  const page = await openPage(wx);
  await page.sendText("我能领什么补贴");
  assert.equal(page.data.bubbles.pop().text, "服务繁忙，请稍后再试。");
  assert.equal(page.data.sending, false);
  assert.deepEqual(page.data.cards, []);
});

test("no answer at all (network) says so instead of hanging", async () => {
  const wx = stubWx(routes({ "/messages": () => "fail" }));
  const page = await openPage(wx);
  await page.sendText("你好");
  assert.match(page.data.bubbles.pop().text, /网络/);
  assert.equal(page.data.sending, false);
});

test("what the user typed stays plain text (markup is data, not HTML)", async () => {
  const wx = stubWx(routes());
  const page = await openPage(wx);
  await page.sendText("<script>alert(1)</script>");
  assert.equal(page.data.bubbles.find((b) => b.who === "me").text, "<script>alert(1)</script>");
  const wxml = fs.readFileSync(path.join(__dirname, "../pages/chat/chat.wxml"), "utf8");
  assert.ok(!/rich-text/.test(wxml), "no rich-text component renders markup");
});

test("empty input sends nothing; 重新开始 clears the cards and tells the assistant", async () => {
  const wx = stubWx(routes());
  const page = await openPage(wx);
  await page.sendText("   ");
  assert.equal(wx.calls.filter((c) => c.url.endsWith("/messages")).length, 0);
  await page.sendText("你好");
  assert.ok(page.data.cards.length > 0);
  const restart = page.onRestart();
  assert.deepEqual(page.data.cards, []);
  await restart;
  assert.equal(wx.calls.filter((c) => c.url.endsWith("/messages")).pop().data.text, "重新开始");
});

// ---------------------------------------------------------------- issue 18: the doors, round 2
const WXML = fs.readFileSync(path.join(__dirname, "../pages/chat/chat.wxml"), "utf8");
const WXSS = fs.readFileSync(path.join(__dirname, "../pages/chat/chat.wxss"), "utf8");

/** The CSS declarations of a selector in a wxss file (the first rule that names it). */
function rule(css, selector) {
  const m = new RegExp(`(?:^|\\n|,\\s*)${selector.replace(".", "\\.")}(?:\\s*,[^{]*)?\\s*\\{([^}]*)\\}`).exec(css);
  assert.ok(m, `a rule for ${selector}`);
  return m[1];
}

function rpx(decls, prop) {
  const m = new RegExp(`${prop}:\\s*(\\d+)rpx`).exec(decls);
  return m ? Number(m[1]) : 0;
}

test("a login the server answers 400 (no code) says the log-in failed, not the network", async () => {
  const wx = stubWx(routes(), "");          // wx.login gives no code
  const page = await openPage(wx);
  await page.sendText("我30岁");
  assert.equal(page.data.bubbles.pop().text, "登录失败，请退出小程序后重新进入。");
  const wx2 = stubWx(routes({ "/login": () => ({ statusCode: 400, data: { error: "缺少登录凭证 code" } }) }));
  const page2 = await openPage(wx2);
  await page2.sendText("我30岁");
  assert.equal(page2.data.bubbles.pop().text, "登录失败，请退出小程序后重新进入。");
  assert.equal(wx2.calls.filter((c) => c.url.endsWith("/messages")).length, 0);
});

test("quick replies are full-size buttons (no size=mini), at least 88rpx (44px) high", () => {
  assert.ok(!/size="mini"/.test(WXML), "no mini buttons anywhere on the chat page");
  for (const sel of [".quick-btn", ".send", ".bar-btn", ".choice", ".row-btn", ".agree"]) {
    assert.ok(rpx(rule(WXSS, sel), "min-height") >= 88, `${sel} is at least 88rpx high`);
  }
});

test("the input is a multi-line textarea that takes 2,000 characters and says when more were cut", async () => {
  assert.match(WXML, /<textarea[^>]*class="input"[^>]*maxlength="2000"/s);
  assert.ok(!/<input /.test(WXML), "no single-line input");
  const page = await openPage(stubWx(routes()));
  page.onInput({ detail: { value: "第一行\n第二行" } });
  assert.equal(page.data.input, "第一行\n第二行");
  assert.equal(page.data.inputNote, "");
  page.onInput({ detail: { value: "啊".repeat(2000) } });
  assert.equal(page.data.input.length, 2000);
  assert.match(page.data.inputNote, /2000字/);
});

test("nothing is collected before consent: no log-in, no message; agreeing stores the guide's version", async () => {
  const wx = stubWx(routes(), "code-from-wx-login", {});
  const page = await openPage(wx);
  assert.equal(page.data.consent, false);
  assert.equal(wx.logins, 0, "wx.login (the openid) waits for consent too");
  assert.match(WXML, /<textarea[^>]*disabled="\{\{!consent\}\}"/s);
  await page.sendText("我58岁，金山户口");
  assert.deepEqual(wx.calls.map((c) => c.url), [], "age and 户籍 never leave the phone before consent");
  assert.ok(!page.data.bubbles.some((b) => b.who === "me"));
  assert.match(page.data.bubbles.pop().text, /用户隐私保护指引/);
  page.onDisagree();
  assert.match(page.data.bubbles.pop().text, /不会收集/);
  assert.equal(wx.calls.length, 0);
  page.onPrivacy();
  assert.deepEqual(wx.navigations, ["/pages/privacy/privacy"]);
  await page.onAgree();
  assert.equal(wx.storage.privacyConsent, require("../config").privacyVersion);
  assert.equal(page.data.consent, true);
  await page.sendText("我58岁，金山户口");
  assert.equal(wx.calls.filter((c) => c.url.endsWith("/messages")).length, 1);
  // a page loaded later remembers the consent; a new version of the guide asks again
  assert.equal(loadPage(stubWx(routes(), "c", { privacyConsent: wx.storage.privacyConsent })).onLoad() || true, true);
  const older = loadPage(stubWx(routes(), "c", { privacyConsent: "2020-01-01" }));
  older.onLoad();
  assert.equal(older.data.consent, false);
});

test("the privacy guide page is registered and says what is collected, why, how long, how to delete", () => {
  const app = JSON.parse(fs.readFileSync(path.join(__dirname, "../app.json"), "utf8"));
  assert.ok(app.pages.includes("pages/privacy/privacy"));
  const dir = path.join(__dirname, "../pages/privacy");
  const title = JSON.parse(fs.readFileSync(path.join(dir, "privacy.json"), "utf8")).navigationBarTitleText;
  assert.equal(title, "用户隐私保护指引");
  const text = fs.readFileSync(path.join(dir, "privacy.wxml"), "utf8");
  for (const words of ["年龄", "户籍", "openid", "不收集", "保存", "删除我的信息", "我的查询", "代他人查询"]) {
    assert.ok(text.includes(words), words);
  }
  assert.ok(!/https?:\/\/|\d{3,4}-?\d{7,8}|1\d{10}/.test(text), "no address or phone number that the policy does not give");
  const wx = stubWx({});
  const page = loadPage(wx, null, "pages/privacy/privacy.js");
  page.onBack();
  assert.deepEqual(wx.navigations, ["back"]);
});

test("a card that does not apply says what is not met in the dialogue's refusal sentence, not 「原因：<condition>」", async () => {
  const page = await openPage(stubWx(routes()));
  await page.sendText("你好");
  const card = page.data.cards.find((c) => c.status === "ineligible");
  const row = REPLY.result.results.find((r) => r.id === card.id);
  assert.equal(card.todo, row.refusal);
  assert.match(card.todo, /^本项要求.+，按您说的是.+，所以暂不符合。$/);
  assert.equal(card.todoTitle, "");
  assert.ok(!WXML.includes("原因"));
});

/** A stub server that keeps queries as the real one does: each its own conversation. */
function queryServer() {
  const queries = [];
  const said = {};            // query id -> texts
  let n = 0;
  const current = () => queries.find((q) => q.current);
  const make = (who) => {
    queries.forEach((q) => { q.current = false; });
    n += 1;
    const q = { id: `q${n}-handle`, who, created: 1796600000 + n * 60, last: 1796600000 + n * 60, current: true };
    queries.unshift(q);
    said[q.id] = [];
    return q;
  };
  const routes = {
    "/login": () => ({ statusCode: 200, data: { token: "tok-1", expires_in: 86400 } }),
    "POST /messages": (o) => {
      let q = o.data.query ? queries.find((x) => x.id === o.data.query) : current();
      if (o.data.query && !q) return { statusCode: 404, data: { error: "没有找到这次查询，可能已经删除" } };
      if (!q) q = make("本人");
      queries.forEach((x) => { x.current = x === q; });
      said[q.id].push(o.data.text);
      return { statusCode: 200, data: Object.assign({}, REPLY, { query: { id: q.id, who: q.who } }) };
    },
    "GET /queries": () => ({ statusCode: 200, data: { queries, whom: ["本人", "孩子", "配偶", "父母", "其他"] } }),
    "POST /queries": (o) => ({ statusCode: 201, data: { query: make(o.data.who),
      messages: [{ text: `好的，这次帮${o.data.who}查询。`, buttons: [] }] } }),
    "POST /queries/*": (o) => {
      const id = decodeURIComponent(apiPath(o.url).split("/")[2]);
      const q = queries.find((x) => x.id === id);
      if (!q) return { statusCode: 404, data: { error: "没有找到这次查询，可能已经删除" } };
      queries.forEach((x) => { x.current = x === q; });
      return { statusCode: 200, data: { query: q, history: said[id].flatMap((t) => [{ who: "me", text: t }, { who: "bot", text: "答复" }]),
        result: said[id].length ? REPLY.result : null, next_question: null } };
    },
    "DELETE /queries/*": (o) => {
      const id = decodeURIComponent(apiPath(o.url).split("/")[2]);
      const i = queries.findIndex((x) => x.id === id);
      if (i < 0) return { statusCode: 404, data: {} };
      queries.splice(i, 1);
      return { statusCode: 200, data: { deleted: 1 } };
    },
  };
  return { routes, queries, said };
}

test("whom the query is for: a new query per person, its messages go to it, earlier ones listed, reopened, deleted one by one", async () => {
  const server = queryServer();
  const wx = stubWx(server.routes);
  const page = await openPage(wx);
  await page.sendText("我45岁，金山户口");
  assert.equal(page.data.who, "本人");
  const mine = page.data.queryId;
  assert.ok(mine);

  // 换人查询 → 孩子: a fresh conversation on the page and on the server
  page.onPickWho();
  assert.equal(page.data.picking, true);
  assert.match(WXML, /wx:for="\{\{whom\}\}"/);
  assert.deepEqual(page.data.whom, ["本人", "孩子", "配偶", "父母", "其他"]);
  await page.onNewQuery({ currentTarget: { dataset: { who: "孩子" } } });
  const made = wx.calls.filter((c) => c.method === "POST" && apiPath(c.url) === "/queries").pop();
  assert.deepEqual(made.data, { who: "孩子" });
  assert.equal(page.data.who, "孩子");
  assert.equal(page.data.picking, false);
  assert.deepEqual(page.data.cards, []);
  assert.deepEqual(page.data.bubbles.map((b) => b.text), ["好的，这次帮孩子查询。"]);
  const child = page.data.queryId;
  assert.notEqual(child, mine);
  await page.sendText("他22岁，今年毕业");
  const sent = wx.calls.filter((c) => c.url.endsWith("/messages")).pop();
  assert.deepEqual(sent.data, { text: "他22岁，今年毕业", query: child });
  assert.deepEqual(server.said[mine], ["我45岁，金山户口"]);
  assert.deepEqual(server.said[child], ["他22岁，今年毕业"]);

  // 我的查询: both, newest first, the current one marked
  await page.onList();
  assert.equal(page.data.listing, true);
  assert.deepEqual(page.data.queries.map((q) => [q.who, q.current]), [["孩子", true], ["本人", false]]);
  assert.match(page.data.queries[1].label, /^本人 · \d+月\d+日 \d\d:\d\d$/);

  // reopen 本人: its own history and result come back, later messages go to it
  await page.onOpen({ currentTarget: { dataset: { id: mine } } });
  assert.equal(page.data.who, "本人");
  assert.equal(page.data.queryId, mine);
  assert.deepEqual(page.data.bubbles.map((b) => b.text), ["我45岁，金山户口", "答复"]);
  assert.ok(page.data.cards.length > 0);
  await page.sendText("我能领什么");
  assert.deepEqual(server.said[mine], ["我45岁，金山户口", "我能领什么"]);

  // delete the child's query only, after a confirmation
  await page.onList();
  const childRow = page.data.queries.find((q) => q.id === child);
  assert.equal(await page.onDelete({ currentTarget: { dataset: { id: child, label: childRow.label } } }), true);
  assert.match(wx.modals.pop().content, /孩子/);
  assert.equal(wx.calls.filter((c) => c.method === "DELETE").pop().url.endsWith(`/queries/${child}`), true);
  assert.deepEqual(page.data.queries.map((q) => q.who), ["本人"]);
  assert.equal(page.data.queryId, mine, "the query open stays open");

  // deleting the one open starts afresh; a cancelled confirmation deletes nothing
  wx.modalAnswer = false;
  assert.equal(await page.onDelete({ currentTarget: { dataset: { id: mine, label: "本人" } } }), false);
  assert.equal(server.queries.length, 1);
  wx.modalAnswer = true;
  await page.onDelete({ currentTarget: { dataset: { id: mine, label: "本人" } } });
  assert.equal(page.data.queryId, "");
  assert.equal(page.data.who, "本人");
  assert.deepEqual(page.data.cards, []);
  assert.equal(server.queries.length, 0);
});

test("「删除我的信息（全部）」 asks first, then sends the delete words; the page forgets the queries", async () => {
  const deleted = { messages: [{ text: "您的信息已全部删除（2段对话）。如需再次查询，请重新开始。", buttons: [] }],
    result: null, next_question: null, deleted: 2 };
  const wx = stubWx(routes({ "/messages": (o) => (o.data.text === "删除我的信息" ? { statusCode: 200, data: deleted }
    : { statusCode: 200, data: REPLY }) }));
  const page = await openPage(wx);
  await page.sendText("你好");
  assert.equal(page.data.queryId, REPLY.query.id);
  assert.equal(await page.onDeleteAll(), true);
  assert.equal(wx.calls.filter((c) => c.url.endsWith("/messages")).pop().data.text, "删除我的信息");
  assert.equal(page.data.queryId, "");
  assert.deepEqual(page.data.cards, []);
  assert.match(page.data.bubbles.pop().text, /已全部删除/);
});
