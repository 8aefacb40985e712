import { api } from "../api.js";
import { h, mount } from "../dom.js";

const ROLE_OPTIONS = [
  ["worker", "Worker"], ["assessor", "Assessor"], ["quality_assurer", "Quality assurer"], ["administrator", "Administrator"],
];

/** Administrators: invite people by link and see who is in the organisation. */
export async function people() {
  const list = h("ul", { class: "plain", "aria-live": "polite" });
  const email = h("input", { id: "invite-email", name: "email", type: "email", required: true, autocomplete: "off" });
  const role = h("select", { id: "invite-role", name: "role" },
    ...ROLE_OPTIONS.map(([value, label]) => h("option", { value }, label)));
  const result = h("div", { role: "status" });
  const form = h("form", { novalidate: true },
    h("label", { for: "invite-email" }, "Email of the person to invite"), email,
    h("label", { for: "invite-role" }, "Role"), role,
    h("button", { type: "submit", class: "wide" }, "Create invitation link"), result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    result.replaceChildren();
    try {
      const link = await api("POST", "/api/admin/invites", { email: email.value, role: role.value });
      const url = h("input", { id: "invite-link", readonly: true, value: link.url, "aria-label": "Invitation link" });
      result.replaceChildren(h("p", {}, "Send this link to them. It works once, for 14 days."), url);
      url.select();
      await load();
    } catch (e) {
      result.replaceChildren(h("p", { class: "error" }, e.message));
    }
  });
  async function load() {
    try {
      const members = await api("GET", "/api/admin/members");
      list.replaceChildren(...members.map((m) => h("li", { class: "card" },
        h("strong", {}, m.display_name), h("br"), h("span", { class: "muted" }, `${m.email} · ${m.roles.join(", ")}`))));
    } catch (e) {
      list.replaceChildren(h("li", { class: "muted" }, e.message));
    }
  }
  mount(h("h1", {}, "People"), h("h2", {}, "Invite someone"), form, h("h2", {}, "Members"), list);
  await load();
}
