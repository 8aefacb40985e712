/**
 * NHS number check digit (modulus 11), as specified by the NHS Data Dictionary.
 *
 * Multiply the first nine digits by 10, 9, ... 2 and add them up; the check digit is
 * 11 minus the remainder of that sum divided by 11. A result of 11 means a check digit of 0;
 * a result of 10 means the number is invalid (no NHS number is ever issued with it).
 * @module
 */

/**
 * Whether ten digits (spaces and hyphens allowed) form an NHS number with a valid check digit.
 * @param {string} value e.g. "943 476 5919"
 * @returns {boolean}
 */
export function isValidNhsNumber(value) {
  const digits = value.replace(/[\s-]/g, "");
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}
