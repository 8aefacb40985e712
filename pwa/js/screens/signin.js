import { api } from "../api.js";
import { field, h, mount } from "../dom.js";
import { keptWork, lastDevice } from "../profile.js";

/** The sign-in screen, saying why the last session ended and what unsent work this phone
 * keeps. @param {{onSignedIn: () => void, notice?: string}} ctx */
export function signIn(ctx) {
  const [emailRow, email] = field("Email", { name: "email", type: "email", autocomplete: "username", required: true });
  const [passwordRow, password] = field("Password", {
    name: "password", type: "password", autocomplete: "current-password", required: true,
  });
  const error = h("p", { class: "error", role: "alert" });
  const form = h("form", { novalidate: true }, emailRow, passwordRow, error,
    h("button", { type: "submit", class: "wide" }, "Sign in"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    try {
      const deviceId = lastDevice();
      await api("POST", "/api/auth/sign-in", {
        email: email.value, password: password.value, device_label: navigator.userAgent.slice(0, 120),
        ...(deviceId ? { device_id: deviceId } : {}),
      });
      ctx.onSignedIn();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  const kept = Object.values(keptWork()).reduce((n, k) => n + k.changes, 0);
  mount(h("h1", {}, "Sign in"),
    ctx.notice ? h("p", { class: "card warn-card", role: "status" }, ctx.notice)
      : kept ? h("p", { class: "card warn-card", role: "status" }, `This phone keeps unsent work (${kept} change${kept === 1 ? "" : "s"}) for the person it belongs to. It is sent when they sign in again here.`) : null,
    form);
}
