/**
 * Sizes for downscaling photos on the device before they are stored and uploaded.
 * The canvas work happens in the UI; this only decides the target size.
 * @module
 */

/** Longest edge, in pixels, that photo evidence is stored at: a document page stays legible. */
export const PHOTO_MAX_EDGE = 2048;

/**
 * @typedef {object} Fit
 * @property {number} width whole pixels, at least 1
 * @property {number} height whole pixels, at least 1
 * @property {number} scale target / source, at most 1
 */

/**
 * The size that fits `width` x `height` within a `maxEdge` square, keeping the aspect ratio
 * and never upscaling. Each edge is rounded to the nearest pixel and never below 1.
 * @param {number} width source width in pixels (> 0)
 * @param {number} height source height in pixels (> 0)
 * @param {number} [maxEdge] longest allowed edge (> 0)
 * @returns {Fit}
 * @throws {RangeError} when a dimension is not a positive finite number
 */
export function fitWithin(width, height, maxEdge = PHOTO_MAX_EDGE) {
  for (const [name, value] of Object.entries({ width, height, maxEdge })) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number: ${value}`);
  }
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  const edge = (/** @type {number} */ source) =>
    Math.max(1, Math.min(scale < 1 ? Math.floor(maxEdge) : Infinity, Math.round(source * scale)));
  return { width: edge(width), height: edge(height), scale };
}
