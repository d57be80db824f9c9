// From the API's answer to what the page shows. Only the structured result is read for cards;
// reply text is shown as text (WXML {{}} never interprets markup).
const STATUS = {
  eligible: { label: "可以领取", cls: "ok" },
  conditional: { label: "办完手续即可领取", cls: "todo" },
  undetermined: { label: "还需确认", cls: "ask" },
  ineligible: { label: "暂不符合", cls: "no" },
};
const ORDER = ["eligible", "conditional", "undetermined", "ineligible"];

// What is still to do or tell; a measure not met says why in the dialogue's own refusal sentence
// (本项要求…，按您说的是…，所以暂不符合。), with no title: never the bare condition under 「原因」.
function todo(r) {
  if (r.status === "conditional") return { title: "还需办理", items: r.steps || [] };
  if (r.status === "undetermined") return { title: "还需确认", items: r.missing_labels || [] };
  if (r.status === "ineligible") return { title: "", items: [refusal(r)].filter(Boolean) };
  return { title: "", items: [] };
}

function refusal(r) {
  if (r.refusal) return r.refusal;
  return r.reason ? "本项要求" + r.reason + "，按目前的情况暂不符合。" : "";
}

/** Result cards for the measures in play, in reading order. */
function cards(result) {
  if (!result || !Array.isArray(result.results)) return [];
  const rows = result.results.filter((r) => r.in_play);
  const out = [];
  for (const status of ORDER) {
    for (const r of rows.filter((x) => x.status === status)) {
      const t = todo(r);
      out.push({
        id: r.id, name: r.name, status, statusLabel: STATUS[status].label, cls: STATUS[status].cls,
        amount: r.amount_text, todoTitle: t.title, todo: t.items.join("；"),
        clause: "依据：金就办〔2023〕1号 第" + r.clause + "条",
      });
    }
  }
  return out;
}

/** Quick replies for the question asked: [{title, payload}]. */
function buttons(nextQuestion) {
  return ((nextQuestion && nextQuestion.buttons) || []).map((b) => ({ title: String(b.title), payload: String(b.payload) }));
}

/** A query in the list: "孩子 · 12月6日 14:05". */
function queryLabel(q) {
  const d = new Date((q.last || q.created) * 1000);
  const pad = (n) => String(n).padStart(2, "0");
  return q.who + " · " + (d.getMonth() + 1) + "月" + d.getDate() + "日 " + pad(d.getHours()) + ":" + pad(d.getMinutes());
}

module.exports = { STATUS, cards, buttons, todo, refusal, queryLabel };
