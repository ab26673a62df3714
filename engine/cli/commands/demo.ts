import { join } from 'node:path';
import { parse } from '../args';
import type { CliIo } from '../io';
import { continuityCommand } from './continuity';
import { evaluateCommand } from './evaluate';
import { linkCommand } from './link';
import { synthCommand } from './synth';

export const DEMO_USAGE = 'throughline demo [--out DIR] [--people N] [--seed N]';

/** The synthetic data's extract date: the demo reports continuity as of it. */
const DEMO_AS_OF = '2026-11-01';

/**
 * The main job on built-in demo data: make a synthetic release list and treatment extract, link
 * them and score the links against the generator's ground truth, then report continuity of care
 * (who engaged within 21 days, who is awaiting, who was missed) and score the statuses.
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
  const care = join(out, 'continuity');
  io.out('\n4. Continuity of care (rule ohid-c20-default, as of the extract date)');
  await continuityCommand(
    [
      '--releases',
      join(data, 'releases.csv'),
      '--treatment',
      join(data, 'treatment.csv'),
      '--out',
      care,
      '--as-of',
      DEMO_AS_OF,
    ],
    io,
  );
  io.out('\n5. Statuses against the true statuses (expected.csv)');
  await evaluateCommand(
    ['--continuity', join(care, 'continuity.csv'), '--expected', join(data, 'expected.csv')],
    io,
  );
  io.out(
    `\nReports: ${join(care, 'report.html')} (continuity of care) and ${join(run, 'report.html')} (linkage).`,
  );
  io.out(`Worklist for caseworkers: ${join(care, 'worklist.csv')}`);
}
