import { describe, expect, it } from 'vitest';
import { packOutcomes, type ReleaseOutcome } from '../continuity';
import type { StoredResults } from './port';
import { resultsFromRest, resultsToRest } from './results-at-rest';

const outcome = (releaseId: string, establishment: string | null): ReleaseOutcome => ({
  releaseId,
  releaseDate: 20261101,
  status: 'awaiting',
  reason: null,
  daysSinceRelease: 3,
  daysToEngagement: null,
  treatmentId: null,
  matchProbability: null,
  handover: 'no_referral_found',
  needsReview: false,
  establishment,
  area: 'LS1',
  releaseType: null,
  ostOnRelease: false,
  noFixedAbode: false,
  weekday: 'Sunday',
  releaseWeek: '2026-10-26',
});

/** Results for these record keys, the first `releases` of them releases at the given prisons. */
function results(keys: string[], establishments: (string | null)[] = []): StoredResults {
  const outcomes = packOutcomes(
    establishments.map((e, i) => outcome(keys[i], e)),
    keys,
  );
  return { version: 3, runId: 'run-1', keys, outcomes } as unknown as StoredResults;
}

describe('stored results at rest', () => {
  it('keeps record keys as one string and gives them back exactly, whatever they contain', () => {
    const keys = ['ds1:A1', '', 'ds1:a,b', 'ds2:line\nbreak', 'ds2:\u00e9\u{1f600}', 'ds2:A1'];
    const atRest = resultsToRest(results(keys, ['HMP A', null]));
    expect(atRest.keys).toBeUndefined();
    expect(resultsFromRest(atRest)).toEqual(results(keys, ['HMP A', null]));
  });

  it('keeps the outcome columns that index strings narrow, and widens them again', () => {
    const few = results(['a', 'b'], ['HMP A', null]);
    expect(resultsToRest(few).outcomes.establishment).toBeInstanceOf(Int8Array);
    // Past 128 distinct strings the codes need 16 bits.
    const keys = Array.from({ length: 200 }, (_, i) => `ds1:${i}`);
    const many = results(
      keys,
      keys.map((_, i) => `HMP ${i}`),
    );
    const atRest = resultsToRest(many);
    expect(atRest.outcomes.establishment).toBeInstanceOf(Int16Array);
    const back = resultsFromRest(atRest);
    expect(back.outcomes.establishment).toBeInstanceOf(Int32Array);
    expect(back).toEqual(many);
  });

  it('reads a row written before, with its keys as an array and 32-bit columns', () => {
    const old = results(['ds1:A1', 'ds1:A2'], ['HMP A']);
    expect(resultsFromRest(old)).toEqual(old);
  });
});
