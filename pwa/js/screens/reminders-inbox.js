import { api } from "../api.js";
import { h } from "../dom.js";
import * as receipts from "../receipts.js";

/**
 * Reminders the server could not send anywhere (no notifications on any device and no
 * e-mail): Home shows them when the app opens online, each a link to its screen. Showing one
 * queues its "shown" receipt; tapping it, "tapped". Offline, or with nothing waiting, the
 * section stays empty and hidden (the reminders wait for the next open).
 */
export function remindersInbox() {
  const list = h("ul", { class: "plain" });
  const section = h("section", { class: "card", id: "reminders-inbox", "aria-labelledby": "reminders-inbox-title", hidden: true },
    h("h2", { id: "reminders-inbox-title" }, "Reminders for you"), list);
  if (!navigator.onLine) return section;
  api("GET", "/api/push/inbox").then(async (/** @type {any[]} */ items) => {
    if (!items.length) return;
    list.replaceChildren(...items.map((item) => h("li", {},
      h("a", { href: item.url, onclick: () => { receipts.record(item.delivery, "tapped").catch(() => {}); } }, item.body))));
    section.hidden = false;
    await Promise.all(items.map((item) => receipts.record(item.delivery, "shown")));
  }).catch(() => { /* offline or signed out: they wait for the next open */ });
  return section;
}
