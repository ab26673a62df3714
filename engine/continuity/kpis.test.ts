import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { computeKpis, kpisCsv, wilsonInterval } from './kpis';
import type { ContinuityStatus, Kpi, ReleaseOutcome } from './types';

let seq = 0;
function outcome(status: ContinuityStatus, over: Partial<ReleaseOutcome> = {}): ReleaseOutcome {
  seq++;
  return {
    releaseId: `R${seq}`,
    releaseDate: 20250602,
    status,
    reason: status === 'not_in_cohort' ? 'no_substance_need' : null,
    daysSinceRelease: 30,
    daysToEngagement: status === 'engaged_in_window' ? 5 : status === 'engaged_late' ? 30 : null,
    treatmentId: null,
    matchProbability: null,
    handover: 'referral_before_release',
    needsReview: false,
    establishment: 'HMP Alpha',
    area: 'Leeds',
    releaseType: 'Sentence expiry',
    ostOnRelease: false,
    noFixedAbode: false,
    weekday: 'Monday',
    releaseWeek: '2025-06-02',
    ...over,
  };
}

const rowsOf = (kpis: Kpi[], dimension: string) => kpis.filter((k) => k.dimension === dimension);
const find = (kpis: Kpi[], dimension: string, group: string) =>
  kpis.find((k) => k.dimension === dimension && k.group === group);

describe('wilsonInterval', () => {
  it.each([
    [8, 10, 0.4902, 0.9433],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
    [45, 60, 0.6277, 0.8422],
    [1, 2, 0.0945, 0.9055],
  ])('%i/%i -> %f..%f', (s, n, lower, upper) => {
    const ci = wilsonInterval(s, n);
    expect(ci.lower).toBeCloseTo(lower, 4);
    expect(ci.upper).toBeCloseTo(upper, 4);
  });

  it('is exactly 0 at 0/n and exactly 1 at n/n', () => {
    expect(wilsonInterval(0, 10).lower).toBe(0);
    expect(wilsonInterval(10, 10).upper).toBe(1);
  });

  it('knows nothing with n = 0', () => {
    expect(wilsonInterval(0, 0)).toEqual({ lower: 0, upper: 1 });
  });

  it('widens with z', () => {
    const a = wilsonInterval(8, 10);
    const b = wilsonInterval(8, 10, 2.576);
    expect(b.lower).toBeLessThan(a.lower);
    expect(b.upper).toBeGreaterThan(a.upper);
  });
});

describe('computeKpis', () => {
  it('counts engaged in window over closed windows; awaiting and not in cohort are left out', () => {
    const kpis = computeKpis([
      outcome('engaged_in_window'),
      outcome('engaged_in_window'),
      outcome('engaged_in_window'),
      outcome('engaged_late'),
      outcome('not_engaged'),
      outcome('awaiting'),
      outcome('awaiting'),
      outcome('not_in_cohort'),
    ]);
    const overall = kpis[0];
    expect(overall).toMatchObject({ dimension: 'overall', group: 'all', numerator: 3, denominator: 5 });
    expect(overall.rate).toBeCloseTo(0.6, 10);
    const ci = wilsonInterval(3, 5);
    expect(overall.lower).toBe(ci.lower);
    expect(overall.upper).toBe(ci.upper);
  });

  it('leaves out early engagers whose window is still open, so recent weeks are not flattered', () => {
    const kpis = computeKpis(
      [
        outcome('engaged_in_window', { daysSinceRelease: 5 }), // window open: outcome of the week not known yet
        outcome('engaged_in_window', { daysSinceRelease: 21 }), // day 21 is still inside the window
        outcome('engaged_in_window', { daysSinceRelease: 22 }),
        outcome('not_engaged', { daysSinceRelease: 30 }),
      ],
      21,
    );
    expect(kpis[0]).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('gives rate 0 and interval 0..1 with an empty denominator', () => {
    expect(computeKpis([])).toEqual([
      { dimension: 'overall', group: 'all', numerator: 0, denominator: 0, rate: 0, lower: 0, upper: 1 },
    ]);
    const kpis = computeKpis([outcome('awaiting')]);
    expect(kpis[0]).toMatchObject({ numerator: 0, denominator: 0, rate: 0, lower: 0, upper: 1 });
    // The group is listed (it has a release in the cohort) with 0/0.
    expect(find(kpis, 'establishment', 'HMP Alpha')).toMatchObject({ denominator: 0, rate: 0 });
  });

  it('lists dimensions in order: overall, establishment, area, release_week, weekday, release_type', () => {
    const dims = [...new Set(computeKpis([outcome('not_engaged')]).map((k) => k.dimension))];
    expect(dims).toEqual(['overall', 'establishment', 'area', 'release_week', 'weekday', 'release_type']);
  });

  it('orders establishments by denominator, then name, with (not recorded) last', () => {
    const kpis = computeKpis([
      outcome('engaged_in_window', { establishment: 'HMP Small' }),
      outcome('not_engaged', { establishment: 'HMP Big' }),
      outcome('engaged_in_window', { establishment: 'HMP Big' }),
      outcome('engaged_in_window', { establishment: 'HMP Big' }),
      outcome('engaged_late', { establishment: 'HMP Also small' }),
      outcome('not_engaged', { establishment: null }),
      outcome('not_engaged', { establishment: '  ' }),
      outcome('not_engaged', { establishment: null }),
      outcome('not_engaged', { establishment: null }),
      outcome('not_in_cohort', { establishment: 'HMP Excluded' }),
    ]);
    const est = rowsOf(kpis, 'establishment');
    expect(est.map((k) => k.group)).toEqual(['HMP Big', 'HMP Also small', 'HMP Small', '(not recorded)']);
    expect(est[0]).toMatchObject({ numerator: 2, denominator: 3 });
    expect(est[3]).toMatchObject({ numerator: 0, denominator: 4 });
  });

  it('orders release weeks chronologically and weekdays Monday to Sunday', () => {
    const kpis = computeKpis([
      outcome('not_engaged', { releaseWeek: '2025-06-09', weekday: 'Sunday' }),
      outcome('not_engaged', { releaseWeek: '2025-06-09', weekday: 'Sunday' }),
      outcome('not_engaged', { releaseWeek: '2025-06-09', weekday: 'Sunday' }),
      outcome('engaged_in_window', { releaseWeek: '2024-12-30', weekday: 'Friday' }),
      outcome('engaged_in_window', { releaseWeek: '2025-06-02', weekday: 'Tuesday' }),
      outcome('engaged_in_window', { releaseWeek: '2025-06-02', weekday: 'Monday' }),
      outcome('engaged_in_window', { releaseWeek: null, weekday: null }),
    ]);
    expect(rowsOf(kpis, 'release_week').map((k) => k.group)).toEqual([
      '2024-12-30',
      '2025-06-02',
      '2025-06-09',
      '(not recorded)',
    ]);
    expect(rowsOf(kpis, 'weekday').map((k) => k.group)).toEqual([
      'Monday',
      'Tuesday',
      'Friday',
      'Sunday',
      '(not recorded)',
    ]);
  });

  it('lists Friday whenever there are Friday releases, even with none in a closed window', () => {
    const fridayAwaiting = computeKpis([outcome('not_engaged'), outcome('awaiting', { weekday: 'Friday' })]);
    expect(find(fridayAwaiting, 'weekday', 'Friday')).toMatchObject({ numerator: 0, denominator: 0 });
    const fridayExcluded = computeKpis([
      outcome('not_engaged'),
      outcome('not_in_cohort', { weekday: 'Friday' }),
    ]);
    expect(find(fridayExcluded, 'weekday', 'Friday')).toMatchObject({ numerator: 0, denominator: 0 });
    const noFriday = computeKpis([outcome('not_engaged')]);
    expect(find(noFriday, 'weekday', 'Friday')).toBeUndefined();
  });

  it('groups missing area and release type as (not recorded)', () => {
    const kpis = computeKpis([
      outcome('engaged_in_window', { area: null, releaseType: null }),
      outcome('not_engaged', { area: '', releaseType: 'HDC' }),
    ]);
    expect(rowsOf(kpis, 'area')).toEqual([
      {
        dimension: 'area',
        group: '(not recorded)',
        numerator: 1,
        denominator: 2,
        rate: 0.5,
        ...wilsonInterval(1, 2),
      },
    ]);
    expect(rowsOf(kpis, 'release_type').map((k) => k.group)).toEqual(['HDC', '(not recorded)']);
  });
});

describe('kpisCsv', () => {
  it('writes the exact header, 4-decimal rates and quotes where needed', () => {
    const kpis = computeKpis([
      outcome('engaged_in_window', { establishment: 'HMP "Quoted", North' }),
      outcome('not_engaged', { establishment: 'HMP "Quoted", North' }),
      outcome('not_engaged', { establishment: '=HYPERLINK("x")' }),
    ]);
    const text = kpisCsv(kpis);
    const lines = text.split('\n');
    expect(lines[0]).toBe('dimension,group,numerator,denominator,rate,ci95_lower,ci95_upper');
    expect(lines[1]).toBe('overall,all,1,3,0.3333,0.0615,0.7923');
    expect(text.endsWith('\n')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true });
    const est = parsed.data.filter((r) => r.dimension === 'establishment');
    expect(est[0]).toMatchObject({ group: 'HMP "Quoted", North', rate: '0.5000' });
    // A value that a spreadsheet would run as a formula is neutralised.
    expect(est[1].group.startsWith('=')).toBe(false);
    expect(est[1].group).toContain('HYPERLINK');
  });

  it('writes just the header for no KPIs', () => {
    expect(kpisCsv([])).toBe('dimension,group,numerator,denominator,rate,ci95_lower,ci95_upper\n');
  });
});
