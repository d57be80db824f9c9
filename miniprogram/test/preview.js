// A rough preview of a mini-program page in a browser, for screenshots and layout checks only
// (not WeChat's renderer): the page's WXML with its data bound (wx:for, wx:if, {{…}}) becomes
// HTML, its WXSS (rpx at a 375px-wide phone: 1rpx = 0.5px) becomes CSS. Text is escaped.
//   node miniprogram/test/preview.js pages/chat/chat < data.json > page.html
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const TAGS = { view: "div", text: "span", button: "button", "scroll-view": "div", textarea: "textarea", input: "input" };
const VOID = new Set(["input"]);

function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** WXML → a tree of {tag, attrs, children} and strings. */
function parse(src) {
  src = src.replace(/<!--[\s\S]*?-->/g, "");
  const root = { tag: "#root", attrs: {}, children: [] };
  const stack = [root];
  const re = /<\/([\w-]+)\s*>|<([\w-]+)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)/g;
  let m;
  while ((m = re.exec(src))) {
    if (m[1]) { stack.pop(); continue; }
    if (m[2]) {
      const attrs = {};
      for (const a of m[3].matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) attrs[a[1]] = a[2] === undefined ? "true" : a[2];
      const node = { tag: m[2], attrs, children: [] };
      stack[stack.length - 1].children.push(node);
      if (!m[4] && !VOID.has(m[2])) stack.push(node);
      continue;
    }
    if (m[5].trim()) stack[stack.length - 1].children.push(m[5]);
  }
  return root;
}

function evaluate(expr, scope) {
  try {
    return new Function(...Object.keys(scope), `return (${expr});`)(...Object.values(scope));
  } catch (e) {
    return "";
  }
}

/** "a {{b}} c" → the string; a lone "{{x}}" → x's value itself. */
function bind(text, scope) {
  const lone = /^\{\{((?:(?!\}\})[\s\S])*)\}\}$/.exec(text.trim());
  if (lone) return evaluate(lone[1], scope);
  return text.replace(/\{\{([\s\S]*?)\}\}/g, (_, e) => {
    const v = evaluate(e, scope);
    return v === undefined || v === null ? "" : v;
  });
}

function render(node, scope) {
  if (typeof node === "string") return esc(bind(node, scope));
  if (node.tag === "#root") return node.children.map((c) => render(c, scope)).join("");
  const a = node.attrs;
  if (a["wx:for"] !== undefined) {
    const list = bind(a["wx:for"], scope) || [];
    const rest = Object.assign({}, node, { attrs: Object.assign({}, a) });
    delete rest.attrs["wx:for"];
    return list.map((item, index) => render(rest, Object.assign({}, scope, { item, index }))).join("");
  }
  if (a["wx:if"] !== undefined && !bind(a["wx:if"], scope)) return "";
  const tag = TAGS[node.tag] || "div";
  const out = [`wx-${node.tag}`].concat(a["auto-height"] !== undefined ? ["wx-auto-height"] : []);
  let attrs = "";
  for (const [k, v] of Object.entries(a)) {
    if (k.startsWith("wx:") || k.startsWith("bind") || k.startsWith("data-")) continue;
    const value = bind(v, scope);
    if (k === "class") out.push(value);
    else if (["disabled"].includes(k)) attrs += value && value !== "false" ? " disabled" : "";
    else if (k === "value" && tag === "textarea") continue;
    else if (["placeholder", "id", "type"].includes(k)) attrs += ` ${k === "type" ? "data-type" : k}="${esc(value)}"`;
  }
  const inner = tag === "textarea" ? esc(bind(a.value || "", scope)) : node.children.map((c) => render(c, scope)).join("");
  return `<${tag} class="${esc(out.join(" "))}"${attrs}>${VOID.has(node.tag) ? "" : inner + `</${tag}>`}`;
}

function css(file) {
  return fs.readFileSync(file, "utf8").replace(/(-?\d*\.?\d+)rpx/g, (_, n) => `${Number(n) / 2}px`)
    .replace(/(^|[\s,}])page(?=[\s{,])/g, "$1body");
}

function preview(page, data) {
  const base = path.join(ROOT, page);
  const tree = parse(fs.readFileSync(base + ".wxml", "utf8"));
  const look = [
    // WeChat's own defaults for the components used
    "body { margin: 0; } .wx-view, .wx-scroll-view { display: block; } .wx-scroll-view { overflow-y: auto; }",
    ".wx-button { display: block; box-sizing: border-box; font: inherit; font-size: 18px; border-radius: 5px; border: 1px solid rgba(0,0,0,.2); background: #f8f8f8; color: #000; padding: 0 14px; line-height: 2.55555556; margin: 0 auto; }",
    ".wx-button[data-type=primary] { background: #07c160; color: #fff; }",
    ".wx-textarea { font: inherit; display: block; width: 300px; height: 150px; resize: none; }",
    ".wx-textarea.wx-auto-height { height: auto; field-sizing: content; }",
    ".wx-button[disabled] { opacity: .6; }",
    css(path.join(ROOT, "app.wxss")), css(base + ".wxss"),
  ].join("\n");
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>${look}</style></head>` +
    `<body>${render(tree, data)}</body></html>`;
}

module.exports = { preview };

if (require.main === module) {
  const data = JSON.parse(fs.readFileSync(0, "utf8"));
  process.stdout.write(preview(process.argv[2] || "pages/chat/chat", data));
}
