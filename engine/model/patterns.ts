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
  const n = k === 0 ? 0 : vectors.length / k;
  const index = new Map<number, number>();
  const firstSeen: number[] = [];
  const counts: number[] = [];
  for (let p = 0; p < n; p++) {
    let key = 0;
    for (let c = 0; c < k; c++) key = key * levelCounts[c] + vectors[p * k + c];
    const found = index.get(key);
    if (found === undefined) {
      index.set(key, counts.length);
      firstSeen.push(p);
      counts.push(1);
    } else counts[found]++;
  }
  const out = new Uint8Array(firstSeen.length * k);
  firstSeen.forEach((p, q) => {
    out.set(vectors.subarray(p * k, p * k + k), q * k);
  });
  return { k, vectors: out, counts: Float64Array.from(counts), size: counts.length };
}
