import type { Issue, IssueCode, Result } from '../../shared/issues';
import type { CanonicalField } from '../../shared/person';
import { DELIMITER_CANDIDATES, detectDelimiter, parseDelimited } from './csv';
import { decodeText, looksLikeXlsx } from './decode';
import { GridBuilder } from './grid';
import { type HeaderMapping, mapHeaders } from './headers';
import type { MappingFile } from './mapping';
import type { RawTable } from './types';
import { readWorksheet } from './xlsx';

/** At most this many issues of one code are listed; the rest are counted in one `more_issues`. */
export const MAX_ISSUES_PER_CODE = 50;

export interface ReadOptions {
  mapping?: MappingFile;
  /** Worksheet by name or 1-based number (overrides the mapping file's). */
  sheet?: string | number;
  /** Delimiter for text files (overrides the mapping file's and the detected one). */
  delimiter?: string;
}

/** Collects issues, listing at most MAX_ISSUES_PER_CODE of each code. */
class IssueList {
  private readonly byCode = new Map<IssueCode, Issue[]>();
  private readonly overflow = new Map<IssueCode, number>();

  add(issue: Omit<Issue, 'severity'> & { severity?: Issue['severity'] }): void {
    const list = this.byCode.get(issue.code) ?? [];
    this.byCode.set(issue.code, list);
    if (list.length < MAX_ISSUES_PER_CODE) list.push({ severity: 'error', ...issue });
    else this.overflow.set(issue.code, (this.overflow.get(issue.code) ?? 0) + 1);
  }

  get size(): number {
    return this.byCode.size;
  }

  toArray(): Issue[] {
    const out: Issue[] = [];
    for (const [code, list] of this.byCode) {
      out.push(...list);
      const more = this.overflow.get(code);
      if (more) {
        const last = list[list.length - 1];
        out.push({
          code: 'more_issues',
          severity: last.severity,
          file: last.file,
          column: last.column,
          detail: String(more),
        });
      }
    }
    return out;
  }
}

function asBytes(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
}

/**
 * Reads a .csv / delimited text or .xlsx file into a RawTable: columns of trimmed cell text mapped
 * onto canonical fields. Every problem with the file is collected (up to 50 of each kind) before
 * the import is refused; nothing is thrown for a bad file.
 */
export async function readTable(
  input: { name: string; bytes: Uint8Array | ArrayBuffer },
  options: ReadOptions = {},
): Promise<Result<RawTable>> {
  const file = input.name;
  const bytes = asBytes(input.bytes);
  const mapping = options.mapping;
  const issues = new IssueList();
  const grid = new GridBuilder();
  const xlsx = looksLikeXlsx(bytes, file);

  if (bytes.length === 0) return fail({ code: 'empty_file', file });

  let delimiter: string | undefined;
  if (xlsx) {
    const copy = bytes.slice().buffer;
    const outcome = await readWorksheet(copy, options.sheet ?? mapping?.sheet, grid);
    if (!outcome.ok) return fail({ code: outcome.code, file, detail: outcome.detail });
  } else {
    const text = decodeText(bytes);
    if (text.trim() === '') return fail({ code: 'empty_file', file });
    delimiter = options.delimiter ?? mapping?.delimiter ?? detectDelimiter(text);
    for (const problem of parseDelimited(text, delimiter, grid)) {
      issues.add({ code: 'unreadable_file', file, row: problem.row, detail: problem.detail });
    }
  }

  const headers = grid.headers;
  if (headers === null) return fail({ code: 'empty_file', file });

  if (headers.length === 1) {
    const other = DELIMITER_CANDIDATES.find((d) => d !== delimiter && headers[0].includes(d));
    if (other !== undefined) {
      const used = delimiter === undefined ? '' : `; the file was read with ${showDelimiter(delimiter)}`;
      issues.add({
        code: 'single_column',
        file,
        row: grid.headerRow,
        column: headers[0],
        detail: `the header contains ${showDelimiter(other)}${used}`,
      });
    }
  }

  const mapped = mapHeaders(headers, mapping?.columns);
  if (mapping) {
    for (const name of mapped.unknownColumns) {
      issues.add({
        code: 'unknown_column',
        file: mapping.fileName,
        column: name,
        detail: JSON.stringify(name),
      });
    }
    for (const { field, headers: hs } of mapped.duplicateMappings) {
      issues.add({
        code: 'duplicate_mapping',
        file: mapping.fileName,
        column: hs[1],
        detail: `${field} (columns ${hs.map((h) => JSON.stringify(h)).join(', ')})`,
      });
    }
  }

  if (grid.rowCount === 0) issues.add({ code: 'no_data_rows', file });

  for (const { row, cells } of grid.ragged) {
    issues.add({ code: 'ragged_row', file, row, detail: String(cells) });
  }

  const { sources } = mapped;
  if (!sources.id) issues.add({ code: 'missing_id_column', file });
  if (!sources.forenames && !sources.surname && !sources.fullName)
    issues.add({ code: 'missing_name_columns', file });

  if (sources.id) checkIds(grid, sources.id[0], headers[sources.id[0]], file, issues);

  if (issues.size > 0) return { ok: false, issues: issues.toArray() };
  return { ok: true, value: buildTable(file, xlsx, grid, mapped), warnings: [] };
}

function fail(issue: Omit<Issue, 'severity'>): Result<never> {
  return { ok: false, issues: [{ severity: 'error', ...issue }] };
}

function showDelimiter(d: string): string {
  return d === '\t' ? 'a tab' : `"${d}"`;
}

/** Empty ids, and each repeated id once (at its second appearance, naming the first). */
function checkIds(grid: GridBuilder, index: number, header: string, file: string, issues: IssueList): void {
  const ids = grid.columns[index];
  const rows = grid.sourceRows;
  const firstRow = new Map<string, number>();
  const reported = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === '') {
      issues.add({ code: 'empty_id', file, row: rows[i], column: header });
      continue;
    }
    const first = firstRow.get(id);
    if (first === undefined) firstRow.set(id, rows[i]);
    else if (!reported.has(id)) {
      reported.add(id);
      issues.add({
        code: 'duplicate_id',
        file,
        row: rows[i],
        column: header,
        value: id,
        detail: String(first),
      });
    }
  }
}

/** Joins several source columns row by row, skipping empty parts. */
function joinColumns(columns: string[][], separator: string, rowCount: number): string[] {
  const out = new Array<string>(rowCount);
  for (let r = 0; r < rowCount; r++) {
    let text = '';
    for (const column of columns) {
      const part = column[r];
      if (part === '') continue;
      text = text === '' ? part : text + separator + part;
    }
    out[r] = text;
  }
  return out;
}

/**
 * Address lines are joined with a space, as the RawTable contract says. Alias columns are joined
 * with "; " instead: aliases are a ';'-separated list of whole names (shared/person.ts), and a
 * space would fuse "John Smith" and "Jon Smyth" into one four-word name.
 */
const JOIN_SEPARATOR: Partial<Record<CanonicalField, string>> = { aliases: '; ' };

function buildTable(file: string, xlsx: boolean, grid: GridBuilder, mapped: HeaderMapping): RawTable {
  const headers = grid.headers!;
  const columns: RawTable['columns'] = {};
  const fieldHeaders: RawTable['headers'] = {};
  for (const [field, indexes] of Object.entries(mapped.sources) as [CanonicalField, number[]][]) {
    fieldHeaders[field] = indexes.map((i) => headers[i]).join(' + ');
    columns[field] =
      indexes.length === 1
        ? grid.columns[indexes[0]]
        : joinColumns(
            indexes.map((i) => grid.columns[i]),
            JOIN_SEPARATOR[field] ?? ' ',
            grid.rowCount,
          );
  }
  const used = new Set<number>(Object.values(mapped.sources).flat());
  const extras: Record<string, string[]> = {};
  for (let i = 0; i < headers.length; i++) {
    if (used.has(i) || mapped.ignored.has(i)) continue;
    let key = headers[i] === '' ? `Column ${i + 1}` : headers[i];
    for (let n = 2; Object.hasOwn(extras, key); n++) key = `${headers[i] || `Column ${i + 1}`} (${n})`;
    extras[key] = grid.columns[i];
  }
  return {
    file,
    rowCount: grid.rowCount,
    sourceRows: Int32Array.from(grid.sourceRows),
    columns,
    headers: fieldHeaders,
    extras,
    assignments: mapped.assignments,
    format: xlsx ? 'xlsx' : 'csv',
  };
}
