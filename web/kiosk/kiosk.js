/* Kiosk page: one server-issued session per visitor, a countdown that follows the server's idle
   deadline, quick replies from the structured result's next question, result cards, and a
   take-away (QR code made by the server, print sheet without personal facts). */
"use strict";

(() => {
  const { el, clear, groups, todo, clauseText, call, STATUS, POLICY } = Doors;
  const API = "/kiosk/api/sessions";
  const WARN_AT = 20;            // seconds left when the "还在使用吗？" prompt appears
  const TOUCH_EVERY = 3000;      // ms between "still here" pings

  const $ = (id) => document.getElementById(id);
  const chat = $("chat"), quick = $("quick"), results = $("results"), text = $("text");
  const welcome = chat.firstElementChild.cloneNode(true);
  const starters = [...quick.children].map((b) => b.cloneNode(true));
  const howCard = $("how").cloneNode(true);

  const state = { session: null, idle: 120, deadline: 0, lastTouch: 0, result: null, busy: false, opening: null };

  // ------------------------------------------------------------ session
  // The terminal's key (the operator opens /kiosk/#key=… once on each terminal): kept in this
  // machine's storage, taken out of the address bar, sent only when opening a session.
  const KEY_ITEM = "kioskKey";
  const given = new URLSearchParams(location.hash.slice(1)).get("key");
  if (given) {
    localStorage.setItem(KEY_ITEM, given);
    history.replaceState(null, "", location.pathname + location.search);
  }

  async function openSession() {
    const key = localStorage.getItem(KEY_ITEM);
    const res = await call("POST", API, undefined, key ? { "X-Kiosk-Key": key } : {});
    if (res.status !== 201) {
      notice(res.status === 401 || res.status === 403 ? "本终端尚未登记，请联系窗口工作人员。"
        : "终端暂时无法使用，请稍后再试或咨询窗口工作人员。");
      return false;
    }
    state.session = res.body.session;
    state.idle = res.body.idle_seconds;
    setDeadline(res.body.expires_in);
    document.body.dataset.session = state.session;
    return true;
  }

  function ensureSession() {
    if (state.session) return Promise.resolve(true);
    if (!state.opening) state.opening = openSession().finally(() => { state.opening = null; });
    return state.opening;
  }

  function setDeadline(seconds) {
    state.deadline = Date.now() + seconds * 1000;
    state.lastTouch = Date.now();
    tick();
  }

  /** Start afresh: the server forgets the old conversation, the page shows the first screen. */
  async function restart(reason) {
    const old = state.session;
    state.session = null;
    state.result = null;
    delete document.body.dataset.session;
    closeOverlays();
    clear(chat).append(welcome.cloneNode(true));
    clear(quick).append(...starters.map((b) => b.cloneNode(true)));
    clearResult();
    text.value = "";
    if (old) call("DELETE", `${API}/${old}`);
    await ensureSession();
    if (reason) notice(reason);
  }

  // ------------------------------------------------------------ conversation
  function bubble(who, content, cls) {
    const node = el("div", { class: `msg ${who}${cls ? " " + cls : ""}` },
      el("div", { class: "who" }, who === "user" ? "我" : "助手"),
      el("div", { class: "bubble" }, content));           // text node: never HTML
    chat.append(node);
    chat.scrollTop = chat.scrollHeight;
    return node;
  }

  function notice(message) {
    bubble("bot", message, "notice");
  }

  async function send(message, shown) {
    message = (message || "").trim();
    if (!message || state.busy) return;
    if (!(await ensureSession())) return;
    state.busy = true;
    $("send").disabled = true;
    bubble("user", shown || message);
    const waiting = bubble("bot", "正在查询…", "waiting");
    let res = await call("POST", `${API}/${state.session}/messages`, { text: message });
    waiting.remove();
    state.busy = false;
    $("send").disabled = false;
    if (res.status === 410) {
      await restart("刚才的查询因长时间无操作已清空，请重新告诉我您的情况。");
      text.value = shown ? "" : message;
      return;
    }
    if (res.status !== 200) {
      notice((res.body && res.body.error) || "系统繁忙，请稍后再试。");
      return;
    }
    setDeadline(res.body.expires_in);
    for (const m of res.body.messages) bubble("bot", m.text);
    showQuestion(res.body.next_question, res.body.facts_known);
    if (res.body.result && res.body.facts_known) showResult(res.body.result);
    else if (!res.body.facts_known) clearResult();        // e.g. "重新开始" said in words
    chat.scrollTop = chat.scrollHeight;          // the quick replies may have taken room from the chat
  }

  function showQuestion(question, known) {
    clear(quick);
    if (!question && !known) {               // nothing asked, nothing known yet: the starters again
      quick.append(...starters.map((b) => b.cloneNode(true)));
      return;
    }
    const buttons = (question && question.buttons) || [];
    for (const b of buttons) {
      quick.append(el("button", { type: "button", class: "btn btn-quick", onclick: () => send(b.payload, b.title) },
        b.title));
    }
    if (question && !buttons.length) {
      quick.append(el("p", { class: "hint" }, "请在下面的输入框里直接输入，例如数字或日期"));
    }
  }

  // ------------------------------------------------------------ results
  function hasFigure(r) {
    return Boolean(r.amount && (r.amount.yuan !== null || r.amount.max_total_yuan !== null));
  }

  function card(r) {
    const s = STATUS[r.status];
    const t = todo(r);
    return el("article", { class: `card ${s.cls}`, dataset: { measure: r.id, status: r.status } },
      el("div", { class: "card-head" },
        el("h3", {}, r.name),
        el("span", { class: `chip ${s.cls}` }, s.label)),
      // a figure in bold; where the document sets none (参照市级标准…), the note in plain text
      el("p", { class: hasFigure(r) ? "amount" : "amount amount-note" }, r.amount_text),
      t.items.length ? el("div", { class: "todo" },
        el("span", { class: "todo-title" }, t.title + "："),
        el("ul", {}, t.items.map((i) => el("li", {}, i)))) : null,
      el("p", { class: "clause" }, clauseText(r)));
  }

  function clearResult() {
    state.result = null;
    clear(results).append(howCard.cloneNode(true));
    clear($("print-sheet"));
    $("take").disabled = true;
  }

  function showResult(result) {
    state.result = result;
    const found = groups(result);
    if (!found.length) return;
    clear(results);
    if (!result.in_force) {
      results.append(el("p", { class: "banner" }, `今天不在${POLICY}的有效期内，各项补贴均不适用。`));
    }
    for (const g of found) {
      if (g.status === "ineligible") {
        results.append(el("details", { class: "group group-no" },
          el("summary", {}, `${g.label}（${g.rows.length}项，点开看原因）`),
          g.rows.map(card)));
        continue;
      }
      results.append(el("section", { class: "group", dataset: { status: g.status } },
        el("h3", { class: `group-title ${STATUS[g.status].cls}` }, `${g.label}（${g.rows.length}项）`),
        g.rows.map(card)));
    }
    results.append(el("p", { class: "note" }, "以上依据文件原文判断，具体以区人力资源社会保障部门认定为准。"));
    $("take").disabled = !found.some((g) => g.status !== "ineligible");
    buildPrintSheet(result);
  }

  /** The print sheet: measures, amounts, steps, clauses — never a personal fact (so no
      "暂不符合" rows either: their reasons would tell the age or 户籍). */
  function buildPrintSheet(result) {
    const sheet = clear($("print-sheet"));
    const rows = groups(result).filter((g) => g.status !== "ineligible").flatMap((g) => g.rows);
    sheet.append(
      el("h1", {}, "金山就业政策查询结果"),
      el("p", { class: "print-meta" }, `依据：${POLICY}　查询日期：${result.as_of}`),
      el("table", {},
        el("thead", {}, el("tr", {}, ["补贴项目", "结论", "金额", "还需办理 / 还需确认", "条款"].map((h) => el("th", {}, h)))),
        el("tbody", {}, rows.map((r) => {
          const t = todo(r);
          return el("tr", {},
            el("td", {}, r.name), el("td", {}, STATUS[r.status].label), el("td", {}, r.amount_text),
            el("td", {}, t.items.join("；") || "—"), el("td", {}, r.clause));
        }))),
      el("div", { class: "print-foot" },
        el("img", { class: "print-qr", alt: "查询结果二维码", src: qrUrl() }),
        el("p", {}, "以上依据文件原文判断，具体认定以金山区人力资源社会保障部门为准（七（三））。本单不含个人信息。")));
  }

  function qrUrl() {
    return state.session ? `${API}/${state.session}/qr.svg?t=${Date.now()}` : "";
  }

  // ------------------------------------------------------------ take-away
  async function openTakeaway() {
    if (!state.session) return;
    const res = await call("GET", `${API}/${state.session}/takeaway`);
    if (res.status === 410) return restart("刚才的查询因长时间无操作已清空。");
    if (res.status !== 200) return notice("暂时无法生成结果，请稍后再试。");
    setDeadline(res.body.expires_in);
    $("qr").src = qrUrl();
    $("takeaway-text").textContent = res.body.summary;
    buildPrintSheet(res.body.result);
    $("takeaway").hidden = false;
  }

  function closeOverlays() {
    $("takeaway").hidden = true;
    $("idle").hidden = true;
  }

  // ------------------------------------------------------------ idle countdown
  function tick() {
    const left = Math.max(0, Math.ceil((state.deadline - Date.now()) / 1000));
    $("countdown-seconds").textContent = String(state.session ? left : state.idle);
    $("countdown").classList.toggle("soon", state.session && left <= WARN_AT);
    const warn = state.session && left <= Math.min(WARN_AT, state.idle / 2) && left > 0;
    $("idle").hidden = !warn;
    if (warn) $("idle-seconds").textContent = String(left);
    if (state.session && left === 0) restart();
  }

  async function stillHere() {
    if (!state.session || Date.now() - state.lastTouch < TOUCH_EVERY) return;
    state.lastTouch = Date.now();
    const res = await call("POST", `${API}/${state.session}/touch`);
    if (res.status === 200) setDeadline(res.body.expires_in);
    else if (res.status === 410) restart("刚才的查询因长时间无操作已清空，请重新开始。");
  }

  // ------------------------------------------------------------ wiring
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const message = text.value;
    text.value = "";
    send(message);
  });
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $("composer").requestSubmit();
    }
  });
  quick.addEventListener("click", (e) => {
    const b = e.target.closest(".starter");
    if (b) send(b.dataset.text, b.textContent);
  });
  $("restart").addEventListener("click", () => restart());
  $("take").addEventListener("click", openTakeaway);
  $("takeaway-close").addEventListener("click", () => { $("takeaway").hidden = true; });
  $("print").addEventListener("click", () => window.print());
  $("idle-continue").addEventListener("click", () => { state.lastTouch = 0; stillHere(); });
  for (const type of ["pointerdown", "keydown", "wheel", "touchmove"]) {
    document.addEventListener(type, stillHere, { passive: true });
  }
  setInterval(tick, 500);
  ensureSession();
})();
