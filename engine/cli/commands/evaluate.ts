import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Accuracy, pairwiseAccuracy, type Sides } from '../../evaluate';
import { parse, requireOption } from '../args';
import { parseCsvObjects } from '../csv';
import { type CliIo, UserError } from '../io';

export const EVALUATE_USAGE = 'throughline evaluate --pairs DIR/pairs.csv --truth TRUTH.csv [--json]';

async function readCsv(path: string, required: string[]) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`${path}: no such file`);
  }
  const parsed = parseCsvObjects(text);
  for (const f of required)
    if (!parsed.fields.includes(f)) throw new UserError(`${basename(path)}: needs a column "${f}"`);
  return parsed.rows;
}

/**
 * Precision, recall and F1 of pairs.csv against a truth file (`id,entity`). Which records were on
 * which side is read from clusters.csv beside pairs.csv (every input record is listed there);
 * without it the job is taken to be a de-duplication of the ids in the truth file.
 */
export async function evaluateCommand(args: string[], io: CliIo): Promise<Accuracy> {
  const { values } = parse(
    args,
    { pairs: { type: 'string' }, truth: { type: 'string' }, json: { type: 'boolean' } },
    EVALUATE_USAGE,
  );
  const pairsPath = requireOption(values.pairs, 'pairs', EVALUATE_USAGE);
  const truthPath = requireOption(values.truth, 'truth', EVALUATE_USAGE);
  const pairs = await readCsv(pairsPath, ['left_id', 'right_id']);
  const truthRows = await readCsv(truthPath, ['id', 'entity']);
  const entityOf = new Map(truthRows.map((r) => [r.id, r.entity]));

  const sides: Sides = { left: [], right: [] };
  const clustersPath = join(dirname(pairsPath), 'clusters.csv');
  let clusters: Record<string, string>[] | null = null;
  try {
    clusters = await readCsv(clustersPath, ['source', 'id']);
  } catch {
    io.err(`note: no ${clustersPath}; evaluating as a de-duplication of the ids in ${basename(truthPath)}`);
  }
  if (clusters) for (const r of clusters) (r.source === 'right' ? sides.right : sides.left).push(r.id);
  else sides.left = [...entityOf.keys()];

  const accuracy = pairwiseAccuracy(
    pairs.map((r) => [r.left_id, r.right_id] as [string, string]),
    { entityOf },
    sides,
  );
  if (values.json) io.out(JSON.stringify(accuracy));
  else {
    const fmt = (n: number) => n.toLocaleString('en-GB');
    io.out(`pairs ${fmt(accuracy.predicted)}, true pairs ${fmt(accuracy.truePairs)}`);
    io.out(`  true positives   ${fmt(accuracy.truePositives)}`);
    io.out(`  false positives  ${fmt(accuracy.falsePositives)}`);
    io.out(`  false negatives  ${fmt(accuracy.falseNegatives)}`);
    io.out(`  precision        ${accuracy.precision.toFixed(4)}`);
    io.out(`  recall           ${accuracy.recall.toFixed(4)}`);
    io.out(`  F1               ${accuracy.f1.toFixed(4)}`);
  }
  return accuracy;
}
