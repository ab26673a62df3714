import { isMissingToken } from './missing';

/**
 * Dates as yyyymmdd integers (19850312). UK day-month order unless told otherwise.
 *
 * Two-digit years pivot on the reference year (default: this UTC year): yy <= its last two digits
 * is 20yy, else 19yy. With reference year 2025, "12/03/25" is 2025 and "12/03/26" is 1926. For a
 * date of birth this can still land in the future or in childhood; normaliseTable rejects future
 * dates of birth, and four-digit years avoid the question.
 */

export type DateOrder = 'dmy' | 'mdy';

export type DateParse =
  | { kind: 'date'; value: number }
  | { kind: 'missing' }
  | { kind: 'placeholder'; value: number }
  | { kind: 'invalid' };

const MISSING: DateParse = Object.freeze({ kind: 'missing' });
const INVALID: DateParse = Object.freeze({ kind: 'invalid' });

/**
 * Dates that stand for "not known": 1900-01-01 and 1970-01-01 (MoJ filters both, domain.md §4.4),
 * the spreadsheet and database epochs (1899-12-30/31, SQL Server's 1753-01-01) and the minimum and
 * maximum dates systems use as sentinels (0001-01-01, 9999-12-31), and all-zero dates.
 */
const PLACEHOLDER_DATES = new Set([19000101, 19700101, 18991230, 18991231, 17530101, 10101, 99991231, 0]);

/** Years outside this range are typing errors, not dates. */
const MIN_YEAR = 1800;
const MAX_YEAR = 2199;

const MONTHS: Record<string, number> = {
  JAN: 1,
  JANUARY: 1,
  FEB: 2,
  FEBRUARY: 2,
  MAR: 3,
  MARCH: 3,
  APR: 4,
  APRIL: 4,
  MAY: 5,
  JUN: 6,
  JUNE: 6,
  JUL: 7,
  JULY: 7,
  AUG: 8,
  AUGUST: 8,
  SEP: 9,
  SEPT: 9,
  SEPTEMBER: 9,
  OCT: 10,
  OCTOBER: 10,
  NOV: 11,
  NOVEMBER: 11,
  DEC: 12,
  DECEMBER: 12,
};

// A trailing time ("12/03/1985 00:00", "1985-03-12T00:00:00.000Z") is ignored.
const TIME = String.raw`(?:(?:[T\s]|,\s*)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:AM|PM|Z|[+-]\d{2}:?\d{2})?)?`;
const ISO = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const NUMERIC = new RegExp(String.raw`^(\d{1,2})[/.\-\s]+(\d{1,2})[/.\-\s]+(\d{4}|\d{2})${TIME}$`);
const DAY_MONTH_NAME = new RegExp(
  String.raw`^(\d{1,2})(?:ST|ND|RD|TH)?[\s\-/.]*([A-Z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})${TIME}$`,
);
const MONTH_NAME_DAY = /^([A-Z]{3,9})\.?\s+(\d{1,2})(?:ST|ND|RD|TH)?,?\s+(\d{4})$/;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function expandYear(text: string, referenceYear: number): number {
  const y = Number(text);
  if (text.length !== 2) return y;
  return y <= referenceYear % 100 ? 2000 + y : 1900 + y;
}

function build(y: number, m: number, d: number): DateParse {
  const value = y * 10000 + m * 100 + d;
  if (PLACEHOLDER_DATES.has(value)) return { kind: 'placeholder', value };
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return INVALID;
  return { kind: 'date', value };
}

function fromParts(first: number, second: number, year: number, order: DateOrder): DateParse {
  return order === 'dmy' ? build(year, second, first) : build(year, first, second);
}

/**
 * Reads dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd (with or without a time), yyyymmdd
 * (FEBRL), "12 Mar 1985", "12-MAR-85", "12th March 1985" and "March 12, 1985". `order` decides
 * only all-numeric day/month forms. Impossible dates (31/02/1980, month 13) are invalid.
 */
export function parseDate(
  raw: string,
  order: DateOrder = 'dmy',
  referenceYear: number = new Date().getUTCFullYear(),
): DateParse {
  if (isMissingToken(raw)) return MISSING;
  const s = raw.trim().toUpperCase();
  if (s === 'NOT KNOWN' || s === 'NOT GIVEN') return MISSING;

  let m = ISO.exec(s);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));

  m = COMPACT.exec(s);
  if (m) {
    const asYmd = build(Number(m[1]), Number(m[2]), Number(m[3]));
    if (asYmd.kind !== 'invalid') return asYmd;
    // Eight digits that are not yyyymmdd may be ddmmyyyy (or mmddyyyy).
    return fromParts(Number(s.slice(0, 2)), Number(s.slice(2, 4)), Number(s.slice(4)), order);
  }

  m = NUMERIC.exec(s);
  if (m) return fromParts(Number(m[1]), Number(m[2]), expandYear(m[3], referenceYear), order);

  m = DAY_MONTH_NAME.exec(s);
  if (m) {
    const month = MONTHS[m[2]];
    return month ? build(expandYear(m[3], referenceYear), month, Number(m[1])) : INVALID;
  }

  m = MONTH_NAME_DAY.exec(s);
  if (m) {
    const month = MONTHS[m[1]];
    return month ? build(Number(m[3]), month, Number(m[2])) : INVALID;
  }
  return INVALID;
}

const DAY_MONTH_PREFIX = /^\s*(\d{1,2})[/.\-\s]+(\d{1,2})[/.\-\s]+\d{2}/;

/**
 * Day-month order of an all-numeric date column: US order only when some value's second part is
 * over 12 (so it must be a day) and no value's first part is (domain.md §4.4: day and month can
 * only be confused when the day is 12 or less). Anything undecided stays UK order.
 */
export function inferDateOrder(values: readonly string[]): DateOrder {
  let secondOver12 = false;
  for (const value of values) {
    const m = DAY_MONTH_PREFIX.exec(value);
    if (!m) continue;
    if (Number(m[1]) > 12) return 'dmy';
    if (Number(m[2]) > 12) secondOver12 = true;
  }
  return secondOver12 ? 'mdy' : 'dmy';
}

/** Days since 1970-01-01 (negative before), from the proleptic Gregorian calendar. */
export function dayNumber(yyyymmdd: number): number {
  const d = yyyymmdd % 100;
  const m = Math.floor(yyyymmdd / 100) % 100;
  let y = Math.floor(yyyymmdd / 10000);
  // Howard Hinnant's days_from_civil: integer only, exact for any year.
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of dayNumber: days since 1970-01-01 to yyyymmdd. */
export function fromDayNumber(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

/** Today (UTC) as yyyymmdd. */
export function todayYmd(now: Date = new Date()): number {
  return now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
}
