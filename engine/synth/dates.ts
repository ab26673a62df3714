/**
 * Calendar arithmetic on whole days since 1970-01-01 (proleptic Gregorian), without Date objects:
 * the generator formats millions of dates, and integer days make offsets trivial.
 * Algorithms from Howard Hinnant's "chrono-compatible low-level date algorithms".
 */

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): Ymd {
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
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

/** 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

export function parseIso(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`synth: expected a yyyy-mm-dd date, got "${iso}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const days = daysFromCivil(y, mo, d);
  const back = civilFromDays(days);
  if (back.y !== y || back.m !== mo || back.d !== d) throw new Error(`synth: not a calendar date: "${iso}"`);
  return days;
}

export function daysInMonth(y: number, m: number): number {
  return daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function isoYmd(v: Ymd): string {
  return `${v.y}-${pad2(v.m)}-${pad2(v.d)}`;
}

export function ukYmd(v: Ymd): string {
  return `${pad2(v.d)}/${pad2(v.m)}/${v.y}`;
}

export const isoDays = (days: number): string => isoYmd(civilFromDays(days));
export const ukDays = (days: number): string => ukYmd(civilFromDays(days));
