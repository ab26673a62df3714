/**
 * The continuity view of the dashboard, answered from the current results: the KPIs against the
 * 75% target (overall, by release week, establishment and area), the worklist with the names the
 * data officer needs (read from the stored records, here in the worker), a fuzzy name search over
 * it, and the CSV exports. Read-only: nothing here changes the workspace.
 */
import {
  fail,
  type Outcome,
  ok,
  type RecordKey,
  recordKey,
  type StoredRecord,
  splitRecordKey,
} from '../../shared/workspace';
import {
  auditByArea,
  computeKpis,
  HANDOVERS,
  isoDate,
  type Kpi,
  type ReleaseOutcome,
  worklist,
  worklistCsv,
} from '../continuity';
import { levelWeights } from '../model';
import { probabilityFromWeight } from '../predict';
import { pairKey } from '../review';
import type { Store, StoredResults } from '../store';
import { releaseOutcomes } from '../workspace/results';
import { datasetsOn, sideTable, type WorkspaceState } from '../workspace/state';
import { StageTimer } from './progress';
import {
  CONTINUITY_TARGET,
  type ContinuityExportRequest,
  type ContinuityReport,
  type ExportFile,
  WORKLIST_FLAG,
  type WorklistColumns,
  type WorklistSearch,
} from './report-types';
import { NameSearch } from './worklist-search';

/** What the view reads from the engine: the current state, the store (for names), the as-of choice. */
export interface ViewContext {
  state: WorkspaceState;
  store: Store;
  /** The user's as-of date (yyyy-mm-dd), or null for today. */
  asOfSetting: string | null;
}

/** The group an audit worksheet of releases without a receiving area goes under. */
export const NO_AREA = '';

interface PersonShown {
  name: string;
  /** yyyymmdd, 0 when missing or unreadable. */
  dob: number;
  /** The source text of an unreadable date of birth; '' otherwise. */
  dobText: string;
}

/** A report as last made, with what the search and the exports need to answer about its rows. */
interface Prepared {
  results: StoredResults;
  signature: string;
  asOfSetting: string | null;
  report: ContinuityReport;
  /** Outcome index (release row) of each worklist row. */
  rows: Int32Array;
  search: NameSearch | null;
}

export class ContinuityViews {
  /** Names and dates of birth by release key, kept while the release datasets are unchanged. */
  private people: { signature: string; byKey: Map<RecordKey, PersonShown> } | null = null;
  private prepared: Prepared | null = null;

  /** The report for the current results; made once per results (and set of release datasets). */
  async report(ctx: ViewContext): Promise<Outcome<ContinuityReport>> {
    const made = await this.prepare(ctx);
    return made.ok ? ok(made.value.report) : made;
  }

  /** Rows of the current report's worklist whose name (or record id) matches the query, best first. */
  async search(ctx: ViewContext, query: string): Promise<Outcome<WorklistSearch>> {
    const started = performance.now();
    const made = await this.prepare(ctx);
    if (!made.ok) return made;
    const prepared = made.value;
    if (!prepared.search) {
      const outcomes = releaseOutcomes(prepared.results);
      const ids = Array.from(prepared.rows, (i) => splitRecordKey(outcomes[i].releaseId).recordId);
      prepared.search = new NameSearch(prepared.report.worklist.name, ids);
    }
    const rows = prepared.search.search(query);
    return ok({ resultsVersion: prepared.results.version, query, rows, ms: performance.now() - started });
  }

  async export(ctx: ViewContext, request: ContinuityExportRequest): Promise<Outcome<ExportFile>> {
    const { state } = ctx;
    const results = state.results;
    if (!results) return notLinked();
    const asOf = isoDate(results.asOf);
    const outcomes = releaseOutcomes(results);
    if (request.kind === 'worklist') {
      if (request.resultsVersion !== undefined && request.resultsVersion !== results.version)
        return fail({
          kind: 'conflict',
          message: 'The results changed after the worklist was shown. Look at it again, then download.',
        });
      const made = await this.prepare(ctx);
      if (!made.ok) return made;
      const all = made.value.rows;
      const picked = request.rows ?? null;
      if (picked?.some((r) => !(r >= 0 && r < all.length)))
        return fail({
          kind: 'invalid-input',
          message: 'Some of the rows asked for are not on the worklist.',
          issues: [],
        });
      const chosen = picked ? Array.from(picked, (r) => all[r]) : Array.from(all);
      const evidence = evidenceOf(state, results);
      const bySourceIds = chosen.map((i) => sourceIds(outcomes[i]));
      const rowOf = new Map(bySourceIds.map((o, k) => [o, chosen[k]]));
      const text = worklistCsv(bySourceIds, state.rule.windowDays, (o) => evidence(rowOf.get(o) as number));
      return ok(csvFile(`worklist-as-of-${asOf}.csv`, text, chosen.length));
    }
    const inArea = outcomes.filter(
      (o) => o.status !== 'not_in_cohort' && (o.area ?? NO_AREA) === request.area,
    );
    if (inArea.length === 0)
      return fail({ kind: 'not-found', message: `No releases in the cohort go to "${request.area}".` });
    const files = Object.entries(auditByArea(inArea.map(sourceIds)));
    const [name, text] = files[0];
    return ok(csvFile(`audit-${name.replace(/\.csv$/, '')}-as-of-${asOf}.csv`, text, inArea.length));
  }

  private async prepare(ctx: ViewContext): Promise<Outcome<Prepared>> {
    const { state } = ctx;
    const results = state.results;
    if (!results) return notLinked();
    const signature = releaseSignature(state);
    const last = this.prepared;
    if (last?.results === results && last.signature === signature && last.asOfSetting === ctx.asOfSetting)
      return ok(last);

    const timer = new StageTimer();
    const windowDays = state.rule.windowDays;
    const outcomes = releaseOutcomes(results);
    timer.lap('unpack outcomes');
    const kpis = computeKpis(outcomes, windowDays);
    const counts = { engaged_in_window: 0, engaged_late: 0, awaiting: 0, not_engaged: 0, not_in_cohort: 0 };
    let needsReview = 0;
    for (const o of outcomes) {
      counts[o.status]++;
      if (o.needsReview) needsReview++;
    }
    timer.lap('kpis');
    const rowOf = new Map<ReleaseOutcome, number>(outcomes.map((o, i) => [o, i]));
    const listed = worklist(outcomes);
    const rows = Int32Array.from(listed, (o) => rowOf.get(o) as number);
    timer.lap('worklist order');
    const people = await this.peopleFor(ctx, signature, listed);
    if (!people.ok) return people;
    timer.lap('names');
    const columns = worklistColumns(listed, rows, results, state, people.value);
    const areas = auditAreas(outcomes);
    timer.lap('columns');
    const report: ContinuityReport = {
      timings: timer.stages,
      resultsVersion: results.version,
      asOf: isoDate(results.asOf),
      asOfChosen: ctx.asOfSetting !== null,
      rule: { name: state.rule.name, version: state.rule.version, windowDays },
      target: CONTINUITY_TARGET,
      counts: { ...counts, needsReview },
      overall: kpis.find((k) => k.dimension === 'overall') as Kpi,
      byWeek: kpis.filter((k) => k.dimension === 'release_week'),
      byEstablishment: kpis.filter((k) => k.dimension === 'establishment'),
      byArea: kpis.filter((k) => k.dimension === 'area'),
      auditAreas: areas,
      worklist: columns,
    };
    this.prepared = { results, signature, asOfSetting: ctx.asOfSetting, report, rows, search: null };
    return ok(this.prepared);
  }

  /**
   * Name and date of birth of each listed release: from the stored records (the source values,
   * read once per set of release datasets), the date of birth as normalised where it was readable.
   */
  private async peopleFor(
    ctx: ViewContext,
    signature: string,
    listed: readonly ReleaseOutcome[],
  ): Promise<Outcome<Map<RecordKey, PersonShown>>> {
    const { state, store } = ctx;
    if (this.people?.signature !== signature) this.people = { signature, byKey: new Map() };
    const byKey = this.people.byKey;
    const missing: { datasetId: string; recordId: string }[] = [];
    for (const o of listed) if (!byKey.has(o.releaseId)) missing.push(splitRecordKey(o.releaseId));
    if (missing.length === 0) return ok(byKey);
    let records: StoredRecord[];
    try {
      records = await store.records(missing);
    } catch (e) {
      return fail({ kind: 'storage-unavailable', message: (e as Error).message });
    }
    const table = sideTable(state, 'releases');
    const tableRow = new Map<string, number>();
    table.ids.forEach((id, r) => {
      tableRow.set(id, r);
    });
    for (const record of records) {
      const key = recordKey(record.datasetId, record.recordId);
      const r = tableRow.get(key);
      const dob = r === undefined ? 0 : table.dob[r];
      byKey.set(key, {
        name: displayName(record),
        dob,
        dobText: dob > 0 ? '' : (record.fields.dob ?? '').trim(),
      });
    }
    return ok(byKey);
  }
}

/** The release datasets as they are now: names read from their records stay good while this is unchanged. */
const releaseSignature = (state: WorkspaceState): string =>
  datasetsOn(state, 'releases')
    .map((d) => `${d.id}:${d.sha256}:${d.updatedAt}:${d.rowCount}`)
    .join('|');

/** "Surname, Forenames" from the source fields; the full name as given when there are no parts. */
export function displayName(record: Pick<StoredRecord, 'fields'>): string {
  const { surname, forenames, fullName } = record.fields;
  if (surname && forenames) return `${surname.trim()}, ${forenames.trim()}`;
  return (surname ?? forenames ?? fullName ?? '').trim();
}

function worklistColumns(
  listed: readonly ReleaseOutcome[],
  rows: Int32Array,
  results: StoredResults,
  state: WorkspaceState,
  people: Map<RecordKey, PersonShown>,
): WorklistColumns {
  const n = listed.length;
  const best = bestUncertain(state, results);
  const establishments = new Dictionary();
  const areas = new Dictionary();
  const columns: WorklistColumns = {
    length: n,
    name: new Array(n),
    dob: new Int32Array(n),
    dobText: {},
    releaseDate: new Int32Array(n),
    awaiting: new Uint8Array(n),
    day: new Int32Array(n),
    establishment: new Int32Array(n),
    establishments: establishments.values,
    area: new Int32Array(n),
    areas: areas.values,
    handover: new Uint8Array(n),
    handovers: [...HANDOVERS],
    probability: new Float64Array(n),
    needsReview: new Uint8Array(n),
    flags: new Uint8Array(n),
  };
  listed.forEach((o, r) => {
    const person = people.get(o.releaseId);
    columns.name[r] = person?.name ?? '';
    columns.dob[r] = person?.dob ?? 0;
    if (person?.dobText) columns.dobText[r] = person.dobText;
    columns.releaseDate[r] = o.releaseDate;
    columns.awaiting[r] = o.status === 'awaiting' ? 1 : 0;
    columns.day[r] = o.daysSinceRelease ?? 0;
    columns.establishment[r] = establishments.code(o.establishment);
    columns.area[r] = areas.code(o.area);
    columns.handover[r] = HANDOVERS.indexOf(o.handover);
    columns.probability[r] = o.matchProbability ?? (o.needsReview ? best[rows[r]] : Number.NaN);
    columns.needsReview[r] = o.needsReview ? 1 : 0;
    columns.flags[r] =
      (o.ostOnRelease ? WORKLIST_FLAG.ost : 0) |
      (o.noFixedAbode ? WORKLIST_FLAG.noFixedAbode : 0) |
      (o.weekday === 'Friday' ? WORKLIST_FLAG.friday : 0);
  });
  return columns;
}

/** Strings to small integers, in order of first appearance; -1 for a missing value. */
class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  code(value: string | null): number {
    const v = value?.trim();
    if (!v) return -1;
    let c = this.index.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(v);
      this.index.set(v, c);
    }
    return c;
  }
}

/** Per release (frame row), the probability of its best stored link not decided "not the same"; NaN for none. */
function bestUncertain(state: WorkspaceState, results: StoredResults): Float64Array {
  const best = new Float64Array(results.nLeft).fill(Number.NaN);
  const rejected = new Set(
    state.decisions.filter((d) => d.decision === 'not_same').map((d) => pairKey(d.leftId, d.rightId)),
  );
  const { left, right, weights } = results.pairs;
  for (let p = 0; p < left.length; p++) {
    const i = left[p];
    if (i >= results.nLeft) continue;
    if (rejected.size > 0 && rejected.has(pairKey(results.keys[i], results.keys[right[p]]))) continue;
    const pr = probabilityFromWeight(weights[p]);
    if (!(pr <= best[i])) best[i] = pr;
  }
  return best;
}

/**
 * The comparison outcomes behind each release's link, in words (no record values), as the CLI's
 * worklist.csv gives them: the decision if there is one, then each comparison level with its
 * weight. The pair is the link the outcome shows, else the best uncertain one.
 */
function evidenceOf(state: WorkspaceState, results: StoredResults): (row: number) => string {
  const model = state.model?.model;
  if (!model) return () => '';
  const weights = levelWeights(model);
  const frameRow = new Map(results.keys.map((key, i) => [key, i]));
  const decisions = new Map(state.decisions.map((d) => [pairKey(d.leftId, d.rightId), d.decision]));
  const pairsOf = new Map<number, number[]>();
  const { left, right, vectors, k } = results.pairs;
  for (let p = 0; p < left.length; p++) {
    const list = pairsOf.get(left[p]);
    if (list) list.push(p);
    else pairsOf.set(left[p], [p]);
  }
  return (row) => {
    const o = releaseOutcomes(results)[row];
    const candidates = pairsOf.get(row) ?? [];
    const shown = o.treatmentId === null ? undefined : frameRow.get(o.treatmentId);
    let p = candidates.find((q) => right[q] === shown);
    if (p === undefined)
      for (const q of candidates) {
        if (decisions.get(pairKey(results.keys[row], results.keys[right[q]])) === 'not_same') continue;
        if (p === undefined || results.pairs.weights[q] > results.pairs.weights[p]) p = q;
      }
    if (p === undefined) return '';
    const decision = decisions.get(pairKey(results.keys[row], results.keys[right[p]]));
    const steps: string[] = decision ? [`decision: ${decision}`] : [];
    model.comparisons.forEach((c, ci) => {
      const level = vectors[p * k + ci];
      const w = weights[ci][level];
      if (w !== 0) steps.push(`${c.levels[level].label} (${w.toFixed(1)})`);
    });
    return steps.join('; ');
  };
}

/** The outcome with record ids as the source system knows them, for files that leave the tool. */
function sourceIds(o: ReleaseOutcome): ReleaseOutcome {
  return {
    ...o,
    releaseId: splitRecordKey(o.releaseId).recordId,
    treatmentId: o.treatmentId === null ? null : splitRecordKey(o.treatmentId).recordId,
  };
}

/** Receiving areas with releases in the cohort, as the audit worksheets split them. */
function auditAreas(outcomes: readonly ReleaseOutcome[]): { area: string; rows: number }[] {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    if (o.status === 'not_in_cohort') continue;
    const area = o.area ?? NO_AREA;
    counts.set(area, (counts.get(area) ?? 0) + 1);
  }
  return [...counts]
    .map(([area, rows]) => ({ area, rows }))
    .sort(
      (a, b) => (a.area === NO_AREA ? 1 : 0) - (b.area === NO_AREA ? 1 : 0) || a.area.localeCompare(b.area),
    );
}

export function csvFile(fileName: string, text: string, rows: number): ExportFile {
  const bytes = new TextEncoder().encode(`\uFEFF${text}`);
  return { fileName, mimeType: 'text/csv;charset=utf-8', bytes: bytes.buffer as ArrayBuffer, rows };
}

const notLinked = <T>(): Outcome<T> =>
  fail({ kind: 'not-ready', message: 'Link the releases to the treatment records first.' });
