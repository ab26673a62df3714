import { basename, dirname, join } from 'node:path';
import { type Accuracy, pairwiseAccuracy, type Sides } from '../../evaluate';
import { parse, requireOption } from '../args';
import { parseCsvObjects } from '../csv';
import { type CliIo, readText, UserError } from '../io';

export const EVALUATE_USAGE =
  'throughline evaluate --pairs DIR/pairs.csv --truth TRUTH.csv [--json] | evaluate --continuity DIR/continuity.csv --expected DATA/expected.csv [--json]';

async function readCsv(path: string, required: string[]) {
  const text = await readText(path);
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
export async function evaluateCommand(args: string[], io: CliIo): Promise<Accuracy | StatusAgreement> {
  const { values } = parse(
    args,
    {
      pairs: { type: 'string' },
      truth: { type: 'string' },
      continuity: { type: 'string' },
      expected: { type: 'string' },
      json: { type: 'boolean' },
    },
    EVALUATE_USAGE,
  );
  if (values.continuity !== undefined || values.expected !== undefined)
    return evaluateContinuity(
      requireOption(values.continuity, 'continuity', EVALUATE_USAGE),
      requireOption(values.expected, 'expected', EVALUATE_USAGE),
      values.json === true,
      io,
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

export interface StatusAgreement {
  releases: number;
  /** Share of releases whose status equals the expected one. */
  agreement: number;
  /** Continuity rate (engaged in window over releases whose window has closed), found and expected. */
  rate: number;
  expectedRate: number;
  /** expected status -> found status -> count, for the disagreements. */
  confusion: Record<string, Record<string, number>>;
}

/** Status agreement of continuity.csv with expected.csv (from `synth`), and the two rates. */
async function evaluateContinuity(
  path: string,
  expectedPath: string,
  json: boolean,
  io: CliIo,
): Promise<StatusAgreement> {
  const found = await readCsv(path, ['release_id', 'status']);
  const expected = await readCsv(expectedPath, ['release_id', 'status']);
  const statusOf = new Map(found.map((r) => [r.release_id, r.status]));
  let agree = 0;
  const confusion: Record<string, Record<string, number>> = {};
  for (const e of expected) {
    const f = statusOf.get(e.release_id) ?? '(missing)';
    if (f === e.status) agree++;
    else {
      confusion[e.status] ??= {};
      confusion[e.status][f] = (confusion[e.status][f] ?? 0) + 1;
    }
  }
  // As in the KPIs: only releases whose whole window had closed, engaged in window over all of them.
  const windowDays = Number(expected[0]?.window_days ?? 21);
  const closed = new Set(
    expected.filter((e) => Number(e.days_since_release ?? -1) > windowDays).map((e) => e.release_id),
  );
  const rate = (rows: Record<string, string>[]) => {
    const counted = rows.filter(
      (r) =>
        closed.has(r.release_id) && ['engaged_in_window', 'engaged_late', 'not_engaged'].includes(r.status),
    );
    return counted.length === 0
      ? 0
      : counted.filter((r) => r.status === 'engaged_in_window').length / counted.length;
  };
  const result: StatusAgreement = {
    releases: expected.length,
    agreement: expected.length === 0 ? 1 : agree / expected.length,
    rate: rate(found),
    expectedRate: rate(expected),
    confusion,
  };
  if (json) io.out(JSON.stringify(result));
  else {
    io.out(`releases ${result.releases.toLocaleString('en-GB')}`);
    io.out(`  status agreement   ${(result.agreement * 100).toFixed(2)}%`);
    io.out(
      `  continuity rate    ${(result.rate * 100).toFixed(2)}% (expected ${(result.expectedRate * 100).toFixed(2)}%)`,
    );
    for (const [e, row] of Object.entries(confusion))
      for (const [f, n] of Object.entries(row)) io.out(`  expected ${e}, found ${f}: ${n}`);
  }
  return result;
}
