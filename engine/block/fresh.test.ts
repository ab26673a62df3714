import { beforeAll, describe, expect, it } from 'vitest';
import { buildFrame, type Frame } from '../compare';
import type { NormalisedTable } from '../normalise';
import { synthesise, toCsv } from '../synth';
import { csvTable } from '../testing/csv-table';
import { DEFAULT_BLOCKING_RULES } from './defaults';
import { blockFreshPairs } from './fresh';
import { type BlockingRule, blockPairs, type CandidatePairs, PairCapError } from './pairs';

/** Every pair as "left-right:rule", sorted. */
function pairsOf(pairs: CandidatePairs, keep: (i: number, j: number) => boolean = () => true): string[] {
  const out: string[] = [];
  for (let p = 0; p < pairs.count; p++)
    if (keep(pairs.left[p], pairs.right[p])) out.push(`${pairs.left[p]}-${pairs.right[p]}:${pairs.rule[p]}`);
  return out.sort();
}

/** Every seventh record of each side, and a run of ten at the end, are fresh. */
function freshFlags(frame: Frame): Uint8Array {
  const fresh = new Uint8Array(frame.n);
  for (let i = 0; i < frame.n; i += 7) fresh[i] = 1;
  for (let i = frame.n - 10; i < frame.n; i++) fresh[i] = 1;
  return fresh;
}

// Prefixes, years, month and day, phonetic keys and identifiers, with missing values among them.
const RULES: BlockingRule[] = [
  ...DEFAULT_BLOCKING_RULES,
  { on: ['surname:2', 'dob:year'] },
  { on: ['forename:1', 'surname:1', 'sex'] },
];

describe('blockFreshPairs', () => {
  let releases: NormalisedTable;
  let treatment: NormalisedTable;

  beforeAll(async () => {
    const data = synthesise({ people: 500, treatment: 1500, seed: 11 });
    releases = await csvTable('releases.csv', toCsv(data.releases));
    treatment = await csvTable('treatment.csv', toCsv(data.treatment));
  });

  for (const kind of ['link', 'dedupe'] as const) {
    it(`makes exactly the pairs of a full ${kind} run that involve a fresh record, under the same rule`, () => {
      const frame = buildFrame(kind === 'link' ? [releases, treatment] : [treatment]);
      const fresh = freshFlags(frame);
      const full = blockPairs(frame, RULES);
      const expected = pairsOf(full, (i, j) => fresh[i] === 1 || fresh[j] === 1);
      const got = blockFreshPairs(frame, RULES, fresh);
      expect(expected.length).toBeGreaterThan(100);
      expect(pairsOf(got)).toEqual(expected);
      // Each rule is credited with the pairs it added, as in the full run.
      expect(got.rules.map((r) => r.actual).reduce((a, b) => a + b, 0)).toBe(got.count);
    });
  }

  it('makes nothing when no record is fresh, and everything when all are', () => {
    const frame = buildFrame([releases, treatment]);
    expect(blockFreshPairs(frame, RULES, new Uint8Array(frame.n)).count).toBe(0);
    const all = blockFreshPairs(frame, RULES, new Uint8Array(frame.n).fill(1));
    expect(pairsOf(all)).toEqual(pairsOf(blockPairs(frame, RULES)));
  });

  it('refuses a rule whose fresh pairs would pass the cap, before making any', () => {
    const frame = buildFrame([treatment]);
    const fresh = new Uint8Array(frame.n).fill(1);
    expect(() => blockFreshPairs(frame, [{ on: ['sex'] }], fresh, { maxPairsPerRule: 1000 })).toThrow(
      PairCapError,
    );
  });

  it('names an unknown column', () => {
    const frame = buildFrame([treatment]);
    expect(() => blockFreshPairs(frame, [{ on: ['shoeSize'] }], new Uint8Array(frame.n).fill(1))).toThrow(
      /unknown column: shoeSize/,
    );
  });
});
