import { describe, expect, it } from 'vitest';
import { normalisedTable } from '../testing/normalised-table';
import { DEFAULT_RULE, parseRule } from './rule';
import { computeOutcomes, type Link } from './status';

const AS_OF = 20261101;

/** One release (R) and one treatment record (T) per case, linked with probability 0.99. */
function run(
  cases: {
    released?: number;
    start?: number;
    triage?: number;
    referral?: number;
    need?: string;
    type?: string;
    dob?: number;
    prisonNumber?: string;
    death?: number;
    probability?: number;
    decision?: Link['decision'];
  }[],
  rule = DEFAULT_RULE,
  asOf = AS_OF,
) {
  const releases = normalisedTable(
    'releases.csv',
    cases.map((c, i) => ({ id: `R${i}`, dob: c.dob ?? 19850101, prisonNumber: c.prisonNumber })),
  );
  releases.events.releaseDate = Int32Array.from(cases, (c) => c.released ?? 0);
  releases.events.deathDate = Int32Array.from(cases, (c) => c.death ?? 0);
  releases.attributes.substanceNeed = cases.map((c) => c.need ?? 'Y');
  releases.attributes.releaseType = cases.map((c) => c.type ?? 'CRD');
  const treatment = normalisedTable(
    'treatment.csv',
    cases.map((_, i) => ({ id: `T${i}` })),
  );
  treatment.events.treatmentStartDate = Int32Array.from(cases, (c) => c.start ?? 0);
  treatment.events.triageDate = Int32Array.from(cases, (c) => c.triage ?? 0);
  treatment.events.referralDate = Int32Array.from(cases, (c) => c.referral ?? 0);
  const links: Link[] = cases.map((c, i) => ({
    release: i,
    treatment: i,
    probability: c.probability ?? 0.99,
    ...(c.decision ? { decision: c.decision } : {}),
  }));
  return computeOutcomes({ releases, treatment, links, rule, asOf });
}

describe('continuity status', () => {
  it('counts day 21 inside the window and day 22 late (day 0 = release day)', () => {
    const [d21, d22] = run([
      { released: 20260901, start: 20260922 },
      { released: 20260901, start: 20260923 },
    ]);
    expect(d21).toMatchObject({ status: 'engaged_in_window', daysToEngagement: 21, treatmentId: 'T0' });
    expect(d22).toMatchObject({ status: 'engaged_late', daysToEngagement: 22 });
  });

  it('counts engagement on the release day, but not treatment that started before release', () => {
    const [sameDay, before] = run([
      { released: 20260901, start: 20260901 },
      { released: 20260901, start: 20260801 },
    ]);
    expect(sameDay).toMatchObject({ status: 'engaged_in_window', daysToEngagement: 0 });
    expect(before).toMatchObject({ status: 'not_engaged', daysToEngagement: null });
  });

  it('is awaiting with the day of the window while it is open, not engaged once it has closed', () => {
    const [open, lastDay, closed] = run([
      { released: 20261023 },
      { released: 20261011 },
      { released: 20261010 },
    ]);
    expect(open).toMatchObject({ status: 'awaiting', daysSinceRelease: 9 });
    expect(lastDay).toMatchObject({ status: 'awaiting', daysSinceRelease: 21 });
    expect(closed).toMatchObject({ status: 'not_engaged', daysSinceRelease: 22 });
  });

  it('ignores events after the as-of date', () => {
    const [r] = run([{ released: 20261020, start: 20261105 }]);
    expect(r.status).toBe('awaiting');
  });

  it('labels, never drops, a release with no date or one after the as-of date', () => {
    const [missing, future] = run([{ released: 0, start: 20260901 }, { released: 20261201 }]);
    expect(missing).toMatchObject({ status: 'not_in_cohort', reason: 'no_release_date' });
    expect(future).toMatchObject({ status: 'not_in_cohort', reason: 'not_yet_released' });
  });

  it('applies each cohort rule and exclusion', () => {
    const out = run([
      { released: 20260901, need: 'N' },
      { released: 20260901, dob: 20100101 },
      { released: 20260901, type: 'Transfer to HMP Hull' },
      { released: 20260901, type: 'ERS' },
      { released: 20260901, death: 20260910 },
      { released: 20260901, prisonNumber: 'A1234BC' },
      { released: 20260915, prisonNumber: 'A1234BC' },
      { released: 20260901, death: 20261001 }, // died after the window: still in the cohort
    ]);
    expect(out.map((o) => o.reason)).toEqual([
      'no_substance_need',
      'under_minimum_age',
      'transferred',
      'deported',
      'died',
      'recalled_within_window',
      null,
      null,
    ]);
    expect(out.slice(0, 6).every((o) => o.status === 'not_in_cohort')).toBe(true);
  });

  it('follows a changed rule: a longer window, triage counting, exclusions switched off', () => {
    const cases = [
      { released: 20260901, start: 20260926 },
      { released: 20260901, triage: 20260905, start: 20260930 },
      { released: 20260901, death: 20260910 },
    ];
    const defaults = run(cases);
    expect(defaults.map((o) => o.status)).toEqual(['engaged_late', 'engaged_late', 'not_in_cohort']);
    const parsed = parseRule(
      JSON.stringify({
        name: 'local-28',
        version: 2,
        windowDays: 28,
        engagementEvents: ['treatmentStartDate', 'triageDate'],
        exclusions: { died: false },
      }),
      'rule.json',
    );
    if (!parsed.ok) throw new Error(parsed.message);
    const local = run(cases, parsed.rule);
    expect(local.map((o) => o.status)).toEqual(['engaged_in_window', 'engaged_in_window', 'not_engaged']);
    expect(local[1].daysToEngagement).toBe(4);
  });

  it('counts only accepted links, flags an uncertain best link for review, and lets decisions override', () => {
    const out = run([
      { released: 20260901, start: 20260905, probability: 0.7 }, // uncertain: needs review, not counted
      { released: 20260901, start: 20260905, probability: 0.7, decision: 'same' },
      { released: 20260901, start: 20260905, probability: 0.99, decision: 'not_same' },
      { released: 20260901, start: 20260905, probability: 0.99, decision: 'unsure' },
      { released: 20260901, start: 20260905, probability: 0.3 }, // below review: no link at all
    ]);
    expect(out[0]).toMatchObject({ status: 'not_engaged', needsReview: true, treatmentId: null });
    expect(out[1]).toMatchObject({ status: 'engaged_in_window', needsReview: false, treatmentId: 'T1' });
    expect(out[2]).toMatchObject({ status: 'not_engaged', needsReview: false, treatmentId: null });
    expect(out[3]).toMatchObject({ status: 'not_engaged', needsReview: true });
    expect(out[4]).toMatchObject({ status: 'not_engaged', needsReview: false });
  });

  it('flags handover by when the referral came', () => {
    const out = run([
      { released: 20260901, referral: 20260815 },
      { released: 20260901, referral: 20260903 },
      { released: 20260901, referral: 20250101 }, // a referral from long before is history
      { released: 20260901 },
    ]);
    expect(out.map((o) => o.handover)).toEqual([
      'referral_before_release',
      'referral_after_release',
      'no_referral_found',
      'no_referral_found',
    ]);
  });

  it('records the weekday and release week', () => {
    const [r] = run([{ released: 20261030 }]);
    expect(r).toMatchObject({ weekday: 'Friday', releaseWeek: '2026-10-26' });
  });
});

describe('parseRule', () => {
  it('fills what a rule file leaves out from the default and names a bad field', () => {
    const ok = parseRule('{"windowDays": 28}', 'r.json');
    expect(ok.ok && ok.rule.engagementEvents).toEqual(['treatmentStartDate']);
    const bad = parseRule('{"windowDays": -1}', 'r.json');
    expect(bad).toMatchObject({ ok: false });
    expect(!bad.ok && bad.message).toMatch(/r\.json: windowDays/);
    expect(parseRule('{"engagementEvents": ["lunch"]}', 'r.json').ok).toBe(false);
  });
});
