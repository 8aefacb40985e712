import { h, mount, toast } from "../dom.js";
import { loadWorker } from "../data.js";
import { queueChecked } from "../evidence.js";
import { KIND_NAMES as KIND_LABELS } from "../kinds.js";
import { criterionKey } from "../lib/coverage.js";
import { JUDGEMENTS, JUDGEMENT_WORDS, assessorEditsCriteria, planDecision, planUnlock } from "../lib/judging.js";
import { titleOf } from "../lib/portfolio.js";
import { STATE_LABELS } from "../lib/view.js";
import { criteriaPicker } from "./criteria-picker.js";
import { content } from "./evidence-item.js";

/**
 * Judging one item of a worker's portfolio, offline: read it, judge each criterion, accept or
 * refer back with feedback (one push batch), see earlier decisions; accepted evidence is
 * locked and "Unlock" needs a reason. `#/workers/ID/evidence/EID`.
 */
export async function judge(ctx, _params, [wid, id]) {
  const workerId = Number(wid);
  const { data, worker } = await loadWorker(ctx, workerId);
  const item = data.items.find((i) => i.id === id);
  const back = h("p", {}, h("a", { href: `#/workers/${workerId}` }, `← ${worker?.name ?? "Worker"}`));
  if (!item?.view) return mount(back, h("h1", {}, "Not found"), h("p", {}, "This evidence is not on this device."));
  const f = item.fields;
  const byKey = new Map(data.criteria.map((c) => [criterionKey(c), c]));
  const assessor = ctx.me.roles.includes("assessor");
  mount(back,
    h("h1", {}, titleOf(f)),
    h("p", {}, h("span", { class: `badge state-${item.state}` }, STATE_LABELS[item.state]), " ",
      h("span", { class: "muted" }, `${worker?.name ?? ""} · ${KIND_LABELS[f.kind] ?? "Evidence"}${f.occurred_at ? ` · ${f.occurred_at.slice(0, 10)}` : ""}`)),
    f.occurred_in_future ? h("p", { class: "card warn-card" }, "The date is in the future.") : null,
    content(ctx, f),
    history(item, byKey),
    assessor && f.status === "submitted" ? judgingForm(ctx, data, item, byKey, workerId) : null,
    assessor && f.status === "accepted" ? unlockForm(ctx, data.scope, item, workerId) : null,
    criteriaList(f, byKey),
  );
}

const label = (byKey, key) => {
  const c = byKey.get(key);
  return c ? `${c.standard} ${c.ref}: ${c.text}` : key;
};

function criteriaList(f, byKey) {
  if (f.status === "submitted") return null;
  return h("section", { "aria-labelledby": "crit" }, h("h2", { id: "crit" }, "Criteria the worker suggested"),
    (f.criteria ?? []).length ? h("ul", {}, ...f.criteria.map((k) => h("li", {}, label(byKey, k)))) : h("p", { class: "muted" }, "None."));
}

/** Earlier decisions, newest first: the latest stands, earlier ones are kept and listed. */
function history(item, byKey) {
  if (!item.decisions.length) return null;
  return h("section", { "aria-labelledby": "decisions", class: "card" }, h("h2", { id: "decisions" }, "Decisions"),
    h("ol", { class: "plain" }, ...item.decisions.map((d, i) => h("li", { class: "decision" },
      h("p", {}, h("strong", {}, d.fields.outcome === "accepted" ? "Accepted" : "Referred back"),
        d.fields.decided_at ? ` on ${d.fields.decided_at.slice(0, 10)}` : "",
        i === 0 ? " (current)" : " (superseded)", d.onServer ? "" : " · waiting to sync"),
      d.fields.feedback ? h("p", { class: "prewrap" }, d.fields.feedback) : null,
      Object.keys(d.fields.judgements ?? {}).length ? h("ul", { class: "small" }, ...Object.entries(d.fields.judgements).map(([k, v]) =>
        h("li", {}, `${label(byKey, k).slice(0, 80)}: ${JUDGEMENT_WORDS[v] ?? v}`))) : null))));
}

function judgingForm(ctx, data, item, byKey, workerId) {
  const canEdit = assessorEditsCriteria();
  let criteria = [...(item.fields.criteria ?? [])];
  /** @type {Record<string, string>} */
  const judgements = Object.fromEntries(criteria.map((k) => [k, "met"]));
  const rows = h("div", {});
  const render = () => rows.replaceChildren(...criteria.map((key, i) => h("fieldset", { class: "judgement" },
    h("legend", {}, label(byKey, key)),
    h("div", { class: "choices" }, ...JUDGEMENTS.map((v) => {
      const rid = `j-${i}-${v}`;
      const radio = h("input", { type: "radio", name: `j-${i}`, id: rid, value: v, checked: judgements[key] === v });
      radio.addEventListener("change", () => { judgements[key] = v; });
      return h("span", { class: "check" }, radio, h("label", { for: rid }, JUDGEMENT_WORDS[v]));
    })))));
  render();
  const picker = canEdit ? criteriaPicker({ criteria: data.criteria, statusOf: data.coverage.statusOf, standards: data.standards,
    selected: criteria, onChange: (keys) => { criteria = keys; for (const k of keys) judgements[k] ??= "met"; render(); } }) : null;
  const feedback = h("textarea", { id: "feedback", rows: 5, "aria-describedby": "feedback-hint" });
  const error = h("p", { class: "error", role: "alert" });
  const decide = async (/** @type {"accepted" | "referred"} */ outcome) => {
    error.textContent = "";
    const plan = planDecision({ scope: data.scope, evidence: item, outcome, feedback: feedback.value, criteria, judgements,
      decisionId: crypto.randomUUID(), decidedAt: new Date().toISOString().slice(0, 19) + "Z", canEditCriteria: canEdit });
    if ("error" in plan) { error.textContent = plan.error; return; }
    const problem = await queueChecked(ctx, plan.mutations);
    if (problem) { error.textContent = problem; return; }
    toast(navigator.onLine ? "Decision saved. Syncing now." : "Decision saved on this device. It syncs when there is a signal.");
    ctx.go(`#/workers/${workerId}/evidence/${item.id}`);
  };
  const accept = h("button", { type: "button", class: "wide" }, "Accept");
  accept.addEventListener("click", () => decide("accepted"));
  const refer = h("button", { type: "button", class: "secondary wide" }, "Refer back with feedback");
  refer.addEventListener("click", () => decide("referred"));
  return h("section", { "aria-labelledby": "judge-h" }, h("h2", { id: "judge-h" }, "Your judgement"),
    criteria.length ? h("p", { class: "muted small" }, "For each criterion the worker suggested: is it met by this evidence?") : h("p", {}, "The worker linked no criteria."),
    rows,
    canEdit ? picker : h("p", { class: "muted small" }, "To leave a criterion out, judge it 'Not yet met'. Criteria are added by the worker: refer the item back to ask for one."),
    h("label", { for: "feedback" }, "Feedback for the worker"),
    h("p", { class: "muted small", id: "feedback-hint" }, "Required to refer back. The worker sees it on their phone."),
    feedback, error, accept, refer);
}

function unlockForm(ctx, scope, item, workerId) {
  const reason = h("textarea", { id: "unlock-reason", rows: 3 });
  const error = h("p", { class: "error", role: "alert" });
  const unlock = h("button", { type: "button", class: "secondary wide" }, "Unlock");
  unlock.addEventListener("click", async () => {
    const plan = planUnlock(scope, item, reason.value);
    if ("error" in plan) { error.textContent = plan.error; return; }
    const problem = await queueChecked(ctx, plan.mutations);
    if (problem) { error.textContent = problem; return; }
    toast("Unlocked: the item is referred back to the worker.");
    ctx.go(`#/workers/${workerId}/evidence/${item.id}`);
  });
  return h("section", { class: "card", "aria-labelledby": "locked-h" },
    h("h2", { id: "locked-h" }, "Locked: accepted"),
    h("p", {}, "Accepted evidence cannot be changed. Unlocking refers it back to the worker; the reason is kept in the audit trail."),
    h("label", { for: "unlock-reason" }, "Reason for unlocking"), reason, error, unlock);
}
