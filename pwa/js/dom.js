// A tiny element builder: h("p", {class: "muted"}, "text", child). Text is never parsed as HTML.

/**
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...(Node|string|null|undefined|false)} children
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

/** Replace the main region's content and move focus there for screen readers. */
let keepScreen = () => false;

/**
 * While a refresh (new synced data) renders, `check` says whether the person has started
 * editing on the screen since: the screen's data loads asynchronously, so the swap below
 * must ask again, or an editor opened in the meantime (a merge of two versions) is lost.
 * @param {(() => boolean) | null} check
 */
export function guardRefresh(check) {
  keepScreen = check ?? (() => false);
}

export function mount(...nodes) {
  if (keepScreen()) return;
  const main = document.getElementById("main");
  main.replaceChildren(...nodes.filter((node) => node !== null && node !== undefined && node !== false));
  main.focus({ preventScroll: true });
}

/** A labelled input; returns [wrapper, input]. */
export function field(label, attrs) {
  const id = attrs.id ?? `f-${attrs.name}`;
  const input = h("input", { ...attrs, id });
  return [h("div", {}, h("label", { for: id }, label), input), input];
}

export function toast(message) {
  const el = document.getElementById("toast");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 5000);
}
