/* Hotline agent desk: the agent types what the caller says; beside the chat, everything comes
   from the structured result: facts (correctable by hand, validated by the server as chat's
   facts are), every measure's status, the next question to read out, the explanation. The
   desk token lives in sessionStorage only (this tab). */
"use strict";

(() => {
  const { el, clear, STATUS, groups, todo, call, copy } = Doors;
  const $ = (id) => document.getElementById(id);
  const store = window.sessionStorage;
  const UNITS = { age: "岁" };

  const state = {
    token: store.getItem("agentToken") || "",
    schema: [],
    byName: {},
    call: store.getItem("agentCall") || "",
    view: null,
    previous: {},          // measure id -> status before the last change
    busy: false,
  };

  // ------------------------------------------------------------ API
  function headers() {
    return { Authorization: `Bearer ${state.token}` };
  }

  async function api(method, path, body) {
    const res = await call(method, `/agent/api${path}`, body, headers());
    if (res.status === 401 || res.status === 403) {
      showLogin(res.status === 403 ? "令牌不正确，请重新输入。" : "请先登录。");
    }
    return res;
  }

  // ------------------------------------------------------------ login
  function showLogin(message) {
    $("login").hidden = false;
    $("login-error").hidden = !message;
    $("login-error").textContent = message || "";
    $("token").focus();
  }

  async function login(token) {
    state.token = token;
    const res = await call("GET", "/agent/api/facts", undefined, headers());
    if (res.status !== 200) {
      state.token = "";
      store.removeItem("agentToken");
      showLogin(res.status === 403 ? "令牌不正确，请重新输入。"
        : res.status === 429 && res.body && res.body.error ? res.body.error : "无法登录，请检查令牌或网络。");
      return false;
    }
    store.setItem("agentToken", token);
    state.schema = res.body.facts;
    state.byName = Object.fromEntries(state.schema.map((f) => [f.name, f]));
    $("login").hidden = true;
    document.body.dataset.ready = "1";
    return true;
  }

  // ------------------------------------------------------------ calls
  function newCallId() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    const rnd = [...crypto.getRandomValues(new Uint8Array(4))].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `call-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}-${rnd}`;
  }

  function startCall(id, transcript) {
    state.call = id;
    state.view = null;
    state.previous = {};
    store.setItem("agentCall", id);
    $("call-id").textContent = id;
    clear($("chat"));
    for (const line of transcript || []) bubble(line.who, line.text, false);
    $("text").disabled = false;
    $("send").disabled = false;
    $("add-name").disabled = false;
    render(null);
    $("text").focus();
  }

  function transcriptKey() {
    return `agentTranscript:${state.call}`;
  }

  function bubble(who, text, save = true) {
    const label = who === "caller" ? "来电人" : "助手";
    const node = el("div", { class: `msg ${who}` }, el("span", { class: "who" }, label),
      el("div", { class: "bubble" }, text));       // text node: never HTML
    $("chat").append(node);
    $("chat").scrollTop = $("chat").scrollHeight;
    if (save) {
      const lines = JSON.parse(store.getItem(transcriptKey()) || "[]");
      lines.push({ who, text });
      store.setItem(transcriptKey(), JSON.stringify(lines.slice(-200)));
    }
  }

  async function send(text, shown) {
    text = (text || "").trim();
    if (!text || !state.call || state.busy) return;
    state.busy = true;
    $("send").disabled = true;
    bubble("caller", shown || text);
    const res = await api("POST", `/conversations/${state.call}/messages`, { text });
    state.busy = false;
    $("send").disabled = false;
    if (res.status !== 200) {
      bubble("bot", (res.body && res.body.error) || "系统繁忙，请稍后再试。");
      return;
    }
    for (const m of res.body.messages) bubble("bot", m.text);
    render(res.body);
  }

  // ------------------------------------------------------------ rendering
  function shownValue(name, value) {
    const f = state.byName[name];
    if (!f) return String(value);
    if (f.kind === "bool") return value ? "是" : "否";
    if (f.kind === "enum") return (f.options.find((o) => o.value === value) || { title: value }).title;
    if (f.kind === "int") return `${value}${UNITS[name] || (name.endsWith("months") ? "个月" : "")}`;
    return String(value);
  }

  function render(view) {
    const before = state.view;
    state.view = view;
    renderQuestion(view && view.next_question);
    renderFacts(view ? view.facts : {});
    renderMeasures(view, before);
    const read = view && view.read_out ? view.read_out : "—";
    $("read-out").textContent = read;
    $("copy-read").disabled = !(view && view.read_out);
  }

  function renderQuestion(q) {
    $("ask-text").textContent = q ? q.text : (state.view ? "暂无需要追问的问题。" : "—");
    $("copy-ask").disabled = !q;
    const answers = clear($("answers"));
    for (const b of (q && q.buttons) || []) {
      answers.append(el("button", { type: "button", class: "btn btn-answer", onclick: () => send(b.payload, b.title) },
        b.title));
    }
  }

  function renderFacts(facts) {
    const body = clear($("facts-body"));
    const known = state.schema.filter((f) => facts[f.name] !== undefined && facts[f.name] !== null);
    if (!known.length) body.append(el("tr", { class: "none" }, el("td", { colspan: 3 }, "暂无")));
    for (const f of known) {
      const row = el("tr", { dataset: { fact: f.name } },
        el("th", { scope: "row" }, f.label),
        el("td", { class: "value" }, shownValue(f.name, facts[f.name])),
        el("td", { class: "ops" },
          el("button", { type: "button", class: "btn btn-small", onclick: () => editRow(row, f, facts[f.name]) }, "修改"),
          el("button", { type: "button", class: "btn btn-small btn-quiet", onclick: () => saveFacts({ [f.name]: null }) },
            "清除")));
      body.append(row);
    }
    // the "补充一项" list: facts not known yet
    const select = clear($("add-name"));
    select.append(el("option", { value: "" }, "选择事项…"));
    const unknown = state.schema.filter((f) => !known.includes(f));
    for (const [title, org] of [["个人", false], ["单位", true]]) {
      const group = el("optgroup", { label: title });
      for (const f of unknown.filter((x) => x.org === org)) group.append(el("option", { value: f.name }, f.label));
      select.append(group);
    }
    clear($("add-value"));
    $("add-save").disabled = true;
  }

  function editor(f, current) {
    if (f.kind === "enum" || f.kind === "bool") {
      const options = f.kind === "bool" ? [{ value: "true", title: "是" }, { value: "false", title: "否" }]
        : f.options;
      const s = el("select", { class: "editor", "aria-label": f.label },
        options.map((o) => el("option", { value: o.value }, o.title)));
      if (current !== undefined && current !== null) s.value = String(current);
      return s;
    }
    const input = el("input", {
      class: "editor", "aria-label": f.label,
      type: f.kind === "date" ? "date" : "text", inputmode: f.kind === "int" ? "numeric" : null,
      placeholder: f.kind === "int" ? "整数" : null,
    });
    if (current !== undefined && current !== null) input.value = String(current);
    return input;
  }

  /** The typed value of an editor; what the server cannot take it will say why (400). */
  function valueOf(f, node) {
    const raw = node.value.trim();
    if (f.kind === "bool") return raw === "true";
    if (f.kind === "int") return /^-?\d+$/.test(raw) ? Number(raw) : raw;
    return raw;
  }

  function editRow(row, f, current) {
    const input = editor(f, current);
    const cell = clear(row.querySelector(".value"));
    cell.append(input);
    const ops = clear(row.querySelector(".ops"));
    ops.append(
      el("button", { type: "button", class: "btn btn-small btn-save", onclick: () => saveFacts({ [f.name]: valueOf(f, input) }) }, "保存"),
      el("button", { type: "button", class: "btn btn-small btn-quiet", onclick: () => renderFacts(state.view ? state.view.facts : {}) }, "取消"));
    input.focus();
  }

  async function saveFacts(facts) {
    if (!state.call) return;
    $("fact-error").hidden = true;
    const res = await api("POST", `/conversations/${state.call}/facts`, { facts });
    if (res.status === 400) {
      $("fact-error").textContent = res.body.error;
      $("fact-error").hidden = false;
      return;
    }
    if (res.status !== 200) return;
    const names = Object.keys(facts).map((n) => state.byName[n] ? state.byName[n].label : n).join("、");
    bubble("note", `坐席已更正：${names}`);
    render(res.body);
  }

  function renderMeasures(view, before) {
    const body = clear($("measures-body"));
    if (!view) {
      body.append(el("tr", { class: "none" }, el("td", { colspan: 5 }, "暂无")));
      return;
    }
    const old = {};
    for (const r of (before && before.result.results) || []) old[r.id] = r.status;
    const all = $("show-all").checked;
    const rows = groups(view.result, { all }).flatMap((g) => g.rows);
    if (!rows.length) body.append(el("tr", { class: "none" }, el("td", { colspan: 5 }, "暂无相关措施")));
    for (const r of rows) {
      const s = STATUS[r.status];
      const t = todo(r);
      const changed = old[r.id] && old[r.id] !== r.status;
      body.append(el("tr", { class: changed ? "changed" : null, dataset: { measure: r.id, status: r.status } },
        el("td", { class: "m-name" }, r.name, r.audience === "organisation" ? el("span", { class: "tag" }, "单位") : null),
        el("td", { class: "m-clause" }, r.clause),
        el("td", {}, el("span", { class: `chip ${s.cls}` }, s.short),
          changed ? el("div", { class: "was" }, `原为：${STATUS[old[r.id]].short}`) : null),
        el("td", { class: "m-amount" }, r.amount_text),
        el("td", { class: "m-todo" }, !t.items.length ? "—" : t.title ? `${t.title}：${t.items.join("；")}` : t.items.join("；"))));
    }
  }

  // ------------------------------------------------------------ wiring
  $("login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    login($("token").value.trim()).then((ok) => {
      if (ok && !state.call) startCall(newCallId());
    });
  });
  // 退出: the next agent at this desk finds nothing of this one's calls (token, call, transcripts).
  $("logout").addEventListener("click", () => {
    store.clear();
    Object.assign(state, { token: "", call: "", view: null, previous: {} });
    clear($("chat"));
    $("call-id").textContent = "未开始";
    render(null);
    showLogin();
  });
  $("new-call").addEventListener("click", () => startCall(newCallId()));
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("text").value;
    $("text").value = "";
    send(text);
  });
  $("text").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("add-name").addEventListener("change", () => {
    const f = state.byName[$("add-name").value];
    const slot = clear($("add-value"));
    $("add-save").disabled = !f;
    if (f) slot.append(editor(f));
  });
  $("add-fact").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = state.byName[$("add-name").value];
    const input = $("add-value").querySelector(".editor");
    if (f && input) saveFacts({ [f.name]: valueOf(f, input) });
  });
  $("show-all").addEventListener("change", () => renderMeasures(state.view, null));
  const flash = (button) => {
    const was = button.textContent;
    button.textContent = "已复制";
    setTimeout(() => { button.textContent = was; }, 1500);
  };
  $("copy-ask").addEventListener("click", async (e) => {
    if (state.view && state.view.next_question && await copy(state.view.next_question.text)) flash(e.target);
  });
  $("copy-read").addEventListener("click", async (e) => {
    if (state.view && state.view.read_out && await copy(state.view.read_out)) flash(e.target);
  });

  (async () => {
    if (!state.token || !(await login(state.token))) {
      if (!state.token) showLogin();
      return;
    }
    if (state.call) {
      startCall(state.call, JSON.parse(store.getItem(`agentTranscript:${state.call}`) || "[]"));
      const res = await api("GET", `/conversations/${state.call}`);
      if (res.status === 200) render(res.body);
    } else {
      startCall(newCallId());
    }
  })();
})();
