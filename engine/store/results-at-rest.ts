import type { PackedOutcomes } from '../continuity';
import type { StoredResults } from './port';

/**
 * Stored results as the Dexie store keeps them in clear, smaller than in memory, since the whole
 * row is written on every change and IndexedDB's cost grows with its size and its strings:
 * - the record keys (200,000 for 100,000 x 100,000) as one string and where each ends, not an
 *   array of strings, which IndexedDB clones one by one (in Chromium ~90 ms as an array, ~30 ms
 *   as one string);
 * - the outcome columns that index the outcomes' strings in the narrowest integer type that
 *   holds them (a few hundred distinct establishments, areas and weeks: 8 or 16 bits, not 32).
 * Rows written before hold the array and 32-bit columns; both read.
 */
export type ResultsAtRest = Omit<StoredResults, 'keys' | 'outcomes'> & {
  outcomes: OutcomesAtRest;
} & ({ keys: string[] } | { keys?: undefined; keyText: string; keyEnds: Int32Array });

const CODE_COLUMNS = ['reason', 'establishment', 'area', 'releaseType', 'weekday', 'releaseWeek'] as const;
type CodeColumn = (typeof CODE_COLUMNS)[number];
type OutcomesAtRest = Omit<PackedOutcomes, CodeColumn> &
  Record<CodeColumn, Int8Array | Int16Array | Int32Array>;

export function resultsToRest(results: StoredResults): ResultsAtRest {
  const { keys, outcomes, ...rest } = results;
  const keyEnds = new Int32Array(keys.length);
  let end = 0;
  keys.forEach((key, i) => {
    end += key.length;
    keyEnds[i] = end;
  });
  // Codes run from -1 (none) to the number of strings less one.
  const narrow = (column: Int32Array) =>
    outcomes.strings.length <= 128
      ? Int8Array.from(column)
      : outcomes.strings.length <= 32768
        ? Int16Array.from(column)
        : column;
  const narrowed: OutcomesAtRest = { ...outcomes };
  for (const name of CODE_COLUMNS) narrowed[name] = narrow(outcomes[name]);
  return { ...rest, outcomes: narrowed, keyText: keys.join(''), keyEnds };
}

export function resultsFromRest(row: ResultsAtRest): StoredResults {
  const outcomes = { ...row.outcomes } as PackedOutcomes;
  for (const name of CODE_COLUMNS) {
    const column = row.outcomes[name];
    outcomes[name] = column instanceof Int32Array ? column : Int32Array.from(column);
  }
  if (row.keys !== undefined) return { ...row, keys: row.keys, outcomes };
  const { keyText, keyEnds, ...rest } = row;
  const keys = new Array<string>(keyEnds.length);
  for (let i = 0, start = 0; i < keyEnds.length; start = keyEnds[i++])
    keys[i] = keyText.slice(start, keyEnds[i]);
  return { ...rest, keys, outcomes };
}
