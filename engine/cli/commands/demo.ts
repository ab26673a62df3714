import { join } from 'node:path';
import { parse } from '../args';
import type { CliIo } from '../io';
import { evaluateCommand } from './evaluate';
import { linkCommand } from './link';
import { synthCommand } from './synth';

export const DEMO_USAGE = 'throughline demo [--out DIR] [--people N] [--seed N]';

/**
 * The main job on built-in demo data: make a synthetic release list and treatment extract, link
 * them, and score the links against the generator's ground truth.
 */
export async function demoCommand(args: string[], io: CliIo): Promise<void> {
  const { values } = parse(
    args,
    { out: { type: 'string' }, people: { type: 'string' }, seed: { type: 'string' } },
    DEMO_USAGE,
  );
  const out = values.out ?? 'out/demo';
  const data = join(out, 'data');
  const run = join(out, 'link');
  io.out('1. Synthetic release list and treatment extract');
  await synthCommand(['--out', data, '--people', values.people ?? '2000', '--seed', values.seed ?? '1'], io);
  io.out('\n2. Link releases to treatment (unsupervised)');
  await linkCommand('link', [join(data, 'releases.csv'), join(data, 'treatment.csv'), '--out', run], io);
  io.out('\n3. Accuracy against the synthetic ground truth');
  await evaluateCommand(['--pairs', join(run, 'pairs.csv'), '--truth', join(data, 'truth.csv')], io);
  io.out(
    `\nOpen ${join(run, 'report.html')} in a browser for the model, blocking counts and example waterfalls.`,
  );
}
