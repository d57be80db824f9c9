// From the API's answer to what the page shows. Only the structured result is read for cards;
// reply text is shown as text (WXML {{}} never interprets markup).
const STATUS = {
  eligible: { label: "可以领取", cls: "ok" },
  conditional: { label: "办完手续即可领取", cls: "todo" },
  undetermined: { label: "还需确认", cls: "ask" },
  ineligible: { label: "暂不符合", cls: "no" },
};
const ORDER = ["eligible", "conditional", "undetermined", "ineligible"];

function todo(r) {
  if (r.status === "conditional") return { title: "还需办理", items: r.steps || [] };
  if (r.status === "undetermined") return { title: "还需确认", items: r.missing_labels || [] };
  if (r.status === "ineligible") return { title: "原因", items: r.reason ? [r.reason] : [] };
  return { title: "", items: [] };
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

module.exports = { STATUS, cards, buttons, todo };
