import { describe, expect, it } from 'vitest';
import { allocatePairs, buffersBehind, compactPairs, type PairBuffers, withRoom } from './pair-buffers';

const K = 2;

/** Buffers holding these pairs [left, right, rule], pair p's vector being [p, p]. */
function holding(pairs: [number, number, number][], capacity = 8): PairBuffers {
  const b = allocatePairs(capacity, K);
  pairs.forEach(([l, r, rule], p) => {
    b.left[p] = l;
    b.right[p] = r;
    b.rule[p] = rule;
    b.vectors.set([p, p], p * K);
    b.weights[p] = p / 10;
  });
  return b;
}

const listed = (b: PairBuffers, count: number) =>
  Array.from({ length: count }, (_, p) => [b.left[p], b.right[p], b.rule[p], b.vectors[p * K]]);

describe('compactPairs', () => {
  // A link of 3 left records (0-2) and 3 right records (3-5).
  const link = { nLeft: 3, linkType: 'link' as const };
  const pairs: [number, number, number][] = [
    [0, 3, 0],
    [1, 4, 1],
    [2, 5, 0],
    [0, 5, 255],
  ];

  it('shifts the right side when a list was added on the left, and drops the pairs a decision added', () => {
    const b = holding(pairs);
    // Two records added after the left ones: every right record moves down by 2.
    const moved = Int32Array.from([0, 1, 2, 5, 6, 7]);
    const kept = compactPairs(b, pairs.length, moved, link, K);
    expect(listed(b, kept)).toEqual([
      [0, 5, 0, 0],
      [1, 6, 1, 1],
      [2, 7, 0, 2],
    ]);
  });

  it('renumbers through the map and closes the gaps, vectors with their pairs, when a record went', () => {
    const b = holding(pairs);
    // Left record 1 was changed (-1); records 2.. move up by one.
    const moved = Int32Array.from([0, -1, 1, 2, 3, 4]);
    const kept = compactPairs(b, pairs.length, moved, link, K);
    expect(listed(b, kept)).toEqual([
      [0, 2, 0, 0],
      [1, 4, 0, 2],
    ]);
  });

  it('moves both records of a dedupe pair by the same constant', () => {
    const b = holding([
      [0, 1, 0],
      [1, 2, 0],
    ]);
    const kept = compactPairs(b, 2, Int32Array.from([1, 2, 3]), { nLeft: 3, linkType: 'dedupe' }, K);
    expect(listed(b, kept)).toEqual([
      [1, 2, 0, 0],
      [2, 3, 0, 1],
    ]);
  });
});

describe('buffers with room', () => {
  it('finds the whole buffers behind views of their beginnings', () => {
    const b = holding([[0, 3, 0]], 8);
    const behind = buffersBehind(
      {
        left: b.left.subarray(0, 1),
        right: b.right.subarray(0, 1),
        rule: b.rule.subarray(0, 1),
        vectors: b.vectors.subarray(0, K),
        weights: b.weights.subarray(0, 1),
      },
      K,
    );
    expect(behind.capacity).toBe(8);
    expect(behind.left.buffer).toBe(b.left.buffer);
  });

  it('keeps the buffers when the pairs fit, and copies the kept pairs into bigger ones when not', () => {
    const b = holding(
      [
        [0, 3, 0],
        [1, 4, 1],
      ],
      4,
    );
    expect(withRoom(b, 2, 4, K)).toBe(b);
    const grown = withRoom(b, 2, 5, K);
    expect(grown.capacity).toBeGreaterThanOrEqual(5);
    expect(listed(grown, 2)).toEqual(listed(b, 2));
    expect(Array.from(grown.weights.subarray(0, 2))).toEqual([0, 0.1]);
  });
});
