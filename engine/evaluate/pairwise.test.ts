import { describe, expect, it } from 'vitest';
import { countTruePairs, pairwiseAccuracy, type Truth } from './pairwise';

const truth: Truth = {
  entityOf: new Map([
    ['L1', 'A'],
    ['L2', 'B'],
    ['L3', 'C'],
    ['R1', 'A'],
    ['R2', 'A'],
    ['R3', 'B'],
    ['R4', 'D'],
  ]),
};
const sides = { left: ['L1', 'L2', 'L3'], right: ['R1', 'R2', 'R3', 'R4'] };

describe('pairwiseAccuracy', () => {
  it('counts true pairs across sides only for a link', () => {
    // A: 1 left x 2 right; B: 1 x 1; C and D have no partner. R1-R2 (same side) is not a link pair.
    expect(countTruePairs(truth, sides)).toBe(3);
  });

  it('counts within-file pairs for a dedupe', () => {
    expect(countTruePairs(truth, { left: [...sides.left, ...sides.right], right: [] })).toBe(3 + 1); // A: L1,R1,R2 -> 3 pairs; B: L2,R3 -> 1
  });

  it('scores precision, recall and F1, ignoring a pair listed twice in either order', () => {
    const a = pairwiseAccuracy(
      [
        ['L1', 'R1'],
        ['R1', 'L1'],
        ['L2', 'R3'],
        ['L3', 'R4'],
      ],
      truth,
      sides,
    );
    expect(a).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1, predicted: 3 });
    expect(a.precision).toBeCloseTo(2 / 3);
    expect(a.recall).toBeCloseTo(2 / 3);
    expect(a.f1).toBeCloseTo(2 / 3);
  });
});
