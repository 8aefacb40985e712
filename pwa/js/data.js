// Read what the device holds for a portfolio and assemble it for the screens.

import { inLanguage } from "./lib/language.js";
import { assemble } from "./lib/portfolio.js";
import { preferredLanguage } from "./profile.js";
import { workersOf } from "./lib/queue.js";

/**
 * @param {{store: import("./store.js").Store, scope: string, inbox: string}} ctx
 * @param {string} [scope] another portfolio (assessor screens); default the worker's own
 */
export async function loadPortfolio(ctx, scope = ctx.scope) {
  const { store } = ctx;
  const [records, inbox, outbox, drafts, blobs, standards, enrolled] = await Promise.all([
    store.records(scope), store.records(ctx.inbox), store.outbox(), store.drafts(), store.pendingBlobs(),
    store.standards(), store.meta("enrolled"),
  ]);
  // the standards as this person reads them: in Welsh where they chose it and it exists
  const language = preferredLanguage(ctx.me?.user_id);
  const read = inLanguage(standards, language);
  // enrolledKnown: the server has said which standards the person is enrolled on (maybe none)
  return { ...assemble({ scope, records, inbox, outbox, drafts, blobs, standards: read, enrolled: enrolled ?? [] }), enrolledKnown: Array.isArray(enrolled), language };
}

/**
 * Several portfolios at once (the assessor's caseload and queue): what they share (the
 * outbox, inbox, drafts, files waiting, standards) is read once, the records per scope.
 * @param {any} ctx @param {string[]} scopes
 */
export async function loadPortfolios(ctx, scopes) {
  const { store } = ctx;
  const [inbox, outbox, drafts, blobs, standards, enrolled, ...held] = await Promise.all([
    store.records(ctx.inbox), store.outbox(), store.drafts(), store.pendingBlobs(), store.standards(), store.meta("enrolled"),
    ...scopes.map((scope) => store.records(scope)),
  ]);
  return scopes.map((scope, i) => ({ ...assemble({ scope, records: held[i], inbox, outbox, drafts, blobs, standards, enrolled: enrolled ?? [] }), enrolledKnown: Array.isArray(enrolled) }));
}

/**
 * The workers whose portfolios this device holds, and the cached enrolments.
 * @param {any} ctx
 */
export async function loadTeam(ctx) {
  const [cursors, enrolments] = await Promise.all([ctx.store.cursors(), ctx.store.meta("enrolments")]);
  const all = /** @type {import("./lib/queue.js").Enrolment[]} */ (enrolments ?? []);
  return { workers: workersOf(Object.keys(cursors), all, ctx.me.user_id), enrolments: all };
}

/**
 * One worker's portfolio with only the standards they are enrolled on (when known).
 * @param {any} ctx @param {number} workerId
 */
export async function loadWorker(ctx, workerId) {
  const [data, team] = await Promise.all([loadPortfolio(ctx, `portfolio:${workerId}`), loadTeam(ctx)]);
  const worker = team.workers.find((w) => w.workerId === workerId) ?? null;
  const codes = new Set(worker?.enrolments.map((e) => e.standard_code) ?? []);
  const rule = codes.size ? data.rule.filter((s) => codes.has(s.standard)) : data.rule;
  return { data, worker, rule, team };
}
