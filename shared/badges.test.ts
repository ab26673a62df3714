import { describe, expect, it } from 'vitest';
import { badgesFor, formatProbability, missedHandover, statusBadge } from './badges';
import type { LinkView, LookupResult, StatusView } from './workspace';

const THRESHOLDS = { upper: 0.9 };

function status(over: Partial<StatusView> = {}): StatusView {
  return {
    releaseKey: 'ds1/B0000001',
    status: 'awaiting',
    releaseDate: '2026-11-20',
    daysSinceRelease: 9,
    daysToEngagement: null,
    windowDays: 21,
    handover: 'referral_before_release',
    needsReview: false,
    treatmentKey: null,
    ...over,
  };
}

function link(recordId: string, probability: number, over: Partial<LinkView> = {}): LinkView {
  const side = recordId.startsWith('B') ? 'releases' : 'treatment';
  const datasetId = side === 'releases' ? 'ds1' : 'ds2';
  return { key: `${datasetId}/${recordId}`, datasetId, recordId, side, probability, decision: null, ...over };
}

function release(over: Partial<LookupResult> = {}): LookupResult {
  return {
    match: { key: 'ds1/B0000001', datasetId: 'ds1', recordId: 'B0000001', side: 'releases', probability: 1 },
    statuses: [status()],
    links: [],
    duplicates: [],
    ...over,
  };
}

function client(over: Partial<LookupResult> = {}): LookupResult {
  return {
    match: { key: 'ds2/TR001234', datasetId: 'ds2', recordId: 'TR001234', side: 'treatment', probability: 1 },
    statuses: [],
    links: [],
    duplicates: [],
    ...over,
  };
}

const labels = (result: LookupResult) => badgesFor(result, THRESHOLDS).map((b) => b.label);

describe('status badges', () => {
  it('awaiting: days since release, and the day of the window, counted from day 0', () => {
    expect(statusBadge(status())?.label).toBe('released 9 days ago, not yet engaged (day 9 of 21)');
    expect(statusBadge(status({ daysSinceRelease: 0 }))?.label).toBe(
      'released today, not yet engaged (day 0 of 21)',
    );
    expect(statusBadge(status({ daysSinceRelease: 1 }))?.label).toBe(
      'released 1 day ago, not yet engaged (day 1 of 21)',
    );
    expect(statusBadge(status({ daysSinceRelease: 21 }))?.tone).toBe('warning');
  });

  it('takes the window from the rule, never a fixed 21', () => {
    expect(statusBadge(status({ windowDays: 28, daysSinceRelease: 22 }))?.label).toBe(
      'released 22 days ago, not yet engaged (day 22 of 28)',
    );
    expect(statusBadge(status({ status: 'not_engaged', windowDays: 14, daysSinceRelease: 30 }))?.label).toBe(
      'not engaged within 14 days (released 30 days ago)',
    );
  });

  it('engaged in the window, engaged late, and nothing for a release outside the cohort', () => {
    const engaged = statusBadge(status({ status: 'engaged_in_window', daysToEngagement: 4 }));
    expect(engaged).toMatchObject({ kind: 'engaged', label: 'engaged day 4', tone: 'positive' });
    expect(statusBadge(status({ status: 'engaged_in_window', daysToEngagement: 0 }))?.label).toBe(
      'engaged day 0',
    );
    expect(statusBadge(status({ status: 'engaged_late', daysToEngagement: 30 }))).toMatchObject({
      kind: 'engaged_late',
      label: 'engaged day 30, after the 21-day window',
    });
    expect(statusBadge(status({ status: 'not_in_cohort' }))).toBeNull();
  });

  it('not engaged is urgent and says how long ago the release was', () => {
    expect(statusBadge(status({ status: 'not_engaged', daysSinceRelease: 35 }))).toMatchObject({
      kind: 'not_engaged',
      label: 'not engaged within 21 days (released 35 days ago)',
      tone: 'urgent',
      detailToken: 'ds1/B0000001',
    });
  });
});

describe('missed handover', () => {
  it('only for a released person not engaged, with no referral before or after release', () => {
    expect(missedHandover(status({ handover: 'no_referral_found' }))).toBe(true);
    expect(missedHandover(status({ status: 'not_engaged', handover: 'no_referral_found' }))).toBe(true);
    // A referral after release is a late pick-up, not a missed handover.
    expect(missedHandover(status({ handover: 'referral_after_release' }))).toBe(false);
    expect(missedHandover(status({ handover: 'referral_before_release' }))).toBe(false);
    // Engaged, or outside the cohort: nothing missed that a caseworker can act on.
    expect(
      missedHandover(
        status({ status: 'engaged_in_window', daysToEngagement: 3, handover: 'no_referral_found' }),
      ),
    ).toBe(false);
    expect(missedHandover(status({ status: 'not_in_cohort', handover: 'no_referral_found' }))).toBe(false);
  });
});

describe('badgesFor', () => {
  it('no match, no badges', () => {
    expect(badgesFor({ match: null, statuses: [], links: [], duplicates: [] }, THRESHOLDS)).toEqual([]);
  });

  it('a release row: its status, a missed handover, then its accepted links', () => {
    const result = release({
      statuses: [status({ handover: 'no_referral_found' })],
      links: [link('TR004411', 0.973)],
    });
    expect(labels(result)).toEqual([
      'released 9 days ago, not yet engaged (day 9 of 21)',
      'missed handover: no referral found',
      'likely same person as TR004411 (p = 0.97)',
    ]);
    expect(badgesFor(result, THRESHOLDS).map((b) => b.detailToken)).toEqual([
      'ds1/B0000001',
      'ds1/B0000001',
      'ds2/TR004411',
    ]);
  });

  it('a release whose best link is uncertain needs review, naming the candidate', () => {
    const result = release({ statuses: [status({ needsReview: true })], links: [link('TR000777', 0.72)] });
    expect(labels(result)).toEqual([
      'released 9 days ago, not yet engaged (day 9 of 21)',
      'needs review: may be the same person as TR000777 (p = 0.72)',
    ]);
    expect(badgesFor(result, THRESHOLDS)[1]).toMatchObject({ kind: 'needs_review', tone: 'review' });
  });

  it('a link decided "same" is confirmed; "unsure" stays under review whatever its probability', () => {
    expect(labels(release({ links: [link('TR000001', 1, { decision: 'same' })] }))).toContain(
      'same person as TR000001 (confirmed by review)',
    );
    expect(labels(release({ links: [link('TR000002', 0.95, { decision: 'unsure' })] }))).toContain(
      'needs review: may be the same person as TR000002 (p = 0.95)',
    );
  });

  it('a treatment row shows the status of the release it is an accepted link of', () => {
    const result = client({
      statuses: [
        status({ releaseKey: 'ds1/B0000009', status: 'engaged_in_window', daysToEngagement: 4 }),
        status({ releaseKey: 'ds1/B0000008', status: 'awaiting', needsReview: true }),
      ],
      links: [link('B0000009', 0.99), link('B0000008', 0.6)],
    });
    // The uncertain release says nothing about this client, and needs no review badge here: the
    // client already has an accepted link.
    expect(labels(result)).toEqual(['engaged day 4', 'likely same person as B0000009 (p = 0.99)']);
  });

  it('a treatment row linked only uncertainly: no status, a review badge', () => {
    const result = client({ statuses: [status({ needsReview: true })], links: [link('B0000001', 0.61)] });
    expect(labels(result)).toEqual(['needs review: may be the same person as B0000001 (p = 0.61)']);
  });

  it('of two releases (a recall), the latest one speaks', () => {
    const result = client({
      statuses: [
        status({
          releaseKey: 'ds1/B1',
          releaseDate: '2026-06-01',
          status: 'not_engaged',
          daysSinceRelease: 120,
        }),
        status({ releaseKey: 'ds1/B2', releaseDate: '2026-09-20', status: 'awaiting', daysSinceRelease: 5 }),
      ],
      links: [link('B1', 0.98), link('B2', 0.97)],
    });
    expect(labels(result)[0]).toBe('released 5 days ago, not yet engaged (day 5 of 21)');
  });

  it('possible duplicates on the same side, at most two, and at most two links', () => {
    const result = client({
      links: [link('B1', 0.99), link('B2', 0.98), link('B3', 0.97)],
      duplicates: [link('TR1', 1), link('TR2', 1), link('TR3', 1)],
    });
    expect(labels(result)).toEqual([
      'likely same person as B1 (p = 0.99)',
      'likely same person as B2 (p = 0.98)',
      'likely same person as TR1 (duplicate record)',
      'likely same person as TR2 (duplicate record)',
    ]);
  });

  it('a release outside the cohort shows no status, but still its links', () => {
    expect(
      labels(release({ statuses: [status({ status: 'not_in_cohort' })], links: [link('TR9', 0.93)] })),
    ).toEqual(['likely same person as TR9 (p = 0.93)']);
  });
});

describe('formatProbability', () => {
  it('two decimals, never rounded up to certainty', () => {
    expect(formatProbability(0.973)).toBe('0.97');
    expect(formatProbability(0.996)).toBe('0.99');
    expect(formatProbability(1)).toBe('1.00');
    expect(formatProbability(0.5)).toBe('0.50');
  });
});
