import { type Outcome, ok } from '../../shared/workspace';
import { normaliseHeader, readLayout } from '../ingest';
import { sha256Hex } from '../workspace/dataset-file';
import type { DateColumnEvidence, ImportInspection, InspectRequest } from './engine-api';

/** Rows of the file shown before importing it. */
export const SAMPLE_ROWS = 10;

/** d/m/yyyy, dd-mm-yy, dd.mm.yyyy: all-numeric dates whose day and month can be confused. */
const NUMERIC_DATE = /^\s*(\d{1,2})[/.\-\s]+(\d{1,2})[/.\-\s]+(\d{4}|\d{2})(?:\D|$)/;

/**
 * A file's structure for the import wizard: worksheets, header, the column assignment (with the
 * user's mapping over it), the first rows, the header signature that remembered mappings are
 * keyed by, and which date columns are in doubt about day-month order. Stores nothing.
 */
export async function inspectImport(request: InspectRequest): Promise<Outcome<ImportInspection>> {
  const layout = await readLayout(
    { name: request.fileName, bytes: request.bytes },
    { sheet: request.sheet, delimiter: request.delimiter, mapping: request.mapping },
  );
  const base = {
    fileName: request.fileName,
    format: request.fileName.toLowerCase().endsWith('.xlsx') ? ('xlsx' as const) : ('csv' as const),
    sheets: null,
    sheet: null,
    delimiter: null,
    headers: [],
    signature: '',
    assignments: [],
    rowCount: 0,
    sample: [],
    dates: [],
  };
  if (!layout.ok) return ok({ ...base, problems: layout.issues });
  const { headers, columns, sourceRows } = layout.value;
  const sample = sourceRows
    .slice(0, SAMPLE_ROWS)
    .map((row, r) => ({ row, cells: columns.map((column) => column[r] ?? '') }));
  const dates: DateColumnEvidence[] = [];
  headers.forEach((header, c) => {
    const evidence = dateEvidence(header, columns[c], sourceRows);
    if (evidence.numeric > 0) dates.push(evidence);
  });
  return ok({
    ...base,
    format: layout.value.format,
    sheets: layout.value.sheets,
    sheet: layout.value.sheet,
    delimiter: layout.value.delimiter,
    headers,
    signature: await headerSignature(headers),
    assignments: layout.value.assignments,
    rowCount: sourceRows.length,
    sample,
    dates,
    problems: [],
  });
}

/** SHA-256 of the sorted, normalised, distinct headers: the same columns give the same signature. */
export async function headerSignature(headers: readonly string[]): Promise<string> {
  const names = [...new Set(headers.map(normaliseHeader))].sort();
  return sha256Hex(new TextEncoder().encode(names.join('\n')) as Uint8Array<ArrayBuffer>);
}

/** Counts which day-month orders each numeric date in a column allows. */
export function dateEvidence(
  header: string,
  values: readonly string[],
  rows: readonly number[],
): DateColumnEvidence {
  const evidence: DateColumnEvidence = {
    header,
    numeric: 0,
    dayFirst: 0,
    monthFirst: 0,
    ambiguous: 0,
    examples: [],
  };
  const example = (kind: DateColumnEvidence['examples'][number]['kind'], i: number) => {
    if (!evidence.examples.some((e) => e.kind === kind))
      evidence.examples.push({ kind, row: rows[i], value: values[i] });
  };
  for (let i = 0; i < values.length; i++) {
    const m = NUMERIC_DATE.exec(values[i]);
    if (!m) continue;
    const first = Number(m[1]);
    const second = Number(m[2]);
    if (first < 1 || second < 1 || (first > 12 && second > 12)) continue; // not a date either way
    evidence.numeric++;
    if (first > 12) {
      evidence.dayFirst++;
      example('dayFirst', i);
    } else if (second > 12) {
      evidence.monthFirst++;
      example('monthFirst', i);
    } else if (first !== second) {
      evidence.ambiguous++;
      example('ambiguous', i);
    }
  }
  return evidence;
}
