import { h, mount } from "../dom.js";
import { loadPortfolio } from "../data.js";
import { KIND_LABELS } from "../kinds.js";
import { observedWords } from "../lib/observer.js";
import { titleOf } from "../lib/portfolio.js";
import { STATE_LABELS } from "../lib/view.js";

const FILTERS = [["all", "All"], ...["draft", "waiting", "synced", "conflict", "rejected", "referred", "submitted", "accepted"]
  .map((state) => [state, STATE_LABELS[state]])];

/** My evidence, newest first, each with its state; filter by state and search titles. */
export async function evidenceList(ctx, params) {
  const data = await loadPortfolio(ctx);
  const filter = params.get("state") ?? "all";
  const select = h("select", { id: "state-filter" }, ...FILTERS.map(([value, label]) =>
    h("option", { value, selected: value === filter }, label)));
  select.addEventListener("change", () => ctx.go(select.value === "all" ? "#/evidence" : `#/evidence?state=${select.value}`));
  const shown = data.items.filter((i) => filter === "all" || i.state === filter);
  const enrolments = (await ctx.store.meta("enrolments")) ?? [];
  const kindOf = (i) => observedWords(i, ctx.me.user_id, enrolments) ?? KIND_LABELS[i.fields.kind] ?? "Evidence";
  mount(
    h("h1", {}, "My evidence"),
    h("label", { for: "state-filter" }, "Show"), select,
    h("p", { class: "muted", role: "status" }, `${shown.length} item${shown.length === 1 ? "" : "s"}`),
    h("ul", { class: "plain items" }, ...shown.map((i) => row(i, kindOf(i)))),
    data.items.length ? null : h("p", {}, "Nothing yet. ", h("a", { href: "#/capture" }, "Capture your first evidence"), "."),
  );
}

/** @param {import("../lib/portfolio.js").Item} i @param {string} kind */
function row(i, kind) {
  const href = i.view || i.state === "rejected" ? `#/evidence/${i.id}` : `#/capture/${i.id}`;
  const criteria = (i.fields.criteria ?? []).length;
  return h("li", { class: "card item" },
    h("a", { href, class: "item-link" },
      h("span", { class: "item-title" }, titleOf(i.fields)),
      h("span", { class: "muted small" },
        `${kind}${i.fields.occurred_at ? ` · ${i.fields.occurred_at.slice(0, 10)}` : ""} · ${criteria} criteria`)),
    h("span", { class: `badge state-${i.state}` }, STATE_LABELS[i.state]));
}
