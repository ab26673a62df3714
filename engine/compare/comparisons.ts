import { compileBatch } from './batch';
import type { Frame } from './frame';
import { columnCoverage } from './frame';
import {
  type Condition,
  checkCondition,
  compileCondition,
  conditionColumns,
  describeCondition,
  SimilarityCache,
} from './levels';

/**
 * A comparison is a name and an ordered list of levels: the null level first, the most exact
 * next, looser ones after, and "all other" last. A pair falls into the first level whose
 * condition holds. m and u are filled in by training; `tf` names the column whose value
 * frequency adjusts the level's weight (a common surname or a hostel postcode counts for less).
 */
export interface Level {
  label: string;
  when: Condition;
  isNull?: boolean;
  tf?: string;
  m?: number;
  u?: number;
}

export interface Comparison {
  name: string;
  label: string;
  levels: Level[];
}

/** Builds a level list with the null level and the else level added, labels from the conditions. */
export function comparison(
  name: string,
  label: string,
  nullColumn: string,
  levels: { when: Condition; label?: string; tf?: string }[],
): Comparison {
  const all: Level[] = [
    { label: `${nullColumn} missing`, when: { kind: 'missing', column: nullColumn }, isNull: true },
    ...levels.map((l) => ({
      label: l.label ?? describeCondition(l.when),
      when: l.when,
      ...(l.tf ? { tf: l.tf } : {}),
    })),
    { label: 'all other', when: { kind: 'else' } },
  ];
  for (const l of all) checkCondition(l.when);
  return { name, label, levels: all };
}

const exact = (column: string): Condition => ({ kind: 'exact', column });
const jw = (column: string, atLeast: number): Condition => ({ kind: 'jaroWinkler', column, atLeast });

/** The comparison library: every comparison throughline knows, before filtering by the data. */
export function comparisonLibrary(): Comparison[] {
  return [
    comparison('forename', 'First name', 'forename', [
      { when: exact('forename'), tf: 'forename' },
      {
        when: { kind: 'swapped', column: 'forename', other: 'surname' },
        label: 'first name and surname swapped',
      },
      { when: jw('forename', 0.92) },
      { when: { kind: 'listsIntersect', column: 'nicknames' }, label: 'nickname of the same name' },
      {
        when: { kind: 'listsIntersect', column: 'forenamesAll' },
        label: 'middle name or alias used as first name',
      },
      { when: jw('forename', 0.8) },
    ]),
    comparison('surname', 'Surname', 'surname', [
      { when: exact('surname'), tf: 'surname' },
      {
        when: { kind: 'swapped', column: 'surname', other: 'forename' },
        label: 'first name and surname swapped',
      },
      { when: jw('surname', 0.92) },
      {
        when: { kind: 'listsIntersect', column: 'surnamesAll' },
        label: 'part of a double-barrelled surname or an alias surname',
      },
      { when: jw('surname', 0.8) },
    ]),
    comparison('dob', 'Date of birth', 'dob', [
      { when: exact('dob') },
      { when: { kind: 'dayMonthSwap', column: 'dob' } },
      { when: { kind: 'oneDigitOff', column: 'dob' } },
      { when: { kind: 'datesWithin', column: 'dob', days: 366 }, label: 'dob within a year' },
    ]),
    comparison('sex', 'Sex', 'sex', [{ when: exact('sex') }]),
    comparison('postcode', 'Postcode', 'postcode', [
      { when: exact('postcode'), tf: 'postcode' },
      { when: exact('postcodeSector'), label: 'postcode sector exact' },
      { when: exact('postcodeDistrict'), label: 'postcode district exact' },
      { when: { kind: 'levenshtein', column: 'postcode', atMost: 1 } },
    ]),
    comparison('address', 'Address', 'address', [
      { when: exact('address') },
      { when: jw('address', 0.9) },
      { when: jw('address', 0.75) },
    ]),
    comparison('town', 'Town', 'town', [{ when: exact('town'), tf: 'town' }, { when: jw('town', 0.9) }]),
    comparison('nhsNumber', 'NHS number', 'nhsNumber', [{ when: exact('nhsNumber') }]),
    comparison('pnc', 'PNC number', 'pnc', [{ when: exact('pnc') }]),
    comparison('cro', 'CRO number', 'cro', [{ when: exact('cro') }]),
    comparison('prisonNumber', 'Prison number', 'prisonNumber', [{ when: exact('prisonNumber') }]),
    comparison('otherId', 'Other identifier', 'otherId', [
      { when: exact('otherId') },
      { when: { kind: 'levenshtein', column: 'otherId', atMost: 1 } },
      { when: { kind: 'levenshtein', column: 'otherId', atMost: 2 } },
    ]),
  ];
}

/**
 * The comparisons this data can support: those whose primary column has values in at least
 * `minCoverage` of the records on every side. A comparison no pair can ever reach adds nothing.
 */
export function comparisonsFor(frame: Frame, minCoverage = 0.01): Comparison[] {
  return comparisonLibrary().filter((c) => {
    const primary = conditionColumns(c.levels[0].when)[0];
    return columnCoverage(frame, primary).every((share) => share >= minCoverage);
  });
}

/**
 * Compiles a comparison into a function giving a pair's level index. Level 0 is the null level.
 */
export function compileComparison(
  frame: Frame,
  c: Comparison,
  cache: SimilarityCache = new SimilarityCache('all'),
): (i: number, j: number) => number {
  const tests = c.levels.map((l) => compileCondition(frame, l.when, cache));
  const last = tests.length - 1;
  return (i, j) => {
    for (let k = 0; k < last; k++) if (tests[k](i, j)) return k;
    return last;
  };
}

/**
 * All comparisons of a model compiled for a frame, evaluated a level at a time over batches of
 * pairs (batch.ts). With `cache` (the default), similarities are also kept per distinct value pair
 * while that pays (candidate pairs, whose name pairs repeat within blocks); without it they are
 * shared only between the levels of one pair (right for random pairs).
 */
export interface CompiledComparisons {
  k: number;
  /** Level counts per comparison (the radix of each digit of a comparison vector). */
  levelCounts: number[];
  /** K level indexes per pair, row-major, in a byte array. */
  vectors(left: Int32Array, right: Int32Array, count?: number): Uint8Array;
}

export function compileComparisons(
  frame: Frame,
  comparisons: readonly Comparison[],
  options: { cache?: boolean } = {},
): CompiledComparisons {
  const batch = compileBatch(frame, comparisons, options.cache !== false);
  const k = batch.k;
  return {
    k,
    levelCounts: comparisons.map((c) => c.levels.length),
    vectors(left, right, count = left.length) {
      const out = new Uint8Array(count * k);
      batch.vectorsInto(left, right, count, out);
      return out;
    },
  };
}
