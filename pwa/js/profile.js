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
