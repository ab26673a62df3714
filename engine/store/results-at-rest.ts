import type { StoredResults } from './port';

/**
 * Stored results as the Dexie store keeps them in clear: the record keys (200,000 of them for
 * 100,000 x 100,000) as one string and where each ends, not as an array of strings. IndexedDB
 * clones every string of an array one by one: in Chromium writing 200,000 keys took ~90 ms as an
 * array and ~30 ms as one string, on every change. Rows written before hold the array; both read.
 */
export type ResultsAtRest = Omit<StoredResults, 'keys'> &
  ({ keys: string[] } | { keys?: undefined; keyText: string; keyEnds: Int32Array });

export function resultsToRest(results: StoredResults): ResultsAtRest {
  const { keys, ...rest } = results;
  const keyEnds = new Int32Array(keys.length);
  let end = 0;
  keys.forEach((key, i) => {
    end += key.length;
    keyEnds[i] = end;
  });
  return { ...rest, keyText: keys.join(''), keyEnds };
}

export function resultsFromRest(row: ResultsAtRest): StoredResults {
  if (row.keys !== undefined) return row;
  const { keyText, keyEnds, ...rest } = row;
  const keys = new Array<string>(keyEnds.length);
  for (let i = 0, start = 0; i < keyEnds.length; start = keyEnds[i++])
    keys[i] = keyText.slice(start, keyEnds[i]);
  return { ...rest, keys };
}
