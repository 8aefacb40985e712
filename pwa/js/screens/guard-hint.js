import { h } from "../dom.js";
import { findIdentifiers, pseudonymise } from "../lib/guard.js";

/**
 * Watch a text field for anything that may identify a person cared for: warn (never block)
 * and offer to replace it with a pseudonym. Runs on the phone, offline.
 * @param {HTMLInputElement | HTMLTextAreaElement} field
 * @param {() => void} onReplaced called after the text was changed by the guard
 * @returns {HTMLElement} the hint, to place under the field
 */
export function guardHint(field, onReplaced) {
  const hint = h("div", { class: "guard", id: `${field.id}-guard`, hidden: true });
  let timer;
  const described = field.getAttribute("aria-describedby");
  const describe = (/** @type {boolean} */ on) => {
    const ids = [described, on ? hint.id : null].filter(Boolean).join(" ");
    if (ids) field.setAttribute("aria-describedby", ids);
    else field.removeAttribute("aria-describedby");
  };
  const check = () => {
    const findings = findIdentifiers(field.value);
    if (!findings.length) { hint.hidden = true; hint.replaceChildren(); describe(false); return; }
    const replace = h("button", { type: "button", class: "secondary small-button" }, "Replace with a pseudonym");
    replace.addEventListener("click", () => {
      field.value = pseudonymise(field.value, findIdentifiers(field.value));
      field.dispatchEvent(new Event("input", { bubbles: true }));
      onReplaced();
      field.focus();
    });
    hint.replaceChildren(
      h("p", {}, h("strong", {}, "This may identify someone: "),
        findings.slice(0, 4).map((f) => `“${f.match}” (${f.message.toLowerCase()})`).join(", "),
        findings.length > 4 ? ` and ${findings.length - 4} more` : "", "."),
      replace);
    hint.hidden = false;
    describe(true);
  };
  field.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, 300); });
  queueMicrotask(check);
  return hint;
}
