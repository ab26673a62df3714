import type { RawTable } from './types';

/**
 * One line per source column, for printing how a file was read:
 *   "Forename(s)" -> forenames  (synonym, 1.00)
 *   "Date of Brith" -> dob  (fuzzy, 0.85)
 *   "NOMS No" -> prisonNumber  (synonym, 1.00); also id  (0.50)
 *   "Notes" -> (kept, not matched)
 *   "Free text" -> (dropped by the mapping file)
 */
export function describeAssignments(table: RawTable): string[] {
  const byColumn = new Map<number, RawTable['assignments']>();
  for (const a of table.assignments) byColumn.set(a.index, [...(byColumn.get(a.index) ?? []), a]);
  return [...byColumn.keys()]
    .sort((a, b) => a - b)
    .map((index) => {
      const [first, ...more] = byColumn.get(index)!;
      const name = `  ${JSON.stringify(first.header)} -> `;
      if (first.field === null) {
        return (
          name + (first.method === 'mapping-file' ? '(dropped by the mapping file)' : '(kept, not matched)')
        );
      }
      const also = more.map((a) => `; also ${a.field}  (${a.confidence.toFixed(2)})`).join('');
      return `${name}${first.field}  (${first.method}, ${first.confidence.toFixed(2)})${also}`;
    });
}
