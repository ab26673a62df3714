/**
 * The storage port over IndexedDB, with Dexie 4, for the browser. Every commit is one readwrite
 * transaction over all tables, so a failure part-way (a bad key, the quota, a closed tab) stores
 * nothing. Browser failures are mapped to the port's two storage errors; anything else is a bug
 * and propagates unchanged.
 *
 * Open it with `await DexieStore.open()`: the schema is created or upgraded before the store is
 * handed out, so an open failure (a newer version in another tab, storage disabled) shows at once.
 */
import Dexie, { type DexieOptions, type Table, type Transaction } from 'dexie';
import type { DatasetInfo, RunInfo, StoredRecord } from '../../shared/workspace';
import { type AuditEntry, type ChainAnchor, chainAnchor, GENESIS_HASH } from '../audit';
import { type PackedOutcomes, packOutcomes, type ReleaseOutcome } from '../continuity';
import type { NormalisedTable } from '../normalise';
import type { PairDecision } from '../review';
import type { KeyInfo } from './cipher';
import {
  AuditConflictError,
  type Commit,
  type PendingOperation,
  type Snapshot,
  StorageFullError,
  StorageUnavailableError,
  type Store,
  type StoredModel,
  type StoredResults,
  StoreLockedError,
  type WipeCounts,
  type WipeRequest,
} from './port';
import { type ResultsAtRest, resultsFromRest, resultsToRest } from './results-at-rest';
import { isSealed, open as openSealed, rowKeys, type SealedPart, seal, touchesPersonalData } from './sealing';

export interface SchemaVersion {
  version: number;
  /** Dexie store specs: primary key first, then indexes; null deletes a table. */
  stores: Record<string, string | null>;
  /** Rewrites existing rows to this version's shape; runs once, inside the upgrade transaction. */
  upgrade?: (tx: Transaction) => PromiseLike<unknown> | undefined;
}

/**
 * The schema, as data, oldest first. Version 1 is the first release. Never edit a shipped
 * version: users' databases were built from it. To change the schema, append e.g.
 *   { version: 2, stores: { runs: 'id, startedAt, kind' },
 *     upgrade: (tx) => tx.table('runs').toCollection().modify((r) => { r.kind ??= 'link'; }) }
 * listing only the tables that change (Dexie keeps the others), and add a test that opens a
 * version 1 database with data and checks it after the upgrade.
 */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      datasets: 'id, side',
      recordChunks: '[datasetId+chunk], datasetId',
      tables: 'datasetId',
      models: 'id',
      results: 'id',
      decisions: '[leftId+rightId]',
      runs: 'id, startedAt',
      settings: 'key',
    },
  },
  {
    // Release outcomes are stored as columns (PackedOutcomes): as 100,000 objects they cost
    // about a second on every change. No index changes.
    version: 2,
    stores: {},
    upgrade: (tx) =>
      tx
        .table('results')
        .toCollection()
        .modify((row: ResultsRow) => {
          // Rows of version 1 hold their keys as an array.
          const results = row.results as Omit<StoredResults, 'outcomes'> & {
            outcomes: PackedOutcomes | ReleaseOutcome[];
          };
          if (Array.isArray(results.outcomes))
            row.results = { ...results, outcomes: packOutcomes(results.outcomes, results.keys) };
        }),
  },
  {
    // The audit trail (engine/audit), one row per entry by its sequence number; its anchor (count
    // and head hash) is the settings row AUDIT_ANCHOR_KEY, moved in the same transaction as every
    // append. Encryption at rest needs no schema change: a sealed row keeps its primary key and
    // holds `sealed` in place of its value (sealing.ts).
    version: 3,
    stores: { audit: 'seq' },
  },
];

/** The settings rows the store itself keeps; user settings are stored under `user.<key>`. */
const PENDING_KEY = 'pending';
const ACTIVE_MODEL_KEY = 'activeModelId';
/** The audit trail's anchor ({ count, headHash }), moved with every append. */
const AUDIT_ANCHOR_KEY = 'auditAnchor';
/** The encryption key information (cipher.ts KeyInfo), in clear; absent when encryption is off. */
const KEY_INFO_KEY = 'keyInfo';
const EMPTY_ANCHOR: ChainAnchor = { count: 0, headHash: GENESIS_HASH };
const userSetting = (key: string): string => `user.${key}`;
const RESULTS_ID = 'current';

/** Rows of the sealed tables hold their value, or `sealed` instead of it (encryption on). */
type TableRow = { datasetId: string } & ({ table: NormalisedTable } | SealedPart);
interface ResultsRow {
  id: typeof RESULTS_ID;
  results: ResultsAtRest;
}
type ResultsRowAtRest = ResultsRow | ({ id: typeof RESULTS_ID } & SealedPart);
type DecisionRow = PairDecision | ({ leftId: string; rightId: string } & SealedPart);
/**
 * Records are stored in chunks (a record goes to the chunk its id hashes to), not one row each:
 * Chromium's IndexedDB spends most of an import on per-row overhead, and 64 rows of 1,500
 * records are written several times faster than 100,000 rows of one.
 */
type RecordChunk = { datasetId: string; chunk: number } & (
  | { records: Record<string, StoredRecord> }
  | SealedPart
);
const CHUNKS = 64;

/** FNV-1a: a cheap, stable spread of record ids over chunks. */
function chunkOf(recordId: string): number {
  if (typeof recordId !== 'string') throw new TypeError('A record id must be a string.');
  let h = 0x811c9dc5;
  for (let i = 0; i < recordId.length; i++) h = Math.imul(h ^ recordId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % CHUNKS;
}

/** Groups record keys by the chunk that holds them. */
function byChunk<T extends { datasetId: string; recordId: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = `${item.datasetId}\u0000${chunkOf(item.recordId)}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
const chunkKey = (group: string): [string, number] => {
  const at = group.lastIndexOf('\u0000');
  return [group.slice(0, at), Number(group.slice(at + 1))];
};

interface SettingRow {
  key: string;
  value: unknown;
}

/** Puts and deletes records chunk by chunk: each touched chunk is read, changed and written once. */
async function updateChunks(
  db: ThroughlineDb,
  puts: readonly StoredRecord[],
  deletes: readonly { datasetId: string; recordId: string }[],
): Promise<void> {
  const putGroups = byChunk(puts);
  const deleteGroups = byChunk(deletes);
  const groups = [...new Set([...putGroups.keys(), ...deleteGroups.keys()])];
  const existing = await db.recordChunks.bulkGet(groups.map(chunkKey));
  const changed: RecordChunk[] = [];
  const emptied: [string, number][] = [];
  groups.forEach((g, i) => {
    const [datasetId, chunk] = chunkKey(g);
    const row = existing[i];
    const records = { ...(row && !isSealed(row) ? row.records : {}) };
    for (const r of putGroups.get(g) ?? []) records[r.recordId] = r;
    for (const r of deleteGroups.get(g) ?? []) delete records[r.recordId];
    if (Object.keys(records).length > 0) changed.push({ datasetId, chunk, records });
    else if (existing[i]) emptied.push([datasetId, chunk]);
  });
  if (changed.length) await db.recordChunks.bulkPut(changed);
  if (emptied.length) await db.recordChunks.bulkDelete(emptied);
}

class ThroughlineDb extends Dexie {
  declare datasets: Table<DatasetInfo, string>;
  declare recordChunks: Table<RecordChunk, [string, number]>;
  declare models: Table<StoredModel, string>;
  declare results: Table<ResultsRowAtRest, string>;
  declare decisions: Table<DecisionRow, [string, string]>;
  declare runs: Table<RunInfo, string>;
  declare settings: Table<SettingRow, string>;
  declare audit: Table<AuditEntry, number>;

  /** The `tables` table: Dexie's own `db.tables` (every table) keeps that property name. */
  get normalised(): Table<TableRow, string> {
    return this.table('tables');
  }

  constructor(name: string, options: DexieOptions, versions: readonly SchemaVersion[]) {
    super(name, options);
    for (const v of versions) {
      const version = this.version(v.version).stores(v.stores);
      if (v.upgrade) version.upgrade(v.upgrade);
    }
    // Another tab wants to upgrade or delete the database: let go of it so that can proceed.
    // Closing without disabling auto-open lets the next call here reopen.
    this.on('versionchange', () => {
      this.close({ disableAutoOpen: false });
    });
    // Dexie 4 happily opens a database a newer release has upgraded; this code would then read
    // and write rows in a shape it does not know, so refuse (on every open, hence sticky).
    // Dexie stores version v as v * 10 and may patch the schema within that decade.
    const newest = Math.max(...versions.map((v) => v.version));
    this.on(
      'ready',
      (vip) => {
        if (Math.floor(vip.backendDB().version / 10) > newest)
          throw new Dexie.VersionError('the database was upgraded by a newer release');
      },
      true,
    );
  }
}

export interface DexieStoreOptions {
  /** An IndexedDB implementation other than the global one (fake-indexeddb in tests). */
  indexedDB?: DexieOptions['indexedDB'];
  IDBKeyRange?: DexieOptions['IDBKeyRange'];
  /** The schema versions to open with; SCHEMA_VERSIONS unless a test is exercising migration. */
  schema?: readonly SchemaVersion[];
}

/** Failures that mean the database cannot be used right now, with what to tell the user. */
const UNAVAILABLE: Record<string, string> = {
  DatabaseClosedError: 'the database was closed',
  InvalidStateError: 'the database connection was lost',
  VersionError: 'another tab is running a newer version of throughline; reload this page',
  OpenFailedError: 'the database could not be opened',
  UnknownError: 'the browser reported an internal storage error',
  AbortError: 'the browser aborted the change',
  MissingAPIError: 'IndexedDB is not available in this browser context',
};

interface ErrorLike {
  name?: unknown;
  inner?: unknown;
  cause?: unknown;
  failures?: unknown;
}

/** The error and what it wraps: Dexie's `inner`, a standard `cause`, a BulkError's failures. */
function* chain(err: unknown, depth = 0): Generator<ErrorLike> {
  if (!err || typeof err !== 'object' || depth > 8) return;
  const e = err as ErrorLike;
  yield e;
  yield* chain(e.inner, depth + 1);
  yield* chain(e.cause, depth + 1);
  if (Array.isArray(e.failures)) for (const f of e.failures) yield* chain(f, depth + 1);
}

const names = (err: unknown): string[] =>
  [...chain(err)].map((e) => e.name).filter((n): n is string => typeof n === 'string');

/** Maps a browser storage failure to the port's errors; returns anything else unchanged. */
export function mapStorageError(err: unknown): unknown {
  if (err instanceof StorageFullError || err instanceof StorageUnavailableError) return err;
  const found = names(err);
  if (found.includes('QuotaExceededError')) return withCause(new StorageFullError(), err);
  const [outer, ...inner] = found;
  if (outer === undefined || !(outer in UNAVAILABLE)) return err;
  // An abort caused by something specific (a bad key, a constraint) is that thing, not the database.
  if (outer === 'AbortError' && inner.some((n) => !(n in UNAVAILABLE))) return err;
  const reason = UNAVAILABLE[inner.find((n) => n in UNAVAILABLE && n !== 'AbortError') ?? outer];
  return withCause(new StorageUnavailableError(reason as string), err);
}

function withCause<E extends Error>(error: E, cause: unknown): E {
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false, configurable: true });
  return error;
}

/** Closed underneath us (close(), a version change, the browser dropping the connection). */
const wasClosed = (err: unknown): boolean => {
  const [outer] = names(err);
  return outer === 'DatabaseClosedError' || outer === 'InvalidStateError';
};

async function putSettingsIn(db: ThroughlineDb, settings: Record<string, unknown>): Promise<void> {
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) await db.settings.delete(userSetting(key));
    else await db.settings.put({ key: userSetting(key), value });
  }
}

/** Appends entries after the stored head and moves the anchor, inside the caller's transaction. */
async function appendAuditIn(db: ThroughlineDb, entries: readonly AuditEntry[] | undefined): Promise<void> {
  if (!entries?.length) return;
  const anchor =
    ((await db.settings.get(AUDIT_ANCHOR_KEY))?.value as ChainAnchor | undefined) ?? EMPTY_ANCHOR;
  const first = entries[0]!;
  if (first.seq !== anchor.count || first.prevHash !== anchor.headHash)
    throw new AuditConflictError(anchor.count, first.seq);
  await db.audit.bulkAdd(entries);
  await db.settings.put({ key: AUDIT_ANCHOR_KEY, value: chainAnchor(entries.at(-1)!) });
}

export class DexieStore implements Store {
  /** The unlocked data key (encryption on); null when off or locked. */
  private key: CryptoKey | null = null;
  /** Whether key information is stored (encryption on). */
  private encrypted = false;

  private constructor(private readonly database: ThroughlineDb) {}

  /** Opens (creating or upgrading) the database; rejects with StorageUnavailableError if it cannot. */
  static async open(name = 'throughline', options: DexieStoreOptions = {}): Promise<DexieStore> {
    const { schema = SCHEMA_VERSIONS, ...deps } = options;
    const db = new ThroughlineDb(name, deps, schema);
    try {
      await db.open();
    } catch (err) {
      throw mapStorageError(err);
    }
    const store = new DexieStore(db);
    store.encrypted = (await store.keyInfo()) !== null;
    return store;
  }

  /** The Dexie instance, for tests that need to close it underneath or add hooks. */
  get db(): Dexie {
    return this.database;
  }

  /** Runs an operation; if the database was closed, reopens it and tries once more. */
  private async run<T>(operation: (db: ThroughlineDb) => PromiseLike<T>): Promise<T> {
    const db = this.database;
    try {
      return await operation(db);
    } catch (err) {
      if (!wasClosed(err)) throw mapStorageError(err);
    }
    try {
      if (!db.isOpen()) await db.open();
      return await operation(db);
    } catch (err) {
      throw mapStorageError(err);
    }
  }

  async load(): Promise<Snapshot> {
    const raw = await this.run((db) =>
      db.transaction('r', db.tables, async () => {
        const [datasets, tables, active, results, decisions, pending] = await Promise.all([
          db.datasets.toArray(),
          db.normalised.toArray(),
          db.settings.get(ACTIVE_MODEL_KEY),
          db.results.get(RESULTS_ID),
          db.decisions.toArray(),
          db.settings.get(PENDING_KEY),
        ]);
        const activeId = active?.value;
        const model = typeof activeId === 'string' ? ((await db.models.get(activeId)) ?? null) : null;
        return { datasets, tables, model, results, decisions, pending };
      }),
    );
    // Sealed rows are opened after the transaction: awaiting WebCrypto inside it would end it.
    return {
      datasets: raw.datasets,
      tables: new Map(
        await Promise.all(raw.tables.map(async (t) => [t.datasetId, await this.tableOf(t)] as const)),
      ),
      model: raw.model,
      results: raw.results ? await this.resultsOf(raw.results) : null,
      decisions: await Promise.all(raw.decisions.map((d) => this.decisionOf(d))),
      pending: (raw.pending?.value as PendingOperation | undefined) ?? null,
    };
  }

  private tableOf(row: TableRow): Promise<NormalisedTable> | NormalisedTable {
    return isSealed(row) ? openSealed(this.key, 'tables', rowKeys.tables(row), row.sealed) : row.table;
  }

  private resultsOf(row: ResultsRowAtRest): Promise<StoredResults> | StoredResults {
    return isSealed(row)
      ? openSealed(this.key, 'results', rowKeys.results(row), row.sealed)
      : resultsFromRest(row.results);
  }

  private decisionOf(row: DecisionRow): Promise<PairDecision> | PairDecision {
    return isSealed(row) ? openSealed(this.key, 'decisions', rowKeys.decisions(row), row.sealed) : row;
  }

  private chunkOf(
    row: RecordChunk | undefined,
  ): Promise<Record<string, StoredRecord>> | Record<string, StoredRecord> {
    if (!row) return {};
    return isSealed(row)
      ? openSealed(this.key, 'recordChunks', rowKeys.recordChunks(row), row.sealed)
      : row.records;
  }

  commit(c: Commit): Promise<void> {
    if (this.isLocked() && touchesPersonalData(c)) return Promise.reject(new StoreLockedError());
    return this.run(async (db) => {
      // With a key, every value is sealed before the transaction starts (see `load`).
      const key = this.key;
      const sealed = key ? await this.sealCommit(db, c, key) : null;
      return db.transaction('rw', db.tables, async () => {
        if (c.deleteDatasets?.length) {
          await db.recordChunks.where('datasetId').anyOf(c.deleteDatasets).delete();
          await db.normalised.bulkDelete(c.deleteDatasets);
          await db.datasets.bulkDelete(c.deleteDatasets);
        }
        if (c.clearRecordsOf?.length)
          await db.recordChunks.where('datasetId').anyOf(c.clearRecordsOf).delete();
        if (c.putDatasets?.length) await db.datasets.bulkPut(c.putDatasets);
        if (c.putTables?.length) await db.normalised.bulkPut(sealed ? sealed.tables : c.putTables);
        if (sealed) {
          if (sealed.chunks.length) await db.recordChunks.bulkPut(sealed.chunks);
          if (sealed.emptied.length) await db.recordChunks.bulkDelete(sealed.emptied);
        } else if (c.putRecords?.length || c.deleteRecords?.length)
          await updateChunks(db, c.putRecords ?? [], c.deleteRecords ?? []);
        if (c.putModel) await db.models.put(c.putModel);
        if (c.activeModelId === null) await db.settings.delete(ACTIVE_MODEL_KEY);
        else if (c.activeModelId !== undefined)
          await db.settings.put({ key: ACTIVE_MODEL_KEY, value: c.activeModelId });
        if (c.results === null) await db.results.delete(RESULTS_ID);
        else if (c.results !== undefined)
          await db.results.put(sealed?.results ?? { id: RESULTS_ID, results: resultsToRest(c.results) });
        if (c.deleteDecisions?.length)
          await db.decisions.bulkDelete(
            c.deleteDecisions.map((d) => [d.leftId, d.rightId] as [string, string]),
          );
        if (c.putDecisions?.length) await db.decisions.bulkPut(sealed ? sealed.decisions : c.putDecisions);
        if (c.addRuns?.length) await db.runs.bulkPut(c.addRuns);
        if (c.clearPending) await db.settings.delete(PENDING_KEY);
        if (c.putSettings) await putSettingsIn(db, c.putSettings);
        await appendAuditIn(db, c.appendAudit);
      });
    });
  }

  /**
   * The commit's personal data, sealed: chunks are read and opened first (the engine is the one
   * writer, so nothing changes them between this read and the transaction), merged, and sealed.
   */
  private async sealCommit(db: ThroughlineDb, c: Commit, key: CryptoKey) {
    const cleared = new Set([...(c.deleteDatasets ?? []), ...(c.clearRecordsOf ?? [])]);
    const putGroups = byChunk(c.putRecords ?? []);
    const deleteGroups = byChunk(c.deleteRecords ?? []);
    const groups = [...new Set([...putGroups.keys(), ...deleteGroups.keys()])];
    const existing = groups.length ? await db.recordChunks.bulkGet(groups.map(chunkKey)) : [];
    const emptied: [string, number][] = [];
    const sealing = groups.map(async (g, i): Promise<RecordChunk | null> => {
      const [datasetId, chunk] = chunkKey(g);
      const before = cleared.has(datasetId) ? undefined : existing[i];
      const records = { ...(await this.chunkOf(before)) };
      for (const r of putGroups.get(g) ?? []) records[r.recordId] = r;
      for (const r of deleteGroups.get(g) ?? []) delete records[r.recordId];
      if (Object.keys(records).length === 0) {
        if (before) emptied.push([datasetId, chunk]);
        return null;
      }
      const sealed = await seal(key, 'recordChunks', rowKeys.recordChunks({ datasetId, chunk }), records);
      return { datasetId, chunk, sealed };
    });
    const chunks = (await Promise.all(sealing)).filter((c): c is RecordChunk => c !== null);
    const tables: TableRow[] = await Promise.all(
      (c.putTables ?? []).map(async (t) => ({
        datasetId: t.datasetId,
        sealed: await seal(key, 'tables', rowKeys.tables(t), t.table),
      })),
    );
    const results: ResultsRowAtRest | null = c.results
      ? { id: RESULTS_ID, sealed: await seal(key, 'results', RESULTS_ID, c.results) }
      : null;
    const decisions: DecisionRow[] = await Promise.all(
      (c.putDecisions ?? []).map(async (d) => ({
        leftId: d.leftId,
        rightId: d.rightId,
        sealed: await seal(key, 'decisions', rowKeys.decisions(d), d),
      })),
    );
    return { chunks, emptied, tables, results, decisions };
  }

  async records(keys: readonly { datasetId: string; recordId: string }[]): Promise<StoredRecord[]> {
    const groups = [...byChunk(keys).keys()];
    const chunks = await this.run((db) => db.recordChunks.bulkGet(groups.map(chunkKey)));
    const opened = await Promise.all(chunks.map((row) => this.chunkOf(row)));
    const loaded = new Map(groups.map((g, i) => [g, opened[i]]));
    return keys.flatMap((k) => {
      const record = loaded.get(`${k.datasetId}\u0000${chunkOf(k.recordId)}`)?.[k.recordId];
      return record ? [record] : [];
    });
  }

  runs(limit?: number): Promise<RunInfo[]> {
    return this.run((db) => {
      const newest = db.runs.orderBy('startedAt').reverse();
      return (limit === undefined ? newest : newest.limit(limit)).toArray();
    });
  }

  datasets(): Promise<DatasetInfo[]> {
    return this.run((db) => db.datasets.toArray());
  }

  getSetting<T>(key: string): Promise<T | undefined> {
    return this.run(async (db) => (await db.settings.get(userSetting(key)))?.value as T | undefined);
  }

  putSetting(key: string, value: unknown): Promise<void> {
    return this.run(async (db) => {
      await db.settings.put({ key: userSetting(key), value });
    });
  }

  begin(operation: PendingOperation): Promise<void> {
    return this.run(async (db) => {
      await db.settings.put({ key: PENDING_KEY, value: operation });
    });
  }

  clearPending(): Promise<void> {
    return this.run((db) => db.settings.delete(PENDING_KEY));
  }

  wipe(request: WipeRequest = {}): Promise<WipeCounts> {
    // The anchor goes with the trail it anchors; the key information stays, so encryption stays on.
    const keep = new Set([AUDIT_ANCHOR_KEY, KEY_INFO_KEY, ...(request.keepSettings ?? []).map(userSetting)]);
    return this.run((db) =>
      db.transaction('rw', db.tables, async () => {
        const counts: WipeCounts = {};
        for (const table of db.tables) {
          if (table.name === 'audit') continue;
          if (table.name === 'settings') {
            const doomed = (await db.settings.toCollection().primaryKeys()).filter((k) => !keep.has(k));
            await db.settings.bulkDelete(doomed);
            counts.settings = doomed.length;
          } else {
            counts[table.name] = await table.count();
            await table.clear();
          }
        }
        if (request.putSettings) await putSettingsIn(db, request.putSettings);
        await appendAuditIn(db, request.appendAudit);
        return counts;
      }),
    );
  }

  // ---- the audit trail ----

  auditEntries(range: { from?: number; to?: number } = {}): Promise<AuditEntry[]> {
    const { from = 0, to } = range;
    return this.run((db) =>
      (to === undefined
        ? db.audit.where('seq').aboveOrEqual(from)
        : db.audit.where('seq').between(from, to, true, false)
      ).toArray(),
    );
  }

  auditAnchor(): Promise<ChainAnchor> {
    return this.run(
      async (db) =>
        ((await db.settings.get(AUDIT_ANCHOR_KEY))?.value as ChainAnchor | undefined) ?? EMPTY_ANCHOR,
    );
  }

  restartAudit(first: AuditEntry): Promise<number> {
    return this.run((db) =>
      db.transaction('rw', db.audit, db.settings, async () => {
        const deleted = await db.audit.count();
        await db.audit.clear();
        await db.settings.put({ key: AUDIT_ANCHOR_KEY, value: EMPTY_ANCHOR });
        await appendAuditIn(db, [first]);
        return deleted;
      }),
    );
  }

  // ---- encryption at rest ----

  keyInfo(): Promise<KeyInfo | null> {
    return this.run(
      async (db) => ((await db.settings.get(KEY_INFO_KEY))?.value as KeyInfo | undefined) ?? null,
    );
  }

  setKey(key: CryptoKey | null): void {
    this.key = key;
  }

  isLocked(): boolean {
    return this.encrypted && this.key === null;
  }

  async encryptAll(key: CryptoKey, info: KeyInfo, appendAudit?: AuditEntry[]): Promise<void> {
    await this.run(async (db) => {
      const rows = await this.sealedTableRows(db);
      const sealed = {
        chunks: await Promise.all(
          rows.chunks.map(
            async (r): Promise<RecordChunk> =>
              isSealed(r)
                ? r
                : {
                    datasetId: r.datasetId,
                    chunk: r.chunk,
                    sealed: await seal(key, 'recordChunks', rowKeys.recordChunks(r), r.records),
                  },
          ),
        ),
        tables: await Promise.all(
          rows.tables.map(
            async (r): Promise<TableRow> =>
              isSealed(r)
                ? r
                : { datasetId: r.datasetId, sealed: await seal(key, 'tables', rowKeys.tables(r), r.table) },
          ),
        ),
        results: await Promise.all(
          rows.results.map(
            async (r): Promise<ResultsRowAtRest> =>
              isSealed(r)
                ? r
                : {
                    id: r.id,
                    sealed: await seal(key, 'results', rowKeys.results(r), resultsFromRest(r.results)),
                  },
          ),
        ),
        decisions: await Promise.all(
          rows.decisions.map(
            async (r): Promise<DecisionRow> =>
              isSealed(r)
                ? r
                : {
                    leftId: r.leftId,
                    rightId: r.rightId,
                    sealed: await seal(key, 'decisions', rowKeys.decisions(r), r),
                  },
          ),
        ),
      };
      await db.transaction('rw', db.tables, async () => {
        await this.putSealedTableRows(db, sealed);
        await db.settings.put({ key: KEY_INFO_KEY, value: info });
        await appendAuditIn(db, appendAudit);
      });
    });
    this.key = key;
    this.encrypted = true;
  }

  async decryptAll(appendAudit?: AuditEntry[]): Promise<void> {
    if (!this.key) throw new StoreLockedError();
    await this.run(async (db) => {
      const rows = await this.sealedTableRows(db);
      const plain = {
        chunks: await Promise.all(
          rows.chunks.map(
            async (r): Promise<RecordChunk> => ({
              datasetId: r.datasetId,
              chunk: r.chunk,
              records: await this.chunkOf(r),
            }),
          ),
        ),
        tables: await Promise.all(
          rows.tables.map(
            async (r): Promise<TableRow> => ({ datasetId: r.datasetId, table: await this.tableOf(r) }),
          ),
        ),
        results: await Promise.all(
          rows.results.map(
            async (r): Promise<ResultsRowAtRest> => ({
              id: r.id,
              results: resultsToRest(await this.resultsOf(r)),
            }),
          ),
        ),
        decisions: await Promise.all(rows.decisions.map((r) => this.decisionOf(r))),
      };
      await db.transaction('rw', db.tables, async () => {
        await this.putSealedTableRows(db, plain);
        await db.settings.delete(KEY_INFO_KEY);
        await appendAuditIn(db, appendAudit);
      });
    });
    this.key = null;
    this.encrypted = false;
  }

  putKeyInfo(info: KeyInfo, appendAudit?: AuditEntry[]): Promise<void> {
    return this.run((db) =>
      db.transaction('rw', db.settings, db.audit, async () => {
        await db.settings.put({ key: KEY_INFO_KEY, value: info });
        await appendAuditIn(db, appendAudit);
      }),
    );
  }

  /** Every row of the tables that are sealed when encryption is on, read in one transaction. */
  private sealedTableRows(db: ThroughlineDb) {
    return db.transaction('r', db.recordChunks, db.normalised, db.results, db.decisions, async () => {
      const [chunks, tables, results, decisions] = await Promise.all([
        db.recordChunks.toArray(),
        db.normalised.toArray(),
        db.results.toArray(),
        db.decisions.toArray(),
      ]);
      return { chunks, tables, results, decisions };
    });
  }

  private async putSealedTableRows(
    db: ThroughlineDb,
    rows: {
      chunks: RecordChunk[];
      tables: TableRow[];
      results: ResultsRowAtRest[];
      decisions: DecisionRow[];
    },
  ): Promise<void> {
    if (rows.chunks.length) await db.recordChunks.bulkPut(rows.chunks);
    if (rows.tables.length) await db.normalised.bulkPut(rows.tables);
    if (rows.results.length) await db.results.bulkPut(rows.results);
    if (rows.decisions.length) await db.decisions.bulkPut(rows.decisions);
  }

  close(): void {
    this.database.close();
  }
}
