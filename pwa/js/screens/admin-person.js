import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { defaultRule, ruleYear } from "../lib/review-schedule.js";
import { ROLE_OPTIONS, errorText, keepDraft, networkNotice } from "./admin-common.js";

const RULES = [
  ["calendar_3_months", "Every 3 calendar months (2025/26 rules)"],
  ["weeks_12", "Every 12 weeks (older apprenticeship rules)"],
  ["custom", "Another agreed interval"],
];
const ruleText = (/** @type {any} */ e) => e.review_rule === "custom" ? `every ${e.review_interval_days} days (${e.review_reason})` : (RULES.find(([v]) => v === e.review_rule)?.[1] ?? e.review_rule);
/** An apprenticeship's year, words and any agreement, in a sentence. @param {any} e */
const apprenticeshipText = (e) => !e.apprenticeship ? null : h("p", { class: "apprenticeship" },
  `Apprenticeship (${e.rule_year} rules): ends with the ${e.words.end_point_assessment} after the ${e.words.gateway}.`,
  e.employer_agreed_by ? ` A different review frequency was agreed for the employer by ${e.employer_agreed_by} on ${e.employer_agreed_on}${e.review_reason ? ` (${e.review_reason})` : ""}.` : "");
const today = () => new Date().toISOString().slice(0, 10);

/** Administrators: one person's page: roles, leaving and returning, reset links, enrolments. */
export async function person(_ctx, _params, match) {
  const id = Number(match[0]);
  const head = h("div", {});
  const body = h("div", {});
  mount(h("a", { href: "#/people" }, "← People"), networkNotice(), head, body);
  let data;
  try {
    const [members, enrolments, library, mail, org] = await Promise.all([
      api("GET", "/api/admin/members"), api("GET", `/api/admin/enrolments?worker_id=${id}&ended=1`),
      api("GET", "/api/library/standards"), api("GET", "/api/admin/mail"), api("GET", "/api/admin/organisation"),
    ]);
    data = { member: members.find((/** @type {any} */ m) => m.user_id === id), members, enrolments, standards: library.standards, mailOn: mail.configured, defaultRule: org.default_review_rule };
  } catch (e) {
    body.replaceChildren(errorText(e));
    return;
  }
  const { member } = data;
  if (!member) { body.replaceChildren(h("p", { class: "error" }, "No such member in your organisation.")); return; }
  const reload = () => person(_ctx, _params, match);
  head.replaceChildren(h("h1", {}, member.display_name), h("p", { class: "muted" }, member.email, member.disabled ? " · deactivated" : ""));
  body.replaceChildren(
    h("h2", {}, "Roles"), rolesForm(member, reload),
    h("h2", {}, "Account"), accountSection(member, data.mailOn, reload),
    member.roles.includes("worker") ? h("h2", {}, "Enrolments") : null,
    member.roles.includes("worker") ? enrolmentList(data.enrolments, data.members, reload) : null,
    member.roles.includes("worker") && !member.disabled ? h("h2", {}, "Enrol on standards") : null,
    member.roles.includes("worker") && !member.disabled ? enrolForm(member, data, reload) : null,
  );
}

function rolesForm(/** @type {any} */ member, /** @type {() => void} */ reload) {
  const said = h("div", { role: "status" });
  const boxes = ROLE_OPTIONS.map(([value, label]) => {
    const box = h("input", { type: "checkbox", id: `role-${value}`, value, checked: member.roles.includes(value) });
    box.addEventListener("change", async () => {
      try {
        if (/** @type {HTMLInputElement} */ (box).checked) await api("POST", `/api/admin/members/${member.user_id}/roles`, { role: value });
        else await api("DELETE", `/api/admin/members/${member.user_id}/roles/${value}`);
        await reload();
      } catch (e) {
        /** @type {HTMLInputElement} */ (box).checked = !(/** @type {HTMLInputElement} */ (box).checked);
        said.replaceChildren(errorText(e));
      }
    });
    return h("div", { class: "check" }, box, h("label", { for: `role-${value}` }, label));
  });
  return h("fieldset", {}, h("legend", {}, "This person's roles"), ...boxes, said);
}

function accountSection(/** @type {any} */ member, /** @type {boolean} */ mailOn, /** @type {() => void} */ reload) {
  const said = h("div", { role: "status", id: "account-result" });
  const run = (/** @type {() => Promise<void>} */ step) => async () => { try { await step(); } catch (e) { said.replaceChildren(errorText(e)); } };
  if (member.disabled) {
    return h("div", {}, h("p", {}, "Deactivated: cannot sign in. Their evidence stays with the organisation."),
      h("button", { type: "button", onclick: run(async () => { await api("POST", `/api/admin/members/${member.user_id}/reactivate`); await reload(); }) }, "Reactivate"), said);
  }
  const deactivate = run(async () => {
    if (!confirm(`Deactivate ${member.display_name}? They are signed out everywhere at once, and their phones clear their data. Their evidence stays with the organisation.`)) return;
    const done = await api("POST", `/api/admin/members/${member.user_id}/deactivate`);
    await reload();
    document.getElementById("account-result")?.replaceChildren(h("p", { class: "ok" }, `Deactivated; ${done.sessions_ended} signed-in device(s) signed out.`));
  });
  const printLink = run(async () => {
    const link = await api("POST", `/api/admin/members/${member.user_id}/reset-link`);
    said.replaceChildren(h("div", { class: "card print-slip" },
      h("p", {}, `Password reset for ${member.display_name}. Open this link once, before ${new Date(link.expires_at).toLocaleString()}:`),
      h("input", { readonly: true, value: link.url, "aria-label": "Reset link", id: "reset-link" }),
      h("button", { type: "button", class: "secondary", onclick: () => window.print() }, "Print")));
  });
  const mailLink = run(async () => {
    await api("POST", `/api/admin/members/${member.user_id}/reset-mail`);
    said.replaceChildren(h("p", { class: "ok" }, `A reset link is being e-mailed to ${member.email}.`));
  });
  return h("div", {}, h("div", { class: "row" },
    mailOn ? h("button", { type: "button", class: "secondary", onclick: mailLink }, "E-mail a reset link") : null,
    h("button", { type: "button", class: "secondary", onclick: printLink }, "Print a reset link"),
    h("button", { type: "button", class: "danger", onclick: deactivate }, "Deactivate")), said);
}

function enrolmentList(/** @type {any[]} */ enrolments, /** @type {any[]} */ members, /** @type {() => void} */ reload) {
  if (!enrolments.length) return h("p", { class: "muted" }, "Not enrolled on any standard yet.");
  const assessors = members.filter((m) => m.roles.includes("assessor") && !m.disabled);
  return h("ul", { class: "plain" }, ...enrolments.map((e) => {
    const said = h("div", { role: "status" });
    const card = h("li", { class: "card enrolment", "data-code": e.standard_code },
      h("strong", {}, e.standard_code), h("br"),
      h("span", { class: "muted" }, `From ${e.start_date} · ${e.assessor_name ?? "no assessor"} · reviews ${ruleText(e)}`),
      apprenticeshipText(e),
      e.ended_at ? h("p", {}, `Ended ${e.ended_on ?? e.ended_at.slice(0, 10)}${e.outcome ? ` (${e.outcome})` : ""}.`) : null);
    if (e.ended_at) return card;
    const pick = h("select", { "aria-label": `New assessor for ${e.standard_code}` },
      ...assessors.map((a) => h("option", { value: a.user_id, selected: a.user_id === e.assessor_id }, a.display_name)));
    const outcome = h("select", { "aria-label": `How ${e.standard_code} ended` },
      h("option", { value: "completed" }, "Completed"), h("option", { value: "withdrawn" }, "Withdrawn"));
    const ended = h("input", { type: "date", value: today(), max: today(), min: e.start_date, "aria-label": `End date of ${e.standard_code}` });
    const call = (/** @type {() => Promise<any>} */ step) => async () => { try { await step(); await reload(); } catch (err) { said.replaceChildren(errorText(err)); } };
    card.append(
      h("div", { class: "row" }, pick, h("button", { type: "button", class: "secondary", onclick: call(() => api("PATCH", `/api/admin/enrolments/${e.id}`, { assessor_id: Number(/** @type {HTMLSelectElement} */ (pick).value), reason: "Reassigned by an administrator" })) }, "Reassign")),
      h("div", { class: "row" }, outcome, ended, h("button", { type: "button", class: "secondary", onclick: call(() => api("POST", `/api/admin/enrolments/${e.id}/end`, { outcome: /** @type {HTMLSelectElement} */ (outcome).value, ended_on: /** @type {HTMLInputElement} */ (ended).value })) }, "End enrolment")),
      said);
    return card;
  }));
}

function enrolForm(/** @type {any} */ member, /** @type {any} */ data, /** @type {() => void} */ reload) {
  const active = new Set(data.enrolments.filter((/** @type {any} */ e) => !e.ended_at).map((/** @type {any} */ e) => e.standard_code));
  const choices = data.standards.filter((/** @type {any} */ s) => !active.has(s.code)).map((/** @type {any} */ s) => h("div", { class: "check" },
    h("input", { type: "checkbox", name: "standards", value: s.code, id: `enrol-${s.code}` }),
    h("label", { for: `enrol-${s.code}` }, `${s.code} · ${s.title}`)));
  const assessors = data.members.filter((/** @type {any} */ m) => m.roles.includes("assessor") && !m.disabled);
  const assessor = h("select", { id: "enrol-assessor", name: "assessor" }, h("option", { value: "" }, "No assessor yet"),
    ...assessors.map((/** @type {any} */ a) => h("option", { value: a.user_id }, a.display_name)));
  const start = h("input", { id: "enrol-start", name: "start", type: "date", value: today(), required: true });
  const rules = RULES.map(([value, label]) => h("div", { class: "check" },
    h("input", { type: "radio", name: "rule", value, id: `rule-${value}`, checked: value === data.defaultRule }), h("label", { for: `rule-${value}` }, label)));
  const days = h("input", { id: "enrol-days", name: "days", type: "number", min: 7, max: 366 });
  const reason = h("input", { id: "enrol-reason", name: "reason", maxlength: 2000 });
  const custom = h("div", { hidden: true }, h("label", { for: "enrol-days" }, "Interval in days"), days);
  const why = h("div", { hidden: true }, h("label", { for: "enrol-reason" }, "Why this frequency was agreed"), reason);
  const apprentice = h("input", { type: "checkbox", id: "enrol-apprenticeship", name: "apprenticeship" });
  const yearNote = h("p", { class: "muted", id: "enrol-rule-year", role: "status" });
  const agreedBy = h("input", { id: "enrol-agreed-by", name: "agreed_by", maxlength: 200, autocomplete: "off" });
  const agreedOn = h("input", { id: "enrol-agreed-on", name: "agreed_on", type: "date", max: today() });
  const employer = h("div", { hidden: true },
    h("p", {}, "A different frequency from the rule needs the employer's agreement."),
    h("label", { for: "enrol-agreed-by" }, "Who agreed it for the employer"), agreedBy,
    h("label", { for: "enrol-agreed-on" }, "When they agreed it"), agreedOn);
  const said = h("div", { role: "status", id: "enrol-result" });
  const form = /** @type {HTMLFormElement} */ (h("form", { novalidate: true, id: "enrol-form" },
    h("fieldset", {}, h("legend", {}, "Standards"), ...(choices.length ? choices : [h("p", { class: "muted" }, "Enrolled on every standard in the library.")])),
    h("label", { for: "enrol-assessor" }, "Assessor"), assessor,
    h("label", { for: "enrol-start" }, "Start date"), start,
    h("div", { class: "check" }, apprentice, h("label", { for: "enrol-apprenticeship" }, "An apprenticeship (the review rule follows the year it started)")),
    h("fieldset", {}, h("legend", {}, "Progress reviews"), yearNote, ...rules, custom, why, employer),
    h("button", { type: "submit", class: "wide" }, "Enrol"), said));
  const draft = keepDraft(form, `enrol-${member.user_id}`);
  const isApprenticeship = () => /** @type {HTMLInputElement} */ (apprentice).checked;
  const startDay = () => /** @type {HTMLInputElement} */ (start).value || today();
  const ruleNow = () => /** @type {any} */ (form.elements.namedItem("rule")).value;
  // a rule other than the apprenticeship's year's is a different agreed frequency
  const different = () => isApprenticeship() && ruleNow() !== defaultRule(true, startDay(), data.defaultRule);
  const needsEmployer = () => different() && ruleYear(startDay()).agreement_needs_employer;
  const showFields = () => {
    custom.hidden = ruleNow() !== "custom";
    why.hidden = ruleNow() !== "custom" && !different();
    employer.hidden = !needsEmployer();
    const year = ruleYear(startDay());
    yearNote.textContent = isApprenticeship() ? `Apprenticeship started ${startDay()}: ${year.name} rules, reviews ${year.summary}.` : "";
  };
  /** Choose the rule the apprenticeship's year sets (when the start or the box changes). */
  const pickDefault = () => {
    const rule = defaultRule(isApprenticeship(), startDay(), data.defaultRule);
    for (const box of form.querySelectorAll("input[name=rule]")) /** @type {HTMLInputElement} */ (box).checked = /** @type {HTMLInputElement} */ (box).value === rule;
  };
  apprentice.addEventListener("change", pickDefault);
  start.addEventListener("change", () => { if (isApprenticeship()) pickDefault(); });
  form.addEventListener("change", showFields);
  showFields();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const codes = [...form.querySelectorAll("input[name=standards]:checked")].map((el) => /** @type {HTMLInputElement} */ (el).value);
    if (!codes.length) { said.replaceChildren(errorText("Choose at least one standard.")); return; }
    const rule = /** @type {any} */ (form.elements.namedItem("rule")).value;
    const picked = /** @type {HTMLSelectElement} */ (assessor).value;
    try {
      await api("POST", "/api/admin/enrolments/batch", {
        worker_id: member.user_id, standard_codes: codes, start_date: /** @type {HTMLInputElement} */ (start).value,
        assessor_id: picked ? Number(picked) : null, review_rule: rule,
        review_interval_days: rule === "custom" ? Number(/** @type {HTMLInputElement} */ (days).value) || null : null,
        review_reason: rule === "custom" || different() ? /** @type {HTMLInputElement} */ (reason).value : "",
        apprenticeship: isApprenticeship(),
        ...(needsEmployer() ? { employer_agreed_by: /** @type {HTMLInputElement} */ (agreedBy).value, employer_agreed_on: /** @type {HTMLInputElement} */ (agreedOn).value || null } : {}),
      });
      draft.clear();
      await reload();
    } catch (e) {
      said.replaceChildren(errorText(e));
    }
  });
  return form;
}
