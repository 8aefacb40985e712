// The app's controller: decide the screen from the URL hash and the cached profile, open the
// person's IndexedDB store and start the sync controller, register the service worker and
// offer updates (never reloading by itself).

import { api, isOffline } from "./api.js";
import { guardRefresh, h } from "./dom.js";
import { loadPortfolio } from "./data.js";
import { actionCount, needsAttention } from "./lib/attention.js";
import { titleOf } from "./lib/portfolio.js";
import { describe } from "./lib/syncstate.js";
import { reportProblem, watchForProblems } from "./problems.js";
import { tapFromAddress } from "./receipts.js";
import { cachedProfile, forgetProfile, rememberDevice, rememberKept, rememberProfile } from "./profile.js";
import { routes } from "./routes.js";
import { Store, keepOnlyUnsent } from "./store.js";
import { SyncController } from "./sync.js";
import { watchForUpdates } from "./update.js";

/** @type {{me: any, store: Store | null, sync: SyncController | null, cleanup: (() => void) | null, busy: boolean, notice: string}} */
const state = { me: null, store: null, sync: null, cleanup: null, busy: false, notice: "" };

const ctx = {
  get me() { return state.me; },
  get store() { return state.store; },
  get sync() { return state.sync; },
  /** The worker's own portfolio scope; assessor screens pass other scopes. */
  get scope() { return `portfolio:${state.me?.user_id}`; },
  get inbox() { return `user:${state.me?.user_id}`; },
  /** Why the person was last signed out, for the sign-in screen ("" when nothing to say). */
  get notice() { return state.notice; },
  onSignedIn: async () => {
    state.notice = "";
    await refreshProfile();
    location.hash = "#/";
    route();
    askToKeepStorage();
  },
  signOut,
  /** @param {string} hash */
  go(hash) { if (location.hash === hash) route(); else location.hash = hash; },
};

async function signOut() {
  try { await api("POST", "/api/auth/sign-out"); } catch { /* offline: the session ends on the phone anyway */ }
  await endSession("You are signed out.");
}

/** What the sign-in screen says when the server ended the session. */
const ENDED = {
  session_revoked: "This phone was signed out from another device or by your administrator.",
  session_unknown: "The server no longer knows this sign-in (it may have been restored from a backup).",
  session_expired: "Your sign-in has expired.",
};

/**
 * The session is over (signed out here, revoked, expired or unknown to a restored server).
 * What came from the server leaves the phone; the person's unsent work stays, sealed in their
 * own database, and is sent after they sign in again here. Never deletes unsent work.
 * @param {string} reason the first sentence the sign-in screen shows
 */
async function endSession(reason) {
  const me = state.me ?? cachedProfile();
  // A session can end mid-sentence (revoked while the worker types): the open screen saves
  // what is being typed before the store closes.
  /** @type {Promise<unknown>[]} */
  const saving = [];
  document.dispatchEvent(new CustomEvent("carefolio:flush", { detail: saving }));
  await Promise.allSettled(saving);
  await stopSync();
  forgetProfile();
  let notice = reason;
  if (me) {
    try {
      const kept = await keepOnlyUnsent(me.user_id);
      const changes = kept.outbox + kept.drafts + kept.files;
      rememberKept(me.user_id, changes);
      if (changes) notice += ` Your unsent work (${changes} change${changes === 1 ? "" : "s"}) is kept on this phone and is sent when you sign in again.`;
    } catch (e) {
      notice += ` Nothing was deleted from this phone (its storage could not be tidied: ${/** @type {Error} */ (e).message}).`;
    }
  }
  state.notice = notice;
  location.hash = "#/sign-in";
  await route();
}

async function refreshProfile() {
  try {
    const me = await api("GET", "/api/me");
    rememberProfile(me);
    await startSync(me);
    return me;
  } catch (e) {
    if (!isOffline(e) && (e.status === 401 || e.status === 403)) {
      await endSession(ENDED[e.code] ?? `Sign in again: ${e.message}`);
      return null;
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
  rememberKept(me.user_id, 0); // signed in again: this person's kept work is theirs to send
  state.sync = new SyncController(state.store, me);
  state.sync.addEventListener("status", () => {
    showStatus();
    // the sync screen shows the status itself; other screens only redraw for new data
    if (parseHash().path === "/sync" && !state.busy) route({ refresh: true });
  });
  // New data: refresh the screen, also when a render is under way (it may have read the
  // device before the sync wrote it; route() queues at most one render behind it).
  state.sync.addEventListener("data", () => route({ refresh: true }));
  // The server refused the session during a sync: ask who we are; a 401 there ends the
  // session on this phone (unsent work kept), anything else leaves it as it is.
  state.sync.addEventListener("signed-out", () => { showStatus(); refreshProfile(); });
  await state.sync.start();
}

async function stopSync() {
  state.sync?.stop();
  state.store?.close();
  Object.assign(state, { me: null, store: null, sync: null });
}

function parseHash() {
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  return { path: path || "/", params: new URLSearchParams(query) };
}

let routing = Promise.resolve();
/** @type {{refresh: boolean, navigation: boolean} | null} the render waiting behind the one under way (at most one) */
let waiting = null;
/** The hash the last navigation render showed. */
let shown = "";

/**
 * Render the screen for the current hash, after any render already under way (screens load
 * from IndexedDB first, so renders must not overtake each other). At most one render waits:
 * it reads the hash when it starts, so a later request adds nothing (a navigation outranks a
 * refresh). A refresh (new synced data) keeps the scroll position and never re-renders a
 * screen being typed in. A hash change to the screen already shown renders nothing: two
 * renders of one form would replace the form being typed in and lose the tap on its Save.
 * @param {{refresh?: boolean, navigation?: boolean}} [options] `navigation`: from a hash change
 */
export function route({ refresh = false, navigation = false } = {}) {
  if (waiting) {
    if (!refresh) waiting.refresh = false;
    if (!navigation) waiting.navigation = false;
    return routing;
  }
  const next = { refresh, navigation };
  waiting = next;
  // aria-busy from the moment a render is asked for until none is waiting or under way (a
  // refresh after a sync included): the screen is still changing
  document.getElementById("main")?.setAttribute("aria-busy", "true");
  routing = routing.then(() => {
    waiting = null;
    if (next.navigation && !next.refresh && location.hash === shown) return undefined;
    return render(next.refresh);
  }).catch((e) => { if (e?.name !== "StoreClosed") reportProblem(e); }) // StoreClosed: signed out mid-render
    .finally(() => { if (!waiting) document.getElementById("main")?.removeAttribute("aria-busy"); });
  return routing;
}

/** @param {boolean} refresh */
async function render(refresh) {
  const { path, params } = parseHash();
  const me = state.me ?? cachedProfile();
  const found = routes(path, me);
  if (refresh && (!found.refreshable || editing())) return;
  const main = /** @type {HTMLElement} */ (document.getElementById("main"));
  if (!refresh) {
    shown = location.hash;
    // The screen being left is inert until the next one is mounted: a tap on it would act on a
    // screen that is going away.
    main.inert = true;
  }
  state.cleanup?.();
  state.cleanup = null;
  state.busy = true;
  if (refresh) guardRefresh(editing);
  const scrollY = window.scrollY;
  const opened = refresh ? openSections() : new Set();
  try {
    if (found.needsStore && !state.store && me) await startSync(me);
    const cleanup = await found.mount(ctx, params, found.match);
    state.cleanup = typeof cleanup === "function" ? cleanup : null;
  } finally {
    state.busy = false;
    guardRefresh(null);
    main.inert = false;
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
    // an assessor's Assess tab opens their caseload (#/learners), the queue one tap further
    ...(assessing ? [["assess", roles.includes("assessor") ? "#/learners" : "#/assess", "Assess"]] : []), ["standards", "#/standards", "Standards"]];
}

function showNav(tab, me) {
  const nav = document.getElementById("nav");
  if (!me || !tab) { nav.hidden = true; return; }
  nav.hidden = false;
  nav.replaceChildren(...tabsFor(me.roles).map(([name, href, label]) =>
    h("a", { href, "aria-current": name === tab ? "page" : undefined, "data-tab": name }, label)));
  showActionBadge().catch((e) => { if (e?.name !== "StoreClosed") reportProblem(e); });
}

/** The Evidence tab counts what needs the worker's action (referrals, conflicts, refusals). */
async function showActionBadge() {
  const tab = document.querySelector('#nav a[data-tab="evidence"]');
  if (!tab || !state.store) return;
  const data = await loadPortfolio(ctx);
  const count = actionCount(needsAttention(data, { pending: 0, unsentSince: null, now: Date.now(), titleOf }));
  tab.querySelector(".tab-badge")?.remove();
  if (count) tab.append(h("span", { class: "tab-badge" }, String(count), h("span", { class: "sr-only" }, ` need${count === 1 ? "s" : ""} you`)));
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

/** Right after sign-in (never on page load): ask the browser never to clear the phone's data.
 * Home says in one line when it has not agreed, and "This phone" says why it matters. */
async function askToKeepStorage() {
  if (!navigator.storage?.persist || (await navigator.storage.persisted().catch(() => false))) return;
  await navigator.storage.persist().catch(() => false);
}

/** A tapped notification asks this open window to show its screen (sw.js `openScreen`): go
 * there by the hash, as a link would, and answer so the service worker does not reload it. */
function listenForNotificationTaps() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("message", (event) => {
    const { type, url } = event.data ?? {};
    if (type !== "carefolio:open" || typeof url !== "string" || !url.startsWith("#/")) return;
    if (location.hash !== url) location.hash = url;
    event.ports[0]?.postMessage("opened");
  });
  navigator.serviceWorker.startMessages();
}

async function start() {
  watchForProblems();
  watchForUpdates(async () => {
    /** @type {Promise<unknown>[]} */
    const saving = [];
    document.dispatchEvent(new CustomEvent("carefolio:flush", { detail: saving }));
    await Promise.all(saving);
  });
  window.addEventListener("hashchange", () => route({ navigation: true }));
  listenForNotificationTaps();
  await tapFromAddress().catch(reportProblem);
  window.addEventListener("online", showStatus);
  window.addEventListener("offline", showStatus);
  setInterval(showStatus, 30_000);
  const me = cachedProfile();
  if (me) await startSync(me).catch(() => {});
  await route();
  performance.mark("carefolio:interactive"); // the first screen is rendered and usable

  if (me) {
    await refreshProfile(); // a session the server ended is ended here too (unsent work kept)
  }
}

start();
