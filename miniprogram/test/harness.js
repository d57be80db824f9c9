// Loads a page in Node with a stubbed `wx` and `Page`, as the WeChat runtime would.
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const CONFIG = require(path.join(ROOT, "config.js"));

/** A fresh page instance: modules reloaded (the API module keeps its token), globals stubbed. */
function loadPage(wx, config, page = "pages/chat/chat.js") {
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(ROOT) && !key.startsWith(__dirname)) delete require.cache[key];
  }
  if (config) Object.assign(require(path.join(ROOT, "config.js")), config);
  let definition = null;
  global.wx = wx;
  global.Page = (d) => { definition = d; };
  global.getApp = () => ({});
  require(path.join(ROOT, page));
  const instance = Object.assign({}, definition);
  instance.data = JSON.parse(JSON.stringify(definition.data));
  instance.setData = function setData(patch) { Object.assign(this.data, patch); };
  return instance;
}

/** The path of a request after the API base: "/queries/abc/open". */
function apiPath(url) {
  const m = /\/miniprogram\/v1(\/[^?]*)/.exec(url);
  return m ? m[1] : url;
}

/** A stub `wx`: login gives `code`; request answers from `routes` ({"/login": fn(options, wx) ->
    {statusCode, data} or "fail"}: a key is a path suffix, or "METHOD /path" exactly, or
    "METHOD /prefix*"); every request is recorded in `wx.calls`. Storage starts with `storage`
    (by default: the user agreed to the current privacy guide); navigateTo and showModal are
    recorded, and showModal answers `wx.modalAnswer` (confirm by default). */
function stubWx(routes, code = "code-from-wx-login", storage = { privacyConsent: CONFIG.privacyVersion }) {
  const store = Object.assign({}, storage);
  const wx = {
    calls: [],
    logins: 0,
    navigations: [],
    modals: [],
    modalAnswer: true,
    storage: store,
    login({ success, fail }) {
      wx.logins += 1;
      setImmediate(() => (code ? success({ code, errMsg: "login:ok" }) : fail({ errMsg: "login:fail" })));
    },
    request(options) {
      wx.calls.push(options);
      const method = options.method || "GET";
      const said = `${method} ${apiPath(options.url)}`;
      const keys = Object.keys(routes);
      const key = keys.find((k) => k === said) ||
        keys.find((k) => k.endsWith("*") && said.startsWith(k.slice(0, -1))) ||
        keys.find((k) => k.startsWith("/") && options.url.endsWith(k));
      setImmediate(() => {
        const answer = key ? routes[key](options, wx) : { statusCode: 404, data: { error: "not found" } };
        if (answer === "fail") options.fail({ errMsg: "request:fail timeout" });
        else options.success(Object.assign({ header: {} }, answer));
      });
    },
    getStorageSync: (k) => (k in store ? store[k] : ""),
    setStorageSync: (k, v) => { store[k] = v; },
    removeStorageSync: (k) => { delete store[k]; },
    navigateTo(o) { wx.navigations.push(o.url); if (o.success) setImmediate(o.success); },
    navigateBack() { wx.navigations.push("back"); },
    showModal(o) {
      wx.modals.push(o);
      setImmediate(() => o.success({ confirm: wx.modalAnswer, cancel: !wx.modalAnswer }));
    },
  };
  return wx;
}

/** Let pending callbacks and promise chains finish. */
async function settle(rounds = 20) {
  for (let i = 0; i < rounds; i += 1) await new Promise((r) => setImmediate(r));
}

/** The chat page loaded and shown (onLoad), what it started (the log-in) finished. */
async function openPage(wx, config) {
  const page = loadPage(wx, config);
  page.onLoad();
  await settle();
  return page;
}

module.exports = { loadPage, openPage, stubWx, settle, apiPath, ROOT };
