import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '../../shared/workspace';
import {
  auditByArea,
  computeKpis,
  isoDate,
  type ReleaseOutcome,
  WORKLIST_HEADER,
  worklist,
  worklistCsv,
} from '../continuity';
import { DexieStore, MemoryStore, type Store } from '../store';
import { type SynthOutput, synthesise, toCsv } from '../synth';
import { releaseOutcomes } from '../workspace/results';
import { stateFromSnapshot } from '../workspace/state';
import { createEngine } from './engine';
import type { EngineApi } from './engine-api';
import { type ContinuityReport, type ExportFile, WORKLIST_FLAG } from './report-types';

const now = () => new Date('2026-11-01T09:00:00Z');
const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.kind}: ${outcome.error.message}`);
  return outcome.value;
}

/** The CSV text of an export, without its byte-order mark, parsed. */
function parsed(file: ExportFile): { text: string; header: string[]; rows: string[][] } {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.bytes);
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = Papa.parse<string[]>(text.slice(1).trimEnd()).data;
  return { text: text.slice(1), header, rows };
}

let data: SynthOutput;
const col = (name: string) => data.releases.header.indexOf(name);
/** The release rows by booking ref, as the source file has them. */
let sourceRow: Map<string, string[]>;

beforeAll(() => {
  data = synthesise({ people: 400, treatment: 1200, seed: 21 });
  sourceRow = new Map(data.releases.rows.map((r) => [r[0], r]));
});

async function linkedEngine(store: Store): Promise<EngineApi> {
  const engine = await createEngine(store, { now });
  value(
    await engine.importDataset({
      bytes: bytes(toCsv(data.releases)),
      fileName: 'releases.csv',
      side: 'releases',
    }),
  );
  value(
    await engine.importDataset({
      bytes: bytes(toCsv(data.treatment)),
      fileName: 'treatment.csv',
      side: 'treatment',
    }),
  );
  value(await engine.link({ seed: 1 }));
  return engine;
}

const idOf = (key: string) => key.slice(key.indexOf('/') + 1);
/** The synthetic release list writes dates of birth as dd/mm/yyyy. */
const ddmmyyyyToIso = (text: string) => text.trim().split('/').reverse().join('-');

/** The outcomes as stored, read back through a fresh load of the store. */
async function storedOutcomes(store: Store): Promise<ReleaseOutcome[]> {
  const state = stateFromSnapshot(await store.load());
  if (!state.results) throw new Error('no results stored');
  return releaseOutcomes(state.results);
}

const stores: [string, () => Promise<Store>][] = [
  ['memory', async () => new MemoryStore()],
  [
    'dexie (fake-indexeddb)',
    () => DexieStore.open(`continuity-view-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange }),
  ],
];

describe.each(stores)('continuity report over the %s store', (_, makeStore) => {
  let store: Store;
  let engine: EngineApi;
  let report: ContinuityReport;
  let outcomes: ReleaseOutcome[];

  beforeAll(async () => {
    store = await makeStore();
    engine = await linkedEngine(store);
    report = value(await engine.continuityReport());
    outcomes = await storedOutcomes(store);
  });

  it('gives the KPIs computeKpis gives for the stored outcomes, by week, establishment and area', () => {
    const kpis = computeKpis(outcomes, 21);
    expect(report.overall).toEqual(kpis.find((k) => k.dimension === 'overall'));
    expect(report.byWeek).toEqual(kpis.filter((k) => k.dimension === 'release_week'));
    expect(report.byEstablishment).toEqual(kpis.filter((k) => k.dimension === 'establishment'));
    expect(report.byArea).toEqual(kpis.filter((k) => k.dimension === 'area'));
    expect(report.byWeek.length).toBeGreaterThan(10);
    expect(report.overall.denominator).toBeGreaterThan(50);
    expect(report.target).toBe(0.75);
    expect(report.rule).toEqual({ name: 'ohid-c20-default', version: 1, windowDays: 21 });
    expect(report.asOf).toBe('2026-11-01');
    expect(report.asOfChosen).toBe(false);
  });

  it('counts every release once by status, and those that need review', () => {
    const { needsReview, ...byStatus } = report.counts;
    expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBe(outcomes.length);
    for (const [status, n] of Object.entries(byStatus))
      expect(n, status).toBe(outcomes.filter((o) => o.status === status).length);
    expect(needsReview).toBe(outcomes.filter((o) => o.needsReview).length);
  });

  it("lists the worklist in the engine's worklist() order, with names and dates of birth from the source", () => {
    const expected = worklist(outcomes);
    const w = report.worklist;
    expect(w.length).toBe(expected.length);
    expect(w.length).toBe(report.counts.awaiting + report.counts.not_engaged);
    expected.forEach((o, r) => {
      const source = sourceRow.get(idOf(o.releaseId))!;
      expect(w.name[r]).toBe(`${source[col('Surname')].trim()}, ${source[col('Forename(s)')].trim()}`);
      if (w.dob[r] > 0) expect(isoDate(w.dob[r])).toBe(ddmmyyyyToIso(source[col('Date of Birth')]));
      else expect(w.dobText[r] ?? '').toBe(source[col('Date of Birth')].trim());
      expect(w.awaiting[r]).toBe(o.status === 'awaiting' ? 1 : 0);
      expect(w.day[r]).toBe(o.daysSinceRelease);
      expect(w.releaseDate[r]).toBe(o.releaseDate);
      expect(w.establishment[r] < 0 ? null : w.establishments[w.establishment[r]]).toBe(o.establishment);
      expect(w.area[r] < 0 ? null : w.areas[w.area[r]]).toBe(o.area);
      expect(w.handovers[w.handover[r]]).toBe(o.handover);
      expect(w.needsReview[r]).toBe(o.needsReview ? 1 : 0);
      expect(Boolean(w.flags[r] & WORKLIST_FLAG.ost)).toBe(o.ostOnRelease);
      expect(Boolean(w.flags[r] & WORKLIST_FLAG.friday)).toBe(o.weekday === 'Friday');
      if (o.matchProbability !== null) expect(w.probability[r]).toBe(o.matchProbability);
      else if (!o.needsReview) expect(w.probability[r]).toBeNaN();
      else expect(w.probability[r]).toBeGreaterThanOrEqual(0.5);
    });
    // Dates of birth are shown as the normalised date where one could be read.
    const readable = w.dob.filter((d) => d > 0).length;
    expect(readable).toBeGreaterThan(w.length * 0.9);
  });

  it('finds a release by name (fuzzily) and by record id', async () => {
    const w = report.worklist;
    const r = Math.floor(w.length / 2);
    const [surname, forenames] = w.name[r].split(', ');
    const found = value(await engine.searchWorklist(`${forenames.split(' ')[0]} ${surname}`));
    expect(found.resultsVersion).toBe(report.resultsVersion);
    expect(Array.from(found.rows)).toContain(r);
    expect(found.rows.length).toBeLessThan(w.length / 4);
    // A typo still finds it.
    const typo = `${surname.slice(0, -1)}${surname.at(-1) === 'E' ? 'A' : 'E'}`;
    expect(Array.from(value(await engine.searchWorklist(typo)).rows)).toContain(r);
    const id = idOf(worklist(outcomes)[r].releaseId);
    expect(Array.from(value(await engine.searchWorklist(id)).rows)[0]).toBe(r);
    expect(value(await engine.searchWorklist('  ')).rows.length).toBe(w.length);
  });

  it('exports the worklist as worklistCsv writes it, with source ids, all or a chosen part', async () => {
    const all = value(await engine.exportContinuity({ kind: 'worklist' }));
    const { header, rows } = parsed(all);
    expect(header).toEqual([...WORKLIST_HEADER]);
    expect(rows).toHaveLength(report.worklist.length);
    expect(all.rows).toBe(report.worklist.length);
    expect(all.fileName).toBe('worklist-as-of-2026-11-01.csv');
    const ids = worklist(outcomes).map((o) => idOf(o.releaseId));
    expect(rows.map((r) => r[1])).toEqual(ids);
    // The evidence behind each link is given in words, as the CLI gives it.
    const linked = rows.filter((r) => r[13] !== '');
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((r) => r[15] !== '')).toBe(true);

    const some = Int32Array.from({ length: Math.ceil(ids.length / 3) }, (_, k) => 3 * k);
    const part = value(
      await engine.exportContinuity({ kind: 'worklist', resultsVersion: report.resultsVersion, rows: some }),
    );
    expect(parsed(part).rows.map((r) => r[1])).toEqual(ids.filter((_, r) => r % 3 === 0));
    const stale = await engine.exportContinuity({ kind: 'worklist', resultsVersion: 0, rows: some });
    expect(!stale.ok && stale.error.kind).toBe('conflict');
  });

  it("exports one area's audit worksheet: the cohort releases going there, with the provider's columns", async () => {
    const { area, rows: count } = report.auditAreas[0];
    const file = value(await engine.exportContinuity({ kind: 'audit', area }));
    const { header, rows } = parsed(file);
    expect(header.slice(-3)).toEqual(['provider_seen', 'provider_first_appointment', 'provider_notes']);
    expect(rows).toHaveLength(count);
    expect(count).toBe(outcomes.filter((o) => o.status !== 'not_in_cohort' && o.area === area).length);
    expect(file.fileName).toMatch(/^audit-.+-as-of-2026-11-01\.csv$/);
    expect(report.auditAreas.reduce((s, a) => s + a.rows, 0)).toBe(
      outcomes.filter((o) => o.status !== 'not_in_cohort').length,
    );
    expect((await engine.exportContinuity({ kind: 'audit', area: 'Nowhere' })).ok).toBe(false);
  });

  it('follows the as-of date the user chooses', async () => {
    value(await engine.setAsOf('2026-09-01'));
    const earlier = value(await engine.continuityReport());
    expect(earlier.asOf).toBe('2026-09-01');
    expect(earlier.asOfChosen).toBe(true);
    expect(earlier.resultsVersion).toBeGreaterThan(report.resultsVersion);
    expect(earlier.overall).toEqual(computeKpis(await storedOutcomes(store), 21)[0]);
    expect(earlier.counts.not_in_cohort).toBeGreaterThan(report.counts.not_in_cohort); // not yet released
    value(await engine.setAsOf(null));
    expect(value(await engine.continuityReport()).asOf).toBe('2026-11-01');
  });
});

describe('continuity report before linking', () => {
  it('says to link first', async () => {
    const engine = await createEngine(new MemoryStore(), { now });
    const outcome = await engine.continuityReport();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.kind).toBe('not-ready');
  });
});

describe('CSV exports are safe to open in a spreadsheet', () => {
  const outcome = (o: Partial<ReleaseOutcome>): ReleaseOutcome => ({
    releaseId: 'R1',
    releaseDate: 20261001,
    status: 'not_engaged',
    reason: null,
    daysSinceRelease: 31,
    daysToEngagement: null,
    treatmentId: null,
    matchProbability: null,
    handover: 'no_referral_found',
    needsReview: false,
    establishment: '=HYPERLINK("http://x","click")',
    area: '+Leeds',
    releaseType: '@SUM(A1)',
    ostOnRelease: false,
    noFixedAbode: false,
    weekday: 'Thursday',
    releaseWeek: '2026-09-28',
    ...o,
  });

  it('neutralises cells that would run as formulae in the worklist and the audit worksheets', () => {
    const csv = worklistCsv([outcome({})], 21, () => '-1 evidence');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""click"")"`);
    expect(csv).toContain(`"'+Leeds"`);
    expect(csv).toContain(`"'-1 evidence"`);
    const [audit] = Object.values(auditByArea([outcome({})]));
    expect(audit).toContain(`"'@SUM(A1)"`);
    expect(audit).not.toMatch(/,=|,\+|,@/);
    // Dates and numbers are left alone.
    expect(csv).toContain(`,${isoDate(20261001)},31,`);
  });
});
