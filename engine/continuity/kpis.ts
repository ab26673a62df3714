import Papa from 'papaparse';
import type { ContinuityStatus, Kpi, ReleaseOutcome } from './types';

/** The label for a release whose group value (establishment, area, ...) is missing. */
export const NOT_RECORDED = '(not recorded)';

export const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

/** The statuses whose window has closed: these make the denominator. */
const DECIDED: ReadonlySet<ContinuityStatus> = new Set(['engaged_in_window', 'engaged_late', 'not_engaged']);

/**
 * The Wilson score interval for a binomial proportion (z = 1.96 for 95%). Unlike the normal
 * approximation it stays inside [0, 1] and behaves at 0/n and n/n. With n = 0 nothing is known: [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): { lower: number; upper: number } {
  if (!(n > 0)) return { lower: 0, upper: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return {
    lower: successes <= 0 ? 0 : Math.max(0, centre - half),
    upper: successes >= n ? 1 : Math.min(1, centre + half),
  };
}

type Dimension = 'establishment' | 'area' | 'release_week' | 'weekday' | 'release_type';

const DIMENSIONS: { dimension: Dimension; value: (o: ReleaseOutcome) => string | null }[] = [
  { dimension: 'establishment', value: (o) => o.establishment },
  { dimension: 'area', value: (o) => o.area },
  { dimension: 'release_week', value: (o) => o.releaseWeek },
  { dimension: 'weekday', value: (o) => o.weekday },
  { dimension: 'release_type', value: (o) => o.releaseType },
];

const groupOf = (value: string | null): string => {
  const v = value?.trim();
  return v ? v : NOT_RECORDED;
};

function kpi(dimension: string, group: string, numerator: number, denominator: number): Kpi {
  const { lower, upper } = wilsonInterval(numerator, denominator);
  return {
    dimension,
    group,
    numerator,
    denominator,
    rate: denominator > 0 ? numerator / denominator : 0,
    lower,
    upper,
  };
}

/**
 * Continuity rates: overall, then by establishment, area, release week (chronological), weekday
 * (Monday to Sunday) and release type. The denominator is the releases in the cohort whose window
 * has closed (engaged in window, engaged late, not engaged); awaiting releases (window still open)
 * and releases not in the cohort are left out. The numerator is those engaged in the window.
 *
 * A group is listed when it has at least one release in the cohort (so a group whose releases are
 * all still awaiting shows 0/0), and Friday is listed whenever any release fell on a Friday, so
 * that Friday releases can always be called out. Missing values form the group '(not recorded)',
 * listed last. Establishment, area and release type are ordered by denominator, largest first,
 * then by name.
 */
export function computeKpis(outcomes: readonly ReleaseOutcome[], windowDays = 21): Kpi[] {
  // Only releases whose whole window has closed count, engaged early or not: counting the early
  // engagers of an open window without the rest would make recent weeks look better than they are.
  const closed = (o: ReleaseOutcome) => DECIDED.has(o.status) && (o.daysSinceRelease ?? -1) > windowDays;
  let numerator = 0;
  let denominator = 0;
  for (const o of outcomes) {
    if (!closed(o)) continue;
    denominator++;
    if (o.status === 'engaged_in_window') numerator++;
  }
  const rows: Kpi[] = [kpi('overall', 'all', numerator, denominator)];

  for (const { dimension, value } of DIMENSIONS) {
    const counts = new Map<string, { numerator: number; denominator: number }>();
    for (const o of outcomes) {
      const group = groupOf(value(o));
      const inCohort = o.status !== 'not_in_cohort';
      const friday = dimension === 'weekday' && group === 'Friday';
      if (!inCohort && !friday) continue;
      let c = counts.get(group);
      if (!c) {
        c = { numerator: 0, denominator: 0 };
        counts.set(group, c);
      }
      if (closed(o)) {
        c.denominator++;
        if (o.status === 'engaged_in_window') c.numerator++;
      }
    }
    const groups = [...counts.entries()].map(([group, c]) =>
      kpi(dimension, group, c.numerator, c.denominator),
    );
    groups.sort(ORDER[dimension]);
    rows.push(...groups);
  }
  return rows;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** '(not recorded)' last, then the given order. */
const notRecordedLast =
  (order: (a: Kpi, b: Kpi) => number) =>
  (a: Kpi, b: Kpi): number => {
    const na = a.group === NOT_RECORDED ? 1 : 0;
    const nb = b.group === NOT_RECORDED ? 1 : 0;
    return na - nb || order(a, b);
  };

const weekdayIndex = (group: string): number => {
  const i = (WEEKDAYS as readonly string[]).indexOf(group);
  return i < 0 ? WEEKDAYS.length : i;
};

const byDenominator = notRecordedLast((a, b) => b.denominator - a.denominator || byName(a.group, b.group));

const ORDER: Record<Dimension, (a: Kpi, b: Kpi) => number> = {
  establishment: byDenominator,
  area: byDenominator,
  // yyyy-mm-dd sorts chronologically as text.
  release_week: notRecordedLast((a, b) => byName(a.group, b.group)),
  weekday: notRecordedLast(
    (a, b) => weekdayIndex(a.group) - weekdayIndex(b.group) || byName(a.group, b.group),
  ),
  release_type: byDenominator,
};

export const KPI_CSV_HEADER = [
  'dimension',
  'group',
  'numerator',
  'denominator',
  'rate',
  'ci95_lower',
  'ci95_upper',
] as const;

/** kpis.csv: one row per KPI, rates to 4 decimals; group names that look like formulae are neutralised. */
export function kpisCsv(kpis: readonly Kpi[]): string {
  const data = kpis.map((k) => [
    k.dimension,
    k.group,
    k.numerator,
    k.denominator,
    k.rate.toFixed(4),
    k.lower.toFixed(4),
    k.upper.toFixed(4),
  ]);
  // Papa.unparse ends a header-only table with a stray newline: write that case directly.
  if (data.length === 0) return `${KPI_CSV_HEADER.join(',')}\n`;
  return `${Papa.unparse({ fields: [...KPI_CSV_HEADER], data }, { newline: '\n', escapeFormulae: true })}\n`;
}
