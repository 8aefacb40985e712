// Failures nobody handled: shown on screen in words and kept for support, never swallowed.
// Every async UI handler should end in a visible outcome of its own; this is the net under
// them (an `unhandledrejection` or `error` the app did not expect).

const KEY = "carefolio.problems";
const KEPT = 20;

/** @returns {{at: number, where: string, message: string}[]} the last problems, newest last */
export function recordedProblems() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "[]") ?? [];
  } catch {
    return [];
  }
}

/** The screen's route with ids left out, as support may see it. */
const here = () => location.hash.replace(/[\w-]{20,}/g, ":id").split("?")[0] || "#/";

/**
 * Record a failure for support (the route, never the screen's data); the caller shows it.
 * @param {unknown} error
 * @param {string} [where] the route or action it happened in
 * @returns {string} the failure in words
 */
export function recordProblem(error, where = here()) {
  const message = error instanceof Error ? error.message : String(error ?? "unknown error");
  try {
    localStorage.setItem(KEY, JSON.stringify([...recordedProblems(), { at: Date.now(), where, message }].slice(-KEPT)));
  } catch { /* storage full: the screen still says it */ }
  console.error("carefolio problem:", where, message); // the browser tests fail on this line
  return message;
}

/**
 * Show a failure nothing else handled, and record it.
 * @param {unknown} error
 */
export function reportProblem(error) {
  const message = recordProblem(error);
  const el = document.getElementById("problem");
  if (!el) return;
  el.replaceChildren(
    document.createTextNode(`Something went wrong on this phone: ${message}. Anything you typed is kept on this phone. `),
    Object.assign(document.createElement("button"), { type: "button", className: "secondary small-button", textContent: "Dismiss",
      onclick: () => { el.hidden = true; } }));
  el.hidden = false;
}

/** Catch what nothing else caught. */
export function watchForProblems() {
  addEventListener("unhandledrejection", (e) => {
    // An operation of a session that ended (StoreClosed, store.js) is over on purpose; the
    // sign-in screen already says what was kept.
    if (e.reason?.name === "StoreClosed") { e.preventDefault(); return; }
    reportProblem(e.reason);
  });
  addEventListener("error", (e) => reportProblem(e.error ?? e.message));
}
