import { h, mount } from "../dom.js";
import { loadPortfolio } from "../data.js";
import { fileShas, phoneCopy } from "../lib/export-summary.js";

const NO_SIGNAL = "No signal: the PDF and photos are made on the server, so the full export needs a signal. Below is what this phone holds.";

/** Offer bytes as a file in the phone's downloads. */
function saveFile(/** @type {Blob} */ blob, /** @type {string} */ name) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The images among `shas` that this phone holds, as data: URLs (for the phone's copy). */
async function heldImages(/** @type {any} */ store, /** @type {string[]} */ shas) {
  /** @type {Map<string, string>} */
  const images = new Map();
  for (const sha of shas) {
    const held = await store.blob(sha).catch(() => null);
    if (!held?.blob || !String(held.blob.type || held.type || "").startsWith("image/")) continue;
    images.set(sha, await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(held.blob);
    }));
  }
  return images;
}

/** The file name the server gave, or a fallback. @param {Response} response */
function filenameOf(response) {
  const m = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "");
  return m ? m[1] : "carefolio-portfolio.zip";
}

/**
 * Export my portfolio: the full ZIP from the server (PDF, HTML, JSON, photos) with a signal;
 * always, and offline the only way, the copy this phone holds (an HTML summary and the
 * JSON, built here). Every outcome is a sentence on screen; a failed download says why and
 * points to the phone's copy.
 */
export async function exportScreen(ctx) {
  const data = await loadPortfolio(ctx);
  const status = h("p", { role: "status", class: "muted small", id: "export-status" });
  const fullStatus = h("p", { role: "status", class: "small", id: "export-full-status" });
  const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, "");
  const saveCopy = async (/** @type {"html" | "json"} */ kind) => {
    const name = `carefolio-phone-copy-${stamp}.${kind}`;
    try {
      const images = kind === "html" ? await heldImages(ctx.store, fileShas(data.items)) : new Map();
      const made = phoneCopy(data, ctx.me, new Date(), images);
      saveFile(kind === "html" ? new Blob([made.html], { type: "text/html" })
        : new Blob([JSON.stringify(made.json, null, 1)], { type: "application/json" }), name);
      status.textContent = `Saved ${name} to this phone's downloads.`;
    } catch (error) {
      status.textContent = `Could not save ${name}: ${String(error instanceof Error ? error.message : error).replace(/\.$/, "")}. Nothing on the phone was changed.`;
    }
  };
  const download = async (/** @type {HTMLButtonElement} */ button) => {
    button.disabled = true;
    fullStatus.textContent = "Making your export on the server… a portfolio with many photos takes a little while.";
    try {
      const response = await fetch("/api/me/export", { credentials: "same-origin" });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
      }
      const name = filenameOf(response);
      saveFile(await response.blob(), name);
      fullStatus.textContent = `Saved ${name} to this phone's downloads.`;
    } catch (error) {
      const why = error instanceof TypeError ? "No connection reached the server" : error instanceof Error ? error.message : String(error);
      fullStatus.textContent = `The full export could not be made: ${why.replace(/\.$/, "")}. You can save what this phone holds below.`;
    } finally {
      button.disabled = false;
    }
  };
  let rendered = false;
  const full = h("section", { class: "card", "aria-labelledby": "export-full" });
  const render = () => {
    if (!full.isConnected && rendered) {
      window.removeEventListener("online", render);
      window.removeEventListener("offline", render);
      return;
    }
    rendered = true;
    const button = h("button", { type: "button", class: "wide", id: "export-zip" }, "Download my portfolio (ZIP with PDF)");
    button.addEventListener("click", () => download(button));
    full.replaceChildren(h("h2", { id: "export-full" }, "Full export"), ...(navigator.onLine
      ? [h("p", {}, "A ZIP with your portfolio as a PDF (evidence, photos, signatures, criteria, decisions, feedback and reviews), a web page, the data and your files. It is made on the server from what has synced."),
         button, fullStatus]
      : [h("p", { class: "warn-card", id: "export-offline" }, NO_SIGNAL)]));
  };
  render();
  window.addEventListener("online", render);
  window.addEventListener("offline", render);
  mount(
    h("h1", {}, "Export my portfolio"),
    full,
    h("section", { class: "card", "aria-labelledby": "export-phone" },
      h("h2", { id: "export-phone" }, "What this phone holds"),
      h("p", {}, `${data.items.length} evidence item(s) and ${data.reviews.length} review(s), including anything not sent yet, with the photos and signatures this phone holds.`),
      h("button", { type: "button", class: "wide secondary", id: "export-html", onclick: () => saveCopy("html") }, "Save a summary (web page)"),
      h("button", { type: "button", class: "wide secondary", id: "export-json", onclick: () => saveCopy("json") }, "Save the data (JSON)"),
      status),
  );
}
