// The service worker: precache the app shell under a version, serve it offline, drop old
// caches on activate. API and sync requests always go to the network (never cached).
// A new version installs in the background and waits: the page offers "Reload to update"
// and sends "skip-waiting" only when the person taps it (never in the middle of a capture).
// Every file under pwa/js, pwa/css and pwa/icons must be listed in SHELL (a test checks);
// bump VERSION whenever a listed file changes, and record it in pwa/shell-lock.json (a test
// compares a digest of the listed files with it and says what to write).

const VERSION = "v47";
const CACHE = `carefolio-shell-${VERSION}`;
const SHELL = [
  "/",
  "/manifest.webmanifest",
  "/css/app.css",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/maskable-192.png",
  "/icons/maskable-512.png",
  "/js/api.js",
  "/js/app.js",
  "/js/data.js",
  "/js/dom.js",
  "/js/evidence.js",
  "/js/install.js",
  "/js/kinds.js",
  "/js/lib/attention.js",
  "/js/lib/backoff.js",
  "/js/lib/conflict-merge.js",
  "/js/lib/coverage.js",
  "/js/lib/language.js",
  "/js/lib/criteria-search.js",
  "/js/lib/export-summary.js",
  "/js/lib/dates.js",
  "/js/lib/comments.js",
  "/js/screens/item-thread.js",
  "/js/lib/decisions.js",
  "/js/lib/given-names.js",
  "/js/lib/glossary.js",
  "/js/lib/guard-vocabulary.js",
  "/js/lib/guard.js",
  "/js/lib/idb.js",
  "/js/lib/image.js",
  "/js/lib/judging.js",
  "/js/lib/limits.js",
  "/js/lib/merge.js",
  "/js/lib/nhs-number.js",
  "/js/lib/observer.js",
  "/js/lib/outbox.js",
  "/js/lib/portfolio.js",
  "/js/lib/queue.js",
  "/js/lib/reflection.js",
  "/js/lib/registry.js",
  "/js/lib/reminders-ask.js",
  "/js/lib/review-schedule.js",
  "/js/lib/review-signoff.js",
  "/js/lib/rule-years.js",
  "/js/lib/sha256.js",
  "/js/lib/signatures.js",
  "/js/lib/syncstate.js",
  "/js/lib/values.js",
  "/js/lib/view.js",
  "/js/lib/words.js",
  "/js/media.js",
  "/js/problems.js",
  "/js/profile.js",
  "/js/receipts.js",
  "/js/routes.js",
  "/js/screens/admin-caseload.js",
  "/js/screens/admin-common.js",
  "/js/screens/admin-organisation.js",
  "/js/screens/admin-person.js",
  "/js/screens/admin-standards.js",
  "/js/screens/assess.js",
  "/js/screens/audit.js",
  "/js/screens/capture-fields.js",
  "/js/screens/capture.js",
  "/js/screens/conflict.js",
  "/js/screens/criteria-picker.js",
  "/js/screens/evidence-item.js",
  "/js/screens/evidence-list.js",
  "/js/screens/export.js",
  "/js/screens/guard-hint.js",
  "/js/screens/home.js",
  "/js/screens/judge.js",
  "/js/screens/notifications.js",
  "/js/screens/people.js",
  "/js/screens/photo.js",
  "/js/screens/qa.js",
  "/js/screens/reminders-card.js",
  "/js/screens/reminders-inbox.js",
  "/js/screens/reviews.js",
  "/js/screens/setup.js",
  "/js/screens/signature.js",
  "/js/screens/signin.js",
  "/js/screens/standards.js",
  "/js/screens/sync-status.js",
  "/js/screens/this-phone.js",
  "/js/screens/witness-view.js",
  "/js/screens/worker.js",
  "/js/screens/coverage-grid.js",
  "/js/screens/caseload.js",
  "/js/lib/caseload.js",
  "/js/store.js",
  "/js/sync.js",
  "/js/update.js",
];
const NETWORK_ONLY = ["/api/", "/sync/", "/healthz", "/openapi.json"];

self.addEventListener("install", (event) => {
  // cache: "reload" skips the HTTP cache, so a new version never precaches stale files.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" })))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith("carefolio-") && n !== CACHE).map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (NETWORK_ONLY.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (event.request.mode === "navigate") {
    event.respondWith(caches.match("/").then((hit) => hit ?? fetch(event.request)));
    return;
  }
  event.respondWith(caches.match(event.request).then((hit) => hit ?? fetch(event.request)));
});

// --- Push notifications (issues #7, #19) ---------------------------------------------------
// A reminder arrives encrypted as a Declarative Web Push message (docs/push.md): {web_push:
// 8030, notification: {title, body, tag, navigate, data: {url, kind, count, delivery}},
// mutable: true}. Safari 18.4+ may show it without this worker; everywhere else this
// handler shows the same notification (the flat version-1 payload of earlier servers too).
// Notifications with the same tag replace each other; feedback on several items while the
// first is still shown becomes one "N pieces" notification opening the list.
// A tap opens the screen in `url` (a hash route): in an open window if there is one (told
// by a message, else navigated), else in a new one (also when the app was closed).
// Shown and tapped are recorded as receipts in IndexedDB; the page sends them with its next
// sync (pwa/js/receipts.js reads the same database: keep the two in step).

const RECEIPTS_DB = "carefolio-receipts";
const RECEIPTS = "receipts";

function openReceipts() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(RECEIPTS_DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(RECEIPTS, { keyPath: "id" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Queue a receipt (kept if one for the same delivery and event is already queued). */
async function recordReceipt(delivery, event) {
  if (!Number.isInteger(delivery) || delivery <= 0) return;
  const db = await openReceipts();
  try {
    await new Promise((resolve, reject) => {
      const tx = db.transaction(RECEIPTS, "readwrite");
      tx.objectStore(RECEIPTS).add({ id: `${delivery}:${event}`, delivery, event, at: new Date().toISOString() });
      tx.oncomplete = () => resolve(undefined);
      tx.onabort = () => (tx.error && tx.error.name === "ConstraintError" ? resolve(undefined) : reject(tx.error));
    });
  } finally {
    db.close();
  }
}

const GROUPS = {
  feedback: { url: "#/evidence", body: (n) => `Feedback is ready on ${n} pieces of your evidence` },
};

/** The reminder in a push message, whichever format it came in. */
function reminderOf(message) {
  const m = message && typeof message === "object" ? message : {};
  if (m.web_push === 8030 && m.notification && typeof m.notification === "object") {
    const n = m.notification;
    const data = n.data && typeof n.data === "object" ? n.data : {};
    return { title: n.title, body: n.body, tag: n.tag, url: data.url, kind: data.kind, count: data.count, delivery: data.delivery };
  }
  return m;
}

async function showReminder(payload) {
  const given = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined && v !== null));
  const data = { title: "Carefolio", body: "Something needs you in Carefolio.", tag: "carefolio", url: "#/", count: 1, ...given };
  const group = GROUPS[data.tag];
  if (group) {
    const [earlier] = await self.registration.getNotifications({ tag: data.tag });
    if (earlier && earlier.data && earlier.data.url !== data.url) {
      data.count = (earlier.data.count || 1) + (data.count || 1);
      data.body = group.body(data.count);
      data.url = group.url;
    }
  }
  await self.registration.showNotification(data.title, {
    body: data.body, tag: data.tag, renotify: true, icon: "/icons/icon-192.png",
    badge: "/icons/icon-192.png", data: { url: data.url, count: data.count, kind: data.kind, delivery: data.delivery },
  });
  await recordReceipt(data.delivery, "shown").catch(() => {}); // a full disk must not hide the reminder
}

self.addEventListener("push", (event) => {
  let payload = {};
  try { payload = event.data ? event.data.json() : {}; } catch { payload = {}; }
  event.waitUntil(showReminder(reminderOf(payload)));
});

/** Ask an open window to show `route` itself; false when it does not answer within a second. */
function tell(client, route) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), 1000);
    channel.port1.onmessage = () => { clearTimeout(timer); resolve(true); };
    client.postMessage({ type: "carefolio:open", url: route }, [channel.port2]);
  });
}

async function openScreen(hash) {
  const route = typeof hash === "string" && hash.startsWith("#/") ? hash : "#/";
  const target = new URL(`/${route}`, self.location.origin).href;
  const windows = (await self.clients.matchAll({ type: "window", includeUncontrolled: true }))
    .filter((c) => new URL(c.url).origin === self.location.origin);
  const open = windows.find((c) => c.focused) ?? windows.find((c) => c.visibilityState === "visible") ?? windows[0];
  if (!open) return self.clients.openWindow(target);
  const focused = await open.focus().catch(() => open);
  if (await tell(focused, route)) return focused;
  const moved = await focused.navigate(target).catch(() => null);
  return moved ?? focused;
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  event.waitUntil(Promise.all([
    openScreen(data.url),
    recordReceipt(data.delivery, "tapped").catch(() => {}),
  ]));
});
