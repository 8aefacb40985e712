/**
 * Rule years: the progress-review rule and the words of an apprenticeship, by the year it
 * started (server/reviews/rule_years.py RULE_YEARS, written here by
 * scripts/publish_registry.py: never edit by hand; a test fails while this file differs from
 * the code). The functions that read it are in review-schedule.js.
 * @module
 */

/**
 * @typedef {object} RuleYear
 * @property {string} name e.g. "2025/26"
 * @property {string} starts_from the first start date (YYYY-MM-DD) it applies to
 * @property {"weeks_12" | "calendar_3_months"} default_rule
 * @property {string} summary the rule in words
 * @property {boolean} agreement_needs_employer a different frequency needs the employer's agreement
 * @property {Record<string, string>} words e.g. end_point_assessment, gateway
 */

/** @type {RuleYear[]} */
export const RULE_YEARS = [
  {"name": "before 2025/26", "starts_from": "0001-01-01", "default_rule": "weeks_12", "summary": "every 12 weeks", "agreement_needs_employer": false, "words": {"end_point_assessment": "end-point assessment", "gateway": "gateway"}},
  {"name": "2025/26", "starts_from": "2025-08-01", "default_rule": "calendar_3_months", "summary": "at least every 3 calendar months", "agreement_needs_employer": true, "words": {"end_point_assessment": "end-point assessment", "gateway": "gateway"}},
  {"name": "2026/27", "starts_from": "2026-08-01", "default_rule": "calendar_3_months", "summary": "at least every 3 calendar months", "agreement_needs_employer": true, "words": {"end_point_assessment": "apprenticeship assessment", "gateway": "gateway to completion"}},
];
