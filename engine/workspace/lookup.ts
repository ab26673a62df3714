import {
  type Decision,
  type LinkView,
  type LookupQuery,
  type LookupResult,
  type RecordKey,
  recordKey,
  type Side,
  type StatusView,
  splitRecordKey,
} from '../../shared/workspace';
import { buildFrame, compileComparisons, frameInputOf } from '../compare';
import { isoDate, type ReleaseOutcome } from '../continuity';
import type { Model } from '../model';
import { type NormalisedTable, normaliseTable } from '../normalise';
import { createScorer, probabilityFromWeight } from '../predict';
import { pairKey } from '../review';
import { rawRows } from './dataset-file';
import { releaseOutcome } from './results';
import { datasetsOn, sideTable, type WorkspaceState } from './state';

const MAX_LINKS = 5;
/** Larger candidate groups are skipped: a key shared by so many records says little. */
const MAX_GROUP = 64;

/**
 * Answers the overlay's questions about rows on a case system's page: by record id (a map
 * lookup), or by the fields a row shows, which are normalised like an import and scored against
 * likely candidates with the active model. Built once per results version; read-only.
 */
export class LookupIndex {
  private readonly frameIndex = new Map<RecordKey, number>();
  private readonly keysById = new Map<string, RecordKey[]>();
  private readonly sideOf = new Map<string, Side>();
  /** Stored pairs of each record: pairStart[i] .. pairStart[i+1] in pairOrder. */
  private readonly pairStart: Int32Array;
  private readonly pairOrder: Int32Array;
  private readonly decisions = new Map<string, Decision>();
  private clusterMembers: Map<number, number[]> | null = null;
  private candidates: Map<Side, SideCandidates> = new Map();

  constructor(private readonly state: WorkspaceState) {
    for (const d of state.datasets) {
      this.sideOf.set(d.id, d.side);
      for (const id of state.tables.get(d.id)?.ids ?? []) {
        const keys = this.keysById.get(id);
        if (keys) keys.push(recordKey(d.id, id));
        else this.keysById.set(id, [recordKey(d.id, id)]);
      }
    }
    for (const d of state.decisions) this.decisions.set(pairKey(d.leftId, d.rightId), d.decision);
    const results = state.results;
    const n = results?.keys.length ?? 0;
    if (results) for (let i = 0; i < n; i++) this.frameIndex.set(results.keys[i], i);
    // Adjacency in compressed rows: each stored pair under both of its records.
    this.pairStart = new Int32Array(n + 1);
    const pairs = results?.pairs;
    const count = pairs?.left.length ?? 0;
    if (pairs) {
      for (let p = 0; p < count; p++) {
        this.pairStart[pairs.left[p] + 1]++;
        this.pairStart[pairs.right[p] + 1]++;
      }
    }
    for (let i = 0; i < n; i++) this.pairStart[i + 1] += this.pairStart[i];
    this.pairOrder = new Int32Array(2 * count);
    const cursor = this.pairStart.slice(0, n);
    if (pairs) {
      for (let p = 0; p < count; p++) {
        this.pairOrder[cursor[pairs.left[p]]++] = p;
        this.pairOrder[cursor[pairs.right[p]]++] = p;
      }
    }
  }

  lookup(queries: readonly LookupQuery[]): LookupResult[] {
    const out: LookupResult[] = new Array(queries.length);
    const byFields: number[] = [];
    queries.forEach((q, i) => {
      if ('recordId' in q) out[i] = this.byId(q);
      else byFields.push(i);
    });
    if (byFields.length > 0) {
      const found = this.byFields(
        byFields.map((i) => queries[i] as Extract<LookupQuery, { fields: unknown }>),
      );
      byFields.forEach((i, k) => {
        out[i] = found[k];
      });
    }
    return out;
  }

  private byId(q: Extract<LookupQuery, { recordId: string }>): LookupResult {
    const keys = (this.keysById.get(q.recordId) ?? []).filter((key) => {
      const { datasetId } = splitRecordKey(key);
      return (
        (!q.datasetId || q.datasetId === datasetId) && (!q.side || this.sideOf.get(datasetId) === q.side)
      );
    });
    return keys.length === 0 ? empty() : this.resultFor(keys[0], 1);
  }

  private resultFor(key: RecordKey, probability: number): LookupResult {
    const { datasetId, recordId } = splitRecordKey(key);
    const side = this.sideOf.get(datasetId) as Side;
    const result: LookupResult = {
      match: { key, datasetId, recordId, side, probability },
      statuses: [],
      links: [],
      duplicates: [],
    };
    const results = this.state.results;
    const i = this.frameIndex.get(key);
    if (!results || i === undefined) return result;
    const lower = this.state.rule.reviewThresholds.lower;
    const links: LinkView[] = [];
    for (let a = this.pairStart[i]; a < this.pairStart[i + 1]; a++) {
      const p = this.pairOrder[a];
      const left = results.pairs.left[p];
      const other = left === i ? results.pairs.right[p] : left;
      const otherKey = results.keys[other];
      // Stored pairs and decisions are both release (left) first.
      const decision =
        this.decisions.get(pairKey(results.keys[left], results.keys[results.pairs.right[p]])) ?? null;
      const pr = probabilityFromWeight(results.pairs.weights[p]);
      if (decision === 'not_same' || (decision !== 'same' && pr < lower)) continue;
      links.push(this.view(otherKey, decision === 'same' ? 1 : pr, decision));
    }
    links.sort((a, b) => b.probability - a.probability);
    result.links = links.slice(0, MAX_LINKS);

    const releaseRows =
      side === 'releases' ? [i] : result.links.map((l) => this.frameIndex.get(l.key) as number);
    for (const r of releaseRows) {
      const outcome = releaseOutcome(results, r);
      if (outcome) result.statuses.push(this.status(outcome));
    }
    result.duplicates = this.sameCluster(i, side);
    return result;
  }

  private view(key: RecordKey, probability: number, decision: Decision | null): LinkView {
    const { datasetId, recordId } = splitRecordKey(key);
    return { key, datasetId, recordId, side: this.sideOf.get(datasetId) as Side, probability, decision };
  }

  private status(o: ReleaseOutcome): StatusView {
    return {
      releaseKey: o.releaseId,
      status: o.status,
      releaseDate: o.releaseDate ? isoDate(o.releaseDate) : null,
      daysSinceRelease: o.daysSinceRelease,
      daysToEngagement: o.daysToEngagement,
      windowDays: this.state.rule.windowDays,
      handover: o.handover,
      needsReview: o.needsReview,
      treatmentKey: o.treatmentId,
    };
  }

  /** Other records of the same side in the same cluster: likely the same person. */
  private sameCluster(i: number, side: Side): LinkView[] {
    const results = this.state.results;
    if (!results) return [];
    if (!this.clusterMembers) {
      this.clusterMembers = new Map();
      results.clusters.forEach((c, r) => {
        const members = this.clusterMembers?.get(c);
        if (members) members.push(r);
        else this.clusterMembers?.set(c, [r]);
      });
    }
    const members = this.clusterMembers.get(results.clusters[i]) ?? [];
    return members
      .filter((r) => r !== i && r < results.nLeft === (side === 'releases'))
      .slice(0, MAX_LINKS)
      .map((r) => this.view(results.keys[r], 1, null));
  }

  /** Rows described by their fields: normalise, gather candidates, score with the model. */
  private byFields(queries: readonly Extract<LookupQuery, { fields: unknown }>[]): LookupResult[] {
    const model = this.state.model?.model;
    const raw = rawRows(
      'lookup',
      queries.map((q, i) => ({ recordId: `q${i}`, fields: q.fields })),
    );
    const normalised = normaliseTable(raw, { dateOrder: 'dmy', badDateTolerance: 1 });
    if (!normalised.ok) return queries.map(empty);
    const query = normalised.value;
    const sides: Side[] = ['releases', 'treatment'];
    const best: { key: RecordKey; probability: number }[] = queries.map(() => ({ key: '', probability: 0 }));
    for (const side of sides) {
      const asked = queries.map((q) => !q.side || q.side === side);
      if (!asked.some(Boolean) || datasetsOn(this.state, side).length === 0) continue;
      const cands = this.candidatesOn(side);
      const pairsQ: number[] = [];
      const pairsC: number[] = [];
      for (let q = 0; q < query.n; q++) {
        if (!asked[q]) continue;
        for (const c of cands.of(query, q)) {
          pairsQ.push(q);
          pairsC.push(c);
        }
      }
      if (pairsQ.length === 0) continue;
      const scored = model
        ? scorePairs(model, query, cands.table, pairsQ, pairsC)
        : pairsC.map((c, k) => cands.identifierAgrees(query, pairsQ[k], c));
      scored.forEach((probability, k) => {
        const q = pairsQ[k];
        if (probability > best[q].probability) best[q] = { key: cands.table.ids[pairsC[k]], probability };
      });
    }
    const lower = this.state.rule.reviewThresholds.lower;
    return best.map((b) => (b.probability >= lower ? this.resultFor(b.key, b.probability) : empty()));
  }

  private candidatesOn(side: Side): SideCandidates {
    let c = this.candidates.get(side);
    if (!c) {
      c = new SideCandidates(sideTable(this.state, side));
      this.candidates.set(side, c);
    }
    return c;
  }
}

const empty = (): LookupResult => ({ match: null, statuses: [], links: [], duplicates: [] });

const IDENTIFIERS = ['nhsNumber', 'pnc', 'cro', 'prisonNumber'] as const;
type KeyFn = (t: NormalisedTable, r: number) => string | null;
const join = (...parts: (string | number | null)[]) =>
  parts.some((p) => p === null || p === 0) ? null : parts.join('|');
const CANDIDATE_KEYS: KeyFn[] = [
  ...IDENTIFIERS.map(
    (f): KeyFn =>
      (t, r) =>
        join(f, t[f][r]),
  ),
  (t, r) => join('ds', t.dob[r], t.surnameKey[r]),
  (t, r) => join('df', t.dob[r], t.forenameKey[r]),
  (t, r) => join('sf', t.surnameKey[r], t.forenameKey[r]),
];

/** One side's records with maps from candidate keys (identifiers, name keys with DOB) to rows. */
class SideCandidates {
  private readonly rows = new Map<string, number[]>();

  constructor(readonly table: NormalisedTable) {
    for (let r = 0; r < table.n; r++)
      for (const key of CANDIDATE_KEYS) {
        const k = key(table, r);
        if (k === null) continue;
        const rows = this.rows.get(k);
        if (!rows) this.rows.set(k, [r]);
        else if (rows.length <= MAX_GROUP) rows.push(r);
      }
  }

  of(query: NormalisedTable, q: number): number[] {
    const found = new Set<number>();
    for (const key of CANDIDATE_KEYS) {
      const k = key(query, q);
      const rows = k === null ? undefined : this.rows.get(k);
      if (rows && rows.length <= MAX_GROUP) for (const r of rows) found.add(r);
    }
    return [...found];
  }

  /** Without a model: only an agreeing identifier counts, and then it is certain. */
  identifierAgrees(query: NormalisedTable, q: number, r: number): number {
    return IDENTIFIERS.some((f) => query[f][q] !== null && query[f][q] === this.table[f][r]) ? 1 : 0;
  }
}

/**
 * Match probabilities of query rows against candidate rows. The frame holds only these rows, so
 * its value frequencies mean nothing: term-frequency adjustments are left out and each level
 * counts at its average weight.
 */
function scorePairs(
  model: Model,
  query: NormalisedTable,
  candidates: NormalisedTable,
  pairsQ: number[],
  pairsC: number[],
): number[] {
  const distinct = [...new Set(pairsC)];
  const rowOf = new Map(distinct.map((c, k) => [c, k]));
  const frame = buildFrame([query, frameInputOf(candidates, distinct)]);
  const plain: Model = {
    ...model,
    comparisons: model.comparisons.map((c) => ({ ...c, levels: c.levels.map(({ tf: _, ...l }) => l) })),
  };
  const left = Int32Array.from(pairsQ);
  const right = Int32Array.from(pairsC, (c) => query.n + (rowOf.get(c) as number));
  const vectors = compileComparisons(frame, plain.comparisons).vectors(left, right);
  const scorer = createScorer(frame, plain);
  return pairsQ.map((_, p) => probabilityFromWeight(scorer.weight(vectors, p, left[p], right[p])));
}
