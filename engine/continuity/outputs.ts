import Papa from 'papaparse';
import { isoDate } from './calendar';
import type { ReleaseOutcome } from './types';

/**
 * CSV text with a header row. A text cell that a spreadsheet would run as a formula (starting with
 * =, +, -, @, tab or CR: an establishment or area typed by someone) is prefixed with ' and quoted.
 */
const csv = (header: readonly string[], rows: (string | number)[][]) =>
  `${Papa.unparse({ fields: [...header], data: rows }, { newline: '\n', escapeFormulae: true })}\n`;

const date = (d: number) => (d > 0 ? isoDate(d) : '');
const yesNo = (b: boolean) => (b ? 'Y' : 'N');
const num = (n: number | null) => (n === null ? '' : n);
const prob = (p: number | null) => (p === null ? '' : Number(p.toPrecision(6)));

/** The exact leading columns other tools read, then what a worker needs beside each release. */
export const CONTINUITY_HEADER = [
  'release_id',
  'release_date',
  'status',
  'days_to_engagement',
  'treatment_id',
  'match_probability',
  'handover',
  'needs_review',
  'reason',
  'days_since_release',
  'establishment',
  'area',
  'release_type',
  'ost_on_release',
  'no_fixed_abode',
  'weekday',
] as const;

function continuityRow(o: ReleaseOutcome): (string | number)[] {
  return [
    o.releaseId,
    date(o.releaseDate),
    o.status,
    num(o.daysToEngagement),
    o.treatmentId ?? '',
    prob(o.matchProbability),
    o.handover,
    yesNo(o.needsReview),
    o.reason ?? '',
    num(o.daysSinceRelease),
    o.establishment ?? '',
    o.area ?? '',
    o.releaseType ?? '',
    yesNo(o.ostOnRelease),
    yesNo(o.noFixedAbode),
    o.weekday ?? '',
  ];
}

export function continuityCsv(outcomes: readonly ReleaseOutcome[]): string {
  return csv(CONTINUITY_HEADER, outcomes.map(continuityRow));
}

/** Risk flags the first weeks after release make urgent (domain.md §7): OST, no fixed abode, Friday release. */
const riskFlags = (o: ReleaseOutcome) =>
  Number(o.ostOnRelease) + Number(o.noFixedAbode) + Number(o.weekday === 'Friday');

/**
 * The worklist: everyone awaiting or not engaged. Awaiting first (the window is still open, so
 * action still counts), more risk flags first, then the fewest days left; then those not
 * engaged, most recently released first.
 */
export function worklist(outcomes: readonly ReleaseOutcome[]): ReleaseOutcome[] {
  return outcomes
    .filter((o) => o.status === 'awaiting' || o.status === 'not_engaged')
    .sort((a, b) => {
      if (a.status !== b.status) return a.status === 'awaiting' ? -1 : 1;
      const risk = riskFlags(b) - riskFlags(a);
      if (risk !== 0) return risk;
      const since = (b.daysSinceRelease ?? 0) - (a.daysSinceRelease ?? 0);
      return a.status === 'awaiting' ? since : -since;
    });
}

export const WORKLIST_HEADER = [
  'priority',
  'release_id',
  'status',
  'release_date',
  'days_since_release',
  'window',
  'ost_on_release',
  'no_fixed_abode',
  'friday_release',
  'establishment',
  'area',
  'handover',
  'needs_review',
  'treatment_id',
  'match_probability',
  'evidence',
] as const;

/** `evidence` gives, per release, the comparison outcomes behind its best link (no values). */
export function worklistCsv(
  outcomes: readonly ReleaseOutcome[],
  windowDays: number,
  evidence: (o: ReleaseOutcome) => string,
): string {
  return csv(
    WORKLIST_HEADER,
    worklist(outcomes).map((o, k) => [
      k + 1,
      o.releaseId,
      o.status,
      date(o.releaseDate),
      num(o.daysSinceRelease),
      o.status === 'awaiting'
        ? `day ${o.daysSinceRelease} of ${windowDays}`
        : `closed ${(o.daysSinceRelease ?? 0) - windowDays} days ago`,
      yesNo(o.ostOnRelease),
      yesNo(o.noFixedAbode),
      yesNo(o.weekday === 'Friday'),
      o.establishment ?? '',
      o.area ?? '',
      o.handover,
      yesNo(o.needsReview),
      o.treatmentId ?? '',
      prob(o.matchProbability),
      evidence(o),
    ]),
  );
}

/**
 * The continuity-of-care audit worksheet split per receiving area, replacing the manual
 * one-spreadsheet-per-local-authority process (domain.md §1.3): the cohort's releases for that
 * area, with columns for the community provider to complete.
 */
export function auditByArea(outcomes: readonly ReleaseOutcome[]): Record<string, string> {
  const byArea = new Map<string, ReleaseOutcome[]>();
  for (const o of outcomes) {
    if (o.status === 'not_in_cohort') continue;
    const area = o.area ?? 'area-not-recorded';
    const rows = byArea.get(area);
    if (rows) rows.push(o);
    else byArea.set(area, [o]);
  }
  const files: Record<string, string> = {};
  const used = new Set<string>();
  for (const [area, rows] of [...byArea].sort(([a], [b]) => a.localeCompare(b))) {
    let name = area.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'area';
    while (used.has(name)) name += '-2';
    used.add(name);
    files[`${name}.csv`] = csv(
      [...CONTINUITY_HEADER, 'provider_seen', 'provider_first_appointment', 'provider_notes'],
      rows.map((o) => [...continuityRow(o), '', '', '']),
    );
  }
  return files;
}
