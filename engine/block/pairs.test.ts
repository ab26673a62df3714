import { describe, expect, it } from 'vitest';
import { buildFrame } from '../compare';
import { normalisedTable } from '../testing/normalised-table';
import { blockPairs, countPairs, PairCapError } from './pairs';

const left = normalisedTable('l.csv', [
  { id: 'a', surname: 'SMITH', forename: 'JOHN', dob: 19800101 },
  { id: 'b', surname: 'SMITH', forename: 'JANE', dob: 19800101 },
  { id: 'c', surname: 'JONES', forename: 'JOHN', dob: 19750505 },
  { id: 'd', forename: 'MARY', dob: 19900909 },
]);
const right = normalisedTable('r.csv', [
  { id: 'x', surname: 'SMITH', forename: 'JON', dob: 19800101 },
  { id: 'y', surname: 'SMITH', forename: 'JOHN', dob: 19811111 },
  { id: 'z', surname: 'JONES', forename: 'JOHN', dob: 19900909 },
]);

describe('blockPairs', () => {
  const frame = buildFrame([left, right]);
  const idsOf = (pairs: ReturnType<typeof blockPairs>) =>
    Array.from(
      { length: pairs.count },
      (_, p) => `${frame.ids[pairs.left[p]]}-${frame.ids[pairs.right[p]]}`,
    ).sort();

  it('pairs only across sides in a link, on every part of the key', () => {
    const pairs = blockPairs(frame, [{ on: ['surname', 'forename:1'] }]);
    // SMITH+J: a,b x x,y (4 pairs); JONES+J: c x z. d has no surname.
    expect(idsOf(pairs)).toEqual(['a-x', 'a-y', 'b-x', 'b-y', 'c-z']);
    expect(pairs.rules).toEqual([{ rule: 'surname & forename:1', estimated: 5, actual: 5 }]);
  });

  it('does not repeat a pair an earlier rule produced, and counts both before and after', () => {
    const pairs = blockPairs(frame, [{ on: ['surname', 'forename:1'] }, { on: ['dob'] }]);
    // dob: a,b x x (already made by rule 1) and d x z (new).
    expect(pairs.rules[1]).toEqual({ rule: 'dob', estimated: 3, actual: 1 });
    expect(idsOf(pairs)).toContain('d-z');
    expect(pairs.count).toBe(6);
  });

  it('estimates counts without making pairs, and the estimate equals what blocking makes', () => {
    expect(countPairs(frame, [{ on: ['dob:year'] }, { on: ['surname'] }])).toEqual([
      { rule: 'dob:year', estimated: 3 },
      { rule: 'surname', estimated: 5 },
    ]);
  });

  it('refuses a rule that would exceed the cap before making any pair', () => {
    expect(() => blockPairs(frame, [{ on: ['surname'] }], { maxPairsPerRule: 4 })).toThrow(PairCapError);
    expect(() => blockPairs(frame, [{ on: ['surname'] }], { maxPairsPerRule: 4 })).toThrow(
      /would produce 5 candidate pairs/,
    );
  });

  it('pairs each record once within a file for a dedupe', () => {
    const single = buildFrame([left]);
    const pairs = blockPairs(single, [{ on: ['surname'] }]);
    expect(pairs.count).toBe(1); // a-b
    expect(pairs.left[0]).toBeLessThan(pairs.right[0]);
  });

  it('names an unknown column and a bad transform', () => {
    expect(() => blockPairs(frame, [{ on: ['shoe_size'] }])).toThrow(/unknown column: shoe_size/);
    expect(() => blockPairs(frame, [{ on: ['dob:week'] }])).toThrow(/:year or :month-day/);
  });
});
