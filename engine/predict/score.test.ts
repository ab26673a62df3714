import { describe, expect, it } from 'vitest';
import { buildFrame, comparison } from '../compare';
import type { Model } from '../model';
import { normalisedTable } from '../testing/normalised-table';
import { createScorer, probabilityFromWeight, weightFromProbability } from './score';

// Nine SMITHs and one rare surname on each side.
const left = normalisedTable('l.csv', [
  ...Array.from({ length: 9 }, (_, i) => ({ id: `s${i}`, surname: 'SMITH' })),
  { id: 'r', surname: 'QUIGGIN' },
]);
const right = normalisedTable('r.csv', [
  ...Array.from({ length: 9 }, (_, i) => ({ id: `t${i}`, surname: 'SMITH' })),
  { id: 'q', surname: 'QUIGGIN' },
]);
const frame = buildFrame([left, right]);
const surname = comparison('surname', 'Surname', 'surname', [
  { when: { kind: 'exact', column: 'surname' }, tf: 'surname' },
]);
const model: Model = {
  format: 'throughline-model',
  version: 1,
  linkType: 'link',
  probabilityTwoRandomRecordsMatch: 0.01,
  comparisons: [
    {
      ...surname,
      levels: [
        surname.levels[0],
        { ...surname.levels[1], m: 0.9, u: 0.1 },
        { ...surname.levels[2], m: 0.1, u: 0.9 },
      ],
    },
  ],
  blockingRules: [{ on: ['surname'] }],
  training: {
    method: 'unsupervised',
    seed: 1,
    uSamplePairs: 0,
    candidatePairs: 0,
    emIterations: 0,
    emConverged: true,
    candidateMatchShare: 0,
  },
};

describe('createScorer', () => {
  const scorer = createScorer(frame, model);
  const weightOf = (a: string, b: string) => {
    const i = frame.ids.indexOf(a);
    const j = frame.ids.lastIndexOf(b);
    return scorer.weight(Uint8Array.from([1]), 0, i, j);
  };

  it('adds log2(m/u) of the level to the prior, adjusted by how common the value is', () => {
    // SMITH is 18 of 20 surnames: the adjustment is log2(u / 0.9) = log2(0.1 / 0.9).
    const smith = weightOf('s0', 't0');
    expect(smith).toBeCloseTo(Math.log2(0.01 / 0.99) + Math.log2(0.9 / 0.1) + Math.log2(0.1 / 0.9), 10);
    // QUIGGIN is 2 of 20: it counts for more than the level's average.
    const rare = weightOf('r', 'q');
    expect(rare).toBeCloseTo(Math.log2(0.01 / 0.99) + Math.log2(0.9 / 0.1) + Math.log2(0.1 / 0.1), 10);
    expect(rare).toBeGreaterThan(smith);
  });

  it('reports each contribution for the waterfall, TF apart from the level weight', () => {
    const i = frame.ids.indexOf('s0');
    const [c] = scorer.contributions(Uint8Array.from([1]), 0, i, frame.ids.lastIndexOf('t0'));
    expect(c).toMatchObject({ comparison: 'Surname', level: 'surname exact' });
    expect(c.weight).toBeCloseTo(Math.log2(9), 10);
    expect(c.tfAdjustment).toBeCloseTo(Math.log2(0.1 / 0.9), 10);
  });

  it('scores a batch of pairs exactly as one pair at a time', () => {
    // Every left record against every right one, at each of the comparison's levels, eight times
    // over: more pairs than one block of the batch loop.
    const left: number[] = [];
    const right: number[] = [];
    const levels: number[] = [];
    for (let repeat = 0; repeat < 8; repeat++)
      for (let i = 0; i < frame.nLeft; i++)
        for (let j = frame.nLeft; j < frame.n; j++)
          for (const level of [0, 1, 2]) {
            left.push(i);
            right.push(j);
            levels.push(level);
          }
    const vectors = Uint8Array.from(levels);
    const batch = new Float64Array(left.length);
    scorer.weightsInto(vectors, Int32Array.from(left), Int32Array.from(right), left.length, batch);
    const one = left.map((i, p) => scorer.weight(vectors, p, i, right[p]));
    expect([...batch]).toEqual(one);
    expect(new Set(one).size).toBeGreaterThan(2); // levels and TF made the weights differ
  });

  it('turns weights into probabilities and back', () => {
    expect(probabilityFromWeight(0)).toBe(0.5);
    expect(probabilityFromWeight(weightFromProbability(0.97))).toBeCloseTo(0.97, 12);
  });
});
