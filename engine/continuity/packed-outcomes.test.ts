import { describe, expect, it } from 'vitest';
import { outcomeAt, packOutcomes, unpackOutcomes } from './packed-outcomes';
import { HANDOVERS, type ReleaseOutcome, STATUSES } from './types';

const keys = ['ds1/r0', 'ds1/r1', 'ds1/r2', 'ds1/r3', 'ds1/r4', 'ds2/t0', 'ds2/t1'];

/** One outcome per status, with every kind of field present and absent somewhere. */
const outcomes: ReleaseOutcome[] = STATUSES.map((status, i) => ({
  releaseId: keys[i],
  releaseDate: i === 4 ? 0 : 20261001 + i,
  status,
  reason: status === 'not_in_cohort' ? 'no_release_date' : null,
  daysSinceRelease: i === 4 ? null : 30 - i,
  daysToEngagement: status.startsWith('engaged') ? i : null,
  treatmentId: i % 2 === 0 ? keys[5 + (i % 4 === 0 ? 0 : 1)] : null,
  matchProbability: i % 2 === 0 ? 0.5 + i / 10 : null,
  handover: HANDOVERS[i % HANDOVERS.length],
  needsReview: i === 1,
  establishment: i === 3 ? null : `HMP ${['Leeds', 'Hull'][i % 2]}`,
  area: i === 2 ? null : 'Leeds',
  releaseType: i === 0 ? 'CRD' : null,
  ostOnRelease: i === 2,
  noFixedAbode: i === 3,
  weekday: i === 4 ? null : 'Thursday',
  releaseWeek: i === 4 ? null : '2026-09-28',
}));

describe('packed outcomes', () => {
  it('give back every outcome exactly, nulls and flags included', () => {
    const packed = packOutcomes(outcomes, keys);
    expect(unpackOutcomes(packed, keys)).toEqual(outcomes);
    expect(outcomeAt(packed, keys, 2)).toEqual(outcomes[2]);
    // Text is stored once per distinct value, not once per release.
    expect(packed.strings.filter((s) => s === 'Leeds')).toHaveLength(1);
  });

  it('use a treatment hint when it is right and find the record when it is wrong', () => {
    const wrong = Int32Array.from(keys, () => 6);
    expect(unpackOutcomes(packOutcomes(outcomes, keys, wrong), keys)).toEqual(outcomes);
  });

  it('refuse outcomes out of record-key order or naming an unknown treatment record', () => {
    expect(() => packOutcomes([outcomes[1], outcomes[0]], keys)).toThrow(/order/);
    expect(() => packOutcomes([{ ...outcomes[0], treatmentId: 'ds9/x' }], keys)).toThrow(/not among/);
  });

  it('are plain typed arrays that survive a structured clone', () => {
    const copy = structuredClone(packOutcomes(outcomes, keys));
    expect(unpackOutcomes(copy, keys)).toEqual(outcomes);
  });
});
