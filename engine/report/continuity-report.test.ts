import { describe, expect, it } from 'vitest';
import { computeKpis } from '../continuity/kpis';
import type { ContinuityStatus, ReleaseOutcome } from '../continuity/types';
import { continuityReport } from './continuity-report';

let seq = 0;
function outcome(status: ContinuityStatus, over: Partial<ReleaseOutcome> = {}): ReleaseOutcome {
  seq++;
  return {
    releaseId: `SECRET-ID-${seq}`,
    releaseDate: 20250606,
    status,
    reason: status === 'not_in_cohort' ? 'no_substance_need' : null,
    daysSinceRelease: status === 'awaiting' ? 10 : 40,
    daysToEngagement: status === 'engaged_in_window' ? 3 : status === 'engaged_late' ? 30 : null,
    treatmentId: status.startsWith('engaged') ? `TREAT-${seq}` : null,
    matchProbability: 0.97,
    handover: 'referral_before_release',
    needsReview: false,
    establishment: 'HMP Alpha',
    area: 'Leeds',
    releaseType: 'Sentence expiry',
    ostOnRelease: false,
    noFixedAbode: false,
    weekday: 'Friday',
    releaseWeek: '2025-06-02',
    ...over,
  };
}

const context = {
  ruleName: 'ohid-c20',
  ruleVersion: 3,
  windowDays: 21,
  asOf: '2025-09-30',
  generatedAt: '2025-10-01T09:00:00Z',
  engineVersion: '0.1.0',
  inputs: [
    { file: 'releases.csv', rows: 8 },
    { file: 'treatment.csv', rows: 20 },
  ],
};

const sample = (): ReleaseOutcome[] => [
  outcome('engaged_in_window'),
  outcome('engaged_in_window', { weekday: 'Tuesday', releaseWeek: '2025-06-09', establishment: 'HMP Beta' }),
  outcome('engaged_in_window', { weekday: 'Monday', releaseWeek: '2025-06-09', daysToEngagement: 0 }),
  outcome('engaged_late', { daysToEngagement: 75 }),
  outcome('not_engaged', { ostOnRelease: true, noFixedAbode: true, handover: 'no_referral_found' }),
  outcome('awaiting', { daysSinceRelease: 20, ostOnRelease: true }),
  outcome('awaiting', { daysSinceRelease: null, releaseDate: 0, weekday: null, releaseWeek: null }),
  outcome('not_in_cohort', { needsReview: true }),
];

function render(outcomes: ReleaseOutcome[]): string {
  return continuityReport(outcomes, computeKpis(outcomes), context);
}

describe('continuityReport', () => {
  it('states the rule, its version, the window and the as-of date', () => {
    const html = render(sample());
    expect(html).toContain('ohid-c20');
    expect(html).toContain('version 3');
    expect(html).toContain('2025-09-30');
    expect(html).toContain('21 days');
  });

  it('gives the headline rate with its interval against the 75% target', () => {
    const html = render(sample());
    // 3 engaged in window of 5 closed windows (2 awaiting and 1 not in cohort left out).
    expect(html).toContain('60.0% engaged within 21 days');
    expect(html).toContain('3 of 5');
    expect(html).toContain('75%');
    expect(html).toContain('class="target"');
    expect(html).toContain('The 95% interval includes the 75% target');
  });

  it('is self-contained: no scripts, no external URLs', () => {
    const html = render(sample());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    expect(html).toContain("default-src 'none'");
  });

  it('shows no identifiers', () => {
    const html = render(sample());
    expect(html).not.toContain('SECRET-ID');
    expect(html).not.toContain('TREAT-');
  });

  it('escapes a hostile establishment name', () => {
    const hostile = '<script>alert(1)</script>';
    const outcomes = [
      outcome('not_engaged', { establishment: hostile, area: hostile, releaseType: hostile }),
      outcome('not_in_cohort', { reason: hostile }),
    ];
    const html = continuityReport(outcomes, computeKpis(outcomes), {
      ...context,
      ruleName: '<b>rule</b>',
      inputs: [{ file: '<img src=x>', rows: 1 }],
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>rule');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('calls out Friday releases against other weekdays', () => {
    const html = render(sample());
    expect(html).toContain('Friday releases');
    // 7 releases in the cohort, 6 with a date, 4 of them on a Friday.
    expect(html).toContain('4 of 6 releases in the cohort');
    expect(html).toMatch(
      /<td>Friday<\/td><td class="num">1<\/td><td class="num">3<\/td><td class="num">33\.3%<\/td>/,
    );
    expect(html).toMatch(
      /<td>Other days<\/td><td class="num">2<\/td><td class="num">2<\/td><td class="num">100\.0%<\/td><td class="num">34\.2% to 100\.0%<\/td>/,
    );
  });

  it('summarises the worklist by days left, with OST and no fixed abode', () => {
    const html = render(sample());
    expect(html).toMatch(
      /<td>Awaiting: 0 to 3 days left<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">0<\/td>/,
    );
    expect(html).toMatch(/<td>Awaiting: days left not known<\/td><td class="num">1<\/td>/);
    expect(html).toMatch(
      /<td>Not engaged \(window closed\)<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">1<\/td>/,
    );
  });

  it('draws the days-to-engagement histogram with the window marked and a 60+ bin', () => {
    const html = render(sample());
    expect(html).toContain('21-day window ends');
    expect(html).toContain('60+ days: 1');
    expect(html).toContain('day 0: 1');
  });

  it('handles zero outcomes without throwing or NaN', () => {
    const html = render([]);
    expect(html).toContain('No rate yet');
    expect(html).toContain('ohid-c20');
    expect(html).toContain('2025-09-30');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('handles outcomes that are all awaiting or not in the cohort without NaN', () => {
    const html = render([outcome('awaiting'), outcome('not_in_cohort')]);
    expect(html).toContain('No rate yet');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('has no NaN with a full sample either', () => {
    expect(render(sample())).not.toMatch(/NaN|Infinity|undefined/);
  });
});
