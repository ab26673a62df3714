import { basename } from 'node:path';
import { type ContinuityResult, runContinuity } from '../../api/continuity';
import {
  auditByArea,
  type ContinuityRule,
  computeKpis,
  continuityCsv,
  DEFAULT_RULE,
  isoDate,
  kpisCsv,
  parseIsoDate,
  parseRule,
  type ReleaseOutcome,
  STATUSES,
  worklistCsv,
} from '../../continuity';
import { todayYmd } from '../../normalise';
import { continuityReport } from '../../report';
import { parse, requireOption } from '../args';
import { loadDecisions } from '../decisions';
import { type CliIo, readText, stageMessages, UserError, writeAtomically } from '../io';
import { loadMapping, loadTable } from '../load';
import { ENGINE_VERSION } from '../version';

export const CONTINUITY_USAGE =
  'throughline continuity --releases R.csv --treatment T.csv --out DIR [--as-of YYYY-MM-DD] [--rule RULE.json] [--map MAP.json] [--treatment-map MAP.json] [--decisions D.csv] [--seed N]';

const OPTIONS = {
  releases: { type: 'string' },
  treatment: { type: 'string' },
  out: { type: 'string' },
  'as-of': { type: 'string' },
  rule: { type: 'string' },
  map: { type: 'string' },
  'treatment-map': { type: 'string' },
  decisions: { type: 'string' },
  seed: { type: 'string' },
} as const;

/** Shared by `continuity` and `review`: load both files and the rule, link, decide outcomes. */
export async function continuityRun(
  args: string[],
  io: CliIo,
  usage: string,
): Promise<{ result: ContinuityResult; out: string; inputs: { file: string; rows: number }[] }> {
  const { values } = parse(args, OPTIONS, usage);
  const out = requireOption(values.out, 'out', usage);
  const releasesPath = requireOption(values.releases, 'releases', usage);
  const treatmentPath = requireOption(values.treatment, 'treatment', usage);
  const asOf = values['as-of'] === undefined ? todayYmd() : parseIsoDate(values['as-of']);
  if (asOf === null) throw new UserError(`--as-of must be a date as YYYY-MM-DD, got "${values['as-of']}"`);
  const rule = values.rule ? await readRule(values.rule) : DEFAULT_RULE;
  const releaseMap = await loadMapping(values.map);
  const treatmentMap = values['treatment-map'] ? await loadMapping(values['treatment-map']) : releaseMap;
  const releases = await loadTable(releasesPath, io, { mapping: releaseMap });
  if (!releases.events.releaseDate)
    throw new UserError(
      `${releases.file}: no release date column was found. Name it in a mapping file (--map), e.g. {"columns": {"Exit Date": "releaseDate"}}.`,
    );
  const treatment = await loadTable(treatmentPath, io, { mapping: treatmentMap });
  if (!rule.engagementEvents.some((e) => treatment.events[e]))
    throw new UserError(
      `${treatment.file}: none of the engagement dates the rule counts (${rule.engagementEvents.join(', ')}) is a column of this file.`,
    );
  const decisions = await loadDecisions(values.decisions);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const result = await runContinuity(releases, treatment, rule, asOf, {
    decisions,
    seed,
    onProgress: stageMessages(io),
  });
  return {
    result,
    out,
    inputs: [
      { file: releases.file, rows: releases.n },
      { file: treatment.file, rows: treatment.n },
    ],
  };
}

async function readRule(path: string): Promise<ContinuityRule> {
  const text = await readText(path, 'Rule file');
  const parsed = parseRule(text, basename(path));
  if (!parsed.ok) throw new UserError(parsed.message);
  return parsed.rule;
}

/** The comparison outcomes behind a release's best link, in words: no record values. */
export function evidenceOf(result: ContinuityResult): (o: ReleaseOutcome, row: number) => string {
  const { linkage, bestPair } = result;
  return (_o, row) => {
    const p = bestPair[row];
    if (p < 0) return '';
    const steps = linkage.predictions.scorer.contributions(
      linkage.vectors,
      p,
      linkage.pairs.left[p],
      linkage.pairs.right[p],
    );
    const decision = linkage.decisionOf.get(p);
    return [
      ...(decision ? [`decision: ${decision}`] : []),
      ...steps
        .filter((s) => s.weight !== 0)
        .map((s) => `${s.level} (${(s.weight + s.tfAdjustment).toFixed(1)})`),
    ].join('; ');
  };
}

export async function continuityCommand(args: string[], io: CliIo): Promise<ContinuityResult> {
  const { result, out, inputs } = await continuityRun(args, io, CONTINUITY_USAGE);
  const { outcomes, rule } = result;
  const kpis = computeKpis(outcomes, rule.windowDays);
  const evidence = evidenceOf(result);
  const rowOf = new Map(outcomes.map((o, i) => [o, i]));
  const audit = auditByArea(outcomes);
  const written = await writeAtomically(out, {
    'continuity.csv': continuityCsv(outcomes),
    'kpis.csv': kpisCsv(kpis),
    'worklist.csv': worklistCsv(outcomes, rule.windowDays, (o) => evidence(o, rowOf.get(o)!)),
    ...Object.fromEntries(Object.entries(audit).map(([name, text]) => [`audit-by-area/${name}`, text])),
    'report.html': continuityReport(outcomes, kpis, {
      ruleName: rule.name,
      ruleVersion: rule.version,
      windowDays: rule.windowDays,
      asOf: isoDate(result.asOf),
      generatedAt: new Date().toISOString(),
      engineVersion: ENGINE_VERSION,
      inputs,
    }),
  });

  const fmt = (n: number) => n.toLocaleString('en-GB');
  const count = (s: string) => outcomes.filter((o) => o.status === s).length;
  const overall = kpis.find((k) => k.dimension === 'overall');
  io.out(
    `throughline continuity: rule ${rule.name} v${rule.version}, as of ${isoDate(result.asOf)}, window ${rule.windowDays} days`,
  );
  for (const s of STATUSES) io.out(`  ${s.padEnd(18)} ${fmt(count(s)).padStart(8)}`);
  io.out(`  ${'needs review'.padEnd(18)} ${fmt(outcomes.filter((o) => o.needsReview).length).padStart(8)}`);
  const decided = [...result.linkage.decisionOf.values()];
  if (decided.length > 0)
    io.out(
      `  clerical decisions applied: ${['same', 'not_same', 'unsure'].map((d) => `${decided.filter((x) => x === d).length} ${d}`).join(', ')}`,
    );
  if (overall)
    io.out(
      `  continuity rate    ${(overall.rate * 100).toFixed(1)}% (${fmt(overall.numerator)} of ${fmt(overall.denominator)}; 95% CI ${(overall.lower * 100).toFixed(1)}-${(overall.upper * 100).toFixed(1)}%), target 75%`,
    );
  io.out(
    `  wrote ${written.length} files in ${out} (continuity.csv, kpis.csv, worklist.csv, audit-by-area/, report.html)`,
  );
  return result;
}
