import { h, mount, toast } from "../dom.js";
import { loadPortfolio } from "../data.js";
import { dismiss, settleConflict, transition } from "../evidence.js";
import { KIND_LABELS } from "../kinds.js";
import { criterionKey } from "../lib/coverage.js";
import { titleOf } from "../lib/portfolio.js";
import { MODELS } from "../lib/reflection.js";
import { STATE_LABELS } from "../lib/view.js";
import { REJECTION_SENTENCES, STATE_SENTENCES, sentence } from "../lib/words.js";
import { fileUrl } from "../media.js";
import { conflictCard } from "./conflict.js";
import { witnessBlock } from "./witness-view.js";
import { observedWords } from "../lib/observer.js";
import { itemThread } from "./item-thread.js";

/** One evidence item: its content, state, feedback, conflicts and rejections, and actions. */
export async function evidenceItem(ctx, _params, [id]) {
  const data = await loadPortfolio(ctx);
  const item = data.items.find((i) => i.id === id);
  if (!item) return mount(h("h1", {}, "Not found"), h("p", {}, "This evidence is not on this phone."), h("a", { href: "#/evidence" }, "Back to my evidence"));
  const f = item.fields;
  const status = f.status ?? "draft";
  const error = h("p", { class: "error", role: "alert" });
  const act = (label, run, cls = "wide") => {
    const b = h("button", { type: "button", class: cls }, label);
    b.addEventListener("click", async () => {
      error.textContent = "";
      const problem = await run();
      if (problem) error.textContent = problem;
    });
    return b;
  };
  const byKey = new Map(data.criteria.map((c) => [criterionKey(c), c]));
  const actions = [];
  const enrolments = (await ctx.store.meta("enrolments")) ?? [];
  const observed = observedLine(ctx, item, enrolments);
  if (item.view && !item.conflicts.length && !observed) {
    if (status === "draft") actions.push(act("Submit for assessment", () => transition(ctx, data.scope, id, "submitted").then(done("Submitted for assessment."))));
    if (status === "referred") actions.push(act("Resubmit as it is", () => transition(ctx, data.scope, id, "submitted").then(done("Resubmitted."))));
    if (status === "submitted") actions.push(act("Withdraw to edit", () => transition(ctx, data.scope, id, "draft").then(done("Withdrawn.")), "secondary wide"));
    if (status === "draft" || status === "referred") actions.push(h("a", { class: "button secondary wide", href: `#/capture/${id}` }, status === "referred" ? "Edit and resubmit" : "Edit"));
  }
  if (!item.view && item.draft) actions.push(h("a", { class: "button wide", href: `#/capture/${id}` }, "Carry on writing"));

  mount(
    h("p", {}, h("a", { href: "#/evidence" }, "← My evidence")),
    h("h1", {}, titleOf(f)),
    h("p", {}, h("span", { class: `badge state-${item.state}` }, STATE_LABELS[item.state]),
      " ", h("span", { class: "muted" }, `${KIND_LABELS[f.kind] ?? "Evidence"}${f.occurred_at ? ` · ${f.occurred_at.slice(0, 10)}` : ""}`)),
    h("p", { class: "muted small state-sentence" }, STATE_SENTENCES[item.state]),
    observed,
    f.occurred_in_future ? h("p", { class: "card warn-card" }, "The date is in the future: check it.") : null,
    ...item.conflicts.map((note) => conflictCard(ctx, note, item)),
    ...item.rejections.map((note) => rejectionCard(ctx, note)),
    itemThread(ctx, { scope: data.scope, item, comments: data.comments, workerId: ctx.me.user_id, workerName: ctx.me.display_name,
      enrolments, title: "Assessor feedback and comments", lead: f.status_reason ?? null, canWrite: Boolean(item.view), after: () => ctx.go(`#/evidence/${id}`) }),
    content(ctx, f),
    h("section", { "aria-labelledby": "crit" }, h("h2", { id: "crit" }, "Criteria"),
      (f.criteria ?? []).length
        ? h("ul", {}, ...f.criteria.map((key) => {
          const c = byKey.get(key);
          return h("li", {}, c ? h("span", {}, h("strong", {}, `${c.standard} ${c.ref}: `), c.text) : key);
        }))
        : h("p", { class: "muted" }, "No criteria chosen yet.")),
    error, ...actions,
  );

  function done(message) {
    return (problem) => {
      if (problem) return problem;
      toast(message);
      ctx.go(`#/evidence/${id}`);
      return null;
    };
  }
}

/** "Observed by <name>" when an assessor recorded this item of the worker's (they alone edit it). */
function observedLine(ctx, item, enrolments) {
  const words = observedWords(item, ctx.me.user_id, enrolments);
  return words ? h("p", { class: "observed" }, h("strong", {}, words), h("span", { class: "muted" }, ": your assessor's observation of your practice.")) : null;
}

export function content(ctx, f) {
  const blocks = [];
  if (f.description) blocks.push(h("p", { class: "prewrap" }, f.description));
  if (f.reflection) {
    const model = MODELS[f.reflection.model];
    blocks.push(h("p", { class: "muted" }, model?.label ?? f.reflection.model));
    for (const stage of model?.stages ?? []) {
      const text = f.reflection.stages?.[stage.key];
      if (text) blocks.push(h("h3", {}, stage.label), h("p", { class: "prewrap" }, text));
    }
  }
  if (f.witness) blocks.push(witnessBlock(ctx, f.witness));
  if (f.location) blocks.push(h("h3", {}, "Where the record is kept"), h("p", {}, `${f.location.record_type}: ${f.location.location}${f.location.custodian ? ` (${f.location.custodian})` : ""}`));
  const photos = h("div", { class: "thumbs" });
  (f.attachments ?? []).forEach(async (sha, i) => photos.append(h("img", { src: await fileUrl(ctx.store, sha), alt: `Photo ${i + 1} of the evidence`, class: "photo" })));
  return h("section", { "aria-labelledby": "what" }, h("h2", { id: "what" }, "Evidence"), ...blocks, photos);
}

/** A change the server refused: say why, show its content, offer to copy it or dismiss. */
export function rejectionCard(ctx, note) {
  const m = note.fields.mutation ?? {};
  const text = JSON.stringify(m.set ?? m.fields ?? { to: m.to }, null, 1);
  const copy = h("button", { type: "button", class: "secondary" }, "Copy into new evidence");
  copy.addEventListener("click", async () => {
    const fields = { kind: "observation", title: "", criteria: [], attachments: [], ...(m.fields ?? {}), ...(m.set ?? {}) };
    const id = crypto.randomUUID();
    for (const server of ["status", "status_reason", "occurred_in_future"]) delete fields[server];
    await ctx.store.putDraft({ id, scope: note.fields.scope ?? ctx.scope, isNew: true, fields });
    await dismiss(ctx, note);
    ctx.go(`#/capture/${id}`);
  });
  const ok = h("button", { type: "button", class: "secondary" }, "Dismiss");
  ok.addEventListener("click", () => dismiss(ctx, note));
  return h("section", { class: "card error-card", "aria-label": "A change the server did not accept" },
    h("h2", {}, "A change was not accepted"),
    h("p", {}, sentence(REJECTION_SENTENCES, note.fields.code)),
    h("details", {}, h("summary", {}, "What was not applied"), h("pre", { class: "prewrap" }, text),
      note.fields.message ? h("p", { class: "muted small" }, `The server said: ${note.fields.message}`) : null),
    h("div", { class: "row" }, copy, ok));
}
