import { ApiError, api } from "../api.js";
import { h, mount } from "../dom.js";
import { errorText, networkNotice } from "./admin-common.js";

/** Send a file's bytes as they are (the library parses .pdf, .docx, .txt, .html). */
async function upload(/** @type {string} */ path, /** @type {Blob} */ body) {
  let response;
  try {
    response = await fetch(path, { method: "POST", credentials: "same-origin", headers: { "X-Carefolio": "1", "Content-Type": "application/octet-stream" }, body });
  } catch {
    throw new ApiError(0, "offline", "No connection.");
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? { code: "http_error", message: `The server answered ${response.status}.` };
    throw new ApiError(response.status, error.code, error.message, error.detail);
  }
  return data;
}

/** Administrators: the standards library (versions, which is current, what uses each), and
 * a new standard or version: upload, see it parsed and compared, then publish. */
export async function standardsAdmin(ctx) {
  const list = h("ul", { class: "plain", id: "library-list" }, h("li", { class: "loading" }, "Loading…"));
  const file = h("input", { id: "nos-file", type: "file", accept: ".pdf,.docx,.txt,.html,.htm" });
  const pasted = h("textarea", { id: "nos-text", spellcheck: "false" });
  const code = h("input", { id: "nos-code", autocomplete: "off" });
  const title = h("input", { id: "nos-title", autocomplete: "off" });
  const preview = h("div", { id: "nos-preview", "aria-live": "polite" });
  const form = h("form", { novalidate: true, id: "nos-form" },
    h("label", { for: "nos-file" }, "NOS, its Welsh record, or a unit specification (.pdf, .docx, .txt or .html)"), file,
    h("label", { for: "nos-text" }, "or paste its text"), pasted,
    h("label", { for: "nos-code" }, "Code (only if the document does not state it)"), code,
    h("label", { for: "nos-title" }, "Title (only if the document does not state it)"), title,
    h("button", { type: "submit", class: "wide secondary" }, "Read it"), preview);
  const me = ctx?.me ?? JSON.parse(localStorage.getItem("carefolio.me") ?? "null");

  const chosen = () => {
    const picked = /** @type {HTMLInputElement} */ (file).files?.[0];
    if (picked) return { blob: picked, name: picked.name };
    const text = /** @type {HTMLTextAreaElement} */ (pasted).value;
    return text.trim() ? { blob: new Blob([text], { type: "text/plain" }), name: "pasted.txt" } : null;
  };
  const query = (/** @type {string} */ name) => {
    const q = new URLSearchParams({ filename: name });
    if (/** @type {HTMLInputElement} */ (code).value.trim()) q.set("code", /** @type {HTMLInputElement} */ (code).value.trim());
    if (/** @type {HTMLInputElement} */ (title).value.trim()) q.set("title", /** @type {HTMLInputElement} */ (title).value.trim());
    return q.toString();
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const source = chosen();
    if (!source) { preview.replaceChildren(errorText("Choose a file or paste the standard's text first.")); return; }
    preview.replaceChildren(h("p", { class: "loading" }, "Reading…"));
    try {
      const read = await upload(`/api/library/preview?${query(source.name)}`, source.blob);
      const compared = await api("POST", "/api/admin/library/compare", { standard: read.standard });
      preview.replaceChildren(...parsedView(read, compared), publishForm(source, read, compared));
    } catch (e) {
      const where = /** @type {any} */ (e).detail?.line ? ` (line ${/** @type {any} */ (e).detail.line})` : "";
      preview.replaceChildren(errorText(`${/** @type {any} */ (e).status === 0 ? "No connection: nothing was read or saved." : /** @type {any} */ (e).message}${where}`));
    }
  });

  function publishForm(/** @type {any} */ source, /** @type {any} */ read, /** @type {any} */ compared) {
    const current = h("input", { type: "checkbox", id: "nos-current", checked: true });
    const said = h("div", { role: "status", id: "nos-published" });
    const welsh = read.standard.language === "cy";
    const button = h("button", { type: "button", class: "wide" }, welsh ? "Publish the Welsh text" : compared.current_version ? "Publish as a new version" : "Publish");
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        // one request: the new version is stored as legacy when the current one stays
        // current, so devices never see the current version change, not even for a moment
        const keepOld = !welsh && Boolean(compared.current_version) && !/** @type {HTMLInputElement} */ (current).checked;
        const made = await upload(`/api/library/imports?${query(source.name)}${keepOld ? "&current=false" : ""}`, source.blob);
        if (made.language === "cy") {
          said.replaceChildren(h("p", { class: "ok" }, made.created
            ? `Stored the Welsh text of ${made.code} version ${made.version}, criterion by criterion: workers who read in Cymraeg now see it.`
            : `Nothing new: this is already the Welsh text of ${made.code} version ${made.version}.`));
          return;
        }
        if (!made.created) { said.replaceChildren(h("p", {}, `Nothing new: this is already version ${made.version} of ${made.code}.`)); return; }
        said.replaceChildren(h("p", { class: "ok" }, `Published ${made.code} version ${made.version}${made.current ? ", now current" : `; version ${compared.current_version} stays current`}.`));
        await load();
      } catch (e) {
        said.replaceChildren(errorText(e));
      } finally {
        button.disabled = false;
      }
    });
    return h("div", {},
      compared.current_version ? h("div", { class: "check" }, current, h("label", { for: "nos-current" }, "Make it the current version (workers then map evidence to it)")) : null,
      button, said);
  }

  async function load() {
    try {
      const [library, usage] = await Promise.all([api("GET", "/api/library/standards"), api("GET", "/api/admin/library/usage")]);
      const uses = new Map(usage.map((/** @type {any} */ u) => [u.code, u]));
      list.replaceChildren(...library.standards.map((/** @type {any} */ s) => standardCard(s, uses.get(s.code), me, load)));
    } catch (e) {
      list.replaceChildren(h("li", {}, errorText(e)));
    }
  }
  mount(h("a", { href: "#/people" }, "← People"), h("h1", {}, "Standards library"), networkNotice(),
    h("h2", {}, "Add a standard or a new version"), form, h("h2", {}, "In the library"), list);
  await load();
}

function standardCard(/** @type {any} */ s, /** @type {any} */ use, /** @type {any} */ me, /** @type {() => void} */ reload) {
  const said = h("div", { role: "status" });
  const ours = s.organisation_id !== null && s.organisation_id === me?.organisation_id;
  return h("li", { class: "card standard-admin", "data-code": s.code },
    h("strong", {}, `${s.code}: ${s.title}`), h("br"),
    h("span", { class: "muted small" }, `${use?.enrolments ?? 0} enrolment(s) · ${use?.evidence ?? 0} evidence item(s)${s.bundled ? " · bundled" : ours ? " · your organisation's" : " · shared"}`),
    h("ul", { class: "plain small" }, ...s.versions.map((/** @type {any} */ v) => h("li", {},
      `Version ${v.number}: ${v.status}${v.status === "current" ? " (current)" : ""} · ${v.imported_at.slice(0, 10)} · ${use?.evidence_by_version?.[String(v.number)] ?? 0} evidence item(s) `,
      ours && v.status !== "current" ? h("button", { type: "button", class: "secondary", onclick: () => previewSwitch(s, v.number, use, said, reload) }, `Make version ${v.number} current`) : null))),
    ours && s.framework === "unit" ? mappingForm(s) : null,
    said);
}

/** A unit's mapping to NOS criteria from a CSV table (unit_ref,nos_code,nos_ref): choose the
 * file, see every row's problem (or the links it gives), then import it; nothing changes
 * until "Import mapping", and then all of it or none. */
function mappingForm(/** @type {any} */ s) {
  const id = `mapping-${s.code}`;
  const file = h("input", { id: `${id}-file`, type: "file", accept: ".csv,text/csv" });
  const shown = h("div", { class: "mapping-preview", "aria-live": "polite" });
  const check = h("button", { type: "button", class: "secondary" }, "Check the table");
  const path = `/api/library/standards/${encodeURIComponent(s.code)}/mapping`;
  const picked = () => /** @type {HTMLInputElement} */ (file).files?.[0] ?? null;
  const problemList = (/** @type {any[]} */ problems) => h("ul", { class: "small mapping-problems" },
    ...problems.map((p) => h("li", {}, `Line ${p.line}: ${p.problem}`)));
  const linkList = (/** @type {any[]} */ links) => h("ul", { class: "small mapping-links" },
    ...links.map((l) => h("li", {}, `${l.ref} → ${l.code} ${l.nos_ref}`)));
  const failed = (/** @type {any} */ e) => e.detail?.problems
    ? [errorText(e.message), problemList(e.detail.problems)]
    : [errorText(e.status === 0 ? "No connection: nothing was read or saved." : e.message)];
  check.addEventListener("click", async () => {
    const csv = picked();
    if (!csv) { shown.replaceChildren(errorText("Choose the CSV file of the mapping first.")); return; }
    shown.replaceChildren(h("p", { class: "loading" }, "Checking…"));
    try {
      const read = await upload(`${path}/preview`, csv);
      if (read.problems.length) {
        shown.replaceChildren(h("p", { class: "error" }, `${read.problems.length} row(s) need fixing; nothing can be imported until they are:`), problemList(read.problems));
        return;
      }
      const button = h("button", { type: "button", class: "wide" }, "Import mapping");
      const said = h("div", { role: "status" });
      button.addEventListener("click", async () => {
        button.disabled = true;
        try {
          const done = await upload(path, csv);
          said.replaceChildren(h("p", { class: "ok" }, `${s.code} version ${done.version} now maps ${done.links.length} link(s) to NOS criteria; phones get it at their next sync.`));
        } catch (e) {
          said.replaceChildren(...failed(e));
          button.disabled = false;
        }
      });
      shown.replaceChildren(h("p", {}, `${read.links.length} link(s) for version ${read.version}; they replace its ${read.replaces.length} link(s) now. Nothing is saved until you import.`),
        linkList(read.links), button, said);
    } catch (e) {
      shown.replaceChildren(...failed(e));
    }
  });
  return h("details", { class: "mapping", id },
    h("summary", {}, "Mapping to NOS criteria (CSV)"),
    h("p", { class: "small muted" }, "Columns unit_ref, nos_code, nos_ref, e.g. 1.2,SCDHSC0389,P2. It replaces the unit's mapping."),
    h("label", { for: `${id}-file` }, "Mapping table (.csv)"), file, check, shown);
}

/** Before a version becomes current: what changes, criterion by criterion, against the
 * current one, and how much mapped evidence that touches; nothing changes until "Confirm". */
async function previewSwitch(/** @type {any} */ s, /** @type {number} */ number, /** @type {any} */ use, /** @type {HTMLElement} */ said, /** @type {() => void} */ reload) {
  const current = s.versions.find((/** @type {any} */ v) => v.status === "current")?.number;
  const confirm = h("button", { type: "button", class: "wide" }, `Confirm: make version ${number} current`);
  const cancel = h("button", { type: "button", class: "secondary" }, "Cancel");
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    try { await api("POST", `/api/library/standards/${s.code}/versions/${number}/status`, { status: "current" }); await reload(); } catch (e) { said.replaceChildren(errorText(e)); confirm.disabled = false; }
  });
  cancel.addEventListener("click", () => said.replaceChildren());
  try {
    const parts = [];
    if (current) {
      const diff = await api("GET", `/api/library/standards/${s.code}/diff?old=${current}&new=${number}`);
      const mapped = use?.evidence_by_version?.[String(current)] ?? 0;
      parts.push(...changeList(current, diff.changes),
        h("p", { class: "small" }, `${mapped} evidence item(s) are mapped to version ${current}; they keep pointing at version ${current}'s criteria.`));
    }
    said.replaceChildren(h("div", { class: "card switch-preview" }, ...parts, confirm, cancel));
  } catch (e) {
    said.replaceChildren(errorText(e));
  }
}

/** The parsed standard, with every part a person should check, and what changed. */
function parsedView(/** @type {any} */ read, /** @type {any} */ compared) {
  const s = read.standard;
  const doubts = read.doubts ?? s.doubts ?? [];
  const changes = compared.changes;
  return [
    h("div", { class: "card", id: "nos-parsed" },
      h("h3", {}, `${s.code ?? "(no code)"}: ${s.title ?? "(no title)"}`),
      h("p", {}, `${counts(read, s)} Nothing is saved until you publish.`),
      s.language === "cy" ? h("p", { id: "nos-language" }, "A Welsh record (Cymraeg): publishing stores it as the Welsh text of the current version, criterion by criterion; it is refused unless its criteria are exactly the English version's.") : null,
      read.translation_problem ? h("p", { class: "error", id: "nos-translation-problem" }, `It cannot be published: ${read.translation_problem}`) : null,
      doubts.length ? h("div", { class: "card error-card", id: "nos-doubts" }, h("strong", {}, "Check these parts: the reader was not sure of them"),
        h("ul", {}, ...doubts.map((/** @type {any} */ d) => h("li", {}, typeof d === "string" ? d : `${d.where ?? d.ref ?? (d.line ? `line ${d.line}` : "")} ${d.message ?? d.text ?? JSON.stringify(d)}`.trim())))) : null,
      ...s.sections.map((/** @type {any} */ section) => h("details", { open: true },
        h("summary", {}, `${section.title || section.kind} (${section.criteria.length})`),
        h("ol", { class: "plain small" }, ...section.criteria.map((/** @type {any} */ c) => h("li", {},
          h("strong", {}, `${c.ref} `), c.text, c.group ? h("span", { class: "muted" }, ` · ${c.group}`) : null))))),
      s.glossary.length ? h("details", {}, h("summary", {}, `Glossary (${s.glossary.length})`),
        h("dl", { class: "small" }, ...s.glossary.flatMap((/** @type {any} */ g) => [h("dt", {}, g.term), h("dd", {}, g.definition)]))) : null),
    h("div", { class: "card", id: "nos-compare" }, ...(s.language === "cy"
      ? [h("p", {}, compared.current_version === null ? "The library has no English record of this code: import it first." : `The Welsh text of version ${compared.current_version}, the current one.`)]
      : compared.current_version === null
        ? [h("p", {}, `A new ${s.framework === "unit" ? "unit" : "standard"}: the library has no earlier version of this code.`)]
        : changeList(compared.current_version, changes))),
  ];
}

/** What was read, counted: a NOS's criteria and knowledge, a unit's outcomes and criteria. */
function counts(/** @type {any} */ read, /** @type {any} */ s) {
  if (s.framework === "unit") {
    const links = s.nos_links?.length ? ` ${s.nos_links.length} mapping(s) to NOS criteria.` : "";
    return `A qualification unit: ${read.assessment} assessment criteria in ${s.sections.length} learning outcome(s).${links}`;
  }
  return `${read.performance} performance criteria, ${read.knowledge} knowledge statements, ${s.glossary.length} glossary terms.`;
}

function changeList(/** @type {number} */ version, /** @type {any} */ changes) {
  const none = !changes.added.length && !changes.removed.length && !changes.reworded.length && !changes.renumbered.length;
  if (none) return [h("p", {}, `The criteria are the same as in version ${version}, the current one.`)];
  const part = (/** @type {string} */ label, /** @type {any[]} */ rows, /** @type {(r: any) => string} */ say) => rows.length
    ? [h("h4", {}, `${label} (${rows.length})`), h("ul", { class: "small" }, ...rows.map((r) => h("li", {}, say(r))))] : [];
  return [h("p", {}, `Compared with version ${version}, the current one:`),
    ...part("Added", changes.added, (c) => `${c.ref} ${c.text}`),
    ...part("Removed", changes.removed, (c) => `${c.ref} ${c.text}`),
    ...part("Reworded", changes.reworded, (c) => `${c.new_ref}: "${c.old_text}" → "${c.new_text}"`),
    ...part("Renumbered", changes.renumbered, (c) => `${c.old_ref} → ${c.new_ref}`)];
}
