// The chat page: bubbles, quick-reply buttons for the question asked, and result cards — all
// from the API's structured answer (utils/view.js). Nothing is sent (no log-in either) before
// the user agrees to the 用户隐私保护指引 (pages/privacy). One WeChat account can ask for several
// people: each query (本人, 孩子, 配偶, 父母, 其他) is a conversation of its own on the server,
// listed, reopened and deleted one by one under 「我的查询」.
const api = require("../../utils/api");
const view = require("../../utils/view");

const PRIVACY_VERSION = require("../../config").privacyVersion;   // a new version of the guide asks again
const CONSENT_KEY = "privacyConsent";
const WELCOME = "您好！我可以帮您查金山区的就业创业补贴：能不能领、能领多少、还要办什么手续。请说说您的情况，例如“我今年26岁，金山户口，失业10个月了”。";
const ASK_CONSENT = "查询需要您告诉我年龄、户籍、就业情况等个人信息。请先阅读《用户隐私保护指引》，同意后再开始。";
const NO_CONSENT = "好的，没有您的同意，我们不会收集任何信息。需要查询时，点「同意并开始」即可。";
const NETWORK = "网络好像不太顺畅，请稍后再试。";
const LOGIN_FAILED = "登录失败，请退出小程序后重新进入。";
const WHOM = ["本人", "孩子", "配偶", "父母", "其他"];
const MAX_CHARS = 2000;

Page({
  data: {
    consent: false,
    bubbles: [],         // [{id, who: "me" | "bot", text}]
    buttons: [],         // [{title, payload}]
    cards: [],           // see utils/view.js
    input: "",
    inputNote: "",
    sending: false,
    lastId: "",
    who: "本人",         // whom the current query is for
    queryId: "",         // the current query's handle ("" until the server names one)
    whom: WHOM,
    picking: false,      // choosing whom a new query is for
    listing: false,      // 「我的查询」 shown
    queries: [],         // [{id, who, label, current}]
  },

  nextId: 0,

  onLoad() {
    const consent = wx.getStorageSync(CONSENT_KEY) === PRIVACY_VERSION;
    this.setData({ consent });
    this.say("bot", WELCOME);
    if (consent) api.login().catch(() => { /* logged in again on the first message */ });
  },

  say(who, text) {
    this.nextId += 1;
    const id = "b" + this.nextId;
    this.setData({ bubbles: this.data.bubbles.concat([{ id, who, text: String(text) }]), lastId: id });
  },

  fresh(bubbles) {
    this.setData({ bubbles: [], cards: [], buttons: [], input: "", inputNote: "" });
    for (const b of bubbles) this.say(b.who, b.text);
  },

  // ------------------------------------------------------------ consent (用户隐私保护指引)
  onPrivacy() {
    wx.navigateTo({ url: "/pages/privacy/privacy" });
  },

  onAgree() {
    wx.setStorageSync(CONSENT_KEY, PRIVACY_VERSION);
    this.setData({ consent: true });
    return api.login().catch(() => { /* logged in again on the first message */ });
  },

  onDisagree() {
    this.say("bot", NO_CONSENT);
  },

  // ------------------------------------------------------------ talking
  onInput(e) {
    let value = e.detail.value;
    let inputNote = "";
    if (value.length >= MAX_CHARS) {
      value = value.slice(0, MAX_CHARS);
      inputNote = `最多${MAX_CHARS}字，超出的部分没有保留。`;
    }
    this.setData({ input: value, inputNote });
  },

  onSend() {
    const text = this.data.input;
    this.setData({ input: "", inputNote: "" });
    return this.sendText(text);
  },

  onButton(e) {
    const { payload, title } = e.currentTarget.dataset;
    return this.sendText(payload, title);
  },

  onRestart() {
    this.setData({ cards: [], buttons: [] });
    return this.sendText("重新开始");
  },

  failed(err) {
    this.setData({ sending: false });
    this.say("bot", err && (err.login || err.statusCode === 401 || err.statusCode === 400) ? LOGIN_FAILED : NETWORK);
  },

  // A query call's response, or null once its failure is shown (one place says it).
  async answer(call, status) {
    let res;
    try {
      res = await call();
    } catch (err) {
      this.failed(err);
      return null;
    }
    if (res.statusCode !== status) {
      this.say("bot", (res.data && res.data.error) || NETWORK);
      return null;
    }
    return res;
  },

  async sendText(text, shown) {
    text = String(text || "").trim();
    if (!text || this.data.sending) return;
    if (!this.data.consent) {          // nothing about the person leaves the phone before consent
      this.say("bot", ASK_CONSENT);
      return;
    }
    this.say("me", shown || text);
    this.setData({ sending: true, buttons: [] });
    let res;
    try {
      res = await api.send(text, this.data.queryId);
    } catch (err) {
      this.failed(err);
      return;
    }
    this.setData({ sending: false });
    const data = res.data || {};
    if (res.statusCode === 404 && this.data.queryId) {       // the query was deleted elsewhere
      this.setData({ queryId: "", who: "本人" });
      this.say("bot", "这次查询已经删除了，请重新说一次，会作为新的查询。");
      return;
    }
    if (data.query) this.setData({ queryId: data.query.id, who: data.query.who });
    if (data.deleted !== undefined) this.setData({ queryId: "", who: "本人", cards: [], queries: [], listing: false });
    for (const m of data.messages || []) this.say("bot", m.text);
    if (!(data.messages || []).length) this.say("bot", data.error || NETWORK);
    this.setData({ buttons: view.buttons(data.next_question) });
    if (data.result) {
      const cards = view.cards(data.result);
      if (cards.length) this.setData({ cards });
    }
  },

  // ------------------------------------------------------------ whom: a new query
  onPickWho() {
    if (!this.data.consent) return this.say("bot", ASK_CONSENT);
    this.setData({ picking: !this.data.picking, listing: false });
  },

  async onNewQuery(e) {
    const who = e.currentTarget.dataset.who;
    const res = await this.answer(() => api.queries.start(who), 201);
    if (!res) return;
    const q = res.data.query;
    this.setData({ picking: false, queryId: q.id, who: q.who });
    this.fresh((res.data.messages || []).map((m) => ({ who: "bot", text: m.text })));
  },

  // ------------------------------------------------------------ 我的查询: list, reopen, delete
  async onList() {
    if (!this.data.consent) return this.say("bot", ASK_CONSENT);
    if (this.data.listing) return this.setData({ listing: false });
    return this.loadList();
  },

  async loadList() {
    const res = await this.answer(() => api.queries.list(), 200);
    if (!res) return;
    const queries = (res.data.queries || []).map((q) => ({ id: q.id, who: q.who, current: q.current, label: view.queryLabel(q) }));
    this.setData({ listing: true, picking: false, queries });
  },

  async onOpen(e) {
    const id = e.currentTarget.dataset.id;
    const res = await this.answer(() => api.queries.open(id), 200);
    if (!res) return;
    const data = res.data;
    this.setData({ listing: false, queryId: data.query.id, who: data.query.who });
    const history = data.history || [];
    this.fresh(history.length ? history : [{ who: "bot", text: WELCOME }]);
    this.setData({ buttons: view.buttons(data.next_question), cards: view.cards(data.result) });
  },

  onDelete(e) {
    const { id, label } = e.currentTarget.dataset;
    return new Promise((resolve) => {
      wx.showModal({
        title: "删除这次查询",
        content: `删除「${label}」的全部对话和信息？删除后不能恢复。`,
        confirmText: "删除",
        success: async (r) => {
          if (!r.confirm) return resolve(false);
          let res;
          try {
            res = await api.queries.remove(id);
          } catch (err) {
            this.failed(err);
            return resolve(false);
          }
          if (res.statusCode === 200 && id === this.data.queryId) {
            this.setData({ queryId: "", who: "本人" });
            this.fresh([{ who: "bot", text: "这次查询已删除。" + WELCOME }]);
          }
          await this.loadList();
          resolve(res.statusCode === 200);
        },
        fail: () => resolve(false),
      });
    });
  },

  onDeleteAll() {
    return new Promise((resolve) => {
      wx.showModal({
        title: "删除我的信息",
        content: "删除您在这里的全部查询和信息？删除后不能恢复。",
        confirmText: "全部删除",
        success: async (r) => {
          if (r.confirm) {
            this.setData({ listing: false });
            await this.sendText("删除我的信息");
          }
          resolve(Boolean(r.confirm));
        },
        fail: () => resolve(false),
      });
    });
  },
});
