import type { Rng } from '../random';

/** A frequency-weighted list: pick in O(log n) by binary search over the cumulative weights. */
export interface Weighted<T> {
  items: readonly T[];
  cumulative: Float64Array;
  total: number;
}

export function weighted<T>(items: readonly T[], weights: readonly number[]): Weighted<T> {
  if (items.length !== weights.length || items.length === 0) throw new Error('weighted: bad lists');
  const cumulative = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += weights[i];
    cumulative[i] = total;
  }
  return { items, cumulative, total };
}

/** Zipf-like weights 1 / (rank + k)^s for a list already ordered from most to least common. */
export function zipf<T>(items: readonly T[], s = 1, k = 1): Weighted<T> {
  return weighted(
    items,
    items.map((_, i) => 1 / (i + k) ** s),
  );
}

export function pickWeighted<T>(rng: Rng, w: Weighted<T>): T {
  const x = rng.next() * w.total;
  let lo = 0;
  let hi = w.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (w.cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return w.items[lo];
}
