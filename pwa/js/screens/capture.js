import { h, mount, toast } from "../dom.js";
import { loadPortfolio } from "../data.js";
import { saveDraft } from "../evidence.js";
import { recordProblem } from "../problems.js";
import { KIND_HINTS, KIND_LABELS } from "../kinds.js";
import { FIELD_LIMITS } from "../lib/limits.js";
import { kindFields, textInput } from "./capture-fields.js";
import { criteriaPicker } from "./criteria-picker.js";
import { guardHint } from "./guard-hint.js";
import { photoField } from "./photo.js";
import { signatureField } from "./signature.js";

const today = () => new Date().toISOString().slice(0, 10);
const newId = () => crypto.randomUUID();

/**
 * Capture or edit evidence. Every keystroke is saved to the phone (IndexedDB) at once, so
 * nothing is lost if the phone locks or the tab is killed; "Save" queues it for sync.
 * `#/capture` chooses a kind; `#/capture?kind=...` starts one; `#/capture/ID` reopens a draft
 * or edits saved evidence.
 */
export async function capture(ctx, params, [id] = []) {
  let draft = id ? await ctx.store.draft(id) : null;
  // An assessor observing a worker captures into that worker's portfolio (`?worker=ID`).
  const worker = params.get("worker");
  const scope = draft?.scope ?? (worker ? `portfolio:${Number(worker)}` : ctx.scope);
  const data = await loadPortfolio(ctx, scope);
  if (!draft && id) {
    const item = data.items.find((i) => i.id === id);
    if (!item?.view) return mount(h("h1", {}, "Not found"), h("p", {}, "This evidence is not on this phone."));
    if (item.fields.status === "accepted") {
      return mount(h("h1", {}, "Accepted evidence"), h("p", {}, "An assessor accepted this evidence, so it can no longer be changed."),
        h("a", { class: "button wide", href: `#/evidence/${id}` }, "Back"));
    }
    const fields = structuredClone(item.fields);
    draft = { id, scope, isNew: false, fields, baseFields: structuredClone(fields), baseVersions: { ...item.view.versions } };
  }
  if (!draft) {
    const kind = params.get("kind");
    if (!kind || !KIND_LABELS[kind] || (scope !== ctx.scope && !OBSERVER_KINDS[kind])) return chooseKind(scope === ctx.scope ? null : worker);
    draft = { id: newId(), scope, isNew: true, fields: { kind, title: "", occurred_at: today(), criteria: [], attachments: [] } };
    history.replaceState(null, "", `#/capture/${draft.id}`);
  }
  return form(ctx, data, draft);
}

/** What an assessor records in a worker's portfolio. */
const OBSERVER_KINDS = {
  observation: ["Observation by the assessor", "What you saw the worker do, as it happened."],
  professional_discussion: ["Professional discussion", "The questions you asked and the worker's answers."],
};

/** @param {string | null} worker another worker's id (an assessor observing) */
function chooseKind(worker) {
  const kinds = worker ? Object.entries(OBSERVER_KINDS).map(([k, [label, hint]]) => [k, label, hint])
    : Object.entries(KIND_LABELS).map(([k, label]) => [k, label, KIND_HINTS[k]]);
  mount(h("h1", {}, worker ? "Record evidence for a worker" : "Capture evidence"),
    h("p", {}, "What kind of evidence?"),
    h("ul", { class: "plain kinds" }, ...kinds.map(([kind, label, hint]) =>
      h("li", {}, h("a", { class: "kind-choice card", href: `#/capture?kind=${kind}${worker ? `&worker=${worker}` : ""}` },
        h("strong", {}, label), h("span", { class: "muted small" }, hint))))));
}

function form(ctx, data, draft) {
  const fields = draft.fields;
  const title = textInput("title", "Title", fields.title, { maxlength: FIELD_LIMITS.evidence.title, autocomplete: "off" });
  const titleHint = guardHint(title.input, () => save());
  const when = textInput("occurred-at", "When it happened", (fields.occurred_at ?? "").slice(0, 10), { type: "date" });
  let attachments = [...(fields.attachments ?? [])];
  let criteria = [...(fields.criteria ?? [])];
  const extras = {
    photo: () => photoField({ store: ctx.store, scope: draft.scope, recordId: draft.id, shas: attachments, onChange: (s) => { attachments = s; save(); } }),
    signature: (o) => signatureField({ store: ctx.store, scope: draft.scope, recordId: draft.id, ...o }),
  };
  const observer = draft.scope !== ctx.scope;
  const specific = kindFields(fields.kind, fields, () => save(), extras, { observer });
  const photos = fields.kind === "product_evidence" ? null
    : h("fieldset", { class: "field" }, h("legend", {}, "Photos (optional)"), extras.photo());
  const picker = criteriaPicker({ criteria: data.criteria, statusOf: data.coverage.statusOf, standards: data.standards,
    selected: criteria, onChange: (keys) => { criteria = keys; save(); } });
  const saved = h("p", { class: "muted small saved-note" }, draft.savedAt ? "Saved on this phone." : "");
  const error = h("p", { class: "error", role: "alert" });

  const read = () => ({ ...fields, title: title.input.value, occurred_at: when.input.value || null, ...specific.read(), criteria, attachments });
  /** Write the draft to IndexedDB now (writes land in the order they were made). */
  function save() {
    const writing = ctx.store.putDraft({ ...draft, fields: read() });
    writing.then(() => { saved.textContent = "Saved on this phone."; },
      (e) => { saved.textContent = `Could not save on this phone: ${e.message}`; });
    return writing;
  }
  const formEl = h("form", { novalidate: true, class: "capture" },
    title.node, titleHint, when.node, ...specific.nodes, photos, picker, error, saved,
    h("button", { type: "submit", class: "wide" }, draft.isNew ? "Save evidence" : "Save changes"),
    (draft.fields.status ?? "draft") === "draft" || draft.fields.status === "referred"
      ? h("button", { type: "button", class: "secondary wide", id: "save-submit" }, draft.fields.status === "referred" ? "Save and resubmit" : "Save and submit for assessment")
      : null,
    draft.isNew ? h("button", { type: "button", class: "secondary wide", id: "discard" }, "Discard this draft") : null);
  formEl.addEventListener("input", () => save());
  formEl.addEventListener("change", () => save());
  let finishing = false;
  /** Save for sync: every tap ends on screen, in the item or in a sentence saying what failed. */
  const finish = async (/** @type {boolean} */ submit) => {
    if (finishing) return; // a second tap while the first is saving would queue it twice
    finishing = true;
    error.textContent = "";
    saved.textContent = "Saving…"; // the tap shows at once, however slow the phone
    const buttons = [...formEl.querySelectorAll("button")];
    for (const b of buttons) b.setAttribute("aria-disabled", "true");
    try {
      await save();
      const problem = await saveDraft(ctx, { ...draft, fields: read() }, { submit });
      if (problem) { error.textContent = `Not saved for sync: ${problem} Your text is kept on this phone.`; return; }
      toast(navigator.onLine ? "Saved. Syncing now." : "Saved on this phone. It will sync when there is a signal.");
      ctx.go(observer ? `#/workers/${draft.scope.split(":")[1]}/evidence/${draft.id}` : `#/evidence/${draft.id}`);
    } catch (e) {
      error.textContent = `Not saved for sync: ${recordProblem(e, "#/capture")}. Your text is kept on this phone.`;
    } finally {
      finishing = false;
      for (const b of buttons) b.removeAttribute("aria-disabled");
    }
  };
  formEl.addEventListener("submit", (e) => { e.preventDefault(); finish(false); });
  formEl.querySelector("#save-submit")?.addEventListener("click", () => finish(true));
  formEl.querySelector("#discard")?.addEventListener("click", async () => {
    if (!confirm("Discard this draft? Its text will be deleted from this phone.")) return;
    try {
      await ctx.store.dropDraft(draft.id);
      ctx.go(observer ? "#/assess" : "#/evidence");
    } catch (e) {
      error.textContent = `The draft was not discarded: ${recordProblem(e, "#/capture")}.`;
    }
  });
  const onHide = () => { if (document.visibilityState === "hidden") save(); };
  const onFlush = (/** @type {any} */ e) => e.detail?.push(save());
  document.addEventListener("visibilitychange", onHide);
  document.addEventListener("carefolio:flush", onFlush);
  addEventListener("pagehide", save);
  const kindName = observer ? OBSERVER_KINDS[fields.kind]?.[0] ?? KIND_LABELS[fields.kind] : KIND_LABELS[fields.kind];
  mount(h("h1", {}, draft.isNew ? kindName : `Edit: ${kindName}`),
    h("p", { class: "muted" }, observer ? "It goes into the worker's portfolio. Everything you type is kept on this device, even with no signal."
      : "Everything you type is kept on this phone, even with no signal."), formEl);
  return () => {
    document.removeEventListener("visibilitychange", onHide);
    document.removeEventListener("carefolio:flush", onFlush);
    removeEventListener("pagehide", save);
  };
}
