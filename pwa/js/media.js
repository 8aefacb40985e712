// Photos and signatures as files: downscaled on the device, named by their SHA-256.

import { PHOTO_MAX_EDGE, fitWithin } from "./lib/image.js";
import { PROTOCOL, SCHEMA } from "./sync.js";

/** @param {Blob} blob @returns {Promise<string>} lowercase hex SHA-256 */
export async function sha256(blob) {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A camera photo scaled to fit PHOTO_MAX_EDGE and re-encoded as JPEG (which also drops the
 * photo's metadata, such as where it was taken).
 * @param {Blob} file
 * @returns {Promise<Blob>}
 */
export async function downscale(file) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  const { width, height } = fitWithin(bitmap.width, bitmap.height, PHOTO_MAX_EDGE);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.getContext("2d").drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("could not encode the photo"))), "image/jpeg", 0.82));
}

/** @param {HTMLCanvasElement} canvas @returns {Promise<Blob>} */
export function canvasPng(canvas) {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("could not save the signature"))), "image/png"));
}

/** A URL for showing a file: the local copy if the phone has it, else the server's. */
export async function fileUrl(store, sha) {
  const local = await store.blob(sha);
  return local ? URL.createObjectURL(local.blob) : `/sync/attachments/${sha}?protocol=${PROTOCOL}&schema=${SCHEMA}`;
}
