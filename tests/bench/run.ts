/**
 * npm run bench: runs each benchmark job in a fresh process and prints stage times, candidate
 * pairs, pairs scored per second and peak memory, with the ratio to each target and to the
 * recorded baseline (tests/bench/baseline.json). Targets are aims from the issues, not tests:
 * these machines are shared and noisy.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
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
  for (const s of f.incrementStages) line(`  ${s.stage}`, s.ms);
  console.log(`  candidate pairs      ${fmt(f.pairs)}, links ${fmt(f.links)}`);
}
