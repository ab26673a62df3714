import Papa from 'papaparse';
import { probabilityFromWeight, weightFromProbability } from '../../predict';
import { DECISIONS_HEADER } from '../../review';
import type { CliIo } from '../io';
import { writeAtomically } from '../io';
import { continuityRun } from './continuity';

export const REVIEW_USAGE =
  'throughline review --releases R.csv --treatment T.csv --out DIR [--as-of YYYY-MM-DD] [--rule RULE.json] [--map MAP.json] [--decisions D.csv]';

/**
 * Lists the pairs that need a clerical decision: links between the rule's review thresholds
 * with no decision yet, the most uncertain first (the middle of the band, in match weight).
 * The file has the decision columns ready to fill in and pass back with --decisions.
 */
export async function reviewCommand(args: string[], io: CliIo): Promise<number> {
  const { result, out } = await continuityRun(args, io, REVIEW_USAGE);
  const { linkage, rule, outcomes } = result;
  const { pairs, predictions, frame, decisionOf } = linkage;
  const lower = weightFromProbability(rule.reviewThresholds.lower);
  const upper = weightFromProbability(Math.min(rule.reviewThresholds.upper, 1 - 1e-12));
  const middle = (lower + upper) / 2;
  const chosen: number[] = [];
  for (let p = 0; p < pairs.count; p++) {
    const w = predictions.weights[p];
    const decision = decisionOf.get(p);
    if ((decision === undefined && w >= lower && w < upper) || decision === 'unsure') chosen.push(p);
  }
  chosen.sort(
    (a, b) => Math.abs(predictions.weights[a] - middle) - Math.abs(predictions.weights[b] - middle),
  );
  const statusOf = new Map(outcomes.map((o) => [o.releaseId, o.status]));
  const rows = chosen.map((p) => {
    const i = pairs.left[p];
    const j = pairs.right[p];
    const w = predictions.weights[p];
    const steps = predictions.scorer.contributions(linkage.vectors, p, i, j);
    return [
      frame.ids[i],
      frame.ids[j],
      '',
      '',
      '',
      '',
      Number(probabilityFromWeight(w).toPrecision(6)),
      Number(w.toFixed(4)),
      statusOf.get(frame.ids[i]) ?? '',
      steps.map((s) => `${s.level} (${(s.weight + s.tfAdjustment).toFixed(1)})`).join('; '),
    ];
  });
  const text = `${Papa.unparse(
    {
      fields: [...DECISIONS_HEADER, 'match_probability', 'match_weight', 'release_status', 'evidence'],
      data: rows,
    },
    { newline: '\n' },
  )}\n`;
  const [written] = await writeAtomically(out, { 'review.csv': text });
  io.out(`${rows.length.toLocaleString('en-GB')} pairs need a decision (most uncertain first): ${written}`);
  io.out(
    'Fill in decision (same / not_same / unsure), by and reason, then pass the file back with --decisions.',
  );
  return rows.length;
}
