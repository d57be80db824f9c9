/* Shared by the kiosk page and the agent desk: safe DOM building (text only, never HTML),
   the four statuses, grouping of the structured result, and a small JSON fetch helper.
   Everything is rendered from the structured result that action_respond sends
   (actions/payload.py); reply text is only ever shown as text. */
"use strict";

const Doors = (() => {
  /** el("div", {class: "x", onclick: fn}, "text", child, …): children are text or nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  const STATUS = {
    eligible: { label: "可以领取", short: "可以领取", cls: "st-ok" },
    conditional: { label: "办完手续即可领取", short: "办完手续可领", cls: "st-todo" },
    undetermined: { label: "还需确认", short: "还需确认", cls: "st-ask" },
    ineligible: { label: "暂不符合", short: "暂不符合", cls: "st-no" },
  };
  const ORDER = ["eligible", "conditional", "undetermined", "ineligible"];

  /** The measures in play, grouped by status in reading order: [{status, label, rows}]. */
  function groups(result, opts) {
    const all = (opts && opts.all) || false;
    const rows = ((result && result.results) || []).filter((r) => all || r.in_play);
    return ORDER.map((status) => ({ status, ...STATUS[status], rows: rows.filter((r) => r.status === status) }))
      .filter((g) => g.rows.length);
  }

  /** What the person still has to do or tell, in words, for one measure. A measure not met
      says why in the dialogue's own refusal sentence (本项要求…，按您说的是…，所以暂不符合。):
      no title, since the sentence says it; never the bare condition under 「原因」. */
  function todo(r) {
    if (r.status === "conditional") return { title: "还需办理", items: r.steps || [] };
    if (r.status === "undetermined") return { title: "还需确认", items: r.missing_labels || [] };
    if (r.status === "ineligible") return { title: "", items: [refusal(r)].filter(Boolean) };
    return { title: "", items: [] };
  }

  /** Why a measure is not met, in plain words. */
  function refusal(r) {
    if (r.refusal) return r.refusal;
    return r.reason ? `本项要求${r.reason}，按目前的情况暂不符合。` : "";
  }

  const POLICY = "金就办〔2023〕1号";

  function clauseText(r) {
    return `依据：${POLICY} 第${r.clause}条`;
  }

  /** fetch JSON: resolves {status, body}; never throws on HTTP errors. */
  async function call(method, url, body, headers) {
    const init = { method, headers: Object.assign({ Accept: "application/json" }, headers || {}) };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(url, init);
    } catch (e) {
      return { status: 0, body: { error: "网络连接中断，请稍后再试" } };
    }
    let data = null;
    try {
      data = res.status === 204 ? null : await res.json();
    } catch (e) {
      data = null;
    }
    return { status: res.status, body: data };
  }

  /** Copy text; the clipboard API needs a secure context, so fall back to a hidden textarea. */
  async function copy(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) { /* fall through */ }
    const area = el("textarea", { class: "copy-buffer", readonly: true, "aria-hidden": "true" });
    area.value = text;
    document.body.append(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  return { el, clear, STATUS, ORDER, groups, todo, refusal, clauseText, call, copy, POLICY };
})();
