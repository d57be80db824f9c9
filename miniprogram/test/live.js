// The chat page against a real server: `wx.request` is carried out with fetch, `wx.login` gives
// the code in MP_CODE. Used by tests/doors (the server's WeChat API is a local stand-in).
//   node miniprogram/test/live.js http://127.0.0.1:PORT/miniprogram/v1 "message" "button:不是" "who:孩子" "list" "open:1" ...
// The user has agreed to the privacy guide (MP_CONSENT=0: has not). Prints the page's data.
const { openPage } = require("./harness");
const config = require("../config");

const [base, ...steps] = process.argv.slice(2);
const storage = process.env.MP_CONSENT === "0" ? {} : { privacyConsent: config.privacyVersion };
const wx = {
  login({ success }) { setImmediate(() => success({ code: process.env.MP_CODE || "live-code" })); },
  request(o) {
    const init = { method: o.method, headers: o.header };
    if (o.method !== "GET" && o.data !== undefined) init.body = JSON.stringify(o.data);
    fetch(o.url, init)
      .then(async (res) => o.success({ statusCode: res.status, data: await res.json(), header: {} }))
      .catch((err) => o.fail({ errMsg: String(err) }));
  },
  getStorageSync: (k) => (k in storage ? storage[k] : ""),
  setStorageSync: (k, v) => { storage[k] = v; },
  navigateTo() {},
  showModal(o) { setImmediate(() => o.success({ confirm: true, cancel: false })); },
};

(async () => {
  const page = await openPage(wx, { apiBase: base });
  for (const step of steps) {
    if (step.startsWith("button:")) {
      const b = page.data.buttons.find((x) => x.title === step.slice(7));
      if (!b) throw new Error(`no button ${step}`);
      await page.onButton({ currentTarget: { dataset: b } });
    } else if (step.startsWith("who:")) {
      await page.onNewQuery({ currentTarget: { dataset: { who: step.slice(4) } } });
    } else if (step === "list") {
      await page.loadList();
    } else if (step.startsWith("open:")) {             // open:<n>: the n-th query in the list (0: newest)
      await page.onOpen({ currentTarget: { dataset: { id: page.data.queries[Number(step.slice(5))].id } } });
    } else if (step.startsWith("delete:")) {
      const q = page.data.queries[Number(step.slice(7))];
      await page.onDelete({ currentTarget: { dataset: { id: q.id, label: q.label } } });
    } else {
      await page.sendText(step);
    }
  }
  process.stdout.write(JSON.stringify(page.data));
})().catch((err) => { console.error(err); process.exit(1); });
