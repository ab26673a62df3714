import type { Patterns } from './patterns';

export interface EmResult {
  /** m per comparison and level (NaN for the null level). */
  m: number[][];
  /** u among the pairs EM ran on (equal to the input u unless `estimateU`). */
  u: number[][];
  /** Share of the pairs judged to be matches. */
  lambda: number;
  iterations: number;
  converged: boolean;
}

/** Keeps a probability away from 0 so every weight stays finite. */
const FLOOR = 1e-6;

/**
 * Expectation-maximisation for the Fellegi-Sunter mixture over pattern counts, with u held fixed
 * (estimated from random pairs) and m and the match share estimated. A null level contributes
 * nothing and is left out of m. Start values follow Splink: most of a comparison's m on its top
 * level, a little on "all other".
 */
export function expectationMaximisation(
  patterns: Patterns,
  u: readonly (readonly number[])[],
  options: {
    maxIterations?: number;
    tolerance?: number;
    initialLambda?: number;
    initialM?: number[][];
    /** Keep m as given (trained from labels) and estimate only the match share. */
    fixM?: boolean;
    /**
     * Also estimate u, of the pairs EM runs on, starting from the given u. Candidate pairs are not
     * random pairs: blocking makes non-matches among them agree more often than at random, and
     * with u held at its random-pair value EM would explain that excess as matches.
     */
    estimateU?: boolean;
    /**
     * The number of pairs the match share is a share of, when the patterns are only some of them:
     * the others count as non-matches. Blocking leaves out pairs that agree on next to nothing, so
     * EM over the candidates with `population` all pairs is EM over all pairs, as Fellegi and
     * Sunter define the match share. Default: the pairs in the patterns.
     */
    population?: number;
  } = {},
): EmResult {
  const { k, vectors, counts, size } = patterns;
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  let m = options.initialM?.map((x) => x.slice()) ?? u.map((levels) => initialM(levels.length));
  let lambda = options.initialLambda ?? 0.1;
  let uNow = u.map((levels) => levels.slice());
  const w = new Float64Array(size);
  let counted = 0;
  for (let q = 0; q < size; q++) counted += counts[q];
  const population = options.population ?? counted;
  // Over all pairs of a large list the match share is far below FLOOR; its change is then
  // measured relative to it.
  const relative = options.population !== undefined;
  const lambdaFloor = relative ? Math.min(FLOOR, 1 / Math.max(1, population)) : FLOOR;

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const logM = m.map((levels) => levels.map((x) => Math.log(x)));
    const logU = uNow.map((levels) => levels.map((x) => Math.log(x)));
    const prior = Math.log(lambda / (1 - lambda));
    let matched = 0;
    for (let q = 0; q < size; q++) {
      let logOdds = prior;
      for (let c = 0; c < k; c++) {
        const level = vectors[q * k + c];
        if (level !== 0) logOdds += logM[c][level] - logU[c][level];
      }
      w[q] = 1 / (1 + Math.exp(-logOdds));
      matched += counts[q] * w[q];
    }
    const next = m.map((levels) => new Array<number>(levels.length).fill(0));
    const nextU = uNow.map((levels) => new Array<number>(levels.length).fill(0));
    const denominators = new Float64Array(k);
    const uDenominators = new Float64Array(k);
    for (let q = 0; q < size; q++) {
      const weight = counts[q] * w[q];
      const other = counts[q] - weight;
      for (let c = 0; c < k; c++) {
        const level = vectors[q * k + c];
        if (level === 0) continue;
        next[c][level] += weight;
        denominators[c] += weight;
        nextU[c][level] += other;
        uDenominators[c] += other;
      }
    }
    if (options.estimateU) {
      for (let c = 0; c < k; c++) {
        for (let l = 1; l < nextU[c].length; l++) {
          const value = uDenominators[c] > 0 ? Math.max(FLOOR, nextU[c][l] / uDenominators[c]) : uNow[c][l];
          nextU[c][l] = value;
        }
        nextU[c][0] = Number.NaN;
      }
      uNow = nextU;
    }
    let change = 0;
    for (let c = 0; c < k && !options.fixM; c++) {
      for (let l = 1; l < next[c].length; l++) {
        const value = denominators[c] > 0 ? Math.max(FLOOR, next[c][l] / denominators[c]) : m[c][l];
        change = Math.max(change, Math.abs(value - m[c][l]));
        next[c][l] = value;
      }
      next[c][0] = Number.NaN;
    }
    const nextLambda = Math.min(1 - FLOOR, Math.max(lambdaFloor, matched / population));
    change = Math.max(change, Math.abs(nextLambda - lambda) / (relative ? lambda : 1));
    if (!options.fixM) m = next;
    lambda = nextLambda;
    if (change < tolerance) return { m, u: uNow, lambda, iterations: iteration, converged: true };
  }
  return { m, u: uNow, lambda, iterations: maxIterations, converged: false };
}

function initialM(levels: number): number[] {
  const real = levels - 1;
  const out = [Number.NaN];
  if (real === 1) return [Number.NaN, 1];
  // Top level 0.7, the middle levels share 0.25 halving each step, "all other" 0.05.
  const middle = real - 2;
  out.push(middle > 0 ? 0.7 : 0.95);
  let share = 0.25;
  for (let l = 0; l < middle; l++) {
    share /= 2;
    out.push(l === middle - 1 ? share * 2 : share);
  }
  out.push(0.05);
  return out;
}
