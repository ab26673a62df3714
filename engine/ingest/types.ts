import type { CanonicalField } from '../../shared/person';

/** How one source column was assigned to a canonical field, and how sure the guess is. */
export interface ColumnAssignment {
  /** The header exactly as it appears in the file. */
  header: string;
  /** 0-based position of the column in the file. */
  index: number;
  /** The canonical field it feeds, or null when the column is kept only as an extra. */
  field: CanonicalField | null;
  /** 1 for an exact synonym or a mapping-file entry, lower for a fuzzy header match. */
  confidence: number;
  method: 'mapping-file' | 'synonym' | 'fuzzy' | 'unmapped';
}

/**
 * The output of ingest: a file's rows as columns of raw cell text, mapped onto canonical fields.
 * Nothing is cleaned yet (that is normalise's job); empty cells are ''.
 */
export interface RawTable {
  /** The file name as the user gave it, used in every message. */
  file: string;
  rowCount: number;
  /** For each data row, its 1-based row number as a spreadsheet shows it (header = 1). */
  sourceRows: Int32Array;
  /** Raw text per canonical field; a multi-column field (address, aliases) is joined with a space. */
  columns: Partial<Record<CanonicalField, string[]>>;
  /** The header each canonical field came from (joined with ' + ' for multi-column fields). */
  headers: Partial<Record<CanonicalField, string>>;
  /** Columns not mapped to a canonical field, by header, kept so that outputs can carry them. */
  extras: Record<string, string[]>;
  assignments: ColumnAssignment[];
  /** Cells that came from a spreadsheet as real dates are given as ISO yyyy-mm-dd text. */
  format: 'csv' | 'xlsx';
}
