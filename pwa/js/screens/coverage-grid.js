import { h, mount } from "../dom.js";
import { loadWorker } from "../data.js";
import { coverageGrid } from "../lib/coverage.js";
import { JUDGEMENT_WORDS } from "../lib/judging.js";
import { titleOf } from "../lib/portfolio.js";
import { RULE_WORDS, coverageStats } from "./worker.js";

/** What a cell says, in words and as a mark that is not colour alone. */
export const CELL_WORDS = { met: "judged met", waiting: "waiting for assessment", linked: "linked" };
const CELL_MARKS = { met: "✓", waiting: "…", linked: "○" };

/**
 * The coverage grid of one worker and standard, laid out for a phone: per criterion (down
 * the side) a row of chips for the items that link it (across, numbered oldest first), each
 * chip linked / judged met / waiting and opening the item; the counts above. From the device,
 * by the assessment rule (lib/coverage.js `cellState`, the one the counts use).
 * `#/workers/ID/coverage/CODE`.
 */
export async function coverageGridScreen(ctx, _params, [wid, code]) {
  const workerId = Number(wid);
  const { data, worker, rule } = await loadWorker(ctx, workerId);
  const back = h("p", {}, h("a", { href: `#/workers/${workerId}` }, `← ${worker?.name ?? "Worker"}`));
  const standard = rule.find((s) => s.standard === code);
  if (!worker || !standard) return mount(back, h("h1", {}, "Not on this device"), h("p", {}, "This worker's coverage of that standard is not on this device."));
  const title = data.standards.find((s) => s.code === code)?.title ?? code;
  const byId = new Map(data.items.map((i) => [i.id, i]));
  const grid = coverageGrid(standard, data.items);
  const href = (/** @type {string} */ id) => `#/workers/${workerId}/evidence/${id}`;
  const name = (/** @type {string} */ id) => (byId.has(id) ? titleOf(byId.get(id).fields) : "An item not on this device");
  mount(back,
    h("h1", {}, `Coverage grid: ${worker.name}`),
    h("p", { class: "muted" }, `${code}: ${title}`),
    coverageStats(standard),
    h("p", { class: "small", id: "grid-key" }, "Each number is an item (oldest first): ",
      ...Object.entries(CELL_WORDS).flatMap(([state, words], i) => [i ? ", " : "", h("span", { class: `chip-key cell-${state}` }, `${CELL_MARKS[state]} ${words}`)]), ". Tap one to open it."),
    h("ol", { class: "plain grid", id: "coverage-grid", "aria-describedby": "grid-key" }, ...grid.rows.map((row) => h("li", { class: "grid-row", "data-key": row.key, "data-state": row.state },
      h("p", {}, h("strong", {}, `${row.criterion.ref} `), row.criterion.text),
      h("p", { class: `small ${row.state === "met" ? "state-accepted" : row.state === "waiting" ? "state-submitted" : "missing"}` }, RULE_WORDS[row.state]),
      row.cells.length ? h("ul", { class: "chips", "aria-label": `Items linked to ${row.criterion.ref}` }, ...row.cells.map((cell) => h("li", {},
        h("a", { class: `chip cell-${cell.state}`, href: href(cell.id), "data-item": cell.id, "data-cell": cell.state },
          `${cell.n} ${CELL_MARKS[cell.state]}`,
          h("span", { class: "sr-only" }, `: ${name(cell.id)}, ${CELL_WORDS[cell.state]}${cell.judged && cell.state === "linked" ? ` (judged ${JUDGEMENT_WORDS[cell.judged] ?? cell.judged})` : ""}`)))))
        : null))),
    h("details", {}, h("summary", {}, `The ${grid.columns.length} items, by number`),
      h("ol", { class: "plain", id: "grid-items" }, ...grid.columns.map((col) => h("li", {}, `${col.n}. `, h("a", { href: href(col.id) }, name(col.id)))))),
  );
}
