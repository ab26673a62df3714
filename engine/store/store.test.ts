import Dexie from 'dexie';
import { forceCloseDatabase, IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { DatasetInfo, RunInfo, Side, StoredRecord } from '../../shared/workspace';
import { type AuditEntry, appendEntry, chainAnchor, GENESIS_HASH, verifyChain } from '../audit';
import { SAMPLE_DRAFTS } from '../audit/sample-drafts';
import { packOutcomes, type ReleaseOutcome } from '../continuity';
import type { Model } from '../model';
import type { NormalisedTable } from '../normalise';
import type { PairDecision } from '../review';
import { normalisedTable } from '../testing/normalised-table';
import { releaseOutcomes } from '../workspace/results';
import {
  AuditConflictError,
  createKey,
  DexieStore,
  MemoryStore,
  mapStorageError,
  SCHEMA_VERSIONS,
  SEALED_TABLES,
  StorageFullError,
  StorageUnavailableError,
  type Store,
  type StoredModel,
  type StoredResults,
  StoreLockedError,
  UndecryptableError,
} from './index';

// ---- fixtures -------------------------------------------------------------------------------

const dataset = (id: string, side: Side = 'releases'): DatasetInfo => ({
  id,
  name: `${id}.csv`,
  side,
  fileName: `${id}.csv`,
  sha256: 'ab'.repeat(32),
  bytes: 1234,
  rowCount: 2,
  mapping: { 'First name': 'forenames', Surname: 'surname' },
  format: 'csv',
  dateOrder: 'dmy',
  importedAt: '2024-05-01T10:00:00.000Z',
  updatedAt: '2024-05-01T10:00:00.000Z',
});

const record = (datasetId: string, recordId: string, forename = 'ANNA'): StoredRecord => ({
  datasetId,
  recordId,
  row: 2,
  fields: { forenames: forename, surname: 'SMITH', dob: '12/03/1985' },
  extras: { Notes: 'x' },
});

function table(file: string, ids: string[]): NormalisedTable {
  const t = normalisedTable(
    file,
    ids.map((id, i) => ({ id, forename: 'ANNA', surname: 'SMITH', dob: 19850312 + i, postcode: 'LS6 2AB' })),
  );
  t.events = { releaseDate: Int32Array.from(ids, (_, i) => 20240101 + i) };
  t.attributes = { establishment: ids.map(() => 'HMP LEEDS') };
  return t;
}

const model = (id: string): StoredModel => {
  const m: Model = {
    format: 'throughline-model',
    version: 1,
    linkType: 'link',
    probabilityTwoRandomRecordsMatch: 0.0001,
    comparisons: [],
    blockingRules: [],
    training: {
      method: 'unsupervised',
      seed: 1,
      uSamplePairs: 1000,
      candidatePairs: 10,
      emIterations: 5,
      emConverged: true,
      candidateMatchShare: 0.5,
    },
  };
  return {
    id,
    createdAt: '2024-05-01T10:00:00.000Z',
    model: m,
    trainedOn: [{ datasetId: 'ds1', sha256: 'ab' }],
  };
};

const results = (version: number): StoredResults => ({
  version,
  runId: 'run1',
  modelId: 'm1',
  keys: ['ds1/r1', 'ds1/r2', 'ds2/t1'],
  nLeft: 2,
  pairs: {
    left: Int32Array.from([0, 1]),
    right: Int32Array.from([2, 2]),
    weights: Float64Array.from([12.5, -3.25]),
    vectors: Uint8Array.from([3, 1, 0, 2]),
    k: 2,
  },
  clusters: Int32Array.from([0, 1, 0]),
  outcomes: packOutcomes([], []),
  asOf: 20240601,
});

const decision = (leftId: string, rightId: string): PairDecision => ({
  leftId,
  rightId,
  decision: 'same',
  by: 'tester',
  reason: '',
  decidedAt: '2024-05-02',
});

const run = (id: string, startedAt: string): RunInfo => ({
  id,
  kind: 'link',
  startedAt,
  finishedAt: startedAt,
  inputs: [],
  modelId: null,
  rule: null,
  thresholds: null,
  timings: [{ stage: 'predict', ms: 10 }],
  counts: { pairs: 2 },
});

/** Two datasets with records and tables, a model, results, a decision and a run. */
async function seed(store: Store): Promise<void> {
  await store.commit({
    putDatasets: [dataset('ds1'), dataset('ds2', 'treatment')],
    putTables: [
      { datasetId: 'ds1', table: table('ds1.csv', ['r1', 'r2']) },
      { datasetId: 'ds2', table: table('ds2.csv', ['t1']) },
    ],
    putRecords: [record('ds1', 'r1'), record('ds1', 'r2'), record('ds2', 't1')],
    putModel: model('m1'),
    activeModelId: 'm1',
    results: results(1),
    putDecisions: [decision('ds1/r1', 'ds2/t1')],
    addRuns: [run('run1', '2024-05-01T10:00:00.000Z')],
  });
}

const allKeys = [
  { datasetId: 'ds1', recordId: 'r1' },
  { datasetId: 'ds1', recordId: 'r2' },
  { datasetId: 'ds2', recordId: 't1' },
  { datasetId: 'ds2', recordId: 'new' },
];

/** Everything a store holds that the tests write, for before/after comparisons. */
async function everything(store: Store) {
  return { snapshot: await store.load(), records: await store.records(allKeys), runs: await store.runs() };
}

// ---- the contract, run against both stores --------------------------------------------------

function storeContract(name: string, make: () => Promise<Store>): void {
  describe(`${name}: the Store contract`, () => {
    it('loads an empty store', async () => {
      const store = await make();
      const s = await store.load();
      expect(s.datasets).toEqual([]);
      expect(s.tables.size).toBe(0);
      expect(s.model).toBeNull();
      expect(s.results).toBeNull();
      expect(s.decisions).toEqual([]);
      expect(s.pending).toBeNull();
      expect(await store.runs()).toEqual([]);
      expect(await store.records(allKeys)).toEqual([]);
    });

    it('stores a commit and gives every part of it back', async () => {
      const store = await make();
      await seed(store);
      const s = await store.load();
      expect(s.datasets).toEqual([dataset('ds1'), dataset('ds2', 'treatment')]);
      expect([...s.tables.keys()]).toEqual(['ds1', 'ds2']);
      expect(s.tables.get('ds1')).toEqual(table('ds1.csv', ['r1', 'r2']));
      expect(s.model).toEqual(model('m1'));
      expect(s.results).toEqual(results(1));
      expect(s.decisions).toEqual([decision('ds1/r1', 'ds2/t1')]);
      expect(await store.runs()).toEqual([run('run1', '2024-05-01T10:00:00.000Z')]);
    });

    it('brings typed arrays back as the same typed array class with equal contents', async () => {
      const store = await make();
      await seed(store);
      const { tables, results: r } = await store.load();
      const t = tables.get('ds1')!;
      expect(t.sourceRows).toBeInstanceOf(Int32Array);
      expect(t.dob).toBeInstanceOf(Int32Array);
      expect([...t.dob]).toEqual([19850312, 19850313]);
      expect(t.events.releaseDate).toBeInstanceOf(Int32Array);
      expect([...t.events.releaseDate!]).toEqual([20240101, 20240102]);
      expect(r!.pairs.left).toBeInstanceOf(Int32Array);
      expect(r!.pairs.right).toBeInstanceOf(Int32Array);
      expect(r!.pairs.weights).toBeInstanceOf(Float64Array);
      expect([...r!.pairs.weights]).toEqual([12.5, -3.25]);
      expect(r!.pairs.vectors).toBeInstanceOf(Uint8Array);
      expect([...r!.pairs.vectors]).toEqual([3, 1, 0, 2]);
      expect(r!.clusters).toBeInstanceOf(Int32Array);
      expect([...r!.clusters]).toEqual([0, 1, 0]);
    });

    it('returns records in the order asked, leaving out missing ones', async () => {
      const store = await make();
      await seed(store);
      const got = await store.records([
        { datasetId: 'ds2', recordId: 't1' },
        { datasetId: 'ds9', recordId: 'r1' },
        { datasetId: 'ds1', recordId: 'r2' },
        { datasetId: 'ds1', recordId: 'missing' },
        { datasetId: 'ds1', recordId: 'r1' },
      ]);
      expect(got.map((r) => `${r.datasetId}/${r.recordId}`)).toEqual(['ds2/t1', 'ds1/r2', 'ds1/r1']);
      expect(got[0]).toEqual(record('ds2', 't1'));
    });

    it('copies values in and out, so callers cannot change what is stored', async () => {
      const store = await make();
      const ds = dataset('ds1');
      const rec = record('ds1', 'r1');
      const res = results(1);
      await store.commit({ putDatasets: [ds], putRecords: [rec], results: res });
      ds.name = 'changed after commit';
      rec.fields.forenames = 'CHANGED';
      res.clusters[0] = 99;

      const first = await store.load();
      first.datasets[0]!.name = 'changed after load';
      first.results!.clusters[1] = 99;
      (await store.records([{ datasetId: 'ds1', recordId: 'r1' }]))[0]!.fields.forenames = 'CHANGED';

      const again = await store.load();
      expect(again.datasets).toEqual([dataset('ds1')]);
      expect([...again.results!.clusters]).toEqual([0, 1, 0]);
      expect(await store.records([{ datasetId: 'ds1', recordId: 'r1' }])).toEqual([record('ds1', 'r1')]);
    });

    it("replaces a dataset's records with clearRecordsOf and putRecords", async () => {
      const store = await make();
      await seed(store);
      await store.commit({
        clearRecordsOf: ['ds1'],
        putRecords: [record('ds1', 'r2', 'BETH'), record('ds1', 'r3')],
        putTables: [{ datasetId: 'ds1', table: table('ds1.csv', ['r2', 'r3']) }],
      });
      const got = await store.records([
        { datasetId: 'ds1', recordId: 'r1' },
        { datasetId: 'ds1', recordId: 'r2' },
        { datasetId: 'ds1', recordId: 'r3' },
        { datasetId: 'ds2', recordId: 't1' },
      ]);
      expect(got).toEqual([record('ds1', 'r2', 'BETH'), record('ds1', 'r3'), record('ds2', 't1')]);
      expect((await store.load()).tables.get('ds1')!.ids).toEqual(['r2', 'r3']);
    });

    it('deletes a dataset with its records and table, and single records by key', async () => {
      const store = await make();
      await seed(store);
      await store.commit({
        deleteDatasets: ['ds1'],
        deleteRecords: [{ datasetId: 'ds2', recordId: 'nope' }],
      });
      const s = await store.load();
      expect(s.datasets.map((d) => d.id)).toEqual(['ds2']);
      expect([...s.tables.keys()]).toEqual(['ds2']);
      expect(await store.records(allKeys)).toEqual([record('ds2', 't1')]);

      await store.commit({ deleteRecords: [{ datasetId: 'ds2', recordId: 't1' }] });
      expect(await store.records(allKeys)).toEqual([]);
    });

    it('re-adds a dataset deleted earlier in the same commit', async () => {
      const store = await make();
      await seed(store);
      await store.commit({
        deleteDatasets: ['ds1'],
        putDatasets: [{ ...dataset('ds1'), name: 'again' }],
        putRecords: [record('ds1', 'r9')],
      });
      expect((await store.load()).datasets.find((d) => d.id === 'ds1')?.name).toBe('again');
      expect((await store.records(allKeys.concat({ datasetId: 'ds1', recordId: 'r9' }))).length).toBe(2);
    });

    it('clears the active model and deletes results when given null', async () => {
      const store = await make();
      await seed(store);
      await store.commit({ putModel: model('m2'), activeModelId: 'm2', results: results(2) });
      let s = await store.load();
      expect(s.model?.id).toBe('m2');
      expect(s.results?.version).toBe(2);
      await store.commit({ activeModelId: null, results: null });
      s = await store.load();
      expect(s.model).toBeNull();
      expect(s.results).toBeNull();
      // A commit that does not mention them leaves them alone.
      await store.commit({ activeModelId: 'm1', results: results(3) });
      await store.commit({ putDatasets: [dataset('ds3')] });
      s = await store.load();
      expect(s.model?.id).toBe('m1');
      expect(s.results?.version).toBe(3);
    });

    it('replaces a decision on the same pair', async () => {
      const store = await make();
      await seed(store);
      await store.commit({
        putDecisions: [
          { ...decision('ds1/r1', 'ds2/t1'), decision: 'not_same' },
          decision('ds1/r2', 'ds2/t1'),
        ],
      });
      const { decisions } = await store.load();
      expect(decisions.map((d) => [d.leftId, d.rightId, d.decision])).toEqual([
        ['ds1/r1', 'ds2/t1', 'not_same'],
        ['ds1/r2', 'ds2/t1', 'same'],
      ]);
    });

    it('lists runs newest first, up to a limit', async () => {
      const store = await make();
      await store.commit({
        addRuns: [
          run('a', '2024-05-02T00:00:00.000Z'),
          run('b', '2024-05-03T00:00:00.000Z'),
          run('c', '2024-05-01T00:00:00.000Z'),
        ],
      });
      await store.commit({ addRuns: [run('d', '2024-05-04T00:00:00.000Z')] });
      expect((await store.runs()).map((r) => r.id)).toEqual(['d', 'b', 'a', 'c']);
      expect((await store.runs(2)).map((r) => r.id)).toEqual(['d', 'b']);
    });

    it('stores nothing from a commit that fails part-way (a record without an id)', async () => {
      const store = await make();
      await seed(store);
      const before = await everything(store);
      const bad = { ...record('ds1', 'x'), recordId: undefined } as unknown as StoredRecord;
      await expect(
        store.commit({
          deleteDatasets: ['ds2'],
          clearRecordsOf: ['ds1'],
          putDatasets: [dataset('ds3')],
          putTables: [{ datasetId: 'ds1', table: table('ds1.csv', ['new']) }],
          putRecords: [record('ds1', 'new'), bad],
          activeModelId: null,
          results: results(9),
          addRuns: [run('run2', '2024-06-01T00:00:00.000Z')],
        }),
      ).rejects.toThrow();
      expect(await everything(store)).toEqual(before);
    });

    it('marks a pending operation until a commit clears it', async () => {
      const store = await make();
      const op = { kind: 'import', label: 'releases.csv', startedAt: '2024-05-01T10:00:00.000Z' } as const;
      await store.begin(op);
      expect((await store.load()).pending).toEqual(op);
      await store.commit({ putDatasets: [dataset('ds1')] });
      expect((await store.load()).pending).toEqual(op);
      await store.commit({ putRecords: [record('ds1', 'r1')], clearPending: true });
      expect((await store.load()).pending).toBeNull();

      await store.begin({ ...op, kind: 'link', label: 'ds1' });
      await store.clearPending();
      expect((await store.load()).pending).toBeNull();
    });

    it('round-trips settings, apart from the keys the store keeps itself', async () => {
      const store = await make();
      expect(await store.getSetting('missing')).toBeUndefined();
      const value = { windowDays: 21, thresholds: [0.5, 0.9] };
      await store.putSetting('report', value);
      value.windowDays = 1;
      expect(await store.getSetting('report')).toEqual({ windowDays: 21, thresholds: [0.5, 0.9] });
      await store.putSetting('report', 'replaced');
      expect(await store.getSetting<string>('report')).toBe('replaced');

      // A user setting named like an internal marker must not become one.
      await store.putSetting('pending', { kind: 'import', label: 'x', startedAt: '' });
      await store.putSetting('activeModelId', 'm1');
      await store.commit({ putModel: model('m1') });
      const s = await store.load();
      expect(s.pending).toBeNull();
      expect(s.model).toBeNull();
      expect(await store.getSetting('activeModelId')).toBe('m1');
    });

    it('wipes everything', async () => {
      const store = await make();
      await seed(store);
      await store.putSetting('report', 1);
      await store.begin({ kind: 'link', label: 'x', startedAt: '' });
      await store.wipe();
      expect(await everything(store)).toEqual({
        snapshot: {
          datasets: [],
          tables: new Map(),
          model: null,
          results: null,
          decisions: [],
          pending: null,
        },
        records: [],
        runs: [],
      });
      expect(await store.getSetting('report')).toBeUndefined();
      // Still usable afterwards.
      await seed(store);
      expect((await store.load()).datasets).toHaveLength(2);
    });
  });
}

let dbCount = 0;
/** A fresh IndexedDB for each test, with its own factory so nothing leaks between tests. */
const freshIdb = () => ({ name: `throughline-test-${++dbCount}`, indexedDB: new IDBFactory(), IDBKeyRange });

storeContract('MemoryStore', async () => new MemoryStore());
storeContract('DexieStore', async () => {
  const { name, ...deps } = freshIdb();
  return DexieStore.open(name, deps);
});

// ---- IndexedDB specifics --------------------------------------------------------------------

describe('DexieStore', () => {
  async function open() {
    const { name, ...deps } = freshIdb();
    const store = await DexieStore.open(name, deps);
    return { store, name, deps };
  }

  it('aborts the whole commit when a write fails inside the transaction', async () => {
    const { store } = await open();
    await seed(store);
    const before = await everything(store);
    const failure = new Error('hook failed');
    const hook = () => {
      throw failure;
    };
    store.db.table('recordChunks').hook('creating', hook);
    try {
      await expect(
        store.commit({
          deleteDatasets: ['ds2'],
          clearRecordsOf: ['ds1'],
          putDatasets: [dataset('ds3')],
          putRecords: [record('ds1', 'new')],
          results: null,
        }),
      ).rejects.toBe(failure);
    } finally {
      store.db.table('recordChunks').hook('creating').unsubscribe(hook);
    }
    expect(await everything(store)).toEqual(before);
  });

  it('reports a full quota as StorageFullError and stores nothing', async () => {
    const { store } = await open();
    await seed(store);
    const before = await everything(store);
    const hook = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    store.db.table('recordChunks').hook('creating', hook);
    try {
      const failed = store.commit({
        clearRecordsOf: ['ds1'],
        putRecords: [record('ds1', 'new')],
        results: null,
      });
      await expect(failed).rejects.toBeInstanceOf(StorageFullError);
      await expect(failed).rejects.toThrow(/no storage space left/);
    } finally {
      store.db.table('recordChunks').hook('creating').unsubscribe(hook);
    }
    expect(await everything(store)).toEqual(before);
  });

  it('reopens after the database was closed underneath it', async () => {
    const { store } = await open();
    await seed(store);
    store.db.close();
    expect(store.db.isOpen()).toBe(false);
    expect((await store.load()).datasets).toHaveLength(2);
    store.db.close();
    await store.commit({ putDatasets: [dataset('ds3')] });
    store.db.close();
    expect(await store.records([{ datasetId: 'ds1', recordId: 'r1' }])).toEqual([record('ds1', 'r1')]);
    expect((await store.load()).datasets).toHaveLength(3);
  });

  it('reopens after the browser dropped the connection', async () => {
    const { store } = await open();
    await seed(store);
    // What a browser does when it clears site data or the disk goes away: a forced close event.
    forceCloseDatabase(store.db.backendDB() as unknown as typeof IDBDatabase);
    expect((await store.load()).datasets).toHaveLength(2);
  });

  it('lets another tab upgrade the database, then refuses to use the newer schema', async () => {
    const { store, name, deps } = await open();
    await seed(store);
    // A newer release in another tab: our connection must let go or its upgrade would block.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const newer = new Dexie(name, deps);
    newer.version(1).stores(SCHEMA_VERSIONS[0]!.stores);
    newer.version(50).stores({ extra: 'id' });
    await newer.open();
    warn.mockRestore();
    expect(store.db.isOpen()).toBe(false);
    // Reopening finds a schema newer than this code knows: it must refuse, not write old shapes.
    const failed = store.commit({ putDatasets: [dataset('ds3')] });
    await expect(failed).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(failed).rejects.toThrow(/newer version/);
    await expect(store.load()).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(await newer.table('datasets').count()).toBe(2);
    newer.close();
    // Opening such a database afresh refuses too.
    await expect(DexieStore.open(name, deps)).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('keeps the data of a database created at schema version 1', async () => {
    const idb = freshIdb();
    const options = { indexedDB: idb.indexedDB, IDBKeyRange: idb.IDBKeyRange };
    const first = await DexieStore.open(idb.name, { ...options, schema: SCHEMA_VERSIONS.slice(0, 1) });
    await seed(first);
    await first.putSetting('report', { windowDays: 21 });
    await first.begin({ kind: 'link', label: 'ds1', startedAt: '2024-05-01' });
    const before = await everything(first);
    first.close();

    const current = await DexieStore.open(idb.name, options);
    expect(current.db.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
    expect(await everything(current)).toEqual(before);
    expect(await current.getSetting('report')).toEqual({ windowDays: 21 });
    current.close();
  });

  it('stores the release outcomes of a version 1 database as columns (version 2)', async () => {
    const idb = freshIdb();
    const options = { indexedDB: idb.indexedDB, IDBKeyRange: idb.IDBKeyRange };
    const v1 = await DexieStore.open(idb.name, { ...options, schema: SCHEMA_VERSIONS.slice(0, 1) });
    const outcome = (releaseId: string, treatmentId: string | null): ReleaseOutcome => ({
      releaseId,
      releaseDate: 20240520,
      status: treatmentId ? 'engaged_in_window' : 'awaiting',
      reason: null,
      daysSinceRelease: 12,
      daysToEngagement: treatmentId ? 3 : null,
      treatmentId,
      matchProbability: treatmentId ? 0.98 : null,
      handover: 'no_referral_found',
      needsReview: false,
      establishment: 'HMP Leeds',
      area: 'Leeds',
      releaseType: null,
      ostOnRelease: true,
      noFixedAbode: false,
      weekday: 'Monday',
      releaseWeek: '2024-05-20',
    });
    const old = [outcome('ds1/r1', 'ds2/t1'), outcome('ds1/r2', null)];
    // A version 1 results row, as the first release wrote it: outcomes as objects.
    await v1.db.table('results').put({ id: 'current', results: { ...results(1), outcomes: old } });
    v1.close();

    const current = await DexieStore.open(idb.name, options);
    const loaded = (await current.load()).results!;
    expect(Array.isArray(loaded.outcomes)).toBe(false);
    expect(releaseOutcomes(loaded)).toEqual(old);
    current.close();
  });

  it('applies a later schema version with its upgrade function', async () => {
    const idb = freshIdb();
    const options = { indexedDB: idb.indexedDB, IDBKeyRange: idb.IDBKeyRange };
    const v1 = await DexieStore.open(idb.name, { ...options, schema: SCHEMA_VERSIONS.slice(0, 1) });
    await seed(v1);
    v1.close();

    const v2 = await DexieStore.open(idb.name, {
      ...options,
      schema: [
        ...SCHEMA_VERSIONS.slice(0, 2),
        {
          version: 3,
          stores: { runs: 'id, startedAt, kind' },
          upgrade: (tx) =>
            tx
              .table('runs')
              .toCollection()
              .modify((r: RunInfo) => {
                r.counts.migrated = 1;
              }),
        },
      ],
    });
    expect(v2.db.verno).toBe(3);
    const [migrated] = await v2.runs();
    expect(migrated?.counts).toEqual({ pairs: 2, migrated: 1 });
    expect((await v2.load()).datasets).toHaveLength(2);
    expect(await v2.db.table('runs').where('kind').equals('link').count()).toBe(1);
    v2.close();
  });

  it('declares its schema versions in order, starting at 1', () => {
    expect(SCHEMA_VERSIONS[0]?.version).toBe(1);
    SCHEMA_VERSIONS.forEach((v, i) => {
      expect(v.version).toBe(i + 1);
    });
  });
});

describe('mapStorageError', () => {
  const dexieError = (name: string, inner?: unknown) => Object.assign(new Error(name), { name, inner });

  it('finds a quota failure however deeply it is wrapped', () => {
    const quota = new DOMException('quota', 'QuotaExceededError');
    expect(mapStorageError(quota)).toBeInstanceOf(StorageFullError);
    expect(mapStorageError(dexieError('AbortError', quota))).toBeInstanceOf(StorageFullError);
    const bulk = Object.assign(new Error('bulk'), { name: 'BulkError', failures: [quota] });
    expect(mapStorageError(bulk)).toBeInstanceOf(StorageFullError);
  });

  it('maps a closed or broken database to StorageUnavailableError without the original message', () => {
    for (const name of [
      'DatabaseClosedError',
      'InvalidStateError',
      'VersionError',
      'OpenFailedError',
      'UnknownError',
    ]) {
      const mapped = mapStorageError(dexieError(name));
      expect(mapped).toBeInstanceOf(StorageUnavailableError);
      expect((mapped as Error).message).not.toContain(name);
    }
    expect(mapStorageError(dexieError('AbortError'))).toBeInstanceOf(StorageUnavailableError);
    expect(mapStorageError(dexieError('OpenFailedError', dexieError('VersionError')))).toBeInstanceOf(
      StorageUnavailableError,
    );
  });

  it('leaves other errors unchanged', () => {
    const constraint = dexieError('AbortError', dexieError('ConstraintError'));
    expect(mapStorageError(constraint)).toBe(constraint);
    const data = dexieError('DataError');
    expect(mapStorageError(data)).toBe(data);
    const bug = new TypeError('x is undefined');
    expect(mapStorageError(bug)).toBe(bug);
  });
});

// ---- the audit trail and encryption at rest (issue 8) ---------------------------------------

async function trail(n: number, after: AuditEntry | null = null): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let previous = after;
  for (let i = 0; i < n; i++) {
    previous = await appendEntry(previous, SAMPLE_DRAFTS.export, new Date(Date.UTC(2024, 4, 1, 10, i)));
    entries.push(previous);
  }
  return entries;
}

/** A fast key for tests (the iteration count is stored in KeyInfo, so any count works). */
const testKey = () => createKey('correct horse battery staple', { iterations: 1000 });

function governanceContract(name: string, make: () => Promise<Store>): void {
  describe(`${name}: audit trail, wipe and locking`, () => {
    it('appends audit entries with a commit and moves the anchor in the same transaction', async () => {
      const store = await make();
      expect(await store.auditAnchor()).toEqual({ count: 0, headHash: GENESIS_HASH });
      const entries = await trail(3);
      await store.commit({ putDatasets: [dataset('ds1')], appendAudit: entries.slice(0, 2) });
      await store.commit({ putSettings: { 'governance.x': 1 }, appendAudit: entries.slice(2) });
      expect(await store.auditEntries()).toEqual(entries);
      expect(await store.auditEntries({ from: 1, to: 2 })).toEqual([entries[1]]);
      expect(await store.auditAnchor()).toEqual(chainAnchor(entries[2]!));
      expect(await verifyChain(await store.auditEntries(), await store.auditAnchor())).toMatchObject({
        ok: true,
      });
      expect(await store.getSetting('governance.x')).toBe(1);
    });

    it('stores neither the change nor its audit entry when the change fails', async () => {
      const store = await make();
      const [entry] = await trail(1);
      await expect(
        store.commit({
          putDatasets: [dataset('ds9')],
          putRecords: [{ ...record('ds9', 'r1'), recordId: undefined as unknown as string }],
          appendAudit: [entry!],
        }),
      ).rejects.toThrow();
      expect(await store.auditEntries()).toEqual([]);
      expect(await store.auditAnchor()).toEqual({ count: 0, headHash: GENESIS_HASH });
      expect((await store.load()).datasets).toEqual([]);
    });

    it('refuses entries that do not follow the stored trail, and stores nothing of the change', async () => {
      const store = await make();
      const entries = await trail(2);
      await store.commit({ appendAudit: [entries[0]!] });
      const failed = store.commit({ putDatasets: [dataset('ds1')], appendAudit: [entries[0]!] });
      await expect(failed).rejects.toBeInstanceOf(AuditConflictError);
      expect((await store.load()).datasets).toEqual([]);
      expect(await store.auditEntries()).toEqual([entries[0]]);
    });

    it('deletes decisions by pair and settings given as undefined', async () => {
      const store = await make();
      await seed(store);
      await store.commit({ putSettings: { a: 1, b: 2 } });
      await store.commit({
        deleteDecisions: [{ leftId: 'ds1/r1', rightId: 'ds2/t1' }],
        putSettings: { a: undefined },
      });
      expect((await store.load()).decisions).toEqual([]);
      expect(await store.getSetting('a')).toBeUndefined();
      expect(await store.getSetting('b')).toBe(2);
    });

    it('wipes everything but the audit trail and the settings it is told to keep, and records the wipe', async () => {
      const store = await make();
      await seed(store);
      const [first, wipeEntry] = await trail(2);
      await store.commit({ appendAudit: [first!] });
      await store.putSetting('governance.profiles', ['p1']);
      await store.putSetting('asOf', '2024-05-01');
      const counts = await store.wipe({
        keepSettings: ['governance.profiles'],
        putSettings: { 'governance.lastWipe': { at: 'now' } },
        appendAudit: [wipeEntry!],
      });
      expect(counts).toMatchObject({ datasets: 2, models: 1, results: 1, decisions: 1, runs: 1 });
      expect((await everything(store)).records).toEqual([]);
      expect((await store.load()).datasets).toEqual([]);
      expect(await store.getSetting('asOf')).toBeUndefined();
      expect(await store.getSetting('governance.profiles')).toEqual(['p1']);
      expect(await store.getSetting('governance.lastWipe')).toEqual({ at: 'now' });
      const kept = await store.auditEntries();
      expect(kept).toEqual([first, wipeEntry]);
      expect(await verifyChain(kept, await store.auditAnchor())).toMatchObject({ ok: true, count: 2 });
    });

    it('restarts the trail with a first entry, in one step', async () => {
      const store = await make();
      await store.commit({ appendAudit: await trail(3) });
      const [first] = await trail(1);
      expect(await store.restartAudit(first!)).toBe(3);
      expect(await store.auditEntries()).toEqual([first]);
      expect(await store.auditAnchor()).toEqual(chainAnchor(first!));
    });

    it('while locked refuses to read or write personal data, but may delete it', async () => {
      const store = await make();
      await seed(store);
      const before = await everything(store);
      const { key, info } = await testKey();
      const [entry] = await trail(1);
      await store.encryptAll(key, info, [entry!]);
      expect(await store.keyInfo()).toEqual(info);
      expect(await store.auditEntries()).toEqual([entry]);
      store.setKey(null);
      expect(store.isLocked()).toBe(true);
      await expect(store.load()).rejects.toBeInstanceOf(StoreLockedError);
      await expect(store.records(allKeys)).rejects.toBeInstanceOf(StoreLockedError);
      await expect(store.commit({ putRecords: [record('ds1', 'x')] })).rejects.toBeInstanceOf(
        StoreLockedError,
      );
      await store.commit({ deleteDatasets: ['ds9'], deleteDecisions: [{ leftId: 'x/1', rightId: 'y/2' }] });
      store.setKey(key);
      expect(await everything(store)).toEqual(before);
      await store.decryptAll();
      expect(await store.keyInfo()).toBeNull();
      store.setKey(null);
      expect(store.isLocked()).toBe(false);
      expect(await everything(store)).toEqual(before);
    });
  });
}

governanceContract('MemoryStore', async () => new MemoryStore());
governanceContract('DexieStore', async () => {
  const { name, ...deps } = freshIdb();
  return DexieStore.open(name, deps);
});

describe('DexieStore: encryption at rest', () => {
  const PLAIN = ['ANNA', 'SMITH', '12/03/1985', 'HMP LEEDS', 'LS6 2AB', 'tester'];

  /** Every stored row of the sealed tables, as text (typed arrays and sealed bytes included). */
  async function rawText(store: DexieStore): Promise<string> {
    const rows = await Promise.all(SEALED_TABLES.map((t) => store.db.table(t).toArray()));
    return JSON.stringify(rows, (_k, v) =>
      ArrayBuffer.isView(v) ? new TextDecoder('latin1').decode(v as Uint8Array) : v,
    );
  }

  it('seals record chunks, tables, results and decisions; later writes are sealed too', async () => {
    const { name, ...deps } = freshIdb();
    const store = await DexieStore.open(name, deps);
    await seed(store);
    const before = await everything(store);
    for (const value of PLAIN) expect(await rawText(store)).toContain(value);
    const { key, info } = await testKey();
    await store.encryptAll(key, info);
    const sealedText = await rawText(store);
    for (const value of PLAIN) expect(sealedText).not.toContain(value);
    for (const table of SEALED_TABLES)
      for (const row of await store.db.table(table).toArray()) expect(Object.keys(row)).toContain('sealed');
    expect(await everything(store)).toEqual(before);

    await store.commit({
      putRecords: [record('ds2', 'new', 'BEATRICE')],
      putDecisions: [{ ...decision('ds1/r2', 'ds2/new'), reason: 'same NHS number' }],
    });
    const after = await rawText(store);
    for (const value of ['BEATRICE', 'same NHS number']) expect(after).not.toContain(value);
    expect(await store.records([{ datasetId: 'ds2', recordId: 'new' }])).toEqual([
      record('ds2', 'new', 'BEATRICE'),
    ]);

    // A fresh connection starts locked: it knows encryption is on but holds no key.
    store.close();
    const reopened = await DexieStore.open(name, deps);
    expect(reopened.isLocked()).toBe(true);
    await expect(reopened.load()).rejects.toBeInstanceOf(StoreLockedError);
    reopened.setKey(key);
    expect((await reopened.load()).decisions).toHaveLength(2);
    reopened.close();
  });

  it('will not open a sealed value moved to another row, or with another key', async () => {
    const { name, ...deps } = freshIdb();
    const store = await DexieStore.open(name, deps);
    await seed(store);
    const { key, info } = await testKey();
    await store.encryptAll(key, info);
    const chunks = store.db.table('recordChunks');
    const [a, b] = await chunks.toArray();
    await chunks.put({ ...b, sealed: a.sealed });
    await expect(store.records(allKeys)).rejects.toBeInstanceOf(UndecryptableError);
    const other = await testKey();
    store.setKey(other.key);
    await expect(store.load()).rejects.toBeInstanceOf(UndecryptableError);
  });

  it('upgrades a version 2 database to version 3 (the audit table) and keeps its data', async () => {
    const idb = freshIdb();
    const options = { indexedDB: idb.indexedDB, IDBKeyRange: idb.IDBKeyRange };
    const v2 = await DexieStore.open(idb.name, { ...options, schema: SCHEMA_VERSIONS.slice(0, 2) });
    await seed(v2);
    await v2.putSetting('asOf', '2024-06-01');
    const before = await everything(v2);
    v2.close();

    const v3 = await DexieStore.open(idb.name, options);
    expect(v3.db.verno).toBe(3);
    expect(SCHEMA_VERSIONS[2]).toMatchObject({ version: 3, stores: { audit: 'seq' } });
    expect(await everything(v3)).toEqual(before);
    expect(await v3.getSetting('asOf')).toBe('2024-06-01');
    expect(await v3.auditEntries()).toEqual([]);
    expect(await v3.auditAnchor()).toEqual({ count: 0, headHash: GENESIS_HASH });
    const entries = await trail(2);
    await v3.commit({ appendAudit: entries });
    expect(await verifyChain(await v3.auditEntries(), await v3.auditAnchor())).toMatchObject({
      ok: true,
      count: 2,
    });
    v3.close();
  });
});
