// Talking to the server: JSON in and out, the CSRF header on every call, errors as ApiError.

export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {any} [detail] */
  constructor(status, code, message, detail) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail ?? null;
  }
}

/** True when the failure means "no network", not "the server said no". */
export function isOffline(error) {
  return !(error instanceof ApiError) || error.status === 0;
}

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
export async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { "X-Carefolio": "1", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "offline", "No connection. Your work is kept on this device.");
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? { code: "http_error", message: `The server answered ${response.status}.` };
    throw new ApiError(response.status, error.code, error.message, error.detail);
  }
  return data;
}
