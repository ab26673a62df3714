import { basename } from 'node:path';
import { type LinkageResult, runLinkage } from '../../api/linkage';
import { PairCapError } from '../../block';
import { parseModel } from '../../model';
import { probabilityFromWeight } from '../../predict';
import { linkageReport } from '../../report';
import { numberOption, parse, requireOption } from '../args';
import { parseCsvObjects, toCsv } from '../csv';
import { loadDecisions } from '../decisions';
import { type CliIo, readText, stageMessages, UserError, writeAtomically } from '../io';
import { loadMapping, loadTable } from '../load';
import { ENGINE_VERSION } from '../version';

export const LINK_USAGE =
  'throughline link LEFT RIGHT --out DIR [--map MAP.json] [--right-map MAP.json] [--model MODEL.json] [--threshold P] [--seed N] [--labels LABELS.csv] [--max-pairs N] [--sheet NAME] [--decisions D.csv]';
export const DEDUPE_USAGE =
  'throughline dedupe FILE --out DIR [--map MAP.json] [--model MODEL.json] [--threshold P] [--seed N] [--labels LABELS.csv] [--max-pairs N] [--sheet NAME] [--decisions D.csv]';

const OPTIONS = {
  out: { type: 'string' },
  map: { type: 'string' },
  'right-map': { type: 'string' },
  model: { type: 'string' },
  threshold: { type: 'string' },
  seed: { type: 'string' },
  labels: { type: 'string' },
  'max-pairs': { type: 'string' },
  sheet: { type: 'string' },
  decisions: { type: 'string' },
} as const;

export async function linkCommand(
  kind: 'link' | 'dedupe',
  args: string[],
  io: CliIo,
): Promise<LinkageResult> {
  const usage = kind === 'link' ? LINK_USAGE : DEDUPE_USAGE;
  const { values, positionals } = parse(args, OPTIONS, usage);
  const expected = kind === 'link' ? 2 : 1;
  if (positionals.length !== expected)
    throw new UserError(
      `${kind} takes ${expected === 2 ? 'two input files' : 'one input file'}.\n\nUsage: ${usage}`,
    );
  if (kind === 'dedupe' && values['right-map']) throw new UserError('--right-map goes with link, not dedupe');
  const out = requireOption(values.out, 'out', usage);
  const threshold = numberOption(
    values.threshold,
    'threshold',
    (n) => n > 0 && n < 1,
    'a probability between 0 and 1',
  );
  const seed = numberOption(values.seed, 'seed', Number.isInteger, 'a whole number');
  const maxPairs = numberOption(values['max-pairs'], 'max-pairs', (n) => n > 0, 'a positive number');

  const leftMap = await loadMapping(values.map);
  const rightMap = values['right-map'] ? await loadMapping(values['right-map']) : leftMap;
  const tables = [await loadTable(positionals[0], io, { mapping: leftMap, sheet: values.sheet })];
  if (kind === 'link')
    tables.push(await loadTable(positionals[1], io, { mapping: rightMap, sheet: values.sheet }));

  const model = values.model ? await readModel(values.model, kind) : undefined;
  const labels = values.labels ? await readLabels(values.labels) : undefined;
  const decisions = await loadDecisions(values.decisions);

  let result: LinkageResult;
  try {
    result = await runLinkage(tables, {
      model,
      threshold,
      seed,
      maxPairsPerRule: maxPairs,
      labels,
      decisions,
      onProgress: stageMessages(io),
    });
  } catch (e) {
    if (e instanceof PairCapError) throw new UserError(e.message);
    throw e;
  }

  const written = await writeAtomically(out, {
    'pairs.csv': pairsCsv(result),
    'clusters.csv': clustersCsv(result),
    'model.json': `${JSON.stringify(result.model, null, 2)}\n`,
    'report.html': linkageReport(result, {
      inputs: tables.map((t) => ({ file: t.file, rows: t.n })),
      generatedAt: new Date().toISOString(),
      engineVersion: ENGINE_VERSION,
    }),
  });
  printSummary(result, io, written);
  return result;
}

async function readModel(path: string, kind: 'link' | 'dedupe') {
  const text = await readText(path, 'Model file');
  const parsed = parseModel(text, basename(path));
  if (!parsed.ok) throw new UserError(parsed.message);
  if (parsed.model.linkType !== kind)
    throw new UserError(
      `${basename(path)} is a ${parsed.model.linkType} model; it cannot be used to ${kind}.`,
    );
  return parsed.model;
}

/** Labelled pairs: a CSV with left_id, right_id and is_match (1/0, true/false, yes/no). */
async function readLabels(path: string) {
  const text = await readText(path, 'Labels file');
  const { rows, fields } = parseCsvObjects(text);
  for (const f of ['left_id', 'right_id', 'is_match'])
    if (!fields.includes(f)) throw new UserError(`${basename(path)}: needs a column "${f}"`);
  return rows.map((r, i) => {
    const v = r.is_match.toLowerCase();
    if (!['1', '0', 'true', 'false', 'yes', 'no'].includes(v))
      throw new UserError(
        `${basename(path)}, row ${i + 2}, column "is_match": expected 1 or 0, got "${r.is_match}"`,
      );
    return { leftId: r.left_id, rightId: r.right_id, isMatch: v === '1' || v === 'true' || v === 'yes' };
  });
}

export function pairsCsv(result: LinkageResult): string {
  const { frame, pairs, predictions } = result;
  const chosen: number[] = [];
  for (let p = 0; p < pairs.count; p++) if (result.isLink(p)) chosen.push(p);
  chosen.sort((a, b) => predictions.weights[b] - predictions.weights[a]);
  return toCsv(
    ['left_id', 'right_id', 'match_probability', 'match_weight'],
    chosen.map((p) => {
      const w = predictions.weights[p];
      return [
        frame.ids[pairs.left[p]],
        frame.ids[pairs.right[p]],
        Number(probabilityFromWeight(w).toPrecision(6)),
        Number(w.toFixed(4)),
      ];
    }),
  );
}

export function clustersCsv(result: LinkageResult): string {
  const { frame, clusters } = result;
  const rows: string[][] = [];
  for (let i = 0; i < frame.n; i++) {
    const source = frame.linkType === 'dedupe' ? 'input' : i < frame.nLeft ? 'left' : 'right';
    rows.push([source, frame.ids[i], `c${clusters.clusterOf[i] + 1}`]);
  }
  return toCsv(['source', 'id', 'cluster_id'], rows);
}

function printSummary(result: LinkageResult, io: CliIo, written: string[]): void {
  const { frame, pairs } = result;
  let links = 0;
  for (let p = 0; p < pairs.count; p++) if (result.isLink(p)) links++;
  const fmt = (n: number) => n.toLocaleString('en-GB');
  const sizes = new Int32Array(result.clusters.count);
  for (let i = 0; i < frame.n; i++) sizes[result.clusters.clusterOf[i]]++;
  let multi = 0;
  for (const s of sizes) if (s > 1) multi++;
  const what =
    frame.linkType === 'link'
      ? `${frame.files[0]} (${fmt(frame.nLeft)} records) to ${frame.files[1]} (${fmt(frame.n - frame.nLeft)} records)`
      : `${frame.files[0]} (${fmt(frame.n)} records)`;
  io.out(`throughline ${frame.linkType}: ${what}`);
  io.out(
    `  candidate pairs  ${fmt(pairs.count)} from ${pairs.rules.length} blocking rules (estimated / actual):`,
  );
  for (const r of pairs.rules)
    io.out(`    ${r.rule.padEnd(32)} ${fmt(r.estimated).padStart(12)} ${fmt(r.actual).padStart(12)}`);
  io.out(`  links            ${fmt(links)} at match probability >= ${result.threshold}`);
  io.out(`  people           ${fmt(result.clusters.count)} (${fmt(multi)} with more than one record)`);
  io.out(
    `  model            ${result.model.training.method}, prior ${result.model.probabilityTwoRandomRecordsMatch.toExponential(2)}`,
  );
  io.out(`  time             ${(result.totalMs / 1000).toFixed(2)} s`);
  io.out(`  wrote            ${written.join(', ')}`);
}
