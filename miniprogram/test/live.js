// The chat page against a real server: `wx.request` is carried out with fetch, `wx.login` gives
// the code in MP_CODE. Used by tests/doors (the server's WeChat API is a local stand-in).
//   node miniprogram/test/live.js http://127.0.0.1:PORT/miniprogram/v1 "message" ...
const { loadPage, settle } = require("./harness");

const [base, ...texts] = process.argv.slice(2);
const wx = {
  login({ success }) { setImmediate(() => success({ code: process.env.MP_CODE || "live-code" })); },
  request(o) {
    fetch(o.url, { method: o.method, headers: o.header, body: JSON.stringify(o.data) })
      .then(async (res) => o.success({ statusCode: res.status, data: await res.json(), header: {} }))
      .catch((err) => o.fail({ errMsg: String(err) }));
  },
};

(async () => {
  const page = loadPage(wx, { apiBase: base });
  page.onLoad();
  await settle();
  for (const text of texts) {
    if (text.startsWith("button:")) {
      const b = page.data.buttons.find((x) => x.title === text.slice(7));
      if (!b) throw new Error(`no button ${text}`);
      await page.onButton({ currentTarget: { dataset: b } });
    } else {
      await page.sendText(text);
    }
  }
  process.stdout.write(JSON.stringify(page.data));
})().catch((err) => { console.error(err); process.exit(1); });
