/**
 * `npm run bench -- scale [--sizes 10000,100000,1000000] [--jobs dedupe,link] [--workers 1,2]
 * [--browser 100000] [--browser-workers 1,2] [--browser-trials-only]`: runs tests/bench/scale-job.ts
 * for each job, size and worker count in a process of its own, then prints stage times, pairs per
 * second, peak memory and accuracy per size, and how each grows from one size to the next against
 * the growth in records (1.00 = linear). `--browser` also de-duplicates those sizes in the built
 * extension in Chromium (tests/bench/scale-browser-job.ts); `--browser-workers` first runs the
 * pipeline there with each of those compare-worker counts, in a fresh browser each, and prints the
 * speed-up from the first count to each other (`--browser-trials-only`: only that). Inputs are
 * generated once per job and size into the system's temporary directory and reused. (`--sizes ''`
 * runs no Node job.)
 */
import { execFileSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserScaleFigures } from './scale-browser-job';
import type { ScaleFigures, ScaleJob } from './scale-job';

const jobFile = fileURLToPath(new URL('scale-job.ts', import.meta.url));
const browserJobFile = fileURLToPath(new URL('scale-browser-job.ts', import.meta.url));
const dataDir = (job: ScaleJob, size: number) => join(tmpdir(), 'throughline-scale', `${job}-${size}-seed42`);
const prepare = (job: ScaleJob, size: number) =>
  execFileSync(
    process.execPath,
    ['--import', 'tsx', jobFile, 'prepare', job, String(size), dataDir(job, size)],
    {
      stdio: 'inherit',
    },
  );
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function option(args: string[], name: string, fallback: string): string[] {
  const at = args.indexOf(`--${name}`);
  return (at >= 0 ? args[at + 1] : fallback).split(',').filter(Boolean);
}

function run<T = ScaleFigures>(args: string[], file = jobFile): T {
  const out = execFileSync(process.execPath, ['--import', 'tsx', file, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim() ? JSON.parse(out.trim().split('\n').at(-1)!) : (undefined as never);
}

export function runScale(args: string[]): void {
  const sizes = option(args, 'sizes', '10000,100000,1000000').map(Number);
  const jobs = option(args, 'jobs', 'dedupe,link') as ScaleJob[];
  const workers = option(args, 'workers', '');
  for (const job of jobs) {
    const rows: Row[] = [];
    for (const size of sizes) {
      prepare(job, size);
      for (const w of workers.length ? workers : [undefined])
        rows.push({
          ...run(['measure', job, String(size), dataDir(job, size), ...(w ? [w] : [])]),
          asked: w ?? 'auto',
        });
    }
    if (rows.length) print(job, rows);
  }
  const browserSizes = option(args, 'browser', '').map(Number);
  const browserWorkers = option(args, 'browser-workers', '');
  const trialsOnly = args.includes('--browser-trials-only');
  for (const size of browserSizes) {
    prepare('dedupe', size);
    // A fresh browser for each count, as a fresh process for each Node run: a second run of a
    // million records in the same engine pays for collecting the first one's two gigabytes.
    const trials = browserWorkers.map((w) =>
      run<BrowserScaleFigures>([String(size), dataDir('dedupe', size), w, 'trials-only'], browserJobFile),
    );
    if (trials.length) printTrials({ ...trials[0], trials: trials.flatMap((t) => t.trials) });
    if (trialsOnly) continue;
    const loadBefore = loadavg()[0];
    const f = run<BrowserScaleFigures>([String(size), dataDir('dedupe', size)], browserJobFile);
    if (f.importMs === undefined) continue;
    const how = f.dedupeWorkers ? `${f.dedupeWorkers} compare workers` : 'one thread';
    console.log(
      `\nScale in Chromium: de-duplicate ${fmt(size)} in the extension's engine (SharedWorker, ${how}; navigator.hardwareConcurrency ${f.hardwareConcurrency})`,
    );
    console.log(`  ${'import into IndexedDB'.padEnd(22)}${`${fmt(f.importMs)} ms`.padStart(12)}`);
    for (const s of f.stages ?? []) console.log(`  ${s.stage.padEnd(22)}${`${fmt(s.ms)} ms`.padStart(12)}`);
    console.log(`  ${'de-duplicate'.padEnd(22)}${`${fmt(f.dedupeMs ?? 0)} ms`.padStart(12)}`);
    console.log(`  ${'candidate pairs'.padEnd(22)}${fmt(f.candidatePairs ?? 0).padStart(12)}`);
    console.log(
      `  ${'load avg (1 min)'.padEnd(22)}${`${loadBefore.toFixed(2)} -> ${loadavg()[0].toFixed(2)}`.padStart(12)}`,
    );
  }
}

/** The pipeline in the engine's worker with each compare-worker count, and the speed-up from the first. */
function printTrials(f: BrowserScaleFigures): void {
  const { trials } = f;
  console.log(
    `\nScale in Chromium: the pipeline on ${fmt(f.size)} records in the extension's engine (SharedWorker; compare workers started by the dashboard; navigator.hardwareConcurrency ${f.hardwareConcurrency})`,
  );
  const head = (t: (typeof trials)[number]) =>
    `${t.workers} worker${t.workers === 1 ? '' : 's'}${t.workersStarted ? '' : ' (this thread)'}`;
  const line = tableLine(trials.map(head), 16);
  const ms = (t: (typeof trials)[number], stage: string) => t.stages.find((s) => s.stage === stage)?.ms ?? 0;
  line('', trials.map(head));
  for (const { stage } of trials[0].stages)
    line(
      stage,
      trials.map((t) => `${fmt(ms(t, stage))} ms`),
    );
  line(
    'end to end',
    trials.map((t) => `${fmt(t.totalMs)} ms`),
  );
  line(
    'candidate pairs',
    trials.map((t) => fmt(t.candidatePairs)),
  );
  line(
    'same result as first',
    trials.map((t) => (t.digest === trials[0].digest ? 'yes' : 'NO')),
  );
  line(
    'load avg (1 min)',
    trials.map((t) => `${t.loadBefore.toFixed(2)} -> ${t.loadAfter.toFixed(2)}`),
  );
  // Speed-up from the first count to each other, on the mean of the runs with each count.
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const counts = [...new Set(trials.map((t) => t.workers))];
  const of = (w: number) => trials.filter((t) => t.workers === w);
  for (const w of counts.slice(1)) {
    const ratio = (get: (t: (typeof trials)[number]) => number) =>
      (mean(of(counts[0]).map(get)) / mean(of(w).map(get))).toFixed(2);
    console.log(
      `  speed-up from ${counts[0]} to ${w} workers (means of ${of(counts[0]).length} and ${of(w).length} runs): compare ${ratio((t) => ms(t, 'compare'))}x, end to end ${ratio((t) => t.totalMs)}x`,
    );
  }
}

/**
 * Prints a table's rows: a label, then one cell per run, right-aligned in columns wide enough for
 * the runs' headings (and at least `minWidth`).
 */
function tableLine(headings: string[], minWidth: number): (label: string, cells: string[]) => void {
  const width = Math.max(minWidth, ...headings.map((h) => h.length + 2));
  return (label, cells) =>
    console.log(`  ${label.padEnd(22)}${cells.map((c) => c.padStart(width)).join('')}`);
}

/** A run's figures and the worker count it was given ('auto' when none). */
type Row = ScaleFigures & { asked: string };

function print(job: ScaleJob, rows: Row[]): void {
  const title = job === 'dedupe' ? 'De-duplicate one treatment extract' : 'Link releases x treatment';
  console.log(`\nScale: ${title} (synthetic, seed 42)`);
  const head = (f: ScaleFigures) =>
    `${job === 'dedupe' ? fmt(f.size) : `${fmt(f.size)} x ${fmt(f.size)}`}, ${f.workers} worker${f.workers === 1 ? '' : 's'}`;
  const line = tableLine(rows.map(head), 22);
  line('', rows.map(head));
  for (const stage of rows[0]?.stages.map((s) => s.stage) ?? [])
    line(
      stage,
      rows.map((r) => `${fmt(r.stages.find((s) => s.stage === stage)?.ms ?? 0)} ms`),
    );
  line(
    'end to end',
    rows.map((r) => `${fmt(r.endToEndMs)} ms`),
  );
  line(
    'candidate pairs',
    rows.map((r) => fmt(r.candidatePairs)),
  );
  line(
    'pairs per record',
    rows.map((r) => fmt(r.candidatePairs / r.records, 1)),
  );
  line(
    'compared / s',
    rows.map((r) => fmt(r.comparePairsPerSecond)),
  );
  line(
    'peak RSS',
    rows.map((r) => `${fmt(r.peakRssMiB)} MiB`),
  );
  line(
    'precision',
    rows.map((r) => r.precision.toFixed(4)),
  );
  line(
    'recall',
    rows.map((r) => r.recall.toFixed(4)),
  );
  line(
    'F1',
    rows.map((r) => r.f1.toFixed(4)),
  );
  line(
    'load avg (1 min) at start',
    rows.map((r) => r.loadBefore[0].toFixed(2)),
  );
  line(
    'load avg (1 min) at end',
    rows.map((r) => r.loadAfter[0].toFixed(2)),
  );

  // Growth from one size to the next, per stage, divided by the growth in records: 1.00 is linear.
  const sizes = [...new Set(rows.map((r) => r.size))];
  for (const w of [...new Set(rows.map((r) => r.asked))]) {
    const byWorkers = sizes.map((s) => rows.find((r) => r.size === s && r.asked === w)).filter(Boolean);
    if (byWorkers.length < 2) continue;
    console.log(`\n  growth / growth in records (workers: ${w}; 1.00 = linear)`);
    const steps = byWorkers.slice(1).map((r, i) => [byWorkers[i]!, r!] as const);
    const ratio = (a: number, b: number, ra: ScaleFigures, rb: ScaleFigures) =>
      (b / a / (rb.records / ra.records)).toFixed(2);
    line(
      '',
      steps.map(([a, b]) => `${fmt(a.size)} -> ${fmt(b.size)}`),
    );
    for (const stage of steps[0][0].stages.map((s) => s.stage))
      line(
        stage,
        steps.map(([a, b]) =>
          ratio(
            a.stages.find((s) => s.stage === stage)?.ms ?? 1,
            b.stages.find((s) => s.stage === stage)?.ms ?? 1,
            a,
            b,
          ),
        ),
      );
    line(
      'end to end',
      steps.map(([a, b]) => ratio(a.endToEndMs, b.endToEndMs, a, b)),
    );
    line(
      'candidate pairs',
      steps.map(([a, b]) => ratio(a.candidatePairs, b.candidatePairs, a, b)),
    );
    line(
      'peak RSS',
      steps.map(([a, b]) => ratio(a.peakRssMiB, b.peakRssMiB, a, b)),
    );
  }
}
