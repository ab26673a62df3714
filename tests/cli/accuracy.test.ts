import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEBRL, runCli, tempDir } from './run-cli';

/**
 * The acceptance figures of the linkage engine, unsupervised: no truth is used to train or tune.
 * These guard against regressions; `npm run bench` reports the same runs with timings.
 */
async function linkAndEvaluate(args: string[], truth: string) {
  const out = await tempDir();
  const run = await runCli([...args, '--out', out]);
  expect(run.code, run.err).toBe(0);
  const evaluation = await runCli([
    'evaluate',
    '--pairs',
    join(out, 'pairs.csv'),
    '--truth',
    truth,
    '--json',
  ]);
  expect(evaluation.code, evaluation.err).toBe(0);
  return JSON.parse(evaluation.out) as { precision: number; recall: number; f1: number };
}

describe('accuracy on benchmark data', () => {
  it('links FEBRL4 (5,000 x 5,000) with F1 >= 0.99', async () => {
    const a = await linkAndEvaluate(
      ['link', join(FEBRL, 'dataset4a.csv'), join(FEBRL, 'dataset4b.csv')],
      join(FEBRL, 'truth-4.csv'),
    );
    expect(a.f1).toBeGreaterThanOrEqual(0.99);
  });

  it.each(['1', '2'])('de-duplicates FEBRL%s with F1 >= 0.99', async (d) => {
    const a = await linkAndEvaluate(
      ['dedupe', join(FEBRL, `dataset${d}.csv`)],
      join(FEBRL, `truth-${d}.csv`),
    );
    expect(a.f1).toBeGreaterThanOrEqual(0.99);
  });

  it('links synthetic releases to treatment (2,000 x 10,000) with F1 >= 0.98', async () => {
    const data = await tempDir();
    expect((await runCli(['synth', '--out', data, '--people', '2000', '--seed', '7'])).code).toBe(0);
    const a = await linkAndEvaluate(
      ['link', join(data, 'releases.csv'), join(data, 'treatment.csv')],
      join(data, 'truth.csv'),
    );
    expect(a.f1).toBeGreaterThanOrEqual(0.98);
  });
});
