import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { LookupResult, Outcome } from '../../shared/workspace';
import { DexieStore, MemoryStore, type Store } from '../store';
import { type SynthOutput, synthesise, toCsv } from '../synth';
import { createEngine } from './engine';
import type { ChangeSummary, EngineApi } from './engine-api';

const now = () => new Date('2026-11-01T09:00:00Z');
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.kind}: ${outcome.error.message}`);
  return outcome.value;
}

let data: SynthOutput;
let releasesCsv: string;
let weeklyCsv: string;
let treatmentCsv: string;
const WEEKLY = 30;

beforeAll(() => {
  data = synthesise({ people: 300, treatment: 900, seed: 11 });
  const rows = data.releases.rows;
  releasesCsv = toCsv({ header: data.releases.header, rows: rows.slice(0, rows.length - WEEKLY) });
  weeklyCsv = toCsv({ header: data.releases.header, rows: rows.slice(rows.length - WEEKLY) });
  treatmentCsv = toCsv(data.treatment);
});

async function importBoth(engine: EngineApi): Promise<{ releases: string; treatment: string }> {
  const r = value(
    await engine.importDataset({ bytes: bytes(releasesCsv), fileName: 'releases.csv', side: 'releases' }),
  );
  const t = value(
    await engine.importDataset({ bytes: bytes(treatmentCsv), fileName: 'treatment.csv', side: 'treatment' }),
  );
  return { releases: r.dataset?.id as string, treatment: t.dataset?.id as string };
}

/** The stored results as comparable values: links by record id pair, statuses by release id. */
async function picture(engine: EngineApi) {
  const ids = data.releases.rows.map((r) => r[0]);
  const found = value(
    await engine.lookupBatch(ids.map((recordId) => ({ recordId, side: 'releases' as const }))),
  );
  return found.map((f) => ({
    id: f.match?.recordId,
    status: f.statuses[0]?.status,
    links: f.links.map((l) => `${l.recordId}:${l.probability.toFixed(9)}`).sort(),
  }));
}

/** dd/mm/yyyy moved by some days, as yyyy-mm-dd. */
function shift(ddmmyyyy: string, days: number): string {
  const [d, m, y] = ddmmyyyy.split('/').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

let dbCounter = 0;
const stores: [string, () => Promise<Store>][] = [
  ['memory', async () => new MemoryStore()],
  [
    'dexie (fake-indexeddb)',
    () => DexieStore.open(`engine-test-${++dbCounter}`, { indexedDB: new IDBFactory(), IDBKeyRange }),
  ],
];

describe.each(stores)('engine over the %s store', (_, makeStore) => {
  it('imports, links, and answers lookups by id with statuses and links', async () => {
    const engine = await createEngine(await makeStore(), { now });
    const ids = await importBoth(engine);
    const before = await engine.status();
    expect(before.model).toBeNull();
    expect(before.records).toEqual({ releases: 270, treatment: 900 });

    const linked = value(await engine.link({ seed: 1 }));
    expect(linked.links).toBeGreaterThan(100);
    const status = await engine.status();
    expect(status.model).not.toBeNull();
    expect(status.resultsVersion).toBeGreaterThan(0);

    // A release that truly has a treatment record of the same person: its best link is that record.
    const truth = new Map(data.truth.map((t) => [t.id, t.entity]));
    const release = data.releases.rows.find((r) =>
      data.treatment.rows.some((t) => truth.get(t[0]) === truth.get(r[0])),
    ) as string[];
    const found = value(await engine.lookup({ recordId: release[0], side: 'releases' }));
    expect(found.match?.key).toBe(`${ids.releases}/${release[0]}`);
    expect(found.statuses).toHaveLength(1);
    expect(found.links.length).toBeGreaterThan(0);
    expect(truth.get(found.links[0].recordId)).toBe(truth.get(release[0]));

    // From the treatment side, the same link leads back to the release's status.
    const back = value(await engine.lookup({ recordId: found.links[0].recordId, side: 'treatment' }));
    expect(back.statuses.map((s) => s.releaseKey)).toContain(found.match?.key);

    const unknown = value(await engine.lookup({ recordId: 'no-such-id' }));
    expect(unknown.match).toBeNull();
  });

  it('matches a weekly release list incrementally, with the same results as a full re-run', async () => {
    const engine = await createEngine(await makeStore(), { now });
    await importBoth(engine);
    value(await engine.link({ seed: 1 }));
    const weekly = value(
      await engine.importDataset({ bytes: bytes(weeklyCsv), fileName: 'weekly.csv', side: 'releases' }),
    );
    expect(weekly.incremental).toBe(true);
    const afterIncrement = await picture(engine);
    expect(afterIncrement.filter((p) => p.id !== undefined)).toHaveLength(300);

    value(await engine.link({ seed: 1 })); // the same model, everything re-run
    expect(await picture(engine)).toEqual(afterIncrement);
  });

  it('keeps everything across a restart, and matches after it as it would have before', async () => {
    const store = await makeStore();
    const first = await createEngine(store, { now });
    await importBoth(first);
    value(await first.link({ seed: 1 }));
    const before = await picture(first);

    const second = await createEngine(store, { now });
    const status = await second.status();
    expect(status.indexReady).toBe(false);
    expect(await picture(second)).toEqual(before);

    // After a restart the first change re-runs everything with the stored model: same answer.
    const weekly = value(
      await second.importDataset({ bytes: bytes(weeklyCsv), fileName: 'weekly.csv', side: 'releases' }),
    );
    expect(weekly.incremental).toBe(false);
    value(await first.importDataset({ bytes: bytes(weeklyCsv), fileName: 'weekly.csv', side: 'releases' }));
    expect(await picture(second)).toEqual(await picture(first));
  });

  it('rebuilds the match index in the background after a restart, so the next list is incremental', async () => {
    const store = await makeStore();
    const first = await createEngine(store, { now });
    await importBoth(first);
    value(await first.link({ seed: 1 }));

    const second = await createEngine(store, { now, warmUpAfterMs: 0 });
    expect((await second.status()).indexReady).toBe(false);
    await vi.waitFor(async () => expect((await second.status()).indexReady).toBe(true), { timeout: 20_000 });
    const weekly = value(
      await second.importDataset({ bytes: bytes(weeklyCsv), fileName: 'weekly.csv', side: 'releases' }),
    );
    expect(weekly.incremental).toBe(true);
    value(await first.importDataset({ bytes: bytes(weeklyCsv), fileName: 'weekly.csv', side: 'releases' }));
    expect(await picture(second)).toEqual(await picture(first));
  });

  it('refuses a bad file with problems by row and column, and changes nothing', async () => {
    const engine = await createEngine(await makeStore(), { now });
    await importBoth(engine);
    const before = await engine.status();
    const first = data.releases.rows[0];
    const bad = await engine.importDataset({
      bytes: bytes(toCsv({ header: data.releases.header, rows: [first, first] })),
      fileName: 'dupes.csv',
      side: 'releases',
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.kind).toBe('invalid-input');
    expect(bad.error.message).toContain('dupes.csv');
    const issue = bad.error.kind === 'invalid-input' ? bad.error.issues[0] : undefined;
    expect(issue).toMatchObject({ code: 'duplicate_id', file: 'dupes.csv', row: 3 });
    const empty = await engine.importDataset({ bytes: bytes(''), fileName: 'empty.csv', side: 'releases' });
    expect(empty.ok).toBe(false);
    expect(await engine.status()).toEqual(before);
  });

  it('a cancelled import changes nothing', async () => {
    const engine = await createEngine(await makeStore(), { now });
    await importBoth(engine);
    value(await engine.link({ seed: 1 }));
    const before = await engine.status();
    const pending = engine.importDataset(
      { bytes: bytes(weeklyCsv), fileName: 'weekly.csv', side: 'releases' },
      'op-1',
    );
    await engine.cancel('op-1');
    const result = await pending;
    expect(result.ok ? 'ok' : result.error.kind).toBe('cancelled');
    expect(await engine.status()).toEqual({ ...before, lastRun: before.lastRun });
  });

  it('a clerical decision changes the links, the status and what a lookup shows', async () => {
    const engine = await createEngine(await makeStore(), { now });
    await importBoth(engine);
    value(await engine.link({ seed: 1 }));
    const all = value(
      await engine.lookupBatch(
        data.releases.rows.map((r) => ({ recordId: r[0], side: 'releases' as const })),
      ),
    );
    const linked = all.find((f) => f.links.length === 1 && f.statuses[0]?.treatmentKey) as LookupResult;
    const releaseKey = linked.match?.key as string;
    const treatmentKey = linked.links[0].key;
    value(await engine.decide(treatmentKey, releaseKey, 'not_same', 'A. Reviewer', 'different person'));
    const after = value(
      await engine.lookup({ recordId: linked.match?.recordId as string, side: 'releases' }),
    );
    expect(after.links.map((l) => l.key)).not.toContain(treatmentKey);
    expect(after.statuses[0].treatmentKey).not.toBe(treatmentKey);
    const refused = await engine.decide(releaseKey, 'nope/1', 'same', 'A. Reviewer');
    expect(refused.ok ? 'ok' : refused.error.kind).toBe('not-found');
  });

  it('finds a record from the fields a page row shows', async () => {
    const engine = await createEngine(await makeStore(), { now });
    const ids = await importBoth(engine);
    value(await engine.link({ seed: 1 }));
    const header = data.treatment.header;
    const col = (name: string) => header.indexOf(name);
    const row = data.treatment.rows[5];
    const [found] = value(
      await engine.lookupBatch([
        {
          side: 'treatment',
          fields: {
            forenames: row[col('First Name')],
            surname: row[col('Last Name')],
            dob: row[col('DOB')],
          },
        },
      ]),
    );
    expect(found.match?.key).toBe(`${ids.treatment}/${row[0]}`);
    expect(found.match?.probability).toBeGreaterThan(0.5);
    const [nobody] = value(
      await engine.lookupBatch([
        { fields: { forenames: 'Zebedee', surname: 'Quixotic', dob: '01/01/1901' } },
      ]),
    );
    expect(nobody.match).toBeNull();
  });

  it('a record added by hand is matched and changes the release status', async () => {
    const engine = await createEngine(await makeStore(), { now });
    const ids = await importBoth(engine);
    value(await engine.link({ seed: 1 }));
    const all = value(
      await engine.lookupBatch(
        data.releases.rows.map((r) => ({ recordId: r[0], side: 'releases' as const })),
      ),
    );
    const waiting = all.find(
      (f) => ['awaiting', 'not_engaged'].includes(f.statuses[0]?.status) && f.links.length === 0,
    ) as LookupResult;
    expect(waiting).toBeDefined();
    const release = data.releases.rows.find((r) => r[0] === waiting.match?.recordId) as string[];
    const rh = data.releases.header;
    const at = (name: string) => release[rh.indexOf(name)];
    const summary: ChangeSummary = value(
      await engine.putRecord(ids.treatment, {
        recordId: 'NEW-1',
        fields: {
          forenames: at('Forename(s)'),
          surname: at('Surname'),
          dob: at('Date of Birth'),
          nhsNumber: at('NHS Number'),
          prisonNumber: at('Prison No'),
          referralDate: shift(at('Release Date'), -2),
          treatmentStartDate: shift(at('Release Date'), 3),
        },
      }),
    );
    expect(summary.incremental).toBe(true);
    const after = value(await engine.lookup({ recordId: release[0], side: 'releases' }));
    expect(after.links.map((l) => l.recordId)).toContain('NEW-1');
    expect(after.statuses[0].status).toBe('engaged_in_window');
    expect(after.statuses[0].handover).toBe('referral_before_release');
  });

  it('reports an operation that never finished, until acknowledged', async () => {
    const store = await makeStore();
    await store.begin({ kind: 'import', label: 'big.csv', startedAt: '2026-11-01T08:00:00Z' });
    const engine = await createEngine(store, { now });
    expect((await engine.status()).interrupted).toMatchObject({ kind: 'import', label: 'big.csv' });
    await engine.acknowledgeInterrupted();
    expect((await engine.status()).interrupted).toBeNull();
    expect((await (await createEngine(store, { now })).status()).interrupted).toBeNull();
  });
});

describe('engine over a full store', () => {
  it('reports storage-full and keeps the previous state, in memory and stored', async () => {
    const store = await DexieStore.open('engine-quota', { indexedDB: new IDBFactory(), IDBKeyRange });
    const engine = await createEngine(store, { now, warmUpAfterMs: 0 });
    await importBoth(engine);
    value(await engine.link({ seed: 1 }));
    const before = await picture(engine);
    const { indexReady, ...beforeStatus } = await engine.status();
    expect(indexReady).toBe(true);
    const quota = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    store.db.table('recordChunks').hook('creating', quota);
    const full = await engine.importDataset({
      bytes: bytes(weeklyCsv),
      fileName: 'weekly.csv',
      side: 'releases',
    });
    expect(full.ok ? 'ok' : full.error.kind).toBe('storage-full');
    const { indexReady: _, ...afterStatus } = await engine.status();
    expect(afterStatus).toEqual(beforeStatus);
    expect(await picture(engine)).toEqual(before);
    // The failed increment had taken the match index over; it is rebuilt in the background, and
    // the list goes in once there is room, with the results of a full run.
    await vi.waitFor(async () => expect((await engine.status()).indexReady).toBe(true), { timeout: 20_000 });
    store.db.table('recordChunks').hook('creating').unsubscribe(quota);
    const retried = value(
      await engine.importDataset({ bytes: bytes(weeklyCsv), fileName: 'weekly.csv', side: 'releases' }),
    );
    expect(retried.incremental).toBe(true);
    const rerun = await createEngine(new MemoryStore(), { now });
    await importBoth(rerun);
    value(await rerun.link({ seed: 1 }));
    value(await rerun.importDataset({ bytes: bytes(weeklyCsv), fileName: 'weekly.csv', side: 'releases' }));
    expect(await picture(engine)).toEqual(await picture(rerun));
  });
});
