import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { errorText, keepDraft, networkNotice } from "./admin-common.js";

/** Administrators: the organisation's name, default review rule, reminder quiet hours, QA
 * sampling rate, and what is kept. */
export async function organisationSettings() {
  const said = h("div", { role: "status", id: "organisation-result" });
  const name = h("input", { id: "org-name", name: "name", required: true });
  const rule = h("select", { id: "org-rule", name: "rule" },
    h("option", { value: "calendar_3_months" }, "Every 3 calendar months (2025/26 rules)"),
    h("option", { value: "weeks_12" }, "Every 12 weeks (older apprenticeship rules)"));
  const quietStart = h("input", { id: "org-quiet-start", name: "quiet_start", type: "time" });
  const quietEnd = h("input", { id: "org-quiet-end", name: "quiet_end", type: "time" });
  const rate = h("input", { id: "org-qa-rate", name: "qa", type: "number", min: 1, max: 100, inputmode: "numeric" });
  const years = h("input", { id: "org-retention", name: "retention", type: "number", min: 1, max: 50, inputmode: "numeric" });
  const kept = h("div", { class: "card", id: "retention" });
  const form = /** @type {HTMLFormElement} */ (h("form", { novalidate: true, id: "organisation-form" },
    h("label", { for: "org-name" }, "Name"), name,
    h("label", { for: "org-rule" }, "Default progress-review rule for new enrolments"), rule,
    h("fieldset", {}, h("legend", {}, "Quiet hours for reminders"),
      h("p", { class: "muted small" }, "No reminders between these times, in each phone's own time zone, for people who have not set their own. Leave both empty for none."),
      h("label", { for: "org-quiet-start" }, "From"), quietStart, h("label", { for: "org-quiet-end" }, "Until"), quietEnd),
    h("label", { for: "org-qa-rate" }, "QA sampling rate: per cent of an assessor's decisions a sample draws"), rate,
    h("label", { for: "org-retention" }, "Retention: years the evidence of a person who left is kept"), years,
    h("button", { type: "submit", class: "wide" }, "Save"), said));
  mount(h("a", { href: "#/people" }, "← People"), h("h1", {}, "Organisation"), networkNotice(), form,
    h("h2", {}, "What is kept, and for how long"), kept);
  try {
    const org = await api("GET", "/api/admin/organisation");
    /** @type {HTMLInputElement} */ (name).value = org.name;
    /** @type {HTMLSelectElement} */ (rule).value = org.default_review_rule;
    /** @type {HTMLInputElement} */ (quietStart).value = org.quiet_start ?? "";
    /** @type {HTMLInputElement} */ (quietEnd).value = org.quiet_end ?? "";
    /** @type {HTMLInputElement} */ (rate).value = String(org.qa_sample_percent);
    /** @type {HTMLInputElement} */ (years).value = String(org.retention_years);
    kept.replaceChildren(...retention(org.retention_years));
  } catch (e) {
    said.replaceChildren(errorText(e));
  }
  const draft = keepDraft(form, "organisation");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const org = await api("PATCH", "/api/admin/organisation", {
        name: /** @type {HTMLInputElement} */ (name).value, default_review_rule: /** @type {HTMLSelectElement} */ (rule).value,
        quiet_start: /** @type {HTMLInputElement} */ (quietStart).value || null, quiet_end: /** @type {HTMLInputElement} */ (quietEnd).value || null,
        qa_sample_percent: Number(/** @type {HTMLInputElement} */ (rate).value),
        retention_years: Number(/** @type {HTMLInputElement} */ (years).value),
      });
      draft.clear();
      kept.replaceChildren(...retention(org.retention_years));
      said.replaceChildren(h("p", { class: "ok" }, `Saved: ${org.name}.`));
    } catch (e) {
      said.replaceChildren(errorText(e));
    }
  });
}

/** What is kept and for how long, with the organisation's retention period. @param {number} years */
function retention(years) {
  const span = `${years} year${years === 1 ? "" : "s"}`;
  return [
    h("p", {}, `Evidence, assessment decisions, progress reviews and the audit trail are kept while a person works here and for ${span} after they leave (counted from the later of the day they were deactivated and the day their last enrolment ended). When a person leaves and is deactivated, they can no longer sign in and their phones clear their copy; their evidence stays with the organisation for that time, as assessment and quality-assurance rules require.`),
    h("p", {}, "After that, the person who runs the server removes it with the command ", h("code", {}, "carefolio retention"), " (a dry run that lists exactly what would go; ", h("code", {}, "--apply"), " removes it, and the audit trail records it). It never removes anything of someone still within the period or with an open enrolment. Their account (deactivated), their enrolments and the audit trail stay."),
    h("p", {}, "Deleted items leave a marker that is purged after 90 days; nightly backups are kept for two weeks."),
  ];
}
