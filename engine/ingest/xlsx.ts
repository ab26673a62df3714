import {
  InvalidInputError,
  InvalidSpreadsheetError,
  readSheet,
  SheetNotFoundError,
} from 'read-excel-file/universal';
import type { GridBuilder } from './grid';

export type XlsxOutcome =
  | { ok: true }
  | { ok: false; code: 'sheet_not_found' | 'unreadable_file'; detail: string };

/**
 * Reads one worksheet into a grid builder: the first sheet, or `sheet` by name or 1-based number.
 * Each row keeps its worksheet row number. Dates come out as yyyy-mm-dd and numbers as plain text
 * (see `cellText`).
 */
export async function readWorksheet(
  bytes: ArrayBuffer,
  sheet: string | number | undefined,
  grid: GridBuilder,
): Promise<XlsxOutcome> {
  let data: unknown[][];
  try {
    data = sheet === undefined ? await readSheet(bytes) : await readSheet(bytes, sheet);
  } catch (error) {
    if (error instanceof SheetNotFoundError) {
      const available = /Available sheets: (.*)$/.exec(error.message)?.[1];
      const count = /Sheet count: (\d+)/.exec(error.message)?.[1];
      const where = available ? ` (it has: ${available})` : count ? ` (it has ${count})` : '';
      return { ok: false, code: 'sheet_not_found', detail: `${JSON.stringify(sheet)}${where}` };
    }
    if (error instanceof InvalidInputError || error instanceof InvalidSpreadsheetError) {
      return {
        ok: false,
        code: 'unreadable_file',
        detail: `it is not a valid .xlsx workbook (${error.message})`,
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'unreadable_file', detail: message };
  }
  for (let r = 0; r < data.length; r++) grid.add(data[r] ?? [], r + 1);
  return { ok: true };
}
