/**
 * Pairwise accuracy of predicted links against ground truth (each record's true entity).
 * For a link job only pairs across the two sides count; for a dedupe every pair within the file.
 */
export interface Truth {
  /** Entity of each record id. */
  entityOf: Map<string, string>;
}

export interface Sides {
  /** Record ids on the left (or only) side and on the right side; right is empty for a dedupe. */
  left: string[];
  right: string[];
}

export interface Accuracy {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  predicted: number;
  truePairs: number;
}

/** Number of true pairs: per entity, left x right records (link) or n choose 2 (dedupe). */
export function countTruePairs(truth: Truth, sides: Sides): number {
  const perEntity = new Map<string, [number, number]>();
  const add = (ids: string[], side: 0 | 1) => {
    for (const id of ids) {
      const e = truth.entityOf.get(id);
      if (e === undefined) continue;
      const counts = perEntity.get(e) ?? [0, 0];
      counts[side]++;
      perEntity.set(e, counts);
    }
  };
  add(sides.left, 0);
  add(sides.right, 1);
  let total = 0;
  const link = sides.right.length > 0;
  for (const [l, r] of perEntity.values()) total += link ? l * r : (l * (l - 1)) / 2;
  return total;
}

export function pairwiseAccuracy(
  predicted: Iterable<[string, string]>,
  truth: Truth,
  sides: Sides,
): Accuracy {
  const seen = new Set<string>();
  let tp = 0;
  let fp = 0;
  for (const [a, b] of predicted) {
    const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ea = truth.entityOf.get(a);
    if (ea !== undefined && ea === truth.entityOf.get(b)) tp++;
    else fp++;
  }
  const truePairs = countTruePairs(truth, sides);
  const fn = Math.max(0, truePairs - tp);
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision,
    recall,
    f1,
    predicted: seen.size,
    truePairs,
  };
}
