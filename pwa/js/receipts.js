// Receipts of reminders (shown, tapped), queued in IndexedDB by the service worker (sw.js
// writes the same database: keep the two in step) and by the page (a tap on a link that
// opened the app with ?reminder=ID: a declarative notification the browser showed by itself,
// or an e-mail's link). The sync controller sends them with every sync and forgets them once
// the server answered. They name a delivery, nothing else.

import { openDb, transaction } from "./lib/idb.js";

const DB = "carefolio-receipts";
const STORE = "receipts";
export const MAX_BATCH = 200;

const open = () => openDb(DB, 1, { [STORE]: { keyPath: "id" } });

/** @typedef {{id: string, delivery: number, event: "shown" | "tapped", at: string}} Receipt */

/** Queue a receipt (once per delivery and event). @param {number} delivery @param {"shown" | "tapped"} event */
export async function record(delivery, event) {
  if (!Number.isInteger(delivery) || delivery <= 0) return;
  const db = await open();
  try {
    const id = `${delivery}:${event}`;
    await transaction(db, [STORE], "readwrite", (s) => {
      const found = s[STORE].getKey(id);
      found.onsuccess = () => { if (found.result === undefined) s[STORE].put({ id, delivery, event, at: new Date().toISOString() }); };
    });
  } finally {
    db.close();
  }
}

/** The receipts waiting to be sent (at most one request's worth). @returns {Promise<Receipt[]>} */
export async function waiting() {
  const db = await open();
  try {
    const all = await transaction(db, [STORE], "readonly", (s) => s[STORE].getAll());
    return all.slice(0, MAX_BATCH);
  } finally {
    db.close();
  }
}

/** The server has them: forget these. @param {string[]} ids */
export async function forget(ids) {
  if (!ids.length) return;
  const db = await open();
  try {
    await transaction(db, [STORE], "readwrite", (s) => ids.map((id) => s[STORE].delete(id)));
  } finally {
    db.close();
  }
}

/** The app was opened from a reminder's link (`/?reminder=ID#/...`): record the tap, then drop
 * the query from the address (a reload must not count it again). */
export async function tapFromAddress() {
  const params = new URLSearchParams(location.search);
  const delivery = Number(params.get("reminder"));
  if (!params.has("reminder")) return;
  params.delete("reminder");
  const rest = params.toString();
  history.replaceState(history.state, "", `${location.pathname}${rest ? `?${rest}` : ""}${location.hash}`);
  await record(delivery, "tapped");
}
