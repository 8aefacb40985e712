import { h } from "../dom.js";
import { SIGNATURE_WORDS, digestOf, signatureState } from "../lib/signatures.js";
import { canvasPng, fileUrl, sha256 } from "../media.js";

/**
 * The witness signs on the phone with a finger: a canvas, "Clear" and "Witness has signed".
 * The signature is stored as a PNG named by its SHA-256, and bound to the signed fields as
 * they are at that moment (their digest, lib/signatures.js): `check(bound)` says "changed
 * after signing" as soon as the text no longer matches.
 * @param {{store: any, scope: string, recordId: string, sha: string | null, bound?: string | null,
 *   signedFields?: () => Record<string, string>, onSigned: (sha: string | null, digest: string | null) => void}} options
 */
export function signatureField({ store, scope, recordId, sha, bound = null, signedFields, onSigned }) {
  const canvas = h("canvas", { class: "signature", width: 600, height: 220, role: "img", "aria-label": "Signature area: the witness signs here with a finger" });
  const status = h("p", { class: "muted small", role: "status" });
  const preview = h("div", {});
  const context = canvas.getContext("2d");
  let drawn = false;
  let last = null;
  const point = (e) => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height];
  };
  canvas.addEventListener("pointerdown", (e) => { canvas.setPointerCapture(e.pointerId); last = point(e); });
  canvas.addEventListener("pointermove", (e) => {
    if (!last) return;
    const next = point(e);
    context.lineWidth = 4;
    context.lineCap = "round";
    context.strokeStyle = "#1b1f23";
    context.beginPath();
    context.moveTo(...last);
    context.lineTo(...next);
    context.stroke();
    last = next;
    drawn = true;
  });
  const end = () => { last = null; };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  const clear = h("button", { type: "button", class: "secondary" }, "Clear");
  clear.addEventListener("click", () => {
    context.clearRect(0, 0, canvas.width, canvas.height);
    drawn = false;
    signed = null;
    onSigned(null, null);
    showSaved(null);
    stale.textContent = "";
  });
  const done = h("button", { type: "button" }, "Witness has signed");
  done.addEventListener("click", async () => {
    if (!drawn) { status.textContent = "Nothing is signed yet."; return; }
    const blob = await canvasPng(canvas);
    const digest = await sha256(blob);
    await store.putBlob({ sha: digest, blob, type: "image/png", recordId, scope });
    const over = signedFields ? await digestOf(signedFields()) : null;
    signed = digest;
    onSigned(digest, over);
    status.textContent = "Signature saved.";
    stale.textContent = "";
    showSaved(digest);
  });
  async function showSaved(digest) {
    preview.replaceChildren(digest ? h("img", { src: await fileUrl(store, digest), alt: "The witness's signature", class: "signature-preview" }) : "");
  }
  showSaved(sha);
  let signed = sha;
  const stale = h("p", { class: "error", role: "status" });
  const field = h("fieldset", { class: "field" }, h("legend", {}, "Witness signature"),
    canvas, h("div", { class: "row" }, clear, done), status, stale, preview);
  /** @param {string | null} digest the digest stored at signing */
  field.check = async (digest) => {
    if (!signedFields) return;
    const state = await signatureState(Boolean(signed), digest, signedFields());
    stale.textContent = state === "changed" ? SIGNATURE_WORDS.changed : "";
  };
  field.check(bound);
  return field;
}
