/** How the continuity view writes numbers and dates. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 0.356 to "35.6%". */
export const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

/** yyyymmdd to yyyy-mm-dd; '' for 0. */
export function ymd(date: number): string {
  if (!(date > 0)) return '';
  const y = Math.floor(date / 10000);
  const m = Math.floor(date / 100) % 100;
  const d = date % 100;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** yyyy-mm-dd to "4 May" (axis labels); the text itself when it is not such a date. */
export function shortDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}` : iso;
}

/** Where a release is in its window: "Day 9 of 21", or "Closed 12 days ago". */
export function windowText(awaiting: boolean, day: number, windowDays: number): string {
  if (awaiting) return `Day ${day} of ${windowDays}`;
  const ago = day - windowDays;
  return `Closed ${ago} day${ago === 1 ? '' : 's'} ago`;
}

export const HANDOVER_LABELS: Record<string, string> = {
  referral_before_release: 'Referred before release',
  referral_after_release: 'Referred after release',
  no_referral_found: 'No referral found',
};

/** A link probability as a percentage; "none" when there is no link. */
export const probabilityText = (p: number): string => (Number.isNaN(p) ? 'none' : percent(p));
