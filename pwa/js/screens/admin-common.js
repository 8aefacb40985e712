// Shared pieces of the administrator screens. These screens need the network (they change
// the organisation on the server, nothing of them is kept offline): they say so plainly when
// there is none, and a half-filled form survives a failed tap and a reload (kept in
// sessionStorage until it is sent).

import { api, isOffline } from "../api.js";
import { h } from "../dom.js";

export const ROLE_OPTIONS = [
  ["worker", "Worker"], ["assessor", "Assessor"], ["quality_assurer", "Quality assurer"], ["administrator", "Administrator"],
];
export const roleLabel = (/** @type {string} */ role) => ROLE_OPTIONS.find(([v]) => v === role)?.[1] ?? role;

const OFFLINE = "You are offline. These screens need the network: nothing here was changed, and anything you typed is kept on this page.";

/** A notice that shows itself while the device is offline. */
export function networkNotice() {
  const notice = h("p", { class: "card notice-offline", role: "status", id: "admin-offline" }, OFFLINE);
  const update = () => { notice.hidden = navigator.onLine; };
  update();
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  return notice;
}

/** The words for a failed call: offline says nothing changed and the form is kept. */
export function failure(/** @type {any} */ error) {
  if (isOffline(error)) return "No connection: nothing was changed. What you typed is kept; try again when you are online.";
  return error.message;
}

/** An error paragraph for `error`, or a message. */
export function errorText(/** @type {any} */ error) {
  return h("p", { class: "error", role: "alert" }, typeof error === "string" ? error : failure(error));
}

/**
 * Keep a form's fields in sessionStorage while it is being filled; restore them on mount.
 * @param {HTMLFormElement} form @param {string} key
 * @returns {{ clear: () => void }}
 */
export function keepDraft(form, key) {
  const storageKey = `carefolio:draft:${key}`;
  const fields = () => /** @type {HTMLInputElement[]} */ ([...form.elements].filter((el) => el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)).filter((el) => el.name && el.type !== "file");
  try {
    const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? "null");
    if (saved) {
      for (const el of fields()) {
        if (!(el.name in saved)) continue;
        if (el.type === "checkbox" || el.type === "radio") el.checked = Array.isArray(saved[el.name]) ? saved[el.name].includes(el.value) : saved[el.name] === el.value;
        else el.value = saved[el.name];
      }
    }
  } catch { /* a broken draft is dropped */ }
  const save = () => {
    /** @type {Record<string, any>} */
    const values = {};
    for (const el of fields()) {
      if (el.type === "checkbox") values[el.name] = [...(values[el.name] ?? []), ...(el.checked ? [el.value] : [])];
      else if (el.type === "radio") { if (el.checked) values[el.name] = el.value; }
      else values[el.name] = el.value;
    }
    sessionStorage.setItem(storageKey, JSON.stringify(values));
  };
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  return { clear: () => sessionStorage.removeItem(storageKey) };
}

/**
 * A CSV import: choose a file (or paste), check it (every bad row named by line), then
 * commit all rows or none.
 * @param {{ id: string, endpoint: string, columns: string, noun: string, verb: string, onDone: (answer: any) => void }} o
 */
export function csvImport(o) {
  const file = h("input", { id: `${o.id}-file`, type: "file", accept: ".csv,text/csv" });
  const text = h("textarea", { id: `${o.id}-text`, name: `${o.id}-text`, spellcheck: "false" });
  const check = h("button", { type: "submit", class: "secondary" }, "Check the file");
  const commit = h("button", { type: "button", hidden: true }, "");
  const result = h("div", { "aria-live": "polite", id: `${o.id}-result` });
  const form = h("form", { novalidate: true },
    h("label", { for: `${o.id}-file` }, "CSV file"), file,
    h("label", { for: `${o.id}-text` }, "or paste it here"),
    h("p", { class: "muted small" }, `The first line names the columns: ${o.columns}.`), text,
    h("div", { class: "row" }, check, commit), result);
  const draft = keepDraft(/** @type {HTMLFormElement} */ (form), o.id);
  file.addEventListener("change", async () => {
    const chosen = /** @type {HTMLInputElement} */ (file).files?.[0];
    if (!chosen) return;
    /** @type {HTMLTextAreaElement} */ (text).value = await chosen.text();
    text.dispatchEvent(new Event("input", { bubbles: true }));
    commit.hidden = true;
  });
  text.addEventListener("input", () => { commit.hidden = true; });
  const showProblems = (/** @type {any[]} */ problems) => {
    result.replaceChildren(
      h("p", { class: "error", role: "alert" }, `Nothing was ${o.verb === "Invite" ? "invited" : "enrolled"}: ${problems.length} row(s) need fixing.`),
      h("ul", { class: "problems" }, ...problems.map((p) => h("li", {}, `Line ${p.line}: ${p.problem}`))));
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    commit.hidden = true;
    result.replaceChildren(h("p", { class: "loading" }, "Checking…"));
    try {
      const answer = await api("POST", o.endpoint, { csv: /** @type {HTMLTextAreaElement} */ (text).value, commit: false });
      if (answer.problems.length) { showProblems(answer.problems); return; }
      result.replaceChildren(h("p", {}, `All ${answer.rows} ${o.noun} are ready. Nothing is saved until you confirm.`));
      commit.textContent = `${o.verb} all ${answer.rows}`;
      commit.hidden = false;
    } catch (e) {
      result.replaceChildren(errorText(e));
    }
  });
  commit.addEventListener("click", async () => {
    commit.disabled = true;
    try {
      const answer = await api("POST", o.endpoint, { csv: /** @type {HTMLTextAreaElement} */ (text).value, commit: true });
      draft.clear();
      /** @type {HTMLTextAreaElement} */ (text).value = "";
      commit.hidden = true;
      result.replaceChildren(h("p", { class: "ok" }, `Done: ${answer.created.length} ${o.noun}.`));
      o.onDone(answer);
    } catch (e) {
      const problems = /** @type {any} */ (e).detail?.problems;
      if (problems) showProblems(problems); else result.replaceChildren(errorText(e));
    } finally {
      commit.disabled = false;
    }
  });
  return form;
}
