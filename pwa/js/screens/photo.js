import { h } from "../dom.js";
import { downscale, fileUrl, sha256 } from "../media.js";

/**
 * Photos for product evidence: take one with the camera (or pick a file), downscaled and
 * stored on the phone at once, listed as thumbnails that can be removed.
 * @param {{store: any, scope: string, recordId: string, shas: string[], onChange: (shas: string[]) => void}} options
 */
export function photoField({ store, scope, recordId, shas, onChange }) {
  let current = [...shas];
  const list = h("ul", { class: "plain thumbs" });
  const status = h("p", { class: "muted small", role: "status" });
  const input = h("input", { id: "photo", type: "file", accept: "image/*", capture: "environment", class: "visually-hidden-file" });
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    if (!file) return;
    status.textContent = "Preparing the photo…";
    try {
      const blob = await downscale(file);
      const sha = await sha256(blob);
      await store.putBlob({ sha, blob, type: blob.type, recordId, scope });
      if (!current.includes(sha)) current = [...current, sha];
      onChange(current);
      status.textContent = `Photo added (${Math.round(blob.size / 1024)} KB).`;
      render();
    } catch (e) {
      status.textContent = `That photo could not be read: ${e.message}`;
    }
    input.value = "";
  });
  async function render() {
    const rows = await Promise.all(current.map(async (sha, i) => {
      const remove = h("button", { type: "button", class: "secondary small-button" }, `Remove photo ${i + 1}`);
      remove.addEventListener("click", () => { current = current.filter((s) => s !== sha); onChange(current); render(); });
      return h("li", {}, h("img", { src: await fileUrl(store, sha), alt: `Photo ${i + 1}`, width: 96, height: 96 }), remove);
    }));
    list.replaceChildren(...rows);
  }
  render();
  return h("div", { class: "field" },
    h("label", { for: "photo", class: "button secondary wide" }, "Take or choose a photo"),
    input,
    h("p", { class: "muted small", id: "photo-hint" }, "Make sure no name or other detail of the person you support shows in the photo."),
    status, list);
}
