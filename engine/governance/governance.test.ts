import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '../../shared/workspace';
import { createEngine, type EngineOptions } from '../api/engine';
import type { EngineApi } from '../api/engine-api';
import { type AuditEntry, verifyChain } from '../audit';
import { DexieStore, type IdleClock, MemoryStore, type Store } from '../store';
import { type SynthOutput, synthesise, toCsv } from '../synth';
import { ACCESS, PLAIN_METHODS } from './policy';

const T0 = Date.parse('2026-11-01T09:00:00Z');
const DAY = 86_400_000;
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const PASSPHRASE = 'correct horse battery staple';

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.kind}: ${outcome.error.message}`);
  return outcome.value;
}
function errorKind(outcome: Outcome<unknown>): string {
  return outcome.ok ? 'ok' : outcome.error.kind;
}

/** Time that moves only when told: the engine's clock and the idle lock's timers. */
class TestClock implements IdleClock {
  t = T0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private next = 1;
  now = () => this.t;
  date = () => new Date(this.t);
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.t + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    const until = this.t + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].callback();
    }
    this.t = until;
  }
}

let data: SynthOutput;
let releasesCsv: string;
let treatmentCsv: string;
beforeAll(() => {
  data = synthesise({ people: 200, treatment: 500, seed: 5 });
  releasesCsv = toCsv(data.releases);
  treatmentCsv = toCsv(data.treatment);
});

let dbCounter = 0;
const stores: [string, () => Promise<Store>][] = [
  ['memory', async () => new MemoryStore()],
  [
    'dexie (fake-indexeddb)',
    () => DexieStore.open(`governance-test-${++dbCounter}`, { indexedDB: new IDBFactory(), IDBKeyRange }),
  ],
];

function start(store: Store, clock: TestClock, extra: EngineOptions = {}): Promise<EngineApi> {
  return createEngine(store, { now: clock.date, idleClock: clock, kdfIterations: 1000, ...extra });
}

async function importBoth(engine: EngineApi, retentionDays?: { releases?: number; treatment?: number }) {
  const r = value(
    await engine.importDataset({
      bytes: bytes(releasesCsv),
      fileName: 'releases.csv',
      side: 'releases',
      retentionDays: retentionDays?.releases,
    }),
  );
  const t = value(
    await engine.importDataset({
      bytes: bytes(treatmentCsv),
      fileName: 'treatment.csv',
      side: 'treatment',
      retentionDays: retentionDays?.treatment,
    }),
  );
  return { releases: r.dataset!.id, treatment: t.dataset!.id };
}

async function trail(engine: EngineApi): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let before: number | undefined;
  do {
    const page = value(await engine.auditLog({ limit: 500, before }));
    entries.unshift(...[...page.entries].reverse());
    before = page.nextBefore ?? undefined;
  } while (before !== undefined);
  return entries;
}

/** A release and a treatment record the model put in the review band (or any linked pair). */
async function somePair(engine: EngineApi): Promise<{ left: string; right: string }> {
  const queue = value(await engine.reviewQueue({ limit: 1 }));
  if (queue[0]) return { left: queue[0].leftKey, right: queue[0].rightKey };
  const found = value(
    await engine.lookupBatch(data.releases.rows.map((r) => ({ recordId: r[0]!, side: 'releases' as const }))),
  );
  const linked = found.find((f) => f.match && f.links.length)!;
  return { left: linked.match!.key, right: linked.links[0]!.key };
}

const cellValues = (csv: string): string[] =>
  csv
    .split(/\r?\n/)
    .slice(1)
    .flatMap((line) => line.split(','))
    .map((v) => v.replace(/^"|"$/g, '').trim())
    .filter((v) => v.length >= 4);

/** `value` occurs in `text` on its own (not inside a longer run of letters and digits). */
const occurs = (text: string, value: string) =>
  new RegExp(`(?<![A-Za-z0-9])${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![A-Za-z0-9])`).test(text);

describe.each(stores)('governance over the %s store', (_, makeStore) => {
  it('creates a data-officer profile on first run, and records it', async () => {
    const engine = await start(await makeStore(), new TestClock());
    const status = value(await engine.governanceStatus());
    expect(status.actor).toMatchObject({ displayName: 'Data officer', role: 'data-officer' });
    expect(status.profiles).toEqual([status.actor]);
    expect(status.encryption).toBe('off');
    expect(status.settings).toEqual({ defaultRetentionDays: 90, idleLockMinutes: 15 });
    const entries = await trail(engine);
    expect(entries.map((e) => e.action)).toEqual(['role-change', 'switch-profile']);
    expect(value(await engine.verifyAudit()).result).toMatchObject({ ok: true, count: 2 });
  });

  it('records every change with who made it, in the same transaction as the change', async () => {
    const store = await makeStore();
    const clock = new TestClock();
    const engine = await start(store, clock);
    const ids = await importBoth(engine);
    value(await engine.link({ seed: 1 }));
    const pair = await somePair(engine);
    value(await engine.decide(pair.left, pair.right, 'same', 'reviewer'));
    value(await engine.decide(pair.left, pair.right, 'not_same', 'reviewer'));
    value(await engine.records([pair.left, pair.right], 'side-panel'));
    value(await engine.setAsOf('2026-10-15'));
    value(await engine.putRecord(ids.treatment, { recordId: 'TR999999', fields: { surname: 'NEW' } }));
    value(await engine.removeDataset(ids.treatment));

    const entries = await trail(engine);
    const of = (action: string) => entries.filter((e) => e.action === action);
    expect(of('import').map((e) => e.details)).toEqual([
      {
        side: 'releases',
        input: {
          datasetId: ids.releases,
          fileName: 'releases.csv',
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          rowCount: 200,
        },
      },
      {
        side: 'treatment',
        input: {
          datasetId: ids.treatment,
          fileName: 'treatment.csv',
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          rowCount: 500,
        },
      },
    ]);
    const link = of('link').find((e) => e.details && 'runId' in e.details && e.details.model);
    expect(link?.details).toMatchObject({
      inputs: [{ datasetId: ids.releases }, { datasetId: ids.treatment }],
      model: { id: expect.stringMatching(/^model-/), version: 1 },
      rule: { id: expect.any(String), version: expect.any(Number) },
      thresholds: { lower: expect.any(Number), upper: expect.any(Number) },
      counts: { records: 700, pairs: expect.any(Number), links: expect.any(Number) },
    });
    expect(of('review-decision').map((e) => e.details)).toEqual([
      { left: pair.left, right: pair.right, decision: 'same', previous: null },
      { left: pair.left, right: pair.right, decision: 'not_same', previous: 'same' },
    ]);
    expect(of('view-person').at(-1)?.details).toEqual({
      recordKeys: [pair.left, pair.right],
      surface: 'side-panel',
    });
    expect(of('settings-change').at(-1)?.details).toEqual({ setting: 'asOf', from: null, to: '2026-10-15' });
    expect(of('record-change').at(-1)?.details).toEqual({ recordKeys: [`${ids.treatment}/TR999999`] });
    expect(of('remove-dataset').at(-1)?.details).toEqual({
      dataset: { datasetId: ids.treatment, fileName: 'treatment.csv', recordCount: 501 },
    });
    for (const e of entries)
      expect(e.actor).toMatchObject({ displayName: 'Data officer', role: 'data-officer' });
    expect(value(await engine.verifyAudit()).result).toMatchObject({ ok: true, count: entries.length });

    // A restarted engine continues the same chain.
    const again = await start(store, clock);
    value(await again.noteExport('governance-summary', 1, 'print'));
    expect(value(await again.verifyAudit()).result).toMatchObject({ ok: true, count: entries.length + 1 });
  });

  it('stores neither a failed change nor its audit entry', async () => {
    const store = await makeStore();
    const clock = new TestClock();
    const engine = await start(store, clock);
    const before = await trail(engine);
    const commit = store.commit.bind(store);
    store.commit = async (change) => {
      if (change.putRecords?.length) throw new (await import('../store')).StorageFullError();
      return commit(change);
    };
    const failed = await engine.importDataset({
      bytes: bytes(releasesCsv),
      fileName: 'releases.csv',
      side: 'releases',
    });
    expect(errorKind(failed)).toBe('storage-full');
    expect(await trail(engine)).toEqual(before);
    expect((await engine.status()).datasets).toEqual([]);
    store.commit = commit;
    value(
      await engine.importDataset({ bytes: bytes(releasesCsv), fileName: 'releases.csv', side: 'releases' }),
    );
    const after = await trail(engine);
    expect(after.at(-1)?.action).toBe('import');
    expect(value(await engine.verifyAudit()).result).toMatchObject({ ok: true, count: after.length });
  });

  it('never puts a value of an imported file in the audit export', async () => {
    const engine = await start(await makeStore(), new TestClock());
    await importBoth(engine);
    value(await engine.link({ seed: 1 }));
    const values = [...cellValues(releasesCsv), ...cellValues(treatmentCsv)];
    expect(values.length).toBeGreaterThan(5000);
    const exported = async () => {
      const csv = new TextDecoder().decode(value(await engine.exportAudit('csv')).bytes);
      const json = new TextDecoder().decode(value(await engine.exportAudit('json')).bytes);
      return `${csv}\n${json}`;
    };
    let text = await exported();
    expect(text).toContain('releases.csv');
    for (const v of values) expect(occurs(text, v), v).toBe(false);

    // Reviewing and viewing records put record keys (ids) in the trail, but still no names,
    // dates of birth, NHS numbers, postcodes or addresses.
    const pair = await somePair(engine);
    value(
      await engine.decide(pair.left, pair.right, 'same', 'reviewer', 'same NHS number and date of birth'),
    );
    value(await engine.records([pair.left, pair.right], 'dashboard'));
    text = await exported();
    const contents = [...cellValues(releasesCsv), ...cellValues(treatmentCsv)].filter(
      (v) => !/^(B|TR)\d+$/.test(v) && !/^[A-Z]\d{4}[A-Z]{2}$/.test(v),
    );
    for (const v of contents) expect(occurs(text, v), v).toBe(false);
    expect(text).not.toContain('same NHS number');
  });

  it('enforces roles: a caseworker has badges and the side panel, an IG lead the audit and no record contents', async () => {
    const clock = new TestClock();
    const engine = await start(await makeStore(), clock);
    const ids = await importBoth(engine);
    value(await engine.link({ seed: 1 }));
    const pair = await somePair(engine);
    const officer = value(await engine.governanceStatus()).actor;
    const caseworker = value(await engine.saveProfile({ displayName: 'Sam Caseworker', role: 'caseworker' }));
    const ig = value(await engine.saveProfile({ displayName: 'Ira Governance', role: 'ig-lead' }));

    value(await engine.switchProfile(caseworker.id));
    expect(
      value(await engine.lookup({ recordId: pair.left.split('/')[1]!, side: 'releases' })).match,
    ).not.toBeNull();
    expect(value(await engine.records([pair.right]))).toHaveLength(1);
    const refused = [
      await engine.importDataset({ bytes: bytes(releasesCsv), fileName: 'again.csv', side: 'releases' }),
      await engine.exportContinuity({ kind: 'worklist' }),
      await engine.reviewQueue(),
      await engine.decide(pair.left, pair.right, 'same', 'x'),
      await engine.removeDataset(ids.releases),
      await engine.auditLog(),
      await engine.wipeEverything(),
      await engine.saveProfile({ displayName: 'Me', role: 'data-officer' }),
    ];
    for (const r of refused) expect(errorKind(r)).toBe('forbidden');
    expect(refused[0]!.ok ? '' : refused[0]!.error.message).toMatch(/Sam Caseworker \(Caseworker\) cannot/);

    value(await engine.switchProfile(ig.id));
    for (const r of [
      await engine.records([pair.left]),
      await engine.lookupBatch([{ recordId: pair.left.split('/')[1]! }]),
      await engine.reviewQueue(),
      await engine.continuityReport(),
      await engine.searchWorklist('SMITH'),
      await engine.importDataset({ bytes: bytes(releasesCsv), fileName: 'again.csv', side: 'releases' }),
    ])
      expect(errorKind(r)).toBe('forbidden');
    expect(value(await engine.auditLog()).total).toBeGreaterThan(5);
    expect(value(await engine.verifyAudit()).result.ok).toBe(true);
    expect((await engine.status()).datasets).toHaveLength(2);
    expect(value(await engine.governanceStatus()).retention.datasets).toHaveLength(2);

    value(await engine.switchProfile(officer.id));
    const demote = await engine.saveProfile({
      id: officer.id,
      displayName: officer.displayName,
      role: 'caseworker',
    });
    expect(errorKind(demote)).toBe('conflict');
    value(
      await engine.saveProfile({ id: caseworker.id, displayName: 'Sam Caseworker', role: 'data-officer' }),
    );
    const roles = (await trail(engine)).filter((e) => e.action === 'role-change').map((e) => e.details);
    expect(roles.slice(-3)).toEqual([
      { profileId: caseworker.id, from: null, to: 'caseworker' },
      { profileId: ig.id, from: null, to: 'ig-lead' },
      { profileId: caseworker.id, from: 'caseworker', to: 'data-officer' },
    ]);
    const switches = (await trail(engine)).filter((e) => e.action === 'switch-profile');
    expect(switches.at(-1)).toMatchObject({
      actor: { profileId: officer.id },
      details: { from: ig.id, to: officer.id },
    });
  });

  it('purges data past its retention period at start and when checked, with a fixed clock', async () => {
    const store = await makeStore();
    const clock = new TestClock();
    const engine = await start(store, clock);
    const ids = await importBoth(engine, { treatment: 30 });
    value(await engine.link({ seed: 1 }));
    const pair = await somePair(engine);
    value(await engine.decide(pair.left, pair.right, 'same', 'reviewer'));
    const retention = value(await engine.governanceStatus()).retention.datasets;
    expect(retention.map((r) => [r.datasetId, r.days, r.effectiveDays])).toEqual([
      [ids.releases, null, 90],
      [ids.treatment, 30, 30],
    ]);
    expect(retention[1]!.expiresAt).toBe(new Date(T0 + 30 * DAY).toISOString());

    // Day 29: nothing is due.
    clock.advance(29 * DAY);
    expect(value(await engine.purgeExpired())).toBeNull();

    // Day 31, a fresh start: the treatment dataset goes before anything is served.
    clock.advance(2 * DAY);
    const restarted = await start(store, clock);
    const status = await restarted.status();
    expect(status.datasets.map((d) => d.id)).toEqual([ids.releases]);
    expect(status.pairs).toBe(0);
    const left = value(await restarted.lookup({ recordId: pair.left.split('/')[1]!, side: 'releases' }));
    expect(left.links).toEqual([]);
    expect(value(await restarted.records([pair.right]))).toEqual([]);
    const purges = (await trail(restarted)).filter((e) => e.action === 'purge');
    expect(purges.map((e) => e.details)).toEqual([
      { trigger: 'retention', datasets: [{ datasetId: ids.treatment, recordCount: 500 }] },
    ]);
    const gov = value(await restarted.governanceStatus());
    expect(gov.retention.lastPurge).toMatchObject({
      trigger: 'retention',
      datasets: [{ datasetId: ids.treatment, name: 'treatment.csv', recordCount: 500 }],
    });

    // The decision on the purged records is gone from storage too.
    expect((await store.load()).decisions).toEqual([]);

    // Day 91, while running: the daily check purges the rest.
    clock.advance(60 * DAY);
    const purged = value(await restarted.purgeExpired());
    expect(purged?.datasets.map((d) => d.datasetId)).toEqual([ids.releases]);
    expect((await restarted.status()).datasets).toEqual([]);
    expect(value(await restarted.verifyAudit()).result.ok).toBe(true);
  });

  it('wipes everything in one step, leaving only the audit trail with the wipe recorded in it', async () => {
    const store = await makeStore();
    const engine = await start(store, new TestClock());
    await importBoth(engine);
    value(await engine.link({ seed: 1 }));
    const pair = await somePair(engine);
    value(await engine.decide(pair.left, pair.right, 'same', 'reviewer'));
    value(await engine.setAsOf('2026-10-20'));
    const profiles = value(await engine.governanceStatus()).profiles;

    const report = value(await engine.wipeEverything());
    expect(report).toMatchObject({
      datasets: 2,
      records: 700,
      decisions: 1,
      by: 'Data officer (Data officer)',
    });
    expect(report.pairs).toBeGreaterThan(0);

    const snapshot = await store.load();
    expect(snapshot).toEqual({
      datasets: [],
      tables: new Map(),
      model: null,
      results: null,
      decisions: [],
      pending: null,
    });
    expect(await store.runs()).toEqual([]);
    expect(await store.getSetting('asOf')).toBeUndefined();
    const status = await engine.status();
    expect(status).toMatchObject({ datasets: [], pairs: 0, links: 0, lastRun: null });

    const entries = await store.auditEntries();
    expect(entries.at(-1)).toMatchObject({ action: 'wipe', details: { datasetCount: 2, recordCount: 700 } });
    expect(await verifyChain(entries, await store.auditAnchor())).toMatchObject({
      ok: true,
      count: entries.length,
    });
    const gov = value(await engine.governanceStatus());
    expect(gov.profiles).toEqual(profiles);
    expect(gov.lastWipe).toMatchObject({ datasets: 2, records: 700, auditSeq: entries.length - 1 });
    expect(value(await engine.verifyAudit()).result.ok).toBe(true);
  });

  it('deletes the audit trail only for an IG lead who confirms its head, and records that in a new trail', async () => {
    const engine = await start(await makeStore(), new TestClock());
    await importBoth(engine);
    const head = value(await engine.governanceStatus()).audit;
    expect(errorKind(await engine.deleteAuditTrail(head.headHash))).toBe('forbidden');
    const ig = value(await engine.saveProfile({ displayName: 'Ira Governance', role: 'ig-lead' }));
    value(await engine.switchProfile(ig.id));
    const now = value(await engine.governanceStatus()).audit;
    expect(errorKind(await engine.deleteAuditTrail(head.headHash))).toBe('conflict');
    expect(value(await engine.deleteAuditTrail(now.headHash))).toEqual({ deleted: now.count });
    const entries = await trail(engine);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      seq: 0,
      action: 'audit-deleted',
      actor: { profileId: ig.id, role: 'ig-lead' },
      details: { count: now.count, headHash: now.headHash },
    });
    expect(value(await engine.verifyAudit()).result).toMatchObject({ ok: true, count: 1 });
  });

  it('encrypts at rest: starts locked, refuses data until unlocked, keeps data through a wrong passphrase', async () => {
    const store = await makeStore();
    const clock = new TestClock();
    const engine = await start(store, clock);
    await importBoth(engine);
    value(await engine.link({ seed: 1 }));
    expect(errorKind(await engine.enableEncryption('too short'))).toBe('invalid-input');
    value(await engine.enableEncryption(PASSPHRASE));
    expect(value(await engine.governanceStatus()).encryption).toBe('unlocked');
    const ids = data.releases.rows.map((r) => ({ recordId: r[0]!, side: 'releases' as const }));
    const before = value(await engine.lookupBatch(ids));
    const beforeStatus = await engine.status();

    const restarted = await start(store, clock);
    expect(value(await restarted.governanceStatus()).encryption).toBe('locked');
    expect(value(await restarted.governanceStatus()).retention.datasets).toHaveLength(2);
    for (const r of [
      await restarted.lookupBatch(ids),
      await restarted.records(['x/1']),
      await restarted.importDataset({ bytes: bytes(releasesCsv), fileName: 'r.csv', side: 'releases' }),
      await restarted.link(),
      await restarted.reviewQueue(),
    ])
      expect(errorKind(r)).toBe('locked');
    expect((await restarted.status()).pairs).toBe(0);

    const wrong = await restarted.unlock('not the passphrase at all');
    expect(errorKind(wrong)).toBe('wrong-passphrase');
    expect(wrong.ok ? '' : wrong.error.message).toMatch(/not correct/);
    value(await restarted.unlock(PASSPHRASE));
    expect(value(await restarted.lookupBatch(ids))).toEqual(before);
    expect((await restarted.status()).pairs).toBe(beforeStatus.pairs);

    // Idle for the configured time: the key goes, and data calls are refused again.
    value(await restarted.updateGovernanceSettings({ idleLockMinutes: 5 }));
    clock.advance(4 * 60_000);
    expect(errorKind(await restarted.lookup(ids[0]!))).toBe('ok');
    clock.advance(5 * 60_000 + 1);
    expect(errorKind(await restarted.lookup(ids[0]!))).toBe('locked');
    await restarted.status(); // lets the queued lock finish
    expect(value(await restarted.governanceStatus()).encryption).toBe('locked');

    value(await restarted.unlock(PASSPHRASE));
    value(await restarted.changePassphrase(PASSPHRASE, 'a new and longer passphrase'));
    value(await restarted.lock());
    expect(errorKind(await restarted.unlock(PASSPHRASE))).toBe('wrong-passphrase');
    value(await restarted.disableEncryption('a new and longer passphrase'));
    expect(value(await restarted.governanceStatus()).encryption).toBe('off');
    expect(value(await restarted.lookupBatch(ids))).toEqual(before);

    const actions = (await trail(restarted)).map((e) => e.action);
    expect(actions.filter((a) => ['unlock', 'unlock-failed', 'lock'].includes(a))).toEqual([
      'unlock-failed',
      'unlock',
      'lock',
      'unlock',
      'lock',
      'unlock-failed',
    ]);
    const changes = (await trail(restarted))
      .filter((e) => e.action === 'settings-change')
      .map((e) => e.details);
    expect(changes).toEqual(
      expect.arrayContaining([
        { setting: 'encryption', from: 'off', to: 'on' },
        { setting: 'idleLock.minutes', from: 15, to: 5 },
        { setting: 'encryption.passphrase', from: null, to: 'changed' },
        { setting: 'encryption', from: 'on', to: 'off' },
      ]),
    );
    expect(value(await restarted.verifyAudit()).result.ok).toBe(true);
  });

  it('wipes while locked, without the passphrase', async () => {
    const store = await makeStore();
    const clock = new TestClock();
    const engine = await start(store, clock);
    await importBoth(engine);
    value(await engine.enableEncryption(PASSPHRASE));
    const restarted = await start(store, clock);
    expect(value(await restarted.governanceStatus()).encryption).toBe('locked');
    expect(value(await restarted.wipeEverything())).toMatchObject({ datasets: 2, records: 700 });
    expect(await store.datasets()).toEqual([]);
    value(await restarted.unlock(PASSPHRASE));
    expect((await restarted.status()).datasets).toEqual([]);
  });
});

describe('the access policy', () => {
  it('names every method of the engine, and leaves plain-value methods open', async () => {
    const engine = await createEngine(new MemoryStore(), { now: () => new Date(T0) });
    const methods = Object.keys(engine).sort();
    expect(methods.filter((m) => !(m in ACCESS))).toEqual([]);
    for (const m of PLAIN_METHODS) expect(ACCESS[m]).toEqual({ roles: 'any', whileLocked: true });
  });
});
