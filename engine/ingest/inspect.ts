import readXlsxFile, { InvalidInputError, InvalidSpreadsheetError } from 'read-excel-file/universal';
import type { Issue } from '../../shared/issues';
import type { CanonicalField } from '../../shared/person';
import { detectDelimiter, parseDelimited } from './csv';
import { decodeText, looksLikeXlsx } from './decode';
import { GridBuilder } from './grid';
import { mapHeaders } from './headers';
import type { ColumnAssignment } from './types';

/** How a file is laid out, read before any row is validated: what an import wizard shows first. */
export interface FileLayout {
  format: 'csv' | 'xlsx';
  /** A workbook's worksheets in order, each with its count of non-blank rows (header included). */
  sheets: { name: string; rows: number }[] | null;
  /** The worksheet read: the one asked for, else the first. */
  sheet: string | null;
  /** For text: the delimiter the header line suggests, and the one used (given or detected). */
  delimiter: { detected: string; used: string } | null;
  /** The header row as the file has it; empty when the file or sheet has none. */
  headers: string[];
  /** The automatic assignment of each column, with `mapping` entries applied over it. */
  assignments: ColumnAssignment[];
  /** Raw cell text by column (header order), and each data row's 1-based row number. */
  columns: string[][];
  sourceRows: number[];
}

export type LayoutResult = { ok: true; value: FileLayout } | { ok: false; issues: Issue[] };

/**
 * Reads a file's structure without validating its rows: its worksheets (all of them, with their
 * sizes, so that a sheet picker can say which are empty), header, the automatic column assignment
 * and the raw cells. It fails only when not even a header can be found (an empty or unreadable
 * file, an unknown sheet); a missing id column or a duplicate id is `readTable`'s to report.
 */
export async function readLayout(
  input: { name: string; bytes: Uint8Array | ArrayBuffer },
  options: { sheet?: string; delimiter?: string; mapping?: Record<string, CanonicalField | null> } = {},
): Promise<LayoutResult> {
  const file = input.name;
  const bytes = input.bytes instanceof Uint8Array ? input.bytes : new Uint8Array(input.bytes);
  const fail = (issue: Omit<Issue, 'severity' | 'file'>): LayoutResult => ({
    ok: false,
    issues: [{ severity: 'error', file, ...issue }],
  });
  if (bytes.length === 0) return fail({ code: 'empty_file' });
  const grid = new GridBuilder();
  let sheets: FileLayout['sheets'] = null;
  let sheet: string | null = null;
  let delimiter: FileLayout['delimiter'] = null;
  const xlsx = looksLikeXlsx(bytes, file);
  if (xlsx) {
    let book: { sheet: string; data: unknown[][] }[];
    try {
      book = (await readXlsxFile(bytes.slice().buffer)) as { sheet: string; data: unknown[][] }[];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const invalid = error instanceof InvalidInputError || error instanceof InvalidSpreadsheetError;
      return fail({
        code: 'unreadable_file',
        detail: invalid ? `it is not a valid .xlsx workbook (${message})` : message,
      });
    }
    sheets = book.map((s) => ({ name: s.sheet, rows: s.data.filter(hasContent).length }));
    const chosen = options.sheet === undefined ? book[0] : book.find((s) => s.sheet === options.sheet);
    if (!chosen)
      return fail({
        code: 'sheet_not_found',
        detail: `${JSON.stringify(options.sheet)} (it has: ${book.map((s) => s.sheet).join(', ')})`,
      });
    sheet = chosen.sheet;
    chosen.data.forEach((row, r) => {
      grid.add(row ?? [], r + 1);
    });
  } else {
    const text = decodeText(bytes);
    if (text.trim() === '') return fail({ code: 'empty_file' });
    const detected = detectDelimiter(text);
    const used = options.delimiter || detected;
    delimiter = { detected, used };
    parseDelimited(text, used, grid); // ragged rows and quoting problems are readTable's to report
  }
  const headers = grid.headers ?? [];
  return {
    ok: true,
    value: {
      format: xlsx ? 'xlsx' : 'csv',
      sheets,
      sheet,
      delimiter,
      headers,
      assignments: headers.length ? mapHeaders(headers, options.mapping).assignments : [],
      columns: grid.columns,
      sourceRows: grid.sourceRows,
    },
  };
}

const hasContent = (row: unknown[] | undefined): boolean =>
  (row ?? []).some((cell) => cell !== null && cell !== undefined && String(cell).trim() !== '');
