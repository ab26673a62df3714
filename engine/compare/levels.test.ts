import { describe, expect, it } from 'vitest';
import { normalisedTable } from '../testing/normalised-table';
import { comparisonLibrary, compileComparison } from './comparisons';
import { buildFrame } from './frame';
import { type Condition, compileCondition, oneDigitOff, PairTable } from './levels';

const left = normalisedTable('releases.csv', [
  { id: 'R1', forename: 'WILLIAM', surname: 'SMITH', dob: 19850312, postcode: 'LS6 2AB' },
  { id: 'R2', forename: 'JOHN', middleNames: 'PAUL', surname: 'OBRIEN', dob: 19900105 },
  { id: 'R3', forename: 'AHMED', surname: 'KHAN', dob: 19781130, postcode: 'BD3 9QT' },
  { id: 'R4', forename: 'SARAH', surname: 'SMITH JONES', dob: 19950708 },
]);
const right = normalisedTable('treatment.csv', [
  { id: 'T1', forename: 'BILL', surname: 'SMITH', dob: 19851203, postcode: 'LS6 2XY' },
  { id: 'T2', forename: 'PAUL', surname: 'OBRIEN', dob: 19900106 },
  { id: 'T3', forename: 'KHAN', surname: 'AHMED', dob: 19781130, postcode: 'BD3 1AA' },
  { id: 'T4', forename: 'SARAH', surname: 'JONES', dob: 19950708 },
  { id: 'T5', surname: 'SMITH' },
]);
const frame = buildFrame([left, right]);
const L = (id: string) => frame.ids.indexOf(id);
const R = (id: string) => frame.ids.lastIndexOf(id);
const holds = (c: Condition, a: string, b: string) => compileCondition(frame, c)(L(a), R(b));

describe('comparison conditions', () => {
  it('encodes both sides with one dictionary, so equal values have equal codes', () => {
    const surname = frame.columns.surname;
    expect(surname.kind).toBe('text');
    if (surname.kind !== 'text') return;
    expect(surname.codes[L('R1')]).toBe(surname.codes[R('T1')]);
    expect(surname.counts[surname.codes[L('R1')]]).toBe(3);
  });

  it('finds a nickname of the same name but not an unrelated name', () => {
    expect(holds({ kind: 'listsIntersect', column: 'nicknames' }, 'R1', 'T1')).toBe(true);
    expect(holds({ kind: 'listsIntersect', column: 'nicknames' }, 'R3', 'T1')).toBe(false);
  });

  it('finds swapped forename and surname', () => {
    expect(holds({ kind: 'swapped', column: 'forename', other: 'surname' }, 'R3', 'T3')).toBe(true);
    expect(holds({ kind: 'swapped', column: 'forename', other: 'surname' }, 'R1', 'T1')).toBe(false);
  });

  it('finds a middle name used as the first name, and a part of a double-barrelled surname', () => {
    expect(holds({ kind: 'listsIntersect', column: 'forenamesAll' }, 'R2', 'T2')).toBe(true);
    expect(holds({ kind: 'listsIntersect', column: 'surnamesAll' }, 'R4', 'T4')).toBe(true);
  });

  it('recognises day/month swaps and one-digit typos in dates of birth, and nothing else', () => {
    expect(holds({ kind: 'dayMonthSwap', column: 'dob' }, 'R1', 'T1')).toBe(true); // 12/03 vs 03/12
    expect(holds({ kind: 'dayMonthSwap', column: 'dob' }, 'R2', 'T2')).toBe(false);
    expect(holds({ kind: 'oneDigitOff', column: 'dob' }, 'R2', 'T2')).toBe(true); // 05 vs 06
    expect(oneDigitOff(19850312, 19580312)).toBe(true); // adjacent digits transposed
    expect(oneDigitOff(19850312, 19850321)).toBe(true);
    expect(oneDigitOff(19850312, 19860413)).toBe(false);
  });

  it('treats a missing value as the null level, never as disagreement', () => {
    expect(holds({ kind: 'missing', column: 'forename' }, 'R1', 'T5')).toBe(true);
    expect(holds({ kind: 'exact', column: 'forename' }, 'R1', 'T5')).toBe(false);
  });
});

describe('comparison levels', () => {
  const library = comparisonLibrary();
  const level = (name: string, a: string, b: string) => {
    const c = library.find((x) => x.name === name)!;
    return c.levels[compileComparison(frame, c)(L(a), R(b))].label;
  };

  it('puts a pair in the first level whose condition holds', () => {
    expect(level('forename', 'R1', 'T1')).toBe('nickname of the same name');
    expect(level('forename', 'R3', 'T3')).toBe('first name and surname swapped');
    expect(level('forename', 'R4', 'T4')).toBe('forename exact');
    expect(level('forename', 'R1', 'T5')).toBe('forename missing');
    expect(level('dob', 'R3', 'T3')).toBe('dob exact');
    expect(level('dob', 'R1', 'T1')).toBe('dob day and month swapped');
    expect(level('postcode', 'R1', 'T1')).toBe('postcode sector exact');
    expect(level('postcode', 'R3', 'T3')).toBe('postcode district exact');
    expect(level('surname', 'R4', 'T4')).toBe('part of a double-barrelled surname or an alias surname');
  });
});

describe('PairTable', () => {
  it('keeps every key through many resizes, including keys above 2^32', () => {
    const table = new PairTable();
    for (let k = 0; k < 50_000; k++) table.set(k * 4_294_967_311, k / 7);
    table.set(0, 0.5); // overwrite
    expect(table.get(0)).toBe(0.5);
    for (let k = 1; k < 50_000; k += 997) expect(table.get(k * 4_294_967_311)).toBe(k / 7);
    expect(table.get(3)).toBeUndefined();
  });
});
