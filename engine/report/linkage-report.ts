import type { LinkageResult } from '../api/linkage';
import { probabilityFromWeight } from '../predict';
import { escapeHtml, fmtInt, fmtMs, fmtProb, histogramSvg, page, table } from './html';

export interface ReportContext {
  inputs: { file: string; rows: number }[];
  generatedAt: string;
  engineVersion: string;
}

/**
 * The linkage report: one self-contained HTML file (inline CSS and SVG, a CSP that forbids
 * every fetch). It shows record ids and comparison outcomes, never names or other values.
 */
export function linkageReport(result: LinkageResult, context: ReportContext): string {
  const { frame, model, predictions, pairs } = result;
  let links = 0;
  for (let p = 0; p < pairs.count; p++) if (result.isLink(p)) links++;
  const inputs = context.inputs.map((i) => `${escapeHtml(i.file)} (${fmtInt(i.rows)} records)`).join(' and ');
  const sections = [
    `<h1>throughline linkage report</h1>`,
    `<p>${frame.linkType === 'link' ? 'Link' : 'De-duplication'} of ${inputs}. Generated ${escapeHtml(context.generatedAt)} by throughline ${escapeHtml(context.engineVersion)}. Everything was computed on this device.</p>`,
    table(
      ['Summary', 'Value'],
      [
        ['Candidate pairs scored', fmtInt(pairs.count)],
        [`Links (match probability >= ${result.threshold})`, fmtInt(links)],
        ['People (clusters)', fmtInt(result.clusters.count)],
        ['Prior: two random records match', fmtProb(model.probabilityTwoRandomRecordsMatch)],
        [
          'Training',
          `${model.training.method}, EM ${model.training.emIterations} iterations${model.training.emConverged ? '' : ' (not converged)'}, u from ${fmtInt(model.training.uSamplePairs)} random pairs`,
        ],
        ['Total time', fmtMs(result.totalMs)],
      ],
    ),
    `<h2>Match weight distribution</h2>`,
    histogramSvg(weightBins(predictions.weights, pairs.count), {
      marker: result.thresholdWeight,
      markerLabel: `threshold p = ${result.threshold}`,
      xLabel: 'match weight (log2 odds)',
    }),
    `<h2>Blocking</h2>`,
    `<p class="note">Estimated: the pairs a rule makes on its own, counted from group sizes before any pair is made. Actual: the pairs it adds that no earlier rule made.</p>`,
    table(
      ['Rule', 'Estimated pairs', 'Actual pairs'],
      result.blocking.map((b) => [b.rule, fmtInt(b.estimated), fmtInt(b.actual)]),
    ),
    `<h2>Timings</h2>`,
    table(
      ['Stage', 'Time'],
      result.timings.map((t) => [t.stage, fmtMs(t.ms)]),
    ),
    `<h2>Model parameters</h2>`,
    `<p class="note">m: how often true matches fall in the level. u: how often two different people do. The weight log2(m/u) is what the level adds to a pair's match weight; levels marked TF are adjusted by how common the value is.</p>`,
    ...model.comparisons.map(
      (c) =>
        `<h3>${escapeHtml(c.label)}</h3>` +
        table(
          ['Level', 'm', 'u', 'Weight'],
          c.levels.map((l) =>
            l.isNull || l.m === undefined || l.u === undefined
              ? [l.label, '-', '-', '0 (no evidence)']
              : [
                  `${l.label}${l.tf ? ' (TF)' : ''}`,
                  fmtProb(l.m),
                  fmtProb(l.u),
                  Math.log2(l.m / l.u).toFixed(2),
                ],
          ),
        ),
    ),
    `<h2>Example waterfalls</h2>`,
    `<p class="note">How each comparison moved a pair's match weight from the prior (${predictions.scorer.prior.toFixed(2)}). Records are shown by id only.</p>`,
    ...examplePairs(result).map((p) => waterfall(result, p)),
  ];
  return page('throughline linkage report', sections.join('\n'));
}

function weightBins(weights: Float64Array, count: number) {
  if (count === 0) return [{ from: 0, to: 1, count: 0 }];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < count; p++) {
    lo = Math.min(lo, weights[p]);
    hi = Math.max(hi, weights[p]);
  }
  const from = Math.floor(lo);
  const to = Math.max(from + 1, Math.ceil(hi));
  const width = Math.max(1, Math.ceil((to - from) / 60));
  const bins = Array.from({ length: Math.ceil((to - from) / width) + 1 }, (_, i) => ({
    from: from + i * width,
    to: from + (i + 1) * width,
    count: 0,
  }));
  for (let p = 0; p < count; p++) bins[Math.floor((weights[p] - from) / width)].count++;
  return bins;
}

/** The strongest link, the links closest to the threshold on either side, and a clear non-link. */
function examplePairs(result: LinkageResult): number[] {
  const { weights } = result.predictions;
  const count = result.pairs.count;
  if (count === 0) return [];
  const t = result.thresholdWeight;
  let best = 0;
  let worst = 0;
  let justAbove = -1;
  let justBelow = -1;
  for (let p = 0; p < count; p++) {
    if (weights[p] > weights[best]) best = p;
    if (weights[p] < weights[worst]) worst = p;
    if (weights[p] >= t && (justAbove < 0 || weights[p] < weights[justAbove])) justAbove = p;
    if (weights[p] < t && (justBelow < 0 || weights[p] > weights[justBelow])) justBelow = p;
  }
  return [...new Set([best, justAbove, justBelow, worst].filter((p) => p >= 0))];
}

function waterfall(result: LinkageResult, p: number): string {
  const { frame, pairs, predictions, vectors } = result;
  const i = pairs.left[p];
  const j = pairs.right[p];
  const steps = predictions.scorer.contributions(vectors, p, i, j);
  const w = predictions.weights[p];
  const scale = 8;
  const bar = (x: number) =>
    `<span class="bar ${x >= 0 ? 'pos' : 'neg'}" style="width:${Math.min(300, Math.abs(x) * scale).toFixed(0)}px"></span>`;
  const rows = [
    ['Prior', '', predictions.scorer.prior.toFixed(2), ''],
    ...steps.map((s) => [
      s.comparison,
      s.level,
      (s.weight + s.tfAdjustment).toFixed(2),
      s.tfAdjustment !== 0 ? `TF ${s.tfAdjustment >= 0 ? '+' : ''}${s.tfAdjustment.toFixed(2)}` : '',
    ]),
  ];
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r[0])}</td><td>${escapeHtml(r[1])}</td><td class="num">${r[2]}</td><td>${r[2] === '' ? '' : bar(Number(r[2]))} ${escapeHtml(r[3])}</td></tr>`,
    )
    .join('');
  return `<h3>${escapeHtml(frame.ids[i])} and ${escapeHtml(frame.ids[j])}: weight ${w.toFixed(2)}, probability ${fmtProb(probabilityFromWeight(w))}</h3>
<table><thead><tr><th>Comparison</th><th>Level</th><th class="num">Weight</th><th></th></tr></thead><tbody>${body}</tbody></table>`;
}
