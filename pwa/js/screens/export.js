import { h, mount } from "../dom.js";
import { loadPortfolio } from "../data.js";
import { phoneCopy } from "../lib/export-summary.js";

/**
 * Export my portfolio: the full ZIP from the server (PDF, HTML, JSON, photos) with a signal;
 * always, and offline the only way, the copy this phone holds (an HTML summary and the
 * JSON, built here). Says which is which, and that the PDF needs a signal.
 */
export async function exportScreen(ctx) {
  const data = await loadPortfolio(ctx);
  const status = h("p", { role: "status", class: "muted small", id: "export-status" });
  const save = (/** @type {string} */ text, /** @type {string} */ type, /** @type {string} */ name) => {
    try {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const link = h("a", { href: url, download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      status.textContent = `Saved ${name} to this phone's downloads.`;
    } catch (error) {
      status.textContent = `Could not save ${name}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`;
    }
  };
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, "");
  const copy = () => phoneCopy(data, ctx.me, new Date());
  let rendered = false;
  const full = h("section", { class: "card", "aria-labelledby": "export-full" }, h("h2", { id: "export-full" }, "Full export"));
  const render = () => {
    if (!full.isConnected && rendered) {
      window.removeEventListener("online", render);
      window.removeEventListener("offline", render);
      return;
    }
    rendered = true;
    full.replaceChildren(h("h2", { id: "export-full" }, "Full export"), ...(navigator.onLine
      ? [h("p", {}, "A ZIP with your portfolio as a PDF (evidence, photos, signatures, criteria, decisions, feedback and reviews), a web page, the data and your files. It is made on the server from what has synced."),
         h("a", { class: "button wide", href: "/api/me/export", download: "", id: "export-zip" }, "Download my portfolio (ZIP with PDF)")]
      : [h("p", { class: "warn-card", id: "export-offline" }, "No signal: the PDF and photos are made on the server, so the full export needs a signal. Below is what this phone holds.")]));
  };
  render();
  window.addEventListener("online", render);
  window.addEventListener("offline", render);
  mount(
    h("h1", {}, "Export my portfolio"),
    full,
    h("section", { class: "card", "aria-labelledby": "export-phone" },
      h("h2", { id: "export-phone" }, "What this phone holds"),
      h("p", {}, `${data.items.length} evidence item(s) and ${data.reviews.length} review(s), including anything not sent yet. No photos: those are in the full export.`),
      h("button", { type: "button", class: "wide secondary", id: "export-html", onclick: () => save(copy().html, "text/html", `carefolio-phone-copy-${stamp}.html`) }, "Save a summary (web page)"),
      h("button", { type: "button", class: "wide secondary", id: "export-json", onclick: () => save(JSON.stringify(copy().json, null, 1), "application/json", `carefolio-phone-copy-${stamp}.json`) }, "Save the data (JSON)"),
      status),
  );
}
