import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { ROLE_OPTIONS, csvImport, errorText, keepDraft, networkNotice, roleLabel } from "./admin-common.js";

const STATE_WORDS = { waiting: "waiting", expired: "expired" };
/** How reminders reach a member (server/push/reach.py). */
const REACH_WORDS = {
  push_shown: "Reminders: notifications shown on their phone",
  push_not_shown: "Reminders: notifications sent, none shown yet",
  push_waiting: "Reminders: notifications on, none due yet",
  email: "Reminders: by e-mail (no device with notifications on)",
  in_app: "Cannot be reached: no notifications and no e-mail; reminders only show when they open the app",
};
const MAIL_WORDS = { waiting: "e-mail being sent", sent: "e-mailed", failed: "e-mail failed", cancelled: "e-mail cancelled" };

/** Administrators: invite people (by e-mail when the server sends it, else a link to hand
 * over), invitations waiting, the mail outbox, and who is in the organisation. */
export async function people() {
  let mailOn = false;
  const invites = h("ul", { class: "plain", "aria-live": "polite", id: "invitations" });
  const members = h("ul", { class: "plain", id: "members" });
  const outbox = h("div", { id: "mail-outbox" });

  const name = h("input", { id: "invite-name", name: "name", autocomplete: "off" });
  const email = h("input", { id: "invite-email", name: "email", type: "email", required: true, autocomplete: "off" });
  const role = h("select", { id: "invite-role", name: "role" }, ...ROLE_OPTIONS.map(([value, label]) => h("option", { value }, label)));
  const send = h("button", { type: "submit", class: "wide" }, "Invite");
  const result = h("div", { role: "status", id: "invite-result" });
  const form = /** @type {HTMLFormElement} */ (h("form", { novalidate: true, id: "invite-form" },
    h("label", { for: "invite-name" }, "Name"), name,
    h("label", { for: "invite-email" }, "E-mail of the person to invite"), email,
    h("label", { for: "invite-role" }, "Role"), role, send, result));
  const draft = keepDraft(form, "invite");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    result.replaceChildren();
    try {
      const made = await api("POST", "/api/admin/invites", {
        email: /** @type {HTMLInputElement} */ (email).value, role: /** @type {HTMLSelectElement} */ (role).value,
        display_name: /** @type {HTMLInputElement} */ (name).value,
      });
      draft.clear();
      form.reset();
      result.replaceChildren(...handOver(made));
      await load();
    } catch (e) {
      result.replaceChildren(errorText(e));
    }
  });

  const bulk = csvImport({
    id: "people-csv", endpoint: "/api/admin/invites/import", columns: "name, email, role",
    noun: "people", verb: "Invite", onDone: () => load(),
  });

  async function load() {
    try {
      const [list, waiting, mail, reach] = await Promise.all([
        api("GET", "/api/admin/members"), api("GET", "/api/admin/invites"), api("GET", "/api/admin/mail"),
        api("GET", "/api/admin/reach"),
      ]);
      const reachOf = new Map(reach.map((/** @type {any} */ r) => [r.user_id, r]));
      mailOn = mail.configured;
      send.textContent = mailOn ? "Send the invitation" : "Create invitation link";
      invites.replaceChildren(...(waiting.length ? waiting.map(invitationCard) : [h("li", { class: "muted" }, "No invitations waiting.")]));
      members.replaceChildren(...list.map((/** @type {any} */ m) => h("li", { class: "card member" },
        h("a", { href: `#/people/${m.user_id}` }, h("strong", {}, m.display_name)),
        m.disabled ? h("span", { class: "badge" }, " deactivated") : null, h("br"),
        h("span", { class: "muted" }, `${m.email} · ${m.roles.map(roleLabel).join(", ")}`),
        reachLine(reachOf.get(m.user_id)))));
      outbox.replaceChildren(...mailSection(mail));
    } catch (e) {
      members.replaceChildren(h("li", {}, errorText(e)));
    }
  }

  function reachLine(/** @type {any} */ r) {
    if (!r) return null;
    const last = r.last_shown_at ? ` · last shown ${new Date(r.last_shown_at).toLocaleString()}` : "";
    return h("p", { class: `small reach reach-${r.how}${r.reachable ? "" : " error"}` }, `${REACH_WORDS[r.how] ?? r.how}${last}`);
  }

  function invitationCard(/** @type {any} */ invite) {
    const status = h("span", { class: "muted" },
      `${roleLabel(invite.role)} · ${STATE_WORDS[invite.state] ?? invite.state}` + (invite.mail_state ? ` · ${MAIL_WORDS[invite.mail_state] ?? invite.mail_state}` : ""));
    const said = h("div", { role: "status" });
    const act = (/** @type {string} */ method, /** @type {string} */ path, /** @type {string} */ done) => async () => {
      try {
        const answer = await api(method, path);
        await load();
        said.replaceChildren(...(answer ? handOver(answer) : [h("p", {}, done)]));
      } catch (e) { said.replaceChildren(errorText(e)); }
    };
    return h("li", { class: "card invitation" },
      h("strong", {}, invite.display_name || invite.email), h("br"),
      invite.display_name ? h("span", {}, invite.email) : null, invite.display_name ? h("br") : null, status,
      invite.mail_error ? h("p", { class: "error small" }, `Mail server said: ${invite.mail_error}`) : null,
      h("div", { class: "row" },
        h("button", { type: "button", class: "secondary", onclick: act("POST", `/api/admin/invites/${invite.id}/resend`, "") }, "Resend"),
        h("button", { type: "button", class: "secondary", onclick: act("DELETE", `/api/admin/invites/${invite.id}`, "Withdrawn: the link no longer works.") }, "Withdraw")),
      said);
  }

  function handOver(/** @type {any} */ made) {
    if (made.mail_state) return [h("p", { class: "ok" }, `Invitation e-mailed to ${made.email}. The link works once, for 14 days.`)];
    const url = h("input", { id: `link-${made.id}`, readonly: true, value: made.url, "aria-label": "Invitation link" });
    setTimeout(() => /** @type {HTMLInputElement} */ (url).select());
    return [h("p", {}, `Give this link to ${made.display_name || made.email}. It works once, for 14 days.`), url];
  }

  function mailSection(/** @type {any} */ mail) {
    if (!mail.configured) return [h("p", { class: "muted" }, "E-mail is not set up on this server: each invitation and reset link is shown here for you to hand over.")];
    const trouble = mail.messages.filter((/** @type {any} */ m) => m.state === "failed" || (m.state === "waiting" && m.attempts > 0));
    if (!trouble.length) return [h("p", { class: "muted" }, mail.waiting ? `${mail.waiting} message(s) being sent.` : "Every message has been sent.")];
    return [h("ul", { class: "plain" }, ...trouble.map((/** @type {any} */ m) => {
      const said = h("div", { role: "status" });
      return h("li", { class: "card error-card mail-failed" },
        h("strong", {}, `${m.subject} → ${m.recipient}`), h("br"),
        h("span", {}, m.state === "failed" ? `Not sent after ${m.attempts} attempts.` : `Not sent yet (attempt ${m.attempts}); trying again at ${new Date(m.next_attempt_at).toLocaleTimeString()}.`),
        h("p", { class: "small" }, `Mail server said: ${m.last_error}`),
        m.state === "failed" ? h("button", { type: "button", onclick: async () => {
          try { await api("POST", `/api/admin/mail/${m.id}/retry`); await load(); } catch (e) { said.replaceChildren(errorText(e)); }
        } }, "Send again") : null, said);
    }))];
  }

  mount(h("h1", {}, "People"), networkNotice(),
    h("div", { class: "row" }, h("a", { class: "button secondary", href: "#/caseload" }, "Caseload and enrolments"),
      h("a", { class: "button secondary", href: "#/library" }, "Standards library"),
      h("a", { class: "button secondary", href: "#/organisation" }, "Organisation")),
    h("h2", {}, "Invite someone"), form,
    h("h2", {}, "Invite many from a CSV file"), bulk,
    h("h2", {}, "Invitations waiting"), invites,
    h("h2", {}, "E-mail"), outbox,
    h("h2", {}, "Members"), members);
  await load();
}
