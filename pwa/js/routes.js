// Hash routes: which screen mounts for a path, which tab it belongs to, whether it needs the
// person's store and whether it may be re-rendered when synced data arrives (a capture in
// progress never is). Assessor screens (issue #6) add their entries here.

import { assess } from "./screens/assess.js";
import { capture } from "./screens/capture.js";
import { evidenceItem } from "./screens/evidence-item.js";
import { evidenceList } from "./screens/evidence-list.js";
import { exportScreen } from "./screens/export.js";
import { home } from "./screens/home.js";
import { judge } from "./screens/judge.js";
import { notifications } from "./screens/notifications.js";
import { people } from "./screens/people.js";
import { auditTrail, qaSample, qaSamples } from "./screens/qa.js";
import { reviews } from "./screens/reviews.js";
import { acceptInvite, resetPassword, setup } from "./screens/setup.js";
import { signIn } from "./screens/signin.js";
import { standard, standardsList } from "./screens/standards.js";
import { syncStatus } from "./screens/sync-status.js";
import { thisPhone } from "./screens/this-phone.js";
import { workerPortfolio } from "./screens/worker.js";
import { coverageGridScreen } from "./screens/coverage-grid.js";
import { learners } from "./screens/caseload.js";
import { caseload } from "./screens/admin-caseload.js";
import { person } from "./screens/admin-person.js";
import { organisationSettings } from "./screens/admin-organisation.js";
import { standardsAdmin } from "./screens/admin-standards.js";

/**
 * @typedef {object} Route
 * @property {(ctx: any, params: URLSearchParams, match: string[]) => any} mount
 * @property {string | null} [tab]
 * @property {boolean} [needsStore]
 * @property {boolean} [refreshable]
 * @property {string[]} [match]
 */

const PUBLIC = [
  [/^\/setup$/, (ctx, params) => setup(ctx, params.get("token") ?? "")],
  [/^\/invite$/, (ctx, params) => acceptInvite(ctx, params.get("token") ?? "")],
  [/^\/reset$/, (ctx, params) => resetPassword(ctx, params.get("token") ?? "")],
];

/** @type {[RegExp, Route["mount"], string, boolean][]} pattern, mount, tab, refreshable */
const SIGNED_IN = [
  [/^\/$/, home, "home", true],
  [/^\/evidence$/, evidenceList, "evidence", true],
  [/^\/evidence\/([\w.:-]+)$/, evidenceItem, "evidence", true],
  [/^\/capture$/, capture, "capture", false],
  [/^\/capture\/([\w.:-]+)$/, capture, "evidence", false],
  [/^\/standards$/, standardsList, "standards", true],
  [/^\/standards\/([A-Z0-9]+)$/, standard, "standards", true],
  [/^\/sync$/, syncStatus, null, true],
  [/^\/phone$/, thisPhone, null, false],
  [/^\/notifications$/, notifications, null, false],
  // Assessor screens (issue #6); a notification tap opens #/assess or #/reviews/ID.
  [/^\/assess$/, assess, "assess", true],
  [/^\/learners$/, learners, "assess", true],
  [/^\/workers\/(\d+)$/, workerPortfolio, "assess", true],
  [/^\/workers\/(\d+)\/evidence\/([\w.:-]+)$/, judge, "assess", true],
  [/^\/workers\/(\d+)\/coverage\/([A-Z0-9]+)$/, coverageGridScreen, "assess", true],
  [/^\/reviews\/(\d+)$/, reviews, "home", true],
  [/^\/qa$/, qaSamples, "assess", false],
  [/^\/qa\/(\d+)$/, qaSample, "assess", false],
  [/^\/audit$/, auditTrail, "assess", false],
  [/^\/export$/, exportScreen, "home", false],
];

/** Administrator screens (issue #12): network only, no store. @type {[RegExp, Route["mount"]][]} */
const ADMIN = [
  [/^\/people$/, people],
  [/^\/people\/(\d+)$/, person],
  [/^\/caseload$/, caseload],
  [/^\/organisation$/, organisationSettings],
  [/^\/library$/, standardsAdmin],
];

/**
 * @param {string} path
 * @param {any} me the cached profile, or null
 * @returns {Route & {match: string[]}}
 */
export function routes(path, me) {
  for (const [re, mount] of PUBLIC) {
    if (re.test(path)) return { mount, tab: null, match: [] };
  }
  if (!me || path === "/sign-in") return { mount: signIn, tab: null, match: [] };
  if (me.roles.includes("administrator")) {
    for (const [re, mount] of ADMIN) {
      const m = re.exec(path);
      if (m) return { mount, tab: "home", match: m.slice(1) };
    }
  }
  for (const [re, mount, tab, refreshable] of SIGNED_IN) {
    const m = re.exec(path);
    if (m) return { mount, tab, needsStore: true, refreshable, match: m.slice(1) };
  }
  return { mount: home, tab: "home", needsStore: true, refreshable: true, match: [] };
}
