// The assistant's mini-program API: wx.login → POST /login (code → token), then
// POST /messages with the token. A token the server no longer accepts (401) is renewed once.
const config = require("../config");

let token = null;

function request(path, data, auth) {
  return new Promise((resolve, reject) => {
    wx.request({
      url: config.apiBase + path,
      method: "POST",
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
    wx.login({ success: (res) => (res.code ? resolve(res.code) : reject(new Error("no code"))), fail: reject });
  });
}

async function login() {
  const code = await wxLogin();
  const res = await request("/login", { code }, false);
  if (res.statusCode !== 200 || !res.data || !res.data.token) {
    token = null;
    const err = new Error((res.data && res.data.error) || "登录失败");
    err.statusCode = res.statusCode;
    throw err;
  }
  token = res.data.token;
  return token;
}

/** One message → {statusCode, data: {messages, result, next_question, busy?}}. */
async function send(text) {
  if (!token) await login();
  let res = await request("/messages", { text }, true);
  if (res.statusCode === 401) {
    token = null;
    await login();
    res = await request("/messages", { text }, true);
  }
  return res;
}

function reset() {
  token = null;
}

module.exports = { login, send, reset };
