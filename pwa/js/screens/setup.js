import { api } from "../api.js";
import { field, h, mount } from "../dom.js";

/** First-administrator setup and invitation acceptance share one form shape. */
function accountForm({ title, intro, fields, submitLabel, submit }) {
  const error = h("p", { class: "error", role: "alert" });
  const inputs = {};
  const rows = fields.map(([label, attrs]) => {
    const [row, input] = field(label, attrs);
    inputs[attrs.name] = input;
    return row;
  });
  const form = h("form", { novalidate: true }, ...rows, error, h("button", { type: "submit", class: "wide" }, submitLabel));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    try {
      await submit(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.value])));
    } catch (e) {
      error.textContent = e.message;
    }
  });
  mount(h("h1", {}, title), intro, form);
}

const PASSWORD = ["Password (at least 10 characters)", { name: "password", type: "password", autocomplete: "new-password", required: true, minlength: 10 }];
const NAME = ["Your name", { name: "display_name", autocomplete: "name", required: true }];

export function setup(ctx, token) {
  accountForm({
    title: "Set up Carefolio",
    intro: h("p", {}, "Create the first administrator and your organisation."),
    fields: [
      ["Organisation name", { name: "organisation_name", required: true }],
      NAME,
      ["Email", { name: "email", type: "email", autocomplete: "username", required: true }],
      PASSWORD,
    ],
    submitLabel: "Create administrator",
    submit: async (values) => { await api("POST", "/api/setup", { ...values, token }); ctx.onSignedIn(); },
  });
}

export async function acceptInvite(ctx, token) {
  let invite;
  try {
    invite = await api("GET", `/api/invites/${encodeURIComponent(token)}`);
  } catch (e) {
    mount(h("h1", {}, "Invitation"), h("p", { class: "error", role: "alert" }, e.message));
    return;
  }
  accountForm({
    title: `Join ${invite.organisation_name}`,
    intro: h("p", {}, `You are invited as ${invite.role.replace("_", " ")} with the email ${invite.email}.`),
    fields: [NAME, PASSWORD],
    submitLabel: "Join",
    submit: async (values) => { await api("POST", "/api/invites/accept", { ...values, token }); ctx.onSignedIn(); },
  });
}

export function resetPassword(ctx, token) {
  accountForm({
    title: "Choose a new password",
    intro: h("p", {}, "Every device will be signed out; sign in again with the new password."),
    fields: [PASSWORD],
    submitLabel: "Save password",
    submit: async (values) => {
      await api("POST", "/api/password-reset", { token, new_password: values.password });
      location.hash = "#/sign-in";
    },
  });
}
