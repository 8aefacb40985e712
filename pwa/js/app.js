// The app's controller: decide the screen from the URL hash and the cached profile, open the
// person's IndexedDB store and start the sync controller, register the service worker and
// offer updates (never reloading by itself).

import { api, isOffline } from "./api.js";
import { guardRefresh, h } from "./dom.js";
import { describe } from "./lib/syncstate.js";
import { cachedProfile, forgetProfile, rememberDevice, rememberProfile } from "./profile.js";
import { routes } from "./routes.js";
import { Store, wipe } from "./store.js";
import { SyncController } from "./sync.js";
import { watchForUpdates } from "./update.js";

/** @type {{me: any, store: Store | null, sync: SyncController | null, cleanup: (() => void) | null, busy: boolean}} */
const state = { me: null, store: null, sync: null, cleanup: null, busy: false };

const ctx = {
  get me() { return state.me; },
  get store() { return state.store; },
  get sync() { return state.sync; },
  /** The worker's own portfolio scope; assessor screens pass other scopes. */
  get scope() { return `portfolio:${state.me?.user_id}`; },
  get inbox() { return `user:${state.me?.user_id}`; },
  onSignedIn: async () => { await refreshProfile(); location.hash = "#/"; route(); },
  signOut,
  /** @param {string} hash */
  go(hash) { if (location.hash === hash) route(); else location.hash = hash; },
};

async function signOut() {
  const waiting = state.sync?.status.pending ?? 0;
  if (waiting && !confirm(`${waiting} change(s) have not reached the server yet. Signing out deletes them from this phone. Sign out anyway?`)) return;
  try { await api("POST", "/api/auth/sign-out"); } catch { /* offline: forget locally anyway */ }
  const me = state.me;
  await stopSync();
  if (me) await wipe(me.user_id).catch(() => {});
  forgetProfile();
  location.hash = "#/sign-in";
  route();
}

async function refreshProfile() {
  try {
    const me = await api("GET", "/api/me");
    rememberProfile(me);
    await startSync(me);
    return me;
  } catch (e) {
    if (!isOffline(e) && (e.status === 401 || e.status === 403)) {
      const old = cachedProfile();
      forgetProfile();
      // A revoked session means a lost or stolen phone: its data goes. Other sign-outs keep
      // the outbox for the next sign-in (renumbered for the new session's device).
      if (e.code === "session_revoked" && old) { await stopSync(); await wipe(old.user_id).catch(() => {}); }
    }
    return cachedProfile();
  }
}

/** Open the person's store, bind it to this session's device, start syncing. */
async function startSync(me) {
  if (state.me?.user_id === me.user_id && state.me?.device_id === me.device_id && state.sync) return;
  await stopSync();
  state.me = me;
  state.store = await Store.open(me.user_id);
  await state.store.bindDevice(me.device_id);
  // Signing in again on this phone asks for the same device id, so its mutation counter
  // continues and nothing waiting in the outbox is renumbered (docs/sessions.md).
  rememberDevice(me.device_id);
  state.sync = new SyncController(state.store, me);
  state.sync.addEventListener("status", () => {
    showStatus();
    // the sync screen shows the status itself; other screens only redraw for new data
    if (parseHash().path === "/sync" && !state.busy) route({ refresh: true });
  });
  state.sync.addEventListener("data", () => { if (!state.busy) route({ refresh: true }); });
  state.sync.addEventListener("signed-out", showStatus);
  await state.sync.start();
}

async function stopSync() {
  state.sync?.stop();
  state.store?.db.close();
  Object.assign(state, { me: null, store: null, sync: null });
}

function parseHash() {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  return { path: path || "/", params: new URLSearchParams(query) };
}

let routing = Promise.resolve();

/**
 * Render the screen for the current hash, after any render already under way (screens load
 * from IndexedDB first, so renders must not overtake each other). A refresh (new synced
 * data) keeps the scroll position and never re-renders a screen being typed in.
 */
export function route({ refresh = false } = {}) {
  routing = routing.then(() => render(refresh)).catch((e) => console.error(e));
  return routing;
}

/** @param {boolean} refresh */
async function render(refresh) {
  const { path, params } = parseHash();
  const me = state.me ?? cachedProfile();
  const found = routes(path, me);
  if (refresh && (!found.refreshable || editing())) return;
  state.cleanup?.();
  state.cleanup = null;
  if (found.needsStore && !state.store && me) await startSync(me);
  const scrollY = window.scrollY;
  const opened = refresh ? openSections() : new Set();
  state.busy = true;
  if (refresh) guardRefresh(editing);
  try {
    const cleanup = await found.mount(ctx, params, found.match);
    state.cleanup = typeof cleanup === "function" ? cleanup : null;
  } finally {
    state.busy = false;
    guardRefresh(null);
  }
  if (refresh) {
    reopen(opened);
    window.scrollTo(0, scrollY);
  }
  showNav(found.tab, me);
  showStatus();
}

/** The person is typing on the screen (a refresh then leaves it as it is). */
function editing() {
  return Boolean(document.activeElement?.matches("main textarea, main input, main select"));
}

/** The summaries of the sections the person has opened, so a refresh can keep them open. */
function openSections() {
  return new Set([...document.querySelectorAll("main details[open] > summary")].map((s) => s.textContent));
}

function reopen(/** @type {Set<string | null>} */ opened) {
  for (const summary of document.querySelectorAll("main details > summary")) {
    if (opened.has(summary.textContent)) /** @type {HTMLDetailsElement} */ (summary.parentElement).open = true;
  }
}

/** The bottom tabs for the person's roles: a worker's own, then assessing. */
function tabsFor(/** @type {string[]} */ roles) {
  const worker = roles.includes("worker");
  const assessing = roles.some((r) => r === "assessor" || r === "quality_assurer");
  return [["home", "#/", "Home"], ...(worker ? [["evidence", "#/evidence", "Evidence"], ["capture", "#/capture", "Capture"]] : []),
    ...(assessing ? [["assess", "#/assess", "Assess"]] : []), ["standards", "#/standards", "Standards"]];
}

function showNav(tab, me) {
  const nav = document.getElementById("nav");
  if (!me || !tab) { nav.hidden = true; return; }
  nav.hidden = false;
  nav.replaceChildren(...tabsFor(me.roles).map(([name, href, label]) =>
    h("a", { href, "aria-current": name === tab ? "page" : undefined }, label)));
}

function showStatus() {
  const el = document.getElementById("sync-status");
  const sync = state.sync;
  if (!sync) { el.replaceChildren(navigator.onLine ? "Online" : "Offline"); return; }
  const { text, tone } = describe({ ...sync.status, online: navigator.onLine }, Date.now());
  el.replaceChildren(h("a", { href: "#/sync", class: `status-link tone-${tone}` }, text));
  // machine-readable too: how many changes wait, and when the last full sync ended
  el.dataset.pending = String(sync.status.pending);
  el.dataset.lastSynced = String(sync.status.lastSyncedAt ?? 0);
}

async function start() {
  navigator.storage?.persist?.().catch(() => {});
  watchForUpdates(async () => {
    /** @type {Promise<unknown>[]} */
    const saving = [];
    document.dispatchEvent(new CustomEvent("carefolio:flush", { detail: saving }));
    await Promise.all(saving);
  });
  window.addEventListener("hashchange", () => route());
  window.addEventListener("online", showStatus);
  window.addEventListener("offline", showStatus);
  setInterval(showStatus, 30_000);
  const me = cachedProfile();
  if (me) await startSync(me).catch(() => {});
  await route();
  performance.mark("carefolio:interactive"); // the first screen is rendered and usable

  if (me) {
    const fresh = await refreshProfile();
    if (!fresh) { await stopSync(); route(); }
  }
}

start();
