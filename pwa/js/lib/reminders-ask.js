/**
 * Asking a person whether they want reminders: what this browser can do, and what each
 * answer means, in words. Pure: the screen passes in what the browser reports.
 * @module
 */

/**
 * @typedef {"unsupported" | "home-screen-first" | "blocked" | "ask"} Possibility
 * @typedef {"on" | "blocked" | "dismissed" | "unreachable" | "unsupported" | "home-screen-first"} Outcome
 */

/**
 * What can be done in this browser before asking anything.
 * @param {{push: boolean, notification: boolean, permission: string | null, apple: boolean, installed: boolean}} browser
 * @returns {Possibility}
 */
export function possibility({ push, notification, permission, apple, installed }) {
  if (apple && !installed) return "home-screen-first"; // iOS offers Web Push only to Home Screen apps
  if (!push || !notification) return "unsupported";
  if (permission === "denied") return "blocked";
  return "ask";
}

/** The sentence for each outcome, and whether the person can try again from here. */
export const OUTCOMES = {
  on: "Reminders are on for this phone. You can change which ones, and quiet hours, under Notifications.",
  blocked: "Notifications are blocked for Carefolio in this browser. To allow them: open the browser's settings, then Site settings (or Notifications), find this site and choose Allow. Then turn reminders on under Notifications.",
  dismissed: "You did not choose yet. You can turn reminders on at any time under Notifications.",
  unreachable: "This browser could not reach its push service, so reminders cannot be turned on here just now. Try again later under Notifications, or on another device. Reminders you miss still show in the app.",
  unsupported: "This browser cannot show notifications from a web app. Reminders still show in the app when you open it.",
  "home-screen-first": "On iPhone and iPad, reminders need Carefolio on the Home Screen first: tap the Share button in Safari, then “Add to Home Screen”, then open Carefolio from there and turn reminders on.",
};
