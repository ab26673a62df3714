import type { Comparison, CompiledComparisons, Frame } from '../compare';
import { createRng } from '../random';

/** Total number of record pairs the job could compare. */
export function totalPairs(frame: Frame): number {
  return frame.linkType === 'link' ? frame.nLeft * (frame.n - frame.nLeft) : (frame.n * (frame.n - 1)) / 2;
}

/**
 * u: the probability of each level among pairs that are not the same person, estimated from
 * pairs drawn at random (almost all of which are different people). A level reached by "exact"
 * on a column is computed exactly from value frequencies instead, because with rare values
 * (identifiers, full postcodes) a sample would see too few agreements to estimate it.
 */
export function estimateU(
  frame: Frame,
  comparisons: readonly Comparison[],
  compiled: CompiledComparisons,
  options: { seed: number; samplePairs: number },
): { u: number[][]; sampled: number } {
  const rng = createRng(options.seed);
  const sampled = Math.max(1, Math.min(options.samplePairs, totalPairs(frame)));
  const left = new Int32Array(sampled);
  const right = new Int32Array(sampled);
  const nRight = frame.n - frame.nLeft;
  for (let p = 0; p < sampled; p++) {
    if (frame.linkType === 'link') {
      left[p] = rng.int(frame.nLeft);
      right[p] = frame.nLeft + rng.int(nRight);
    } else {
      const i = rng.int(frame.n);
      let j = rng.int(frame.n - 1);
      if (j >= i) j++;
      left[p] = i;
      right[p] = j;
    }
  }
  const vectors = compiled.vectors(left, right);
  const k = compiled.k;
  return {
    sampled,
    u: comparisons.map((c, ci) => {
      const counts = new Float64Array(c.levels.length);
      for (let p = 0; p < sampled; p++) counts[vectors[p * k + ci]]++;
      const exactU = exactLevelU(frame, c);
      // Half a pair added to every level keeps unseen levels finite (additive smoothing).
      let rest = 0;
      for (let l = 1; l < counts.length; l++) if (!(l === 1 && exactU !== null)) rest += counts[l] + 0.5;
      const restShare = exactU === null ? 1 : 1 - exactU;
      return Array.from(counts, (n, l) => {
        if (l === 0) return Number.NaN;
        if (l === 1 && exactU !== null) return exactU;
        return (restShare * (n + 0.5)) / rest;
      });
    }),
  };
}

/**
 * P(two random records agree exactly | both have a value), from value counts on each side, when
 * the comparison's first real level is a plain "exact" on a column; otherwise null.
 */
function exactLevelU(frame: Frame, c: Comparison): number | null {
  const when = c.levels[1]?.when;
  if (when?.kind !== 'exact') return null;
  const col = frame.columns[when.column];
  if (!col || col.kind === 'list') return null;
  const value = (i: number) => (col.kind === 'text' ? col.codes[i] : col.data[i] === 0 ? -1 : col.data[i]);
  const countSide = (from: number, to: number) => {
    const counts = new Map<number, number>();
    let present = 0;
    for (let i = from; i < to; i++) {
      const v = value(i);
      if (v < 0) continue;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      present++;
    }
    return { counts, present };
  };
  let agree: number;
  if (frame.linkType === 'link') {
    const a = countSide(0, frame.nLeft);
    const b = countSide(frame.nLeft, frame.n);
    if (a.present === 0 || b.present === 0) return null;
    let s = 0;
    for (const [v, n] of a.counts) s += n * (b.counts.get(v) ?? 0);
    agree = s / (a.present * b.present);
  } else {
    const a = countSide(0, frame.n);
    if (a.present < 2) return null;
    let s = 0;
    for (const n of a.counts.values()) s += n * (n - 1);
    agree = s / (a.present * (a.present - 1));
  }
  // Never exactly 0 or 1: a weight must stay finite.
  return Math.min(1 - 1e-9, Math.max(agree, 1 / (totalPairs(frame) + 1)));
}
