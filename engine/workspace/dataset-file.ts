import type { Issue } from '../../shared/issues';
import type { CanonicalField } from '../../shared/person';
import type { DatasetInfo, Side, StoredRecord } from '../../shared/workspace';
import type { RawTable } from '../ingest';
import { readTable } from '../ingest';
import { type NormalisedTable, normaliseTable } from '../normalise';

export interface PreparedDataset {
  raw: RawTable;
  table: NormalisedTable;
  sha256: string;
  warnings: Issue[];
}

export interface FileRequest {
  bytes: ArrayBuffer;
  fileName: string;
  mapping?: Record<string, CanonicalField | null>;
  sheet?: string;
  delimiter?: string;
  dateOrder?: 'dmy' | 'mdy' | 'auto';
}

/**
 * Reads, maps and normalises a file as the CLI does; every problem names the file, row and
 * column. Nothing is stored here: the caller stores the result in one transaction.
 */
export async function prepareDataset(
  request: FileRequest,
): Promise<{ ok: true; value: PreparedDataset } | { ok: false; issues: Issue[] }> {
  const bytes = new Uint8Array(request.bytes);
  const sha256 = await sha256Hex(bytes);
  const raw = await readTable(
    { name: request.fileName, bytes },
    {
      mapping: request.mapping ? { fileName: request.fileName, columns: request.mapping } : undefined,
      sheet: request.sheet,
      delimiter: request.delimiter,
    },
  );
  if (!raw.ok) return raw;
  const table = normaliseTable(raw.value, { dateOrder: request.dateOrder ?? 'auto' });
  if (!table.ok) return table;
  return {
    ok: true,
    value: {
      raw: raw.value,
      table: table.value,
      sha256,
      warnings: [...raw.warnings, ...table.warnings],
    },
  };
}

/** Each record's source values (field by field as mapped, and the unmapped extras). */
export function storedRecords(raw: RawTable, table: NormalisedTable, datasetId: string): StoredRecord[] {
  const fields = Object.entries(raw.columns) as [CanonicalField, string[]][];
  const extras = Object.entries(raw.extras);
  return table.ids.map((recordId, r) => {
    const record: StoredRecord = { datasetId, recordId, row: raw.sourceRows[r], fields: {}, extras: {} };
    for (const [field, values] of fields) if (values[r] !== '') record.fields[field] = values[r];
    for (const [header, values] of extras) if (values[r] !== '') record.extras[header] = values[r];
    return record;
  });
}

/** Records typed in (or edited) by hand, or an overlay row's fields, as a raw table. */
export function rawRows(
  fileName: string,
  rows: readonly { recordId: string; fields: Partial<Record<CanonicalField, string>> }[],
): RawTable {
  const columns: Partial<Record<CanonicalField, string[]>> = { id: rows.map((r) => r.recordId) };
  const headers: Partial<Record<CanonicalField, string>> = { id: 'id' };
  rows.forEach((row, r) => {
    for (const [field, value] of Object.entries(row.fields) as [CanonicalField, string][]) {
      if (field === 'id') continue;
      if (!columns[field]) {
        columns[field] = new Array(rows.length).fill('');
        headers[field] = field;
      }
      (columns[field] as string[])[r] = value ?? '';
    }
  });
  return {
    file: fileName,
    rowCount: rows.length,
    sourceRows: Int32Array.from(rows, (_, r) => r + 1),
    columns,
    headers,
    extras: {},
    assignments: [],
    format: 'csv',
  };
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function datasetInfo(
  id: string,
  side: Side,
  request: FileRequest & { name?: string },
  prepared: PreparedDataset,
  now: string,
  importedAt = now,
): DatasetInfo {
  const mapping: Record<string, CanonicalField> = {};
  for (const a of prepared.raw.assignments) if (a.field) mapping[a.header] = a.field;
  return {
    id,
    name: request.name?.trim() || request.fileName,
    side,
    fileName: request.fileName,
    sha256: prepared.sha256,
    bytes: request.bytes.byteLength,
    rowCount: prepared.table.n,
    mapping,
    format: prepared.raw.format,
    dateOrder: request.dateOrder ?? 'auto',
    importedAt,
    updatedAt: now,
  };
}
