import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { expectationMaximisation } from './em';
import { countPatterns } from './patterns';

/**
 * Draws comparison vectors from a known Fellegi-Sunter mixture and checks that EM, given u,
 * recovers m and the match share. Level 0 is the null level.
 */
function simulate(n: number, lambda: number, m: number[][], u: number[][], nullRate: number, seed: number) {
  const rng = createRng(seed);
  const k = m.length;
  const vectors = new Uint8Array(n * k);
  const draw = (p: number[]) => {
    let x = rng.next();
    for (let l = 1; l < p.length; l++) {
      x -= p[l];
      if (x < 0) return l;
    }
    return p.length - 1;
  };
  for (let i = 0; i < n; i++) {
    const match = rng.chance(lambda);
    for (let c = 0; c < k; c++) vectors[i * k + c] = rng.chance(nullRate) ? 0 : draw(match ? m[c] : u[c]);
  }
  return vectors;
}

describe('expectationMaximisation', () => {
  const m = [
    [Number.NaN, 0.85, 0.1, 0.05],
    [Number.NaN, 0.9, 0.07, 0.03],
    [Number.NaN, 0.7, 0.2, 0.1],
    [Number.NaN, 0.95, 0.05],
  ];
  const u = [
    [Number.NaN, 0.01, 0.04, 0.95],
    [Number.NaN, 0.002, 0.02, 0.978],
    [Number.NaN, 0.05, 0.15, 0.8],
    [Number.NaN, 0.5, 0.5],
  ];

  it('recovers known m and the match share from unlabelled vectors', () => {
    const vectors = simulate(200_000, 0.2, m, u, 0.05, 7);
    const patterns = countPatterns(vectors, 4, [4, 4, 4, 3]);
    expect(patterns.size).toBeLessThanOrEqual(4 * 4 * 4 * 3);
    const result = expectationMaximisation(patterns, u);
    expect(result.converged).toBe(true);
    expect(result.lambda).toBeCloseTo(0.2, 2);
    for (let c = 0; c < m.length; c++)
      for (let l = 1; l < m[c].length; l++) expect(Math.abs(result.m[c][l] - m[c][l])).toBeLessThan(0.01);
  });

  it('estimates u of the pairs it runs on when asked, as blocking makes candidates agree more than random pairs', () => {
    // Non-matches among candidates agree far more often than random pairs (u from sampling).
    const candidateU = [
      [Number.NaN, 0.2, 0.2, 0.6],
      [Number.NaN, 0.05, 0.15, 0.8],
      [Number.NaN, 0.05, 0.15, 0.8],
      [Number.NaN, 0.5, 0.5],
    ];
    const vectors = simulate(200_000, 0.05, m, candidateU, 0, 5);
    const patterns = countPatterns(vectors, 4, [4, 4, 4, 3]);
    const fixed = expectationMaximisation(patterns, u);
    const free = expectationMaximisation(patterns, u, { estimateU: true, initialLambda: 0.1 });
    expect(Math.abs(fixed.lambda - 0.05)).toBeGreaterThan(0.05); // the excess agreement is taken for matches
    expect(free.lambda).toBeCloseTo(0.05, 2);
    expect(Math.abs(free.m[0][1] - 0.85)).toBeLessThan(0.02);
    expect(Math.abs(free.u[0][1] - 0.2)).toBeLessThan(0.01);
  });

  it('with m fixed estimates only the match share', () => {
    const vectors = simulate(100_000, 0.05, m, u, 0, 11);
    const result = expectationMaximisation(countPatterns(vectors, 4, [4, 4, 4, 3]), u, {
      initialM: m.map((x) => [...x]),
      fixM: true,
    });
    expect(result.m[0][1]).toBe(0.85);
    expect(result.lambda).toBeCloseTo(0.05, 2);
  });

  it('estimates the match share of all pairs from the candidates blocking kept, given the number of all pairs', () => {
    // A million pairs, one in a thousand a match; blocking keeps the pairs with a top level on
    // one of the first three comparisons (nearly every match, 6% of the others).
    const all = 1_000_000;
    const vectors = simulate(all, 0.001, m, u, 0, 3);
    const kept: number[] = [];
    for (let p = 0; p < all; p++) if ([0, 1, 2].some((c) => vectors[p * 4 + c] === 1)) kept.push(p);
    const candidates = new Uint8Array(kept.length * 4);
    kept.forEach((p, q) => {
      candidates.set(vectors.subarray(p * 4, p * 4 + 4), q * 4);
    });
    const patterns = countPatterns(candidates, 4, [4, 4, 4, 3]);
    const fixed = { initialM: m.map((x) => [...x]), fixM: true };
    const overAll = expectationMaximisation(patterns, u, { ...fixed, initialLambda: 0.01, population: all });
    expect(overAll.converged).toBe(true);
    expect(overAll.lambda).toBeGreaterThan(0.0009);
    expect(overAll.lambda).toBeLessThan(0.0011);
    // As a sample of their own, the candidates' agreement on what blocking chose them for is
    // taken for evidence: the match share of all pairs comes out twice too high.
    const asSample = expectationMaximisation(patterns, u, { ...fixed, initialLambda: 0.1 });
    expect((asSample.lambda * kept.length) / all).toBeGreaterThan(0.0018);
  });

  it('counts identical vectors as one pattern', () => {
    const vectors = Uint8Array.from([1, 2, 1, 2, 0, 1, 1, 2]);
    const patterns = countPatterns(vectors, 2, [3, 3]);
    expect(patterns.size).toBe(2);
    expect(Array.from(patterns.counts)).toEqual([3, 1]);
  });
});
