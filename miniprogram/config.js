// Where the assistant's mini-program API lives. It must be an HTTPS domain listed under
// 开发管理 → 开发设置 → 服务器域名 → request合法域名 (see README.md).
module.exports = {
  apiBase: "https://assistant.example.gov.cn/miniprogram/v1",
  // wx.request's own limit is 60 s; the server answers within 10 s (or says it is busy).
  timeout: 15000,
  // the version of pages/privacy (用户隐私保护指引) the user agreed to; a new one asks again
  privacyVersion: "2026-12-06",
};
