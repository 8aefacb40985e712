import { h } from "../dom.js";
import { SIGNATURE_WORDS, witnessState } from "../lib/signatures.js";
import { fileUrl } from "../media.js";

/**
 * A witness testimony as everyone reads it (worker, assessor, quality assurer): who the
 * witness is (name, role, relationship), the statement, the signature image and whether the
 * text is still the text that was signed (lib/signatures.js): "Changed after signing" when
 * it is not. The state and the image fill in once worked out (a digest, a local blob).
 * @param {any} ctx @param {Record<string, any>} w the evidence's `witness` field
 */
export function witnessBlock(ctx, w) {
  const state = h("p", { class: "signature-state muted", "data-state": "pending" }, w.signature_sha256 ? "Checking the signature…" : SIGNATURE_WORDS.unsigned);
  const image = h("div", {});
  witnessState(w).then((found) => {
    state.dataset.state = found;
    state.className = `signature-state ${found === "changed" ? "error" : "muted"}`;
    state.textContent = found === "signed" || found === "unbound"
      ? `${SIGNATURE_WORDS[found]}${w.signed_at ? ` on ${w.signed_at.slice(0, 10)}` : ""}` : SIGNATURE_WORDS[found];
  });
  if (w.signature_sha256) {
    fileUrl(ctx.store, w.signature_sha256).then((src) => image.replaceChildren(
      h("img", { src, alt: `Signature of ${w.name || "the witness"}`, class: "signature-preview" })));
  }
  return h("div", { class: "witness" }, h("h3", {}, "Witness"),
    h("dl", { class: "facts" },
      h("dt", {}, "Name"), h("dd", {}, w.name || "Not given"),
      h("dt", {}, "Role"), h("dd", {}, w.role || "Not given"),
      h("dt", {}, "Relationship"), h("dd", {}, w.relationship || "Not given")),
    w.statement ? h("p", { class: "prewrap" }, w.statement) : null,
    image, state);
}
