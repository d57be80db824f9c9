// The chat page: bubbles, quick-reply buttons for the question asked, and result cards —
// all from the API's structured answer (utils/view.js).
const api = require("../../utils/api");
const view = require("../../utils/view");

const WELCOME = "您好！我可以帮您查金山区的就业创业补贴：能不能领、能领多少、还要办什么手续。请说说您的情况，例如“我今年26岁，金山户口，失业10个月了”。";
const NETWORK = "网络好像不太顺畅，请稍后再试。";

Page({
  data: {
    bubbles: [],         // [{id, who: "me" | "bot", text}]
    buttons: [],         // [{title, payload}]
    cards: [],           // see utils/view.js
    input: "",
    sending: false,
    lastId: "",
  },

  nextId: 0,

  onLoad() {
    this.say("bot", WELCOME);
    api.login().catch(() => { /* logged in again on the first message */ });
  },

  say(who, text) {
    this.nextId += 1;
    const id = "b" + this.nextId;
    this.setData({ bubbles: this.data.bubbles.concat([{ id, who, text: String(text) }]), lastId: id });
  },

  onInput(e) {
    this.setData({ input: e.detail.value });
  },

  onSend() {
    const text = this.data.input;
    this.setData({ input: "" });
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

  async sendText(text, shown) {
    text = String(text || "").trim();
    if (!text || this.data.sending) return;
    this.say("me", shown || text);
    this.setData({ sending: true, buttons: [] });
    let res;
    try {
      res = await api.send(text);
    } catch (err) {
      this.setData({ sending: false });
      this.say("bot", err && err.statusCode === 401 ? "登录失败，请退出小程序后重新进入。" : NETWORK);
      return;
    }
    this.setData({ sending: false });
    const data = res.data || {};
    for (const m of data.messages || []) this.say("bot", m.text);
    if (!(data.messages || []).length) this.say("bot", data.error || NETWORK);
    this.setData({ buttons: view.buttons(data.next_question) });
    if (data.result) {
      const cards = view.cards(data.result);
      if (cards.length) this.setData({ cards });
    }
  },
});
