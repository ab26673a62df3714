/**
 * Rows sealed at rest. With encryption on, the Dexie store keeps the bulky personal data (record
 * chunks, normalised tables, results, clerical decisions) as one AES-GCM ciphertext per row: the
 * row's value packed to bytes (pack.ts), sealed with the data key (cipher.ts), bound to its table
 * and row key by additional authenticated data, so a ciphertext copied to another row does not
 * open. Primary keys stay in clear (IndexedDB needs them): a dataset id and chunk number, a
 * dataset id, "current", and for decisions the two record keys (dataset/record id).
 */
import { decrypt, encrypt, rowAad, type Sealed } from './cipher';
import { pack, unpack } from './pack';
import { type Commit, StoreLockedError, UndecryptableError } from './port';

/** The tables whose rows are sealed when encryption is on. */
export const SEALED_TABLES = ['recordChunks', 'tables', 'results', 'decisions'] as const;
export type SealedTable = (typeof SEALED_TABLES)[number];

/** A row as stored while encryption is on: its key fields and `sealed` instead of its value. */
export interface SealedPart {
  sealed: Sealed;
}

export const isSealed = (row: object): row is SealedPart => 'sealed' in row;

export async function seal(
  key: CryptoKey,
  table: SealedTable,
  rowKey: string,
  value: unknown,
): Promise<Sealed> {
  // Records (source values as text) and decisions are plain JSON; tables and results hold typed arrays.
  const plain = table === 'recordChunks' || table === 'decisions';
  return encrypt(key, pack(value, { plain }), rowAad(table, rowKey));
}

/** Opens a sealed value; without a key the store is locked, with the wrong one it is undecryptable. */
export async function open<T>(
  key: CryptoKey | null,
  table: SealedTable,
  rowKey: string,
  sealed: Sealed,
): Promise<T> {
  if (!key) throw new StoreLockedError();
  const opened = await decrypt(key, sealed, rowAad(table, rowKey));
  if (!opened.ok) throw new UndecryptableError(`${table} ${rowKey}`);
  return unpack<T>(opened.value);
}

/** Row keys as bound into the AAD, one function per table so that writing and reading agree. */
export const rowKeys = {
  recordChunks: (row: { datasetId: string; chunk: number }) => `${row.datasetId}/${row.chunk}`,
  tables: (row: { datasetId: string }) => row.datasetId,
  results: (row: { id: string }) => row.id,
  decisions: (row: { leftId: string; rightId: string }) => JSON.stringify([row.leftId, row.rightId]),
} as const;

/** A commit that reads or writes personal data (refused while locked); deletions by key are not. */
export function touchesPersonalData(c: Commit): boolean {
  return Boolean(
    c.putRecords?.length ||
      c.deleteRecords?.length ||
      c.putTables?.length ||
      c.putDecisions?.length ||
      c.results,
  );
}
