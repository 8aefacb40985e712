import { h, toast } from "../dom.js";
import { settleConflict } from "../evidence.js";
import { mergeValues } from "../lib/conflict-merge.js";
import { CONFLICT_SENTENCES, sentence } from "../lib/words.js";

const FIELD_NAMES = { title: "Title", description: "Description", reflection: "Reflection", witness: "Witness testimony",
  location: "Record location", occurred_at: "Date", duration_minutes: "Duration" };

/** A value as readable text. @param {any} v */
function show(v) {
  if (v === null || v === undefined) return "(empty)";
  if (typeof v === "string") return v;
  if (v.stages) return Object.entries(v.stages).map(([k, t]) => `${k.replace(/_/g, " ")}: ${t}`).join("\n\n");
  if (typeof v === "object") return Object.entries(v).filter(([k, x]) => x && !k.endsWith("sha256")).map(([k, x]) => `${k.replace(/_/g, " ")}: ${x}`).join("\n");
  return String(v);
}

/**
 * A conflict on an item: both versions side by side and a one-tap choice, or a merge of both
 * that can be edited before it is saved.
 */
export function conflictCard(ctx, note, item) {
  const f = note.fields;
  const name = FIELD_NAMES[f.field] ?? f.field;
  const section = h("section", { class: "card conflict", "aria-labelledby": `c-${note.id}` },
    h("h2", { id: `c-${note.id}` }, f.field === "*" ? "Changed in two places" : `Conflict: ${name}`),
    h("p", {}, sentence(CONFLICT_SENTENCES, f.reason, "This was changed in two places; both versions are kept.")));
  if (f.field === "*") {
    const ok = h("button", { type: "button", class: "wide" }, "Understood");
    ok.addEventListener("click", () => settleConflict(ctx, note, {}));
    section.append(ok);
    return section;
  }
  const current = item.fields[f.field];
  section.append(
    h("div", { class: "versions" },
      h("div", { class: "version" }, h("h3", {}, "Kept on the server"), h("p", { class: "prewrap" }, show(f.kept))),
      h("div", { class: "version mine" }, h("h3", {}, "Your version (not applied)"), h("p", { class: "prewrap" }, show(f.lost)))));
  const keep = h("button", { type: "button", class: "secondary" }, "Keep the server's");
  keep.addEventListener("click", async () => { await settleConflict(ctx, note, {}); toast("Kept the server's version."); });
  const mine = h("button", { type: "button" }, "Use mine");
  mine.addEventListener("click", async () => { await settleConflict(ctx, note, { value: f.lost }); toast("Your version will replace it."); });
  const merge = h("button", { type: "button", class: "secondary" }, "Merge both");
  merge.addEventListener("click", () => {
    const merged = mergeValues(current ?? f.kept, f.lost);
    if (typeof merged !== "string") {
      settleConflict(ctx, note, { value: merged }).then(() => toast("Both versions merged."));
      return;
    }
    const area = h("textarea", { id: `merge-${note.id}`, rows: 8 });
    area.value = merged;
    const save = h("button", { type: "button", class: "wide" }, "Save the merged text");
    save.addEventListener("click", async () => { await settleConflict(ctx, note, { value: area.value }); toast("Merged text saved."); });
    section.append(h("label", { for: area.id }, "Merged text: edit it, then save"), area, save);
    area.focus();
    merge.disabled = true;
  });
  section.append(h("div", { class: "row" }, mine, keep, merge));
  return section;
}
