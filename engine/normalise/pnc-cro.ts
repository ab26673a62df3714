/**
 * PNC ID and CRO number: both end in a mod 23 check letter over the alphabet below (no I, O or S),
 * as MoJ's PNCIdentifier.kt and CROIdentifier.kt compute it (domain.md §2.1).
 */
const CHECK_LETTERS = 'ZABCDEFGHJKLMNPQRTUVWXY';

function checkLetter(numeric: string): string {
  // At most 2 + 7 digits, well inside the exact integer range of a double.
  return CHECK_LETTERS[Number(numeric) % 23];
}

/** PNC check letter: numeric = two-digit year + serial zero-padded to 7. */
export function pncCheckLetter(year2: string, serial: string): string {
  return checkLetter(year2.padStart(2, '0').slice(-2) + serial.padStart(7, '0'));
}

/** Standard CRO check letter: numeric = two-digit year + serial zero-padded to 6. */
export function croCheckLetter(year2: string, serial: string): string {
  return checkLetter(year2.padStart(2, '0').slice(-2) + serial.padStart(6, '0'));
}

/** "SF" CRO check letter: numeric = two-digit year + serial exactly as written (not padded). */
export function croSfCheckLetter(year2: string, serial: string): string {
  return checkLetter(year2.padStart(2, '0').slice(-2) + serial);
}

const PNC_WITH_SLASH = /^(\d{2}|\d{4})\/(\d{1,7})([A-Z])$/;
const PNC_NO_SLASH = /^(\d{3,11})([A-Z])$/;

/**
 * Short-form years: YY <= the reference year's last two digits is 20YY, else 19YY (domain.md
 * §2.1), so with reference year 2025 "25" is 2025 and "26" is 1926.
 */
function expandYear(yy: string, referenceYear: number): number {
  const y = Number(yy);
  return y <= referenceYear % 100 ? 2000 + y : 1900 + y;
}

/**
 * Any PNC form to the canonical long form `YYYY/NNNNNNNC`: "12/394773H", "2012/0394773H" and
 * "120394773H" are all "2012/0394773H". Null when malformed or the check letter is wrong.
 *
 * Without a slash the split is taken from the length (11 digits = YYYY + 7; up to 9 = YY + 1-7;
 * 10 = YYYY + 6), which avoids MoJ's reading of 9 digits as a long form with overlapping parts.
 * A four-digit year must lie in 1900..referenceYear: PNC years are years a record was created.
 */
export function normalisePnc(
  raw: string,
  referenceYear: number = new Date().getUTCFullYear(),
): string | null {
  const s = raw.replace(/\s+/g, '').toUpperCase();
  let yearPart: string;
  let serial: string;
  let letter: string;
  const slashed = PNC_WITH_SLASH.exec(s);
  if (slashed) {
    [, yearPart, serial, letter] = slashed;
  } else {
    const plain = PNC_NO_SLASH.exec(s);
    if (!plain) return null;
    const digits = plain[1];
    letter = plain[2];
    const yearLength = digits.length >= 10 ? 4 : 2;
    yearPart = digits.slice(0, yearLength);
    serial = digits.slice(yearLength);
  }
  const year = yearPart.length === 2 ? expandYear(yearPart, referenceYear) : Number(yearPart);
  if (year < 1900 || year > referenceYear) return null;
  const padded = serial.padStart(7, '0');
  if (pncCheckLetter(String(year % 100), padded) !== letter) return null;
  return `${year}/${padded}${letter}`;
}

const CRO_STANDARD = /^(\d{1,6})\/(\d{2})([A-Z])$/;
const CRO_SF = /^SF(\d{2})\/(\d{1,6})([A-Z])$/;

/**
 * CRO number to `NNNNNN/YYC` (serial zero-padded to 6) or `SFYY/NNNNNNC` (serial as written,
 * because the SF check is computed on it unpadded). Null when malformed, when the check letter is
 * wrong, or for an all-zero serial: `000000/00Z` passes its check but is MoJ's "problem CRO"
 * placeholder (domain.md §2.1).
 */
export function normaliseCro(raw: string): string | null {
  const s = raw.replace(/\s+/g, '').toUpperCase();
  const standard = CRO_STANDARD.exec(s);
  if (standard) {
    const [, serial, yy, letter] = standard;
    const padded = serial.padStart(6, '0');
    if (padded === '000000') return null;
    return croCheckLetter(yy, padded) === letter ? `${padded}/${yy}${letter}` : null;
  }
  const sf = CRO_SF.exec(s);
  if (sf) {
    const [, yy, serial, letter] = sf;
    if (/^0+$/.test(serial)) return null;
    return croSfCheckLetter(yy, serial) === letter ? `SF${yy}/${serial}${letter}` : null;
  }
  return null;
}
