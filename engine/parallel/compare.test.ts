import { beforeAll, describe, expect, it } from 'vitest';
import { runLinkage } from '../api/linkage';
import { CancelledError } from '../api/progress';
import { compileComparisons } from '../compare';
import type { NormalisedTable } from '../normalise';
import { predict } from '../predict';
import { synthesise, toCsv } from '../synth';
import { csvTable } from '../testing/csv-table';
import { compareInParallel } from './compare';
import { workerHost } from './host';

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;

describe('comparing in parallel', () => {
  let small: NormalisedTable[];
  let treatment: NormalisedTable;
  beforeAll(async () => {
    const few = synthesise({ people: 1_000, treatment: 5_000, seed: 9 });
    small = [
      await csvTable('releases.csv', toCsv(few.releases)),
      await csvTable('treatment.csv', toCsv(few.treatment)),
    ];
    const data = synthesise({ people: 4_000, treatment: 20_000, seed: 9 });
    treatment = await csvTable('treatment.csv', toCsv(data.treatment));
  });

  it('gives byte-identical vectors and weights to one thread, for a link and a dedupe, from any start', async () => {
    const host = workerHost();
    expect(host).not.toBeNull();
    for (const tables of [small, [small[1]]]) {
      const one = await runLinkage(tables, { workers: 1 });
      const { frame, pairs, model } = one;
      const comparisons = model.comparisons;
      const k = comparisons.length;
      for (const from of [0, Math.floor(pairs.count / 3)]) {
        const vectors = new Uint8Array(pairs.count * k);
        vectors.set(one.vectors.subarray(0, from * k));
        // An odd chunk size, so that chunks straddle blocks and the last one is short.
        await compareInParallel(frame, comparisons, pairs, from, vectors, {
          host: host!,
          workers: 2,
          chunk: 4_999,
        });
        expect(same(vectors, one.vectors), `vectors from ${from}`).toBe(true);
        expect(predict(frame, model, pairs, vectors).weights).toEqual(one.predictions.weights);
      }
      // The batch scorer agrees with scoring one pair at a time.
      const { scorer, weights } = one.predictions;
      for (let p = 0; p < pairs.count; p += 7)
        expect(weights[p]).toBe(scorer.weight(one.vectors, p, pairs.left[p], pairs.right[p]));
      // And the kernel on all pairs in one batch agrees with the chunked run.
      const whole = compileComparisons(frame, comparisons).vectors(pairs.left, pairs.right, pairs.count);
      expect(same(whole, one.vectors)).toBe(true);
    }
  });

  it('runLinkage with two workers gives the same pairs, weights and clusters as with one', async () => {
    const one = await runLinkage([treatment], { workers: 1 });
    expect(one.pairs.count).toBeGreaterThan(65_536); // two chunks or more, so both workers work
    const two = await runLinkage([treatment], { workers: 2 });
    expect(same(two.vectors, one.vectors)).toBe(true);
    expect(two.predictions.weights).toEqual(one.predictions.weights);
    expect(two.model).toEqual(one.model);
    expect(two.clusters.clusterOf).toEqual(one.clusters.clusterOf);
  });

  it('a cancelled parallel compare stops dispatching chunks and rejects', async () => {
    const one = await runLinkage([treatment], { workers: 1 });
    const { frame, pairs, model } = one;
    const controller = new AbortController();
    const reported: number[] = [];
    const run = compareInParallel(frame, model.comparisons, pairs, 0, new Uint8Array(one.vectors.length), {
      host: workerHost()!,
      workers: 2,
      chunk: 1_000,
      signal: controller.signal,
      onChunk: (done) => {
        reported.push(done);
        controller.abort(new Error('stop'));
      },
    });
    await expect(run).rejects.toThrow('stop');
    // The chunk that reported and the one in flight on the other worker; of some 77 chunks.
    expect(reported.length).toBeLessThanOrEqual(2);
  });

  it('runLinkage cancelled during a parallel compare rejects with a CancelledError', async () => {
    const controller = new AbortController();
    const run = runLinkage([treatment], {
      workers: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'compare' && p.fraction !== undefined) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });
});
