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
  let attempt = 0;
  let checking = false;
  /** An install that failed (a file missing, the signal lost mid-precache) is tried again,
   * later and later, and when the signal returns: until then the app is not offline-ready. */
  const retry = () => {
    setTimeout(register, Math.min(30_000 * 2 ** attempt, 15 * 60_000));
    attempt += 1;
  };
  const register = () => navigator.serviceWorker.register("/sw.js", { scope: "/" }).then((reg) => {
    const offer = () => reg.waiting && navigator.serviceWorker.controller && show(reg.waiting);
    const watch = (/** @type {ServiceWorker | null} */ worker) => worker?.addEventListener("statechange", () => {
      offer();
      if (worker.state === "redundant" && !reg.active) retry();
    });
    offer();
    watch(reg.installing);
    reg.addEventListener("updatefound", () => watch(reg.installing));
    if (!checking) {
      checking = true;
      setInterval(() => reg.update().catch(() => {}), 60 * 60_000);
      addEventListener("online", () => { if (!reg.active) register(); });
    }
  }).catch(retry);
  register();

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
