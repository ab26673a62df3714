/**
 * npm run bench: runs each benchmark job in a fresh process and prints stage times, candidate
 * pairs, pairs scored per second and peak memory, with the ratio to each target and to the
 * recorded baseline (tests/bench/baseline.json). Targets are aims from the issues, not tests:
 * these machines are shared and noisy.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OverlayFigures } from './overlay-job';
import { runScale } from './scale';
import { printWorklist } from './worklist-figures';
import type { WorkspaceFigures } from './workspace-measure';

interface JobResult {
  job: string;
  records: number[];
  stages: { stage: string; ms: number }[];
  endToEndMs: number;
  candidatePairs: number;
  pairsScoredPerSecond: number;
  peakRssMiB: number;
  precision: number;
  recall: number;
  f1: number;
}

const JOBS: { job: string; title: string; targetMs: number }[] = [
  { job: 'febrl4', title: 'FEBRL4 link, 5,000 x 5,000', targetMs: 2_000 },
  { job: 'synth-100000', title: 'Synthetic link, 100,000 x 100,000', targetMs: 30_000 },
];

const args = process.argv.slice(2);
// Options (`--sizes 10000,100000`) and their values are not job names.
const only = args.filter((a, i) => !a.startsWith('-') && !args[i - 1]?.startsWith('--'));
const baseline: Record<string, { endToEndMs: number }> = JSON.parse(
  readFileSync(new URL('baseline.json', import.meta.url), 'utf8'),
);
const jobFile = fileURLToPath(new URL('job.ts', import.meta.url));
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

for (const { job, title, targetMs } of JOBS) {
  if (only.length && !only.includes(job)) continue;
  const output = execFileSync(process.execPath, ['--import', 'tsx', jobFile, job], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const r: JobResult = JSON.parse(output.trim().split('\n').at(-1)!);
  console.log(`\n${title}`);
  for (const s of r.stages) console.log(`  ${s.stage.padEnd(12)} ${fmt(s.ms).padStart(9)} ms`);
  console.log(
    `  ${'end to end'.padEnd(12)} ${fmt(r.endToEndMs).padStart(9)} ms   target ${fmt(targetMs)} ms, ratio ${(r.endToEndMs / targetMs).toFixed(2)}`,
  );
  const base = baseline[job];
  if (base)
    console.log(
      `  ${''.padEnd(12)} ${''.padStart(9)}      baseline ${fmt(base.endToEndMs)} ms, ratio ${(r.endToEndMs / base.endToEndMs).toFixed(2)}`,
    );
  console.log(`  candidate pairs      ${fmt(r.candidatePairs)}`);
  console.log(`  pairs scored / s     ${fmt(r.pairsScoredPerSecond)}`);
  console.log(`  peak memory          ${fmt(r.peakRssMiB)} MiB`);
  console.log(
    `  precision / recall / F1   ${r.precision.toFixed(4)} / ${r.recall.toFixed(4)} / ${r.f1.toFixed(4)}`,
  );
}

/** The workspace in Node: import, link, lookups and a weekly increment through the engine API. */
const WORKSPACE_SIZE = 100_000;
let nodeLinkMs: number | undefined;
const runJob = (file: string) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url)), String(WORKSPACE_SIZE)],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    )
      .trim()
      .split('\n')
      .at(-1)!,
  );

if (!only.length || only.includes('workspace-node')) {
  const f: WorkspaceFigures & { peakRssMiB: number } = runJob('workspace-job.ts');
  printWorkspace(`Workspace in Node (in-memory store), ${fmt(WORKSPACE_SIZE)} x ${fmt(WORKSPACE_SIZE)}`, f);
  console.log(`  peak memory          ${fmt(f.peakRssMiB)} MiB`);
  nodeLinkMs = f.linkMs;
}
if (!only.length || only.includes('workspace-browser')) {
  const f: WorkspaceFigures = runJob('browser-job.ts');
  printWorkspace(
    `Workspace in Chromium (engine worker over IndexedDB), ${fmt(WORKSPACE_SIZE)} x ${fmt(WORKSPACE_SIZE)}`,
    f,
  );
  if (nodeLinkMs)
    console.log(`  link, browser worker / Node: ${(f.linkMs / nodeLinkMs).toFixed(2)}   target <= 2.00`);
}

/** The overlay in Chromium: the demo client list with 1,000 and 5,000 rows, DOMContentLoaded to badges. */
if (!only.length || only.includes('overlay-browser')) {
  const f: OverlayFigures = runJob('overlay-job.ts');
  console.log('\nOverlay in Chromium: demo client list, DOMContentLoaded to every badge shown');
  for (const s of f.sizes) {
    const target = s.rows === 1_000 ? `   target 1,000 ms, ratio ${(s.medianMs / 1_000).toFixed(2)}` : '';
    console.log(
      `  ${`${fmt(s.rows)} rows (${fmt(s.badgedRows)} with badges)`.padEnd(34)} ${fmt(s.medianMs).padStart(9)} ms${target}`,
    );
    console.log(`  ${'  runs'.padEnd(34)} ${s.runsMs.map((ms) => fmt(ms)).join(', ')} ms`);
    console.log(
      `  ${'  badges in the DOM'.padEnd(34)} ${fmt(s.insertedMs).padStart(9)} ms (before the page lays them out)`,
    );
    console.log(
      `  ${"  the page's own first frame".padEnd(34)} ${fmt(s.pageFrameMs).padStart(9)} ms (no overlay)`,
    );
    console.log(`  ${'  engine lookup of all rows'.padEnd(34)} ${fmt(s.lookupMs).padStart(9)} ms`);
  }
}

/** The continuity worklist in Chromium: first draw, scrolling fps and name search at 100,000 rows. */
if (!only.length || only.includes('worklist-browser')) printWorklist(runJob('worklist-job.ts'));

/** Scale: de-duplicate and link 10k, 100k and 1M records (only when named: the 1M runs take minutes). */
if (only.includes('scale')) runScale(args);

function printWorkspace(title: string, f: WorkspaceFigures): void {
  const line = (label: string, ms: number, target?: number) =>
    console.log(
      `  ${label.padEnd(34)} ${fmt(ms, ms < 10 ? 2 : 0).padStart(9)} ms${target ? `   target ${fmt(target)} ms, ratio ${(ms / target).toFixed(2)}` : ''}`,
    );
  console.log(`\n${title}`);
  line('import releases', f.importReleasesMs, 10_000);
  line('import treatment', f.importTreatmentMs, 10_000);
  line('link (train + match + continuity)', f.linkMs);
  for (const s of f.linkStages) line(`  ${s.stage}`, s.ms);
  line('lookup by id, p50', f.lookupP50Ms);
  line('lookup by id, p95', f.lookupP95Ms, 20);
  line('1,000 lookups by id, one batch', f.batchByIdMs, 200);
  line('1,000 lookups by row fields, one batch', f.batchByFieldsMs, 200);
  console.log(`  ${'  rows matched'.padEnd(34)} ${fmt(f.fieldMatches).padStart(9)} of 1,000`);
  line(`weekly list of 500 (${f.incremental ? 'incremental' : 'full re-run'})`, f.incrementMs, 2_000);
  console.log(
    `  ${'  each of the weeks'.padEnd(34)} ${f.incrementRuns.map((ms) => fmt(ms)).join(', ')} ms (median above)`,
  );
  for (const s of f.incrementStages) line(`  ${s.stage}`, s.ms);
  for (const [w, stages] of f.incrementRunStages.entries())
    console.log(`      list ${w + 1}: ${stages.map((s) => `${s.stage} ${fmt(s.ms)}`).join(', ')}`);
  const staged = f.incrementStages.reduce((sum, s) => sum + s.ms, 0);
  line('  outside the stages (messaging)', f.incrementMs - staged);
  console.log(`  candidate pairs      ${fmt(f.pairs)}, links ${fmt(f.links)}`);
}
