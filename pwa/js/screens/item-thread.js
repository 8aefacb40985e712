import { h, toast } from "../dom.js";
import { queueChecked } from "../evidence.js";
import { authorWords, itemHistory, MAX_LENGTH, planComment } from "../lib/comments.js";

const OUTCOME_WORDS = { accepted: "Accepted", referred: "Referred back" };
const when = (/** @type {string | null} */ at) => (at ? new Date(at).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "");

/**
 * The names the thread shows, from the cached enrolments: workers and assessors by user id.
 * @param {any[]} enrolments
 * @returns {Map<number, string>}
 */
export function peopleNames(enrolments) {
  const names = new Map();
  for (const e of enrolments) {
    if (e.worker_id && e.worker_name) names.set(e.worker_id, e.worker_name);
    if (e.assessor_id && e.assessor_name) names.set(e.assessor_id, e.assessor_name);
  }
  return names;
}

/**
 * An item's history: comments between the worker and their assessor and the feedback of the
 * decisions, oldest first, with who and when, then a box to write a comment (offline too: it
 * is queued like any change). The text being written is kept on the device until it is sent.
 * @param {any} ctx
 * @param {{scope: string, item: any, comments: any[], workerId: number, workerName: string, enrolments: any[],
 *   title: string, lead?: string | null, canWrite: boolean, after: () => void}} options
 */
export function itemThread(ctx, { scope, item, comments, workerId, workerName, enrolments, title, lead = null, canWrite, after }) {
  const history = itemHistory(item.id, comments, item.decisions);
  const names = { me: ctx.me.user_id, workerId, workerName, people: peopleNames(enrolments) };
  const list = history.length
    ? h("ol", { class: "plain thread", id: "thread" }, ...history.map((e) => h("li", { class: `thread-entry ${e.kind}`, "data-kind": e.kind },
      h("p", { class: "small" }, h("strong", {}, authorWords(e, names)),
        e.kind === "decision" ? ` · ${OUTCOME_WORDS[e.outcome] ?? e.outcome}` : "",
        e.at ? ` · ${when(e.at)}` : "", e.sent ? "" : " · waiting to send"),
      e.text ? h("p", { class: "prewrap" }, e.text) : null)))
    : h("p", { class: "muted", id: "thread" }, "No comments or feedback yet.");
  const form = canWrite ? commentForm(ctx, scope, item, after) : null;
  return h("section", { "aria-labelledby": "thread-h", class: "card" }, h("h2", { id: "thread-h" }, title),
    lead ? h("p", {}, lead) : null, list, form);
}

function commentForm(ctx, scope, item, after) {
  const key = `carefolio-comment-${ctx.me.user_id}-${scope}-${item.id}`;
  const box = h("textarea", { id: "comment", rows: 3, maxlength: MAX_LENGTH, "aria-describedby": "comment-hint" });
  box.value = localStorage.getItem(key) ?? "";
  box.addEventListener("input", () => localStorage.setItem(key, box.value));
  // hidden while empty, so the screen's other alert (the decision bar's) stays the only one
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const say = (/** @type {string} */ text) => { error.textContent = text; error.hidden = !text; };
  const send = h("button", { type: "button", class: "secondary" }, "Send comment");
  send.addEventListener("click", async () => {
    say("");
    const plan = planComment({ scope, evidenceId: item.id, evidence: item.view ? item.fields : null, body: box.value,
      id: crypto.randomUUID(), writtenAt: new Date().toISOString().slice(0, 19) + "Z" });
    if ("error" in plan) { say(plan.error); box.focus(); return; }
    try {
      const problem = await queueChecked(ctx, plan.mutations);
      if (problem) { say(`${problem} Your comment is kept here.`); return; }
    } catch (e) {
      say("The comment could not be saved on this device; it is kept here. Try again.");
      throw e;
    }
    localStorage.removeItem(key);
    box.value = "";
    toast(navigator.onLine ? "Comment saved. Syncing now." : "Comment saved on this device. It is sent when there is a signal.");
    after();
  });
  return h("div", { class: "comment-form" },
    h("label", { for: "comment" }, "Write a comment"),
    h("p", { class: "muted small", id: "comment-hint" }, "A question or an answer about this item. It is kept with the item and cannot be changed once sent."),
    box, error, send);
}
