// The chat page's logic with a stubbed `wx`: node --test miniprogram/test/chat.test.js
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const path = require("path");
const { loadPage, stubWx, settle } = require("./harness");

const REPLY = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures/reply.json"), "utf8"));
const BASE = "https://assistant.example.gov.cn/miniprogram/v1";

function routes(overrides) {
  return Object.assign({
    "/login": (o) => (o.data.code ? { statusCode: 200, data: { token: "tok-1", expires_in: 86400 } }
      : { statusCode: 401, data: { error: "缺少登录凭证 code" } }),
    "/messages": () => ({ statusCode: 200, data: REPLY }),
  }, overrides || {});
}

test("on load: a welcome bubble, and wx.login's code is exchanged for a token", async () => {
  const wx = stubWx(routes());
  const page = loadPage(wx);
  page.onLoad();
  await settle();
  assert.equal(page.data.bubbles.length, 1);
  assert.equal(page.data.bubbles[0].who, "bot");
  const login = wx.calls.find((c) => c.url === `${BASE}/login`);
  assert.ok(login, "POST /login was called");
  assert.equal(login.method, "POST");
  assert.deepEqual(login.data, { code: "code-from-wx-login" });
});

test("a message: bearer token sent, reply bubbles, quick-reply buttons and result cards from the structured result", async () => {
  const wx = stubWx(routes());
  const page = loadPage(wx);
  page.onLoad();
  await settle();
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
  const page = loadPage(wx);
  page.onLoad();
  await settle();
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
  const page = loadPage(wx);
  page.onLoad();
  await settle();
  await page.sendText("你好");
  assert.equal(wx.calls.filter((c) => c.url.endsWith("/login")).length, 2);
  assert.equal(wx.calls.filter((c) => c.url.endsWith("/messages")).length, 2);
  assert.ok(page.data.bubbles.some((b) => b.text === REPLY.messages[0].text));
});

test("the server's busy answer (503) is shown, and the page can send again", async () => {
  const busy = { messages: [{ text: "服务繁忙，请稍后再试。", buttons: [] }], result: null, next_question: null, busy: true };
  const wx = stubWx(routes({ "/messages": () => ({ statusCode: 503, data: busy }) }));
  const page = loadPage(wx);
  page.onLoad();
  await settle();
  await page.sendText("我能领什么补贴");
  assert.equal(page.data.bubbles.pop().text, "服务繁忙，请稍后再试。");
  assert.equal(page.data.sending, false);
  assert.deepEqual(page.data.cards, []);
});

test("no answer at all (network) says so instead of hanging", async () => {
  const wx = stubWx(routes({ "/messages": () => "fail" }));
  const page = loadPage(wx);
  page.onLoad();
  await settle();
  await page.sendText("你好");
  assert.match(page.data.bubbles.pop().text, /网络/);
  assert.equal(page.data.sending, false);
});

test("what the user typed stays plain text (markup is data, not HTML)", async () => {
  const wx = stubWx(routes());
  const page = loadPage(wx);
  page.onLoad();
  await settle();
  await page.sendText("<script>alert(1)</script>");
  assert.equal(page.data.bubbles.find((b) => b.who === "me").text, "<script>alert(1)</script>");
  const wxml = fs.readFileSync(path.join(__dirname, "../pages/chat/chat.wxml"), "utf8");
  assert.ok(!/rich-text/.test(wxml), "no rich-text component renders markup");
});

test("empty input sends nothing; 重新开始 clears the cards and tells the assistant", async () => {
  const wx = stubWx(routes());
  const page = loadPage(wx);
  page.onLoad();
  await settle();
  await page.sendText("   ");
  assert.equal(wx.calls.filter((c) => c.url.endsWith("/messages")).length, 0);
  await page.sendText("你好");
  assert.ok(page.data.cards.length > 0);
  const restart = page.onRestart();
  assert.deepEqual(page.data.cards, []);
  await restart;
  assert.equal(wx.calls.filter((c) => c.url.endsWith("/messages")).pop().data.text, "重新开始");
});
