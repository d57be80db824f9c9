// The assistant's mini-program API: wx.login → POST /login (code → token), then every call
// with the token. A token the server no longer accepts (401) is renewed once.
const config = require("../config");

let token = null;

function request(method, path, data, auth) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: config.apiBase + path,
      method,
      data,
      header: Object.assign({ "content-type": "application/json" }, auth && token ? { Authorization: "Bearer " + token } : {}),
      timeout: config.timeout,
      success: (res) => resolve(res),          // any HTTP status arrives here
      fail: (err) => reject(err),              // no answer at all (network, timeout, domain not allowed)
    });
  });
}

function wxLogin() {
  return new Promise((resolve, reject) => {
    const failed = () => Object.assign(new Error("wx.login gave no code"), { login: true });
    wx.login({ success: (res) => (res.code ? resolve(res.code) : reject(failed())), fail: () => reject(failed()) });
  });
}

async function login() {
  const code = await wxLogin();
  const res = await request("POST", "/login", { code }, false);
  if (res.statusCode !== 200 || !res.data || !res.data.token) {
    token = null;
    const err = new Error((res.data && res.data.error) || "登录失败");
    err.statusCode = res.statusCode;
    err.login = true;
    throw err;
  }
  token = res.data.token;
  return token;
}

/** Any call with the token → {statusCode, data}; logs in first when needed. */
async function call(method, path, data) {
  if (!token) await login();
  let res = await request(method, path, data, true);
  if (res.statusCode === 401) {
    token = null;
    await login();
    res = await request(method, path, data, true);
  }
  return res;
}

/** One message → {statusCode, data: {messages, result, next_question, query, busy?}}; `query`
    names the query (the person asked for) it belongs to. */
function send(text, query) {
  return call("POST", "/messages", query ? { text, query } : { text });
}

const queries = {
  list: () => call("GET", "/queries"),
  start: (who) => call("POST", "/queries", { who }),
  open: (id) => call("POST", `/queries/${encodeURIComponent(id)}/open`, {}),
  remove: (id) => call("DELETE", `/queries/${encodeURIComponent(id)}`),
};

function reset() {
  token = null;
}

module.exports = { login, send, call, queries, reset };
