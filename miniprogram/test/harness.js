// Loads the chat page in Node with a stubbed `wx` and `Page`, as the WeChat runtime would.
const path = require("path");

const ROOT = path.resolve(__dirname, "..");

/** A fresh page instance: modules reloaded (the API module keeps its token), globals stubbed. */
function loadPage(wx, config) {
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(ROOT) && !key.startsWith(__dirname)) delete require.cache[key];
  }
  if (config) Object.assign(require(path.join(ROOT, "config.js")), config);
  let definition = null;
  global.wx = wx;
  global.Page = (d) => { definition = d; };
  global.getApp = () => ({});
  require(path.join(ROOT, "pages/chat/chat.js"));
  const page = Object.assign({}, definition);
  page.data = JSON.parse(JSON.stringify(definition.data));
  page.setData = function setData(patch) { Object.assign(this.data, patch); };
  return page;
}

/** A stub `wx`: login gives `code`; request answers from `routes` ({"/login": fn(options) -> {statusCode, data}
    or "fail"}); every request is recorded in `wx.calls`. */
function stubWx(routes, code = "code-from-wx-login") {
  const wx = {
    calls: [],
    logins: 0,
    login({ success, fail }) {
      wx.logins += 1;
      setImmediate(() => (code ? success({ code, errMsg: "login:ok" }) : fail({ errMsg: "login:fail" })));
    },
    request(options) {
      wx.calls.push(options);
      const suffix = Object.keys(routes).find((p) => options.url.endsWith(p));
      setImmediate(() => {
        const answer = suffix ? routes[suffix](options, wx) : { statusCode: 404, data: { error: "not found" } };
        if (answer === "fail") options.fail({ errMsg: "request:fail timeout" });
        else options.success(Object.assign({ header: {} }, answer));
      });
    },
  };
  return wx;
}

/** Let pending callbacks and promise chains finish. */
async function settle(rounds = 20) {
  for (let i = 0; i < rounds; i += 1) await new Promise((r) => setImmediate(r));
}

module.exports = { loadPage, stubWx, settle, ROOT };
