import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { csvImport, errorText, networkNotice } from "./admin-common.js";

/** Administrators: each assessor's caseload, and enrolments in bulk from a CSV. */
export async function caseload() {
  const table = h("div", { id: "caseload" }, h("p", { class: "loading" }, "Loading…"));
  const bulk = csvImport({
    id: "enrolments-csv", endpoint: "/api/admin/enrolments/import",
    columns: "worker_email, standard, assessor_email, start_date, review_rule, interval_days, reason (and for apprenticeships: apprenticeship, employer_agreed_by, employer_agreed_on)",
    noun: "enrolments", verb: "Enrol", onDone: () => load(),
  });
  async function load() {
    try {
      const loads = await api("GET", "/api/admin/caseload");
      if (!loads.length) { table.replaceChildren(h("p", { class: "muted" }, "Nobody is enrolled yet. Enrol workers from their page in People, or from a CSV below.")); return; }
      table.replaceChildren(h("table", { class: "caseload" },
        h("thead", {}, h("tr", {}, ...["Assessor", "Learners", "Waiting", "Reviews overdue"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, ...loads.map((/** @type {any} */ l) => h("tr", {},
          h("th", { scope: "row" }, l.assessor_name), h("td", {}, String(l.learners)),
          h("td", {}, String(l.items_waiting)), h("td", { class: l.reviews_overdue ? "error" : "" }, String(l.reviews_overdue)))))));
    } catch (e) {
      table.replaceChildren(errorText(e));
    }
  }
  mount(h("a", { href: "#/people" }, "← People"), h("h1", {}, "Caseload"), networkNotice(), table,
    h("h2", {}, "Enrol many from a CSV file"), bulk);
  await load();
}
