import { describe, expect, it } from 'vitest';
import type { StoredResults } from './port';
import { resultsFromRest, resultsToRest } from './results-at-rest';

const results = (keys: string[]) => ({ version: 3, runId: 'run-1', keys }) as unknown as StoredResults;

describe('stored results at rest', () => {
  it('keeps record keys as one string and gives them back exactly, whatever they contain', () => {
    const keys = ['ds1:A1', '', 'ds1:a,b', 'ds2:line\nbreak', 'ds2:\u00e9\u{1f600}', 'ds2:A1'];
    const atRest = resultsToRest(results(keys));
    expect(atRest.keys).toBeUndefined();
    expect('keyText' in atRest && typeof atRest.keyText).toBe('string');
    expect(resultsFromRest(atRest)).toEqual(results(keys));
  });

  it('reads a row written before, with its keys as an array', () => {
    const old = results(['ds1:A1', 'ds1:A2']);
    expect(resultsFromRest(old)).toEqual(old);
  });

  it('keeps everything else as it is', () => {
    const atRest = resultsToRest(results([]));
    expect(resultsFromRest(atRest)).toEqual(results([]));
  });
});
