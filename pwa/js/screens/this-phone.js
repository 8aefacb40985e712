import { h, mount } from "../dom.js";
import { recordedProblems } from "../problems.js";
import { installOffer } from "../install.js";

/** @param {number} bytes */
function size(bytes) {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/**
 * This phone: how much Carefolio keeps here, whether the browser may clear it, what waits to
 * be sent, the problems recorded for support, and how to install the app.
 */
export async function thisPhone(ctx) {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  const persisted = await navigator.storage?.persisted?.().catch(() => null);
  const [outbox, drafts, files] = ctx.store ? await Promise.all([ctx.store.outbox(), ctx.store.drafts(), ctx.store.pendingBlobs()]) : [[], [], []];
  const persistRow = h("dd", { id: "persisted" }, persisted === null || persisted === undefined ? "Not known in this browser"
    : persisted ? "Kept: the browser will not clear it" : "Not yet kept: the browser may clear it when space runs low");
  const ask = h("button", { type: "button", class: "secondary wide" }, "Ask the browser to keep Carefolio's storage");
  const asked = h("p", { class: "muted small", role: "status" });
  ask.addEventListener("click", async () => {
    try {
      const granted = await navigator.storage.persist();
      persistRow.textContent = granted ? "Kept: the browser will not clear it" : "Not yet kept: the browser may clear it when space runs low";
      asked.textContent = granted ? "Granted." : "The browser said no for now. Installing Carefolio (below) usually lets it keep the storage.";
    } catch (e) {
      asked.textContent = `The browser could not be asked: ${/** @type {Error} */ (e).message}.`;
    }
  });
  const problems = recordedProblems().slice(-5).reverse();
  mount(
    h("h1", {}, "This phone"),
    h("p", { class: "muted" }, "What Carefolio keeps on this phone. Your work is kept here until the server has it."),
    h("dl", { class: "stats" },
      h("div", {}, h("dt", {}, "Storage used"), h("dd", { id: "storage-used" },
        estimate?.usage !== undefined ? `${size(estimate.usage)}${estimate.quota ? ` of ${size(estimate.quota)} available` : ""}` : "Not known in this browser")),
      h("div", {}, h("dt", {}, "Storage"), persistRow),
      h("div", {}, h("dt", {}, "Waiting to send"), h("dd", {}, `${outbox.length} change${outbox.length === 1 ? "" : "s"}, ${files.length} file${files.length === 1 ? "" : "s"}`)),
      h("div", {}, h("dt", {}, "Unsaved drafts"), h("dd", {}, String(drafts.length)))),
    persisted === false && navigator.storage?.persist ? ask : null, asked,
    installOffer(),
    h("h2", {}, "Problems recorded for support"),
    problems.length
      ? h("ul", { class: "plain" }, ...problems.map((p) => h("li", { class: "card" },
        h("p", { class: "small muted" }, `${new Date(p.at).toLocaleString("en-GB")} · ${p.where}`), h("p", {}, p.message))))
      : h("p", { class: "muted" }, "None."),
  );
}
