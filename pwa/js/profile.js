// The signed-in person, remembered on the device so every screen opens offline.

const KEY = "carefolio.me";

/** @returns {null | {user_id:number, display_name:string, email:string, roles:string[], organisation_name:string|null, device_id:string}} */
export function cachedProfile() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "null");
  } catch {
    return null;
  }
}

export function rememberProfile(me) {
  localStorage.setItem(KEY, JSON.stringify(me));
}

export function forgetProfile() {
  localStorage.removeItem(KEY);
}

const DEVICE_KEY = "carefolio.last_device";

/** The device id this phone last synced as, asked for again at the next sign-in. */
export function lastDevice() {
  return localStorage.getItem(DEVICE_KEY);
}

export function rememberDevice(deviceId) {
  localStorage.setItem(DEVICE_KEY, deviceId);
}

const KEPT_KEY = "carefolio.kept";

/**
 * Unsent work kept on this phone for people who are signed out, by user id: how much, so the
 * sign-in screen and another person's home can say it is there (never what it says).
 * @returns {Record<string, {changes: number, at: number}>}
 */
export function keptWork() {
  try {
    return JSON.parse(localStorage.getItem(KEPT_KEY) ?? "{}") ?? {};
  } catch {
    return {};
  }
}

/** @param {number} userId @param {number} changes 0 forgets the entry */
export function rememberKept(userId, changes) {
  const all = keptWork();
  if (changes > 0) all[String(userId)] = { changes, at: Date.now() };
  else delete all[String(userId)];
  localStorage.setItem(KEPT_KEY, JSON.stringify(all));
}

const LANGUAGE_KEY = "carefolio.language";

/** The language this person chose to read their standards in on this phone ("en" or "cy"). @param {number | undefined} userId */
export function preferredLanguage(userId) {
  return localStorage.getItem(`${LANGUAGE_KEY}.${userId ?? ""}`) === "cy" ? "cy" : "en";
}

/** @param {number | undefined} userId @param {"en" | "cy"} language */
export function choosePreferredLanguage(userId, language) {
  localStorage.setItem(`${LANGUAGE_KEY}.${userId ?? ""}`, language);
}
