/**
 * Merging the two versions of a field in conflict, so that no text is lost: texts are joined
 * (the server's first, then the one that lost, unless one already contains the other);
 * a reflection is merged stage by stage; a witness statement likewise.
 * @module
 */

/** @param {string} kept @param {string} lost */
export function mergeText(kept, lost) {
  const a = (kept ?? "").trim();
  const b = (lost ?? "").trim();
  if (!a) return lost ?? "";
  if (!b || a.includes(b)) return kept;
  if (b.includes(a)) return lost;
  return `${a}\n\n${b}`;
}

/**
 * @param {any} kept the value the server kept
 * @param {any} lost the value that lost
 * @returns {any} a value holding both
 */
export function mergeValues(kept, lost) {
  if (typeof kept === "string" || typeof lost === "string") return mergeText(kept ?? "", lost ?? "");
  if (kept && lost && typeof kept === "object" && typeof lost === "object" && !Array.isArray(kept)) {
    /** @type {Record<string, any>} */
    const out = { ...lost, ...kept };
    for (const key of Object.keys(out)) {
      if (key === "model" || key.endsWith("_sha256") || key.endsWith("_at")) continue;
      if (typeof kept[key] === "string" || typeof lost[key] === "string" || (kept[key] && typeof kept[key] === "object")) {
        out[key] = mergeValues(kept[key], lost[key]);
      }
    }
    return out;
  }
  return kept ?? lost;
}
