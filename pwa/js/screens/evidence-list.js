import { h, mount } from "../dom.js";
import { loadPortfolio } from "../data.js";
import { KIND_LABELS } from "../kinds.js";
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
  mount(
    h("h1", {}, "My evidence"),
    h("label", { for: "state-filter" }, "Show"), select,
    h("p", { class: "muted", role: "status" }, `${shown.length} item${shown.length === 1 ? "" : "s"}`),
    h("ul", { class: "plain items" }, ...shown.map((i) => row(i))),
    data.items.length ? null : h("p", {}, "Nothing yet. ", h("a", { href: "#/capture" }, "Capture your first evidence"), "."),
  );
}

/** @param {import("../lib/portfolio.js").Item} i */
function row(i) {
  const href = i.view || i.state === "rejected" ? `#/evidence/${i.id}` : `#/capture/${i.id}`;
  const criteria = (i.fields.criteria ?? []).length;
  return h("li", { class: "card item" },
    h("a", { href, class: "item-link" },
      h("span", { class: "item-title" }, titleOf(i.fields)),
      h("span", { class: "muted small" },
        `${KIND_LABELS[i.fields.kind] ?? "Evidence"}${i.fields.occurred_at ? ` · ${i.fields.occurred_at.slice(0, 10)}` : ""} · ${criteria} criteria`)),
    h("span", { class: `badge state-${i.state}` }, STATE_LABELS[i.state]));
}
