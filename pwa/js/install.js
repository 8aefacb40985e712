// Installing Carefolio to the home screen: the browser's own prompt where it offers one
// (beforeinstallprompt), and the steps on iPhone and iPad, where push reminders and storage
// that is never cleared need the app added to the Home Screen.

import { h } from "./dom.js";

/** @type {any} the browser's deferred install prompt, when it offered one */
let deferred = null;
addEventListener("beforeinstallprompt", (e) => {
  e.preventDefault();
  deferred = e;
});

const installed = () => matchMedia?.("(display-mode: standalone)").matches || /** @type {any} */ (navigator).standalone === true;
const apple = () => /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);

/** The install section of the "This phone" screen, or null when there is nothing to offer. */
export function installOffer() {
  if (installed()) return h("p", { class: "muted" }, "Carefolio is installed on this phone.");
  if (deferred) {
    const button = h("button", { type: "button", class: "wide" }, "Install Carefolio on this phone");
    const said = h("p", { class: "muted small", role: "status" });
    button.addEventListener("click", async () => {
      const prompt = deferred;
      deferred = null;
      try {
        await prompt.prompt();
        const { outcome } = await prompt.userChoice;
        said.textContent = outcome === "accepted" ? "Installed." : "Not installed: you can install it later from the browser's menu.";
      } catch (e) {
        said.textContent = `The browser could not install it: ${/** @type {Error} */ (e).message}.`;
      }
      button.remove();
    });
    return h("section", { "aria-labelledby": "install" }, h("h2", { id: "install" }, "Install"), button, said);
  }
  if (apple()) {
    return h("section", { "aria-labelledby": "install", class: "card" }, h("h2", { id: "install" }, "Add Carefolio to your Home Screen"),
      h("p", {}, "On iPhone and iPad, reminders and storage that is never cleared need Carefolio on the Home Screen:"),
      h("ol", {}, h("li", {}, "Tap the Share button (a square with an arrow) in Safari."),
        h("li", {}, "Tap “Add to Home Screen”, then “Add”."), h("li", {}, "Open Carefolio from the Home Screen and sign in.")));
  }
  return null;
}
