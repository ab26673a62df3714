import { dayNumber, fromDayNumber } from '../normalise';

/**
 * Calendar arithmetic on whole days since 1970-01-01 (proleptic Gregorian), without Date objects:
 * the generator formats millions of dates, and integer days make offsets trivial. The day
 * arithmetic itself is normalise's (one implementation of the calendar).
 */

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function daysFromCivil(y: number, m: number, d: number): number {
  return dayNumber(y * 10000 + m * 100 + d);
}

export function civilFromDays(days: number): Ymd {
  const ymd = fromDayNumber(days);
  return { y: Math.floor(ymd / 10000), m: Math.floor(ymd / 100) % 100, d: ymd % 100 };
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
