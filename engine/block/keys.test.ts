import { describe, expect, it } from 'vitest';
import { buildFrame } from '../compare';
import { normalisedTable } from '../testing/normalised-table';
import { computeKeys } from './keys';

/** Dense numbers in order of first appearance, -1 where a part is missing: the reference. */
function reference(values: (string | null)[]): number[] {
  const seen = new Map<string, number>();
  return values.map((v) => {
    if (v === null) return -1;
    if (!seen.has(v)) seen.set(v, seen.size);
    return seen.get(v)!;
  });
}

describe('computeKeys', () => {
  // 600 records over 400 surnames x 500 forenames: 200,000 possible combined keys, far more than
  // the records, so the combination is renumbered through the hash rather than a direct table.
  let seed = 7;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const records = Array.from({ length: 600 }, (_, i) => ({
    id: `r${i}`,
    surname: next(10) === 0 ? undefined : `S${next(400)}`,
    forename: `F${next(500)}`,
    dob: 19700101 + next(3) * 10000 + next(12) * 100,
  }));
  const frame = buildFrame([normalisedTable('t.csv', records)]);

  it('numbers each combination of parts densely in order of first appearance, through either table', () => {
    const expected = reference(records.map((r) => (r.surname ? `${r.surname}|${r.forename}` : null)));
    expect(Array.from(computeKeys(frame, ['surname', 'forename']))).toEqual(expected);
    // Few combinations (3 years x 12 months): the direct table.
    const years = reference(records.map((r) => `${Math.floor(r.dob / 10000)}|${r.forename.slice(0, 1)}`));
    expect(Array.from(computeKeys(frame, ['dob:year', 'forename:1']))).toEqual(years);
  });
});
