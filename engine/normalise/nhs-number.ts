/**
 * NHS number: ten digits, the tenth a modulus 11 check digit (domain.md §2.1, NHS Data
 * Dictionary). Weights 10..2 on digits 1-9; check = 11 - (sum mod 11); 11 becomes 0; 10 means the
 * number is never issued.
 */

/** The check digit for the first nine digits, or null when it would be 10 (never issued). */
export function nhsCheckDigit(first9: string): number | null {
  if (!/^\d{9}$/.test(first9)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (first9.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/**
 * "943 476 5919", "943-476-5919" -> "9434765919"; null unless ten digits with a valid check digit.
 * Ten identical digits ("0000000000", "1111111111", "9999999999") pass the checksum but are typing
 * placeholders, so they are rejected too.
 */
export function normaliseNhsNumber(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return null;
  if (/^(\d)\1{9}$/.test(digits)) return null;
  const check = nhsCheckDigit(digits.slice(0, 9));
  return check !== null && check === digits.charCodeAt(9) - 48 ? digits : null;
}
