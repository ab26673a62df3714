/** Dates, sizes and definition lists as the IG page words them. */
import { h } from '../continuity/dom';

export const when = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '';

export const day = (iso: string): string =>
  new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'medium' });

export function bytesText(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function definitions(list: HTMLDListElement, rows: [string, string | Node][]): void {
  list.replaceChildren(...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}
