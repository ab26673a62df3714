import type { Frame, TextColumn } from '../compare';
import { levelWeights, type Model, priorWeight } from '../model';

/**
 * Term-frequency tables: for each comparison, for each level with `tf`, the frequency of each
 * value of that column among records that have one (null where the level has no adjustment).
 */
interface TfTable {
  column: TextColumn;
  /** log2 of the level's u, to which the value's own frequency is compared. */
  logU: number;
  logFrequency: Float64Array;
}

export interface Scorer {
  /** Match weight (log2 odds) of one pair from its comparison vector. */
  weight(vectors: Uint8Array, p: number, i: number, j: number): number;
  /** The weights of pairs [0, count), exactly as `weight` gives them, in one tight loop. */
  weightsInto(
    vectors: Uint8Array,
    left: Int32Array,
    right: Int32Array,
    count: number,
    into: Float64Array,
  ): void;
  /** Per-comparison contributions of one pair, for the waterfall. */
  contributions(vectors: Uint8Array, p: number, i: number, j: number): Contribution[];
  prior: number;
}

export interface Contribution {
  comparison: string;
  level: string;
  /** log2(m/u) of the level, 0 for the null level. */
  weight: number;
  /** Term-frequency adjustment on top of it (0 when none). */
  tfAdjustment: number;
}

/** Pairs scored together, a comparison at a time: their weights stay in the processor's cache. */
const SCORE_BLOCK = 2048;

export function createScorer(frame: Frame, model: Model): Scorer {
  const weights = levelWeights(model);
  const k = model.comparisons.length;
  const tf: (TfTable | null)[][] = model.comparisons.map((c) =>
    c.levels.map((l) => {
      if (!l.tf || l.u === undefined) return null;
      const column = frame.columns[l.tf];
      if (column?.kind !== 'text' || column.present === 0) return null;
      const logFrequency = Float64Array.from(column.counts, (n) => Math.log2(n / column.present));
      return { column, logU: Math.log2(l.u), logFrequency };
    }),
  );
  // A frequent value (a shared hostel postcode, SMITH) counts for less than the level's average,
  // a rare one for more: the level's u is replaced by the value's own frequency.
  const adjustment = (t: TfTable, i: number, j: number) => {
    const a = t.column.codes[i];
    const b = t.column.codes[j];
    if (a < 0 || b < 0) return 0;
    return t.logU - Math.max(t.logFrequency[a], t.logFrequency[b]);
  };
  const prior = priorWeight(model.probabilityTwoRandomRecordsMatch);
  // The same tables flattened for the batch loop (millions of pairs): level weights and, per
  // level, which term-frequency table applies (-1 for none), indexed by comparison * stride + level.
  const stride = Math.max(1, ...model.comparisons.map((c) => c.levels.length));
  const flatWeights = new Float64Array(k * stride);
  const flatTf = new Int32Array(k * stride).fill(-1);
  const tfTables: TfTable[] = [];
  for (let c = 0; c < k; c++)
    for (let level = 0; level < weights[c].length; level++) {
      flatWeights[c * stride + level] = weights[c][level];
      const t = tf[c][level];
      if (t !== null) flatTf[c * stride + level] = tfTables.push(t) - 1;
    }
  // Each record's log frequency per table (NaN where it has no value): one load per record side
  // instead of its code, then the code's frequency.
  const tfOfRecord = tfTables.map((t) => {
    const codes = t.column.codes;
    const out = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) out[i] = codes[i] >= 0 ? t.logFrequency[codes[i]] : Number.NaN;
    return out;
  });
  const tfLogU = Float64Array.from(tfTables, (t) => t.logU);
  const hasTf = Array.from({ length: k }, (_, c) =>
    flatTf.subarray(c * stride, (c + 1) * stride).some((t) => t >= 0),
  );
  return {
    prior,
    weightsInto(vectors, left, right, count, into) {
      // A comparison at a time over blocks of pairs that stay in cache, as a vectorised database
      // would. Each pair's sum is built in the same order as in \`weight\` (prior, then each
      // comparison's weight and adjustment in turn), so the result is the same to the last bit.
      for (let from = 0; from < count; from += SCORE_BLOCK) {
        const to = Math.min(count, from + SCORE_BLOCK);
        into.fill(prior, from, to);
        for (let c = 0; c < k; c++) {
          const offset = c * stride;
          if (!hasTf[c]) {
            for (let p = from; p < to; p++) into[p] += flatWeights[offset + vectors[p * k + c]];
            continue;
          }
          for (let p = from; p < to; p++) {
            const at = offset + vectors[p * k + c];
            let w = into[p] + flatWeights[at];
            const t = flatTf[at];
            if (t >= 0) {
              const a = tfOfRecord[t][left[p]];
              const b = tfOfRecord[t][right[p]];
              if (!Number.isNaN(a) && !Number.isNaN(b)) w += tfLogU[t] - Math.max(a, b);
            }
            into[p] = w;
          }
        }
      }
    },
    weight(vectors, p, i, j) {
      let w = prior;
      const base = p * k;
      for (let c = 0; c < k; c++) {
        const level = vectors[base + c];
        w += weights[c][level];
        const t = tf[c][level];
        if (t !== null) w += adjustment(t, i, j);
      }
      return w;
    },
    contributions(vectors, p, i, j) {
      return model.comparisons.map((c, ci) => {
        const level = vectors[p * k + ci];
        const t = tf[ci][level];
        return {
          comparison: c.label,
          level: c.levels[level].label,
          weight: weights[ci][level],
          tfAdjustment: t === null ? 0 : adjustment(t, i, j),
        };
      });
    },
  };
}

export const probabilityFromWeight = (w: number): number => 1 / (1 + 2 ** -w);
export const weightFromProbability = (p: number): number => Math.log2(p / (1 - p));
