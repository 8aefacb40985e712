// Service worker registration and the "reload to update" prompt. A new version waits until
// the person taps the button; the page is never reloaded by itself (a capture in progress
// is saved first, through the "carefolio:flush" event's listeners).

import { h } from "./dom.js";

/** @param {() => Promise<void>} flush ask open screens to save what is being typed */
export function watchForUpdates(flush) {
  if (!("serviceWorker" in navigator)) return;
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading) location.reload();
  });
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then((reg) => {
    const offer = () => reg.waiting && navigator.serviceWorker.controller && show(reg.waiting);
    offer();
    reg.addEventListener("updatefound", () => {
      reg.installing?.addEventListener("statechange", offer);
    });
    setInterval(() => reg.update().catch(() => {}), 60 * 60_000);
  }).catch(() => {});

  /** @param {ServiceWorker} waiting */
  function show(waiting) {
    const bar = document.getElementById("update");
    if (!bar) return;
    const button = h("button", { type: "button", class: "secondary" }, "Reload to update");
    button.addEventListener("click", async () => {
      await flush();
      reloading = true;
      waiting.postMessage("skip-waiting");
    });
    bar.replaceChildren(h("p", {}, "A new version of Carefolio is ready."), button);
    bar.hidden = false;
  }
}
