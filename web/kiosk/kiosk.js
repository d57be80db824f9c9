/* Kiosk page: one server-issued session per visitor, a countdown that follows the server's idle
   deadline, quick replies from the structured result's next question, result cards, and a
   take-away (QR code made by the server, print sheet without personal facts: both say the
   same, the measures that pay first). When the question asked wants a number or a date, a
   number pad or year / month (/ day) pickers fill the input box; only 「发送」 sends it. */
"use strict";

(() => {
  const { el, clear, groups, todo, refusal, clauseText, call, STATUS, POLICY } = Doors;
  const API = "/kiosk/api/sessions";
  const WARN_AT = 20;            // seconds left when the "还在使用吗？" prompt appears
  const TOUCH_EVERY = 3000;      // ms between "still here" pings
  const MAX_CHARS = 2000;        // the server reads this many characters of a message
  const YEARS_BACK = 7;          // the year picker: this many years before this one

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
    say(null);
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

  /** A line under the input box: why nothing was sent, or that a long text was cut. */
  function say(message, kind) {
    const note = $("composer-note");
    note.textContent = message || "";
    note.hidden = !message;
    note.className = `composer-note${kind ? " " + kind : ""}`;
    text.classList.toggle("needs-text", kind === "empty");
  }

  async function send(message, shown) {
    message = (message || "").trim();
    if (state.busy) return;
    if (!message) {
      say("请先在框里输入您的情况或问题，或者点上面的按钮。", "empty");
      text.focus();
      return;
    }
    say(null);
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
      if (question.kind === "number") quick.append(numberPad(question));
      else if (question.kind === "date") quick.append(datePicker(question));
      else quick.append(el("p", { class: "hint" }, "请在下面的输入框里直接输入"));
    }
  }

  // ------------------------------------------------------------ number pad, date pickers
  // They only fill the input box with what the person pressed (nothing chosen for them, no
  // default value); 「发送」 sends it, and the box can still be changed by hand.
  function fill(value) {
    text.value = value;
    say(null);
    text.dispatchEvent(new Event("input"));
  }

  function numberPad(question) {
    const unit = question.unit || "";
    let digits = "";
    const show = () => fill(digits ? digits + unit : "");
    const key = (label, onclick, cls) => el("button", { type: "button", class: `btn btn-key${cls ? " " + cls : ""}`, onclick }, label);
    const press = (d) => () => { if (digits.length < 3) { digits = (digits + d).replace(/^0+(?=\d)/, ""); show(); } };
    return el("div", { class: "picker pad", role: "group", "aria-label": "数字键盘" },
      el("p", { class: "hint" }, `点数字填到下面的框里${unit ? `（单位：${unit}）` : ""}，再点「发送」`),
      el("div", { class: "keys" }, ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"].map((d) => key(d, press(d)))),
      el("div", { class: "keys" },
        key("删一位", () => { digits = digits.slice(0, -1); show(); }, "btn-key-wide"),
        key("清空", () => { digits = ""; show(); }, "btn-key-wide"),
        el("button", { type: "button", class: "btn btn-quick", onclick: () => send("不清楚") }, "不清楚")));
  }

  function datePicker(question) {
    const now = new Date();
    const thisYear = now.getFullYear();
    const last = question.past ? thisYear : thisYear + 1;
    const picked = { year: null, month: null, day: null };
    const box = el("div", { class: "picker dates", role: "group", "aria-label": "选择日期" });
    const shown = () => (picked.year ? `${picked.year}年` : "") + (picked.month ? `${picked.month}月` : "") +
      (picked.day ? `${picked.day}日` : "");
    const choice = (label, selected, onclick, disabled) => el("button", {
      type: "button", class: `btn btn-key${selected ? " chosen" : ""}`, "aria-pressed": selected ? "true" : "false",
      disabled: disabled || null, onclick }, label);
    const future = (y, m) => question.past && (y > thisYear || (y === thisYear && m > now.getMonth() + 1));

    function draw() {
      clear(box);
      if (!picked.year) {
        box.append(el("p", { class: "hint" }, "请选年份（更早的请直接在框里输入）"),
          el("div", { class: "keys" }, Array.from({ length: last - (thisYear - YEARS_BACK) + 1 }, (_, i) => thisYear - YEARS_BACK + i)
            .map((y) => choice(`${y}年`, false, () => { picked.year = y; fill(shown()); draw(); }))));
      } else if (!picked.month) {
        box.append(el("p", { class: "hint" }, `${picked.year}年：请选月份`),
          el("div", { class: "keys" }, Array.from({ length: 12 }, (_, i) => i + 1)
            .map((m) => choice(`${m}月`, false, () => { picked.month = m; fill(shown()); draw(); }, future(picked.year, m))),
            choice("改年份", false, () => { picked.year = null; fill(""); draw(); })));
      } else {
        const days = new Date(picked.year, picked.month, 0).getDate();
        box.append(...[el("p", { class: "hint" }, question.day
          ? `${shown()}：知道是几号的请再选日子（不记得可以不选），然后点「发送」`
          : `已填好：${shown()}，请点「发送」`),
          question.day ? el("div", { class: "keys keys-days" }, Array.from({ length: days }, (_, i) => i + 1)
            .map((d) => choice(String(d), picked.day === d, () => { picked.day = picked.day === d ? null : d; fill(shown()); draw(); },
              question.past && new Date(picked.year, picked.month - 1, d) > now))) : null,
          el("div", { class: "keys" }, choice("重选", false, () => { picked.year = picked.month = picked.day = null; fill(""); draw(); }))]
          .filter(Boolean));                  // DOM append writes null as text
      }
    }
    draw();
    return box;
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
      r.status === "ineligible" ? el("p", { class: "refusal" }, refusal(r)) :
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
    $("takeaway").hidden = true;
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
          el("summary", {}, `${g.label}（${g.rows.length}项，点开看哪里不符合）`),
          g.rows.map(card)));
        continue;
      }
      results.append(el("section", { class: "group", dataset: { status: g.status } },
        el("h3", { class: `group-title ${STATUS[g.status].cls}` }, `${g.label}（${g.rows.length}项）`),
        g.rows.map(card)));
    }
    results.append(el("p", { class: "note" }, "以上依据文件原文判断，具体以区人力资源社会保障部门认定为准。"));
    $("take").disabled = !found.some((g) => g.status !== "ineligible");
  }

  /** The print sheet: what the QR code says, in the same order (the measures that pay with
      their amounts, then the steps, then the rest), in full: the server's take-away sections.
      Never a personal fact (so no "暂不符合" rows: their reasons would tell the age or 户籍). */
  function buildPrintSheet(takeaway) {
    const sheet = clear($("print-sheet"));
    sheet.append(
      el("h1", {}, "金山就业政策查询结果"),
      el("p", { class: "print-meta" }, `依据：${POLICY}　查询日期：${takeaway.as_of}`),
      ...(takeaway.sections.length ? takeaway.sections.map((s) => el("section", { class: `print-part part-${s.key}` },
        el("h2", {}, s.title),
        el("ul", {}, s.lines.map((line) => el("li", {}, line.replace(/^·/, "")))))) :
        [el("p", {}, "暂无可以确定的补贴。")]),
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
    buildPrintSheet(res.body);
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
  text.addEventListener("input", () => {
    if (text.value.length > MAX_CHARS) {
      text.value = text.value.slice(0, MAX_CHARS);
      say(`您输入（粘贴）的内容超过${MAX_CHARS}字，只保留了前${MAX_CHARS}字。`, "cut");
    } else if ($("composer-note").classList.contains("empty") && text.value.trim()) {
      say(null);
    }
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
