import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '../../shared/workspace';
import { DexieStore, MemoryStore, type Store } from '../store';
import { type SynthOutput, synthesise, toCsv } from '../synth';
import { MERGE_LIST_HEADER } from './duplicates';
import { createEngine } from './engine';
import type { EngineApi } from './engine-api';
import type { DuplicatesReport, ExportFile } from './report-types';

const now = () => new Date('2026-11-01T09:00:00Z');
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.kind}: ${outcome.error.message}`);
  return outcome.value;
}

function mergeRows(file: ExportFile): string[][] {
  const text = new TextDecoder().decode(file.bytes);
  const [header, ...rows] = Papa.parse<string[]>(text.trimEnd()).data;
  expect(header).toEqual([...MERGE_LIST_HEADER]);
  return rows;
}

let data: SynthOutput;
/** The person behind each treatment record id (the generator's ground truth). */
let entityOf: Map<string, string>;

beforeAll(() => {
  // The generator plants duplicate registrations of the same person in the treatment extract
  // (5% of records), besides the several episodes some people have.
  data = synthesise({ people: 400, treatment: 2000, seed: 5 });
  entityOf = new Map(data.truth.map((t) => [t.id, t.entity]));
});

async function engineWithTreatment(
  store: Store = new MemoryStore(),
): Promise<{ engine: EngineApi; ds: string }> {
  const engine = await createEngine(store, { now });
  const imported = value(
    await engine.importDataset({
      bytes: bytes(toCsv(data.treatment)),
      fileName: 'treatment.csv',
      side: 'treatment',
    }),
  );
  return { engine, ds: imported.dataset!.id };
}

const allClusters = async (engine: EngineApi): Promise<DuplicatesReport> =>
  value(await engine.findDuplicates({ side: 'treatment', limit: 100_000 }));

const idOf = (key: string) => key.slice(key.indexOf('/') + 1);

describe('finding duplicates within one system', () => {
  let engine: EngineApi;
  let report: DuplicatesReport;

  beforeAll(async () => {
    ({ engine } = await engineWithTreatment());
    report = await allClusters(engine);
  });

  it('finds the duplicates the generator planted (pairwise precision and recall >= 0.9)', () => {
    const found = new Set<string>();
    for (const c of report.clusters)
      for (let a = 0; a < c.keys.length; a++)
        for (let b = a + 1; b < c.keys.length; b++)
          found.add([idOf(c.keys[a]), idOf(c.keys[b])].sort().join('|'));
    const byEntity = new Map<string, string[]>();
    for (const row of data.treatment.rows) {
      const e = entityOf.get(row[0])!;
      byEntity.set(e, [...(byEntity.get(e) ?? []), row[0]]);
    }
    const truth = new Set<string>();
    for (const ids of byEntity.values())
      for (let a = 0; a < ids.length; a++)
        for (let b = a + 1; b < ids.length; b++) truth.add([ids[a], ids[b]].sort().join('|'));
    const tp = [...found].filter((p) => truth.has(p)).length;
    expect(truth.size).toBeGreaterThan(50);
    expect(tp / found.size).toBeGreaterThanOrEqual(0.9);
    expect(tp / truth.size).toBeGreaterThanOrEqual(0.9);
    expect(report.records).toBe(2000);
    expect(report.clusterCount).toBe(report.clusters.length);
    expect(report.recordsInClusters).toBe(report.clusters.reduce((s, c) => s + c.keys.length, 0));
  });

  it('gives each cluster its records as stored, and the scored pairs that hold it together', () => {
    for (const c of report.clusters) {
      expect(c.records.map((r) => `${r.datasetId}/${r.recordId}`)).toEqual(c.keys);
      expect(c.records.every((r) => r.fields.surname !== undefined || r.fields.forenames !== undefined)).toBe(
        true,
      );
      expect(c.pairs.length).toBeGreaterThanOrEqual(c.keys.length - 1);
      for (const p of c.pairs) {
        expect(p.probability).toBeGreaterThanOrEqual(0.5);
        expect(p.decision).toBeNull();
        expect(p.evidence).not.toBe('');
      }
    }
    expect(report.model).toMatch(/trained on these 2,000 records alone \(unsupervised, seed 1\)/);
  });

  it('pages through the clusters in a stable order, and answers from its cache', async () => {
    const first = value(await engine.findDuplicates({ side: 'treatment', offset: 0, limit: 5 }));
    const second = value(await engine.findDuplicates({ side: 'treatment', offset: 5, limit: 5 }));
    expect(first.cached).toBe(true);
    expect([...first.clusters, ...second.clusters].map((c) => c.id)).toEqual(
      report.clusters.slice(0, 10).map((c) => c.id),
    );
  });

  it('says what is missing when a side has no data, and refuses a bad request', async () => {
    const none = await engine.findDuplicates({ side: 'releases' });
    expect(!none.ok && none.error.kind).toBe('not-ready');
    const bad = await engine.findDuplicates({ side: 'treatment', threshold: 2 });
    expect(!bad.ok && bad.error.kind).toBe('invalid-input');
  });

  it('finds duplicates in a small list too (no blocking rule with 200 candidate pairs)', async () => {
    // 1,500 records: before sessions.ts fell back to smaller EM sessions, this trained a model
    // with m equal to u, which linked nothing.
    const small = synthesise({ people: 300, treatment: 1500, seed: 43 });
    const truth = new Map(small.truth.map((t) => [t.id, t.entity]));
    const fresh = await createEngine(new MemoryStore(), { now });
    value(
      await fresh.importDataset({
        bytes: bytes(toCsv(small.treatment)),
        fileName: 't.csv',
        side: 'treatment',
      }),
    );
    const found = value(await fresh.findDuplicates({ side: 'treatment', limit: 1000 }));
    expect(found.clusterCount).toBeGreaterThan(50);
    const right = found.clusters.filter((c) => new Set(c.keys.map((k) => truth.get(idOf(k)))).size === 1);
    expect(right.length / found.clusterCount).toBeGreaterThan(0.9);
  });

  it('reports progress and can be cancelled', async () => {
    const fresh = (await engineWithTreatment()).engine;
    const stages: string[] = [];
    const cancelled = fresh.findDuplicates({ side: 'treatment' }, 'op-1', (p) => stages.push(p.stage));
    await fresh.cancel('op-1');
    const outcome = await cancelled;
    expect(!outcome.ok && outcome.error.kind).toBe('cancelled');
    value(await fresh.findDuplicates({ side: 'treatment' }, 'op-2', (p) => stages.push(p.stage)));
    expect(stages).toEqual(expect.arrayContaining(['stack', 'block', 'compare', 'train', 'predict']));
  });
});

describe.each([
  ['memory', async (): Promise<Store> => new MemoryStore()],
  [
    'dexie (fake-indexeddb)',
    (): Promise<Store> =>
      DexieStore.open(`duplicates-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange }),
  ],
])('clerical decisions on duplicates, over the %s store', (_, makeStore) => {
  it('are stored, respected by the next run, kept across a restart, and exported as a merge list', async () => {
    const store = await makeStore();
    const { engine, ds } = await engineWithTreatment(store);
    const before = await allClusters(engine);
    const pair = before.clusters.find((c) => c.keys.length === 2)!;
    const [a, b] = pair.keys;

    // "Not the same": the two are no longer one cluster.
    const rejected = value(
      await engine.decideDuplicate(b, a, 'not_same', 'Data Officer', 'different mothers'),
    );
    expect([rejected.leftId, rejected.rightId]).toEqual([a, b].sort());
    const after = await allClusters(engine);
    expect(after.cached).toBe(false);
    expect(after.decisions).toEqual({ same: 0, notSame: 1, unsure: 0 });
    expect(after.clusters.some((c) => c.keys.includes(a) && c.keys.includes(b))).toBe(false);
    expect(after.clusterCount).toBe(before.clusterCount - 1);

    // Changed to "same", the other way round: one decision replaces the other.
    value(await engine.decideDuplicate(a, b, 'same', 'Data Officer'));
    const again = await allClusters(engine);
    expect(again.decisions).toEqual({ same: 1, notSame: 0, unsure: 0 });
    const joined = again.clusters.find((c) => c.keys.includes(a))!;
    expect(joined.keys).toContain(b);
    expect(joined.pairs.find((p) => joined.keys[p.a] === a || joined.keys[p.b] === a)?.decision).toBe('same');

    // Two records the model keeps apart, decided "same" by hand, form a cluster.
    const apart = data.treatment.rows
      .map((r) => `${ds}/${r[0]}`)
      .filter((k) => !again.clusters.some((c) => c.keys.includes(k)));
    const [c, d] = [apart[0], apart[apart.length - 1]];
    value(await engine.decideDuplicate(c, d, 'same', 'Data Officer', 'same NHS number in the case notes'));
    value(await engine.decideDuplicate(d, b, 'same', 'Data Officer'));

    // A restart: the decisions come back from the store and the first run respects them.
    const restarted = await createEngine(store, { now });
    const reloaded = await allClusters(restarted);
    expect(reloaded.cached).toBe(false);
    expect(reloaded.decisions.same).toBe(3);
    const big = reloaded.clusters.find((cl) => cl.keys.includes(c))!;
    expect([...big.keys].sort()).toEqual(expect.arrayContaining([a, b, c, d].sort()));

    // The merge list: one group of four, three duplicates pointing at one survivor.
    const rows = mergeRows(value(await restarted.exportMergeList('treatment')));
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['1']));
    expect(new Set(rows.map((r) => r[2])).size).toBe(1);
    const members = new Set([...rows.map((r) => r[4]), rows[0][2]]);
    expect(members).toEqual(new Set([a, b, c, d].map(idOf)));
    expect(rows.every((r) => r[1] === 'treatment.csv' && r[5] === 'Data Officer' && r[8] === 'N')).toBe(true);

    // "Not the same" inside a merge group is flagged as a conflict.
    value(await restarted.decideDuplicate(a, c, 'not_same', 'Second Officer'));
    expect(mergeRows(value(await restarted.exportMergeList('treatment'))).every((r) => r[8] === 'Y')).toBe(
      true,
    );
  });

  it('are refused across systems, for unknown or identical records, and without a name', async () => {
    const store = await makeStore();
    const { engine, ds } = await engineWithTreatment(store);
    const releases = value(
      await engine.importDataset({
        bytes: bytes(toCsv(data.releases)),
        fileName: 'releases.csv',
        side: 'releases',
      }),
    ).dataset!.id;
    const t1 = `${ds}/${data.treatment.rows[0][0]}`;
    const t2 = `${ds}/${data.treatment.rows[1][0]}`;
    const r1 = `${releases}/${data.releases.rows[0][0]}`;
    const kind = async (o: Promise<Outcome<unknown>>) => {
      const done = await o;
      return done.ok ? 'ok' : done.error.kind;
    };
    expect(await kind(engine.decideDuplicate(t1, r1, 'same', 'Officer'))).toBe('not-found');
    expect(await kind(engine.decideDuplicate(t1, `${ds}/NOPE`, 'same', 'Officer'))).toBe('not-found');
    expect(await kind(engine.decideDuplicate(t1, t1, 'same', 'Officer'))).toBe('not-found');
    expect(await kind(engine.decideDuplicate(t1, t2, 'same', '  '))).toBe('invalid-input');
    expect(await kind(engine.decideDuplicate(t1, t2, 'same', 'Officer'))).toBe('ok');
    expect(await kind(engine.exportMergeList('releases'))).toBe('ok');
  });

  it('leave linking alone: a same-side decision changes no link between the two systems', async () => {
    const store = await makeStore();
    const { engine, ds } = await engineWithTreatment(store);
    value(
      await engine.importDataset({
        bytes: bytes(toCsv(data.releases)),
        fileName: 'releases.csv',
        side: 'releases',
      }),
    );
    value(await engine.link({ seed: 1 }));
    const linked = await engine.status();
    const t1 = `${ds}/${data.treatment.rows[0][0]}`;
    const t2 = `${ds}/${data.treatment.rows[1][0]}`;
    value(await engine.decideDuplicate(t1, t2, 'same', 'Officer'));
    value(await engine.link({ seed: 1 }));
    const relinked = await engine.status();
    expect(relinked.links).toBe(linked.links);
    expect(relinked.pairs).toBe(linked.pairs);
  });
});
