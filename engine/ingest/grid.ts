/**
 * Collects rows into per-column arrays of trimmed cell text, without ever holding an array of rows.
 * The first non-blank row is the header. Blank rows (every cell empty after trimming) are skipped.
 */
export interface RaggedRow {
  row: number;
  /** How many cells the row has, counting up to its last non-empty one. */
  cells: number;
}

export class GridBuilder {
  headers: string[] | null = null;
  headerRow = 0;
  columns: string[][] = [];
  sourceRows: number[] = [];
  ragged: RaggedRow[] = [];
  /** How many records have been seen, header included, blank ones excluded. */
  private records = 0;

  /**
   * Adds one record. `sheetRow` is the row's own number where the source has one (a worksheet);
   * otherwise (delimited text) rows are numbered by record: header 1, k-th data record k + 1.
   */
  add(cells: readonly unknown[], sheetRow?: number): void {
    if (this.headers === null) {
      const header = cells.map(cellText);
      let width = header.length;
      while (width > 0 && header[width - 1] === '') width--;
      if (width === 0) return;
      this.headers = header.slice(0, width);
      this.columns = this.headers.map(() => []);
      this.records = 1;
      this.headerRow = sheetRow ?? 1;
      return;
    }
    const columns = this.columns;
    const width = columns.length;
    const n = cells.length;
    let lastNonEmpty = -1;
    for (let i = 0; i < width; i++) {
      const text = i < n ? cellText(cells[i]) : '';
      columns[i].push(text);
      if (text !== '') lastNonEmpty = i;
    }
    for (let i = width; i < n; i++) {
      if (cellText(cells[i]) !== '') lastNonEmpty = i;
    }
    if (lastNonEmpty < 0) {
      for (let i = 0; i < width; i++) columns[i].pop();
      return;
    }
    this.records++;
    const row = sheetRow ?? this.records;
    this.sourceRows.push(row);
    if (lastNonEmpty >= width) this.ragged.push({ row, cells: lastNonEmpty + 1 });
  }

  get rowCount(): number {
    return this.sourceRows.length;
  }
}

/** A cell as trimmed text. Strings are trimmed; other values (from a worksheet) are formatted. */
export function cellText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value).trim();
}

/**
 * A number as a spreadsheet shows it: no exponent, no trailing ".0", at most 15 significant
 * digits (so 0.1 + 0.2 is "0.3"). An NHS number 9434765919 stays "9434765919".
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
  const rounded = Number(n.toPrecision(15));
  const text = String(rounded);
  if (!/e/i.test(text)) return text;
  // Very small magnitudes: write out the zeros.
  return rounded.toFixed(20).replace(/\.?0+$/, '');
}

/** A worksheet date (read as UTC midnight) as yyyy-mm-dd. */
export function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${m}-${day}`;
}
