import { h, mount } from "../dom.js";
import { dismiss } from "../evidence.js";
import { loadPortfolio } from "../data.js";
import { ago, describe, explain } from "../lib/syncstate.js";
import { titleOf } from "../lib/portfolio.js";
import { CONFLICT_SENTENCES, REJECTION_SENTENCES, sentence } from "../lib/words.js";

/** Sync in detail: when, how many changes wait, the last error in plain words, and every
 * conflict and refused change that still needs the worker. */
export async function syncStatus(ctx) {
  const data = await loadPortfolio(ctx);
  const s = ctx.sync.status;
  const now = Date.now();
  const now_ = h("button", { type: "button", class: "wide" }, "Sync now");
  now_.addEventListener("click", () => ctx.sync.run());
  const titleFor = (id) => {
    const item = data.items.find((i) => i.id === id);
    return item ? titleOf(item.fields) : "an item";
  };
  mount(h("h1", {}, "Sync"),
    h("dl", { class: "stats" },
      h("div", {}, h("dt", {}, "Status"), h("dd", {}, describe({ ...s, online: navigator.onLine }, now).text)),
      h("div", {}, h("dt", {}, "Last synced"), h("dd", {}, s.lastSyncedAt ? ago(now - s.lastSyncedAt) : "never")),
      h("div", {}, h("dt", {}, "Changes waiting"), h("dd", {}, String(s.pending)))),
    s.error ? h("p", { class: "card error-card" }, explain(s.error, s.pending)) : null,
    navigator.onLine ? now_ : h("p", {}, "No signal: everything is kept on this phone and syncs when the signal returns."),
    h("h2", {}, "Needs your attention"),
    data.problems.length
      ? h("ul", { class: "plain" }, ...data.problems.map((note) => h("li", { class: "card" },
        h("p", {}, h("strong", {}, note.entity === "conflict" ? "Conflict" : "Not accepted"), `: ${note.entity === "conflict"
          ? sentence(CONFLICT_SENTENCES, note.fields.reason, "This was changed in two places; both versions are kept.")
          : sentence(REJECTION_SENTENCES, note.fields.code, note.fields.message)}`),
        h("a", { href: `#/evidence/${note.fields.record_id}` }, `Open ${titleFor(note.fields.record_id)}`),
        note.entity === "rejection" ? dismissButton(ctx, note) : null)))
      : h("p", { class: "muted" }, "Nothing: no conflicts and no refused changes."));
}

function dismissButton(ctx, note) {
  const b = h("button", { type: "button", class: "secondary small-button" }, "Dismiss");
  b.addEventListener("click", () => dismiss(ctx, note));
  return b;
}
