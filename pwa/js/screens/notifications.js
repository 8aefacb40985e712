// Notifications on this device: on or off, which reminders, quiet hours, a test button.
// The subscription belongs to this signed-in device; the server keeps the choices.
// pushManager.subscribe can hang for ever when the browser cannot reach its push service,
// so it always runs under a timeout and a failure is said in plain words.

import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { OUTCOMES, possibility } from "../lib/reminders-ask.js";

export const SUBSCRIBE_TIMEOUT_MS = 10_000;

const CANNOT_REACH = "This browser could not reach its push service, so notifications cannot be turned on here just now. Try again later, or on another device.";

/** @param {Promise<any>} promise @param {number} ms */
export function withTimeout(promise, ms) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("timeout")), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** @param {string} text base64url */
function keyBytes(text) {
  const padded = (text + "=".repeat((4 - (text.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

function zone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "Europe/London"; } catch { return "Europe/London"; }
}

export const PERMISSION_TIMEOUT_MS = 60_000;

/** Whether this is an iPhone or iPad, and whether Carefolio runs from its Home Screen. */
function appleDevice() {
  const apple = /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  const installed = matchMedia?.("(display-mode: standalone)").matches || /** @type {any} */ (navigator).standalone === true;
  return { apple, installed };
}

/** What this browser allows before anything is asked. */
export function remindersPossible() {
  return possibility({
    push: "serviceWorker" in navigator && "PushManager" in window, notification: "Notification" in window,
    permission: "Notification" in window ? Notification.permission : null, ...appleDevice(),
  });
}

/**
 * Ask the browser for a push subscription and hand it to the server. Every step has a
 * timeout; the answer is an outcome with a sentence (OUTCOMES), never a wait for ever.
 * @returns {Promise<import("../lib/reminders-ask.js").Outcome>}
 */
export async function subscribe(preferences) {
  const possible = remindersPossible();
  if (possible !== "ask") return possible;
  let permission;
  try {
    permission = await withTimeout(Notification.requestPermission(), PERMISSION_TIMEOUT_MS);
  } catch {
    return "dismissed";
  }
  if (permission === "denied") return "blocked";
  if (permission !== "granted") return "dismissed";
  let subscription;
  try {
    const registration = await withTimeout(navigator.serviceWorker.ready, SUBSCRIBE_TIMEOUT_MS);
    const { public_key } = await api("GET", "/api/push/key");
    subscription = await withTimeout(registration.pushManager.subscribe({
      userVisibleOnly: true, applicationServerKey: keyBytes(public_key),
    }), SUBSCRIBE_TIMEOUT_MS);
  } catch {
    return "unreachable";
  }
  await api("PUT", "/api/push/subscription", { ...subscription.toJSON(), ...(preferences ? { preferences } : {}) });
  return "on";
}

/** Turn notifications on from the settings screen; a failure is thrown as its sentence. */
async function turnOn(preferences) {
  const outcome = await subscribe(preferences);
  if (outcome === "unreachable") throw new Error(CANNOT_REACH);
  if (outcome !== "on") throw new Error(OUTCOMES[outcome]);
}

async function turnOff() {
  try {
    const registration = await withTimeout(navigator.serviceWorker.ready, 2_000);
    const subscription = await registration.pushManager.getSubscription();
    await subscription?.unsubscribe();
  } catch { /* nothing to undo in this browser */ }
  await api("DELETE", "/api/push/subscription");
}

function checkbox(id, label, checked) {
  const input = h("input", { type: "checkbox", id, checked });
  return [h("div", { class: "check" }, input, h("label", { for: id }, label)), input];
}

/** The settings screen for this device's notifications. */
export async function notifications(ctx) {
  const me = ctx.me;
  const status = h("p", { role: "status", "aria-live": "polite" });
  let state;
  try {
    state = await api("GET", "/api/push/subscription");
  } catch (e) {
    mount(h("h1", {}, "Notifications"), h("p", {}, e.message));
    return;
  }
  const prefs = state.preferences;
  const [reviewsRow, reviews] = checkbox("n-reviews", "Progress reviews due or overdue", prefs.reviews);
  const [queueRow, queue] = checkbox("n-queue", "Evidence waiting for my assessment", prefs.queue);
  const [feedbackRow, feedback] = checkbox("n-feedback", "Feedback on my evidence", prefs.feedback);
  const [quietRow, quiet] = checkbox("n-quiet", "Quiet hours (no notifications)", prefs.quiet_start !== null);
  const from = h("input", { type: "time", id: "n-from", value: prefs.quiet_start ?? "22:00" });
  const to = h("input", { type: "time", id: "n-to", value: prefs.quiet_end ?? "07:00" });
  const hours = h("div", { class: "row" },
    h("label", { for: "n-from" }, "From"), from, h("label", { for: "n-to" }, "to"), to);
  const chosen = () => ({
    reviews: reviews.checked, queue: queue.checked, feedback: feedback.checked,
    quiet_start: quiet.checked ? from.value : null, quiet_end: quiet.checked ? to.value : null,
    time_zone: zone(),
  });
  const isAssessor = me.roles.includes("assessor");
  const isWorker = me.roles.includes("worker");

  const say = (text) => { status.textContent = text; };
  const act = (fn) => async () => {
    say("");
    try { await fn(); } catch (e) { say(e.message); }
  };
  const onButton = h("button", { type: "button", class: "wide", onclick: act(async () => {
    say("Asking this browser…");
    await turnOn(chosen());
    await notifications(ctx);
    say("Notifications are on for this device.");
  }) }, "Turn on notifications");
  const offButton = h("button", { type: "button", class: "secondary wide", onclick: act(async () => {
    await turnOff();
    await notifications(ctx);
    say("Notifications are off for this device.");
  }) }, "Turn off notifications");
  const saveButton = h("button", { type: "button", class: "wide", onclick: act(async () => {
    await api("PUT", "/api/push/preferences", chosen());
    say("Saved.");
  }) }, "Save choices");
  const testButton = h("button", { type: "button", class: "secondary wide", onclick: act(async () => {
    const result = await api("POST", "/api/push/test");
    say(result.status === "delivered" ? "Sent. It should appear in a moment."
      : result.status === "gone" ? "This device's subscription has expired. Turn notifications on again."
        : "The push service did not take it just now. Try again in a few minutes.");
  }) }, "Send me a test notification");

  mount(
    h("h1", {}, "Notifications"),
    h("p", {}, state.subscribed ? "Notifications are on for this device." : "Notifications are off for this device."),
    h("p", { class: "muted" }, "They never show the names of the people you support: tap one to see the details."),
    state.subscribed ? null : onButton,
    h("fieldset", {}, h("legend", {}, "Remind me about"),
      reviewsRow, isAssessor ? queueRow : null, isWorker ? feedbackRow : null),
    h("fieldset", {}, h("legend", {}, "Quiet hours"), quietRow, hours,
      h("p", { class: "muted small" }, `Times on this device's clock (${zone()}). Reminders wait until quiet hours end.`)),
    state.subscribed ? saveButton : null,
    state.subscribed ? testButton : null,
    state.subscribed ? offButton : null,
    status,
    await digestCard(),
  );
}

/** The daily e-mail digest of my reminders (any device: it is the person's choice). */
async function digestCard() {
  const said = h("p", { role: "status", id: "digest-result" });
  let choice;
  try {
    choice = await api("GET", "/api/me/digest");
  } catch (e) {
    return h("fieldset", { id: "digest" }, h("legend", {}, "Daily e-mail"), h("p", { class: "muted small" }, `The e-mail choice could not be loaded: ${e.message}`));
  }
  if (!choice.available) return null;
  const [row, box] = checkbox("n-digest", "E-mail me a daily digest of my reminders (after 07:00)", choice.daily_digest);
  box.addEventListener("change", async () => {
    said.textContent = "";
    try {
      const saved = await api("PUT", "/api/me/digest", { daily_digest: box.checked });
      said.textContent = saved.daily_digest ? "Saved: a digest comes each morning there is something to remind you of." : "Saved: no daily e-mail.";
    } catch (e) {
      box.checked = !box.checked;
      said.textContent = `Not saved: ${e.message}`;
    }
  });
  return h("fieldset", { id: "digest" }, h("legend", {}, "Daily e-mail"), row,
    h("p", { class: "muted small" }, "The same reminders as the notifications, in one e-mail a day; it names nobody you support."), said);
}
