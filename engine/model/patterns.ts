/**
 * Comparison vectors grouped into distinct patterns with their counts. EM and the summaries of a
 * run work on patterns, not pairs: a few thousand patterns stand for millions of pairs.
 */
export interface Patterns {
  k: number;
  /** Distinct vectors, row-major. */
  vectors: Uint8Array;
  counts: Float64Array;
  size: number;
}

export function countPatterns(vectors: Uint8Array, k: number, levelCounts: readonly number[]): Patterns {
  const counter = new PatternCounter(k, levelCounts);
  const n = k === 0 ? 0 : vectors.length / k;
  for (let p = 0; p < n; p++) counter.add(vectors, p);
  return counter.patterns();
}

/**
 * Counts patterns pair by pair, for a caller that chooses the pairs (an EM session's rule) and may
 * hide some comparisons (read as the null level), without copying the chosen vectors: at a million
 * records a session chooses millions of pairs. Patterns are numbered in the order first seen.
 */
export class PatternCounter {
  private readonly index = new Map<number, number>();
  private distinct: Uint8Array;
  private counts: Float64Array;
  private readonly keep: Uint8Array;
  /** Distinct patterns so far. */
  size = 0;
  /** Pairs counted so far. */
  pairs = 0;

  constructor(
    readonly k: number,
    private readonly levelCounts: readonly number[],
    /** Per comparison, whether it is counted (default: all). */
    keep?: readonly boolean[],
  ) {
    this.keep = Uint8Array.from({ length: k }, (_, c) => (keep === undefined || keep[c] ? 1 : 0));
    this.distinct = new Uint8Array(64 * k);
    this.counts = new Float64Array(64);
  }

  /** Counts pair p of `vectors` (K bytes per pair) and returns the index of its pattern. */
  add(vectors: Uint8Array, p: number): number {
    const { k, keep, levelCounts } = this;
    const base = p * k;
    let key = 0;
    for (let c = 0; c < k; c++) key = key * levelCounts[c] + (keep[c] ? vectors[base + c] : 0);
    let q = this.index.get(key);
    if (q === undefined) {
      q = this.size++;
      this.index.set(key, q);
      if (q === this.counts.length) {
        const counts = new Float64Array(q * 2);
        counts.set(this.counts);
        this.counts = counts;
        const distinct = new Uint8Array(q * 2 * k);
        distinct.set(this.distinct);
        this.distinct = distinct;
      }
      for (let c = 0; c < k; c++) this.distinct[q * k + c] = keep[c] ? vectors[base + c] : 0;
    }
    this.counts[q]++;
    this.pairs++;
    return q;
  }

  patterns(): Patterns {
    return {
      k: this.k,
      vectors: this.distinct.slice(0, this.size * this.k),
      counts: this.counts.slice(0, this.size),
      size: this.size,
    };
  }
}
