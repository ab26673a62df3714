import { dayNumber, fromDayNumber } from '../normalise';

const WEEKDAYS = ['Thursday', 'Friday', 'Saturday', 'Sunday', 'Monday', 'Tuesday', 'Wednesday'];

/** Days from a to b (yyyymmdd integers). */
export const daysBetween = (a: number, b: number): number => dayNumber(b) - dayNumber(a);

/** 1970-01-01 was a Thursday. */
export const weekdayOf = (yyyymmdd: number): string => WEEKDAYS[((dayNumber(yyyymmdd) % 7) + 7) % 7];

export const isoDate = (yyyymmdd: number): string =>
  `${String(Math.floor(yyyymmdd / 10000)).padStart(4, '0')}-${String(Math.floor(yyyymmdd / 100) % 100).padStart(2, '0')}-${String(yyyymmdd % 100).padStart(2, '0')}`;

/** The Monday of the week containing the date, as yyyy-mm-dd. */
export function weekStarting(yyyymmdd: number): string {
  const d = dayNumber(yyyymmdd);
  return isoDate(fromDayNumber(d - ((((d + 3) % 7) + 7) % 7)));
}

/** yyyy-mm-dd to yyyymmdd, or null when it is not a real date. */
export function parseIsoDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const value = Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
  return fromDayNumber(dayNumber(value)) === value ? value : null;
}

/** Age in whole years on a date. */
export function ageOn(dob: number, date: number): number {
  const years = Math.floor(date / 10000) - Math.floor(dob / 10000);
  return date % 10000 < dob % 10000 ? years - 1 : years;
}
