/**
 * The scale benchmark, one run per process (so that peak memory is the run's own):
 *
 *   scale-job.ts prepare JOB SIZE DIR     writes the synthetic input once (seed 42) into DIR
 *   scale-job.ts measure JOB SIZE DIR [WORKERS]
 *
 * JOB is `dedupe` (one treatment extract of SIZE records, de-duplicated) or `link` (SIZE releases
 * against SIZE treatment records). `measure` reads the CSV bytes from disk, so generating the data
 * (slow, and far bigger in memory than the pipeline) is neither timed nor in the peak; then it
 * imports, normalises and runs the linkage, scores the links against the generator's truth and
 * prints one JSON line of figures.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { resourceUsage } from 'node:process';
import { compareWorkers, runLinkage } from '../../engine/api/linkage';
import { pairwiseAccuracy } from '../../engine/evaluate';
import { readTable } from '../../engine/ingest';
import { normaliseTable } from '../../engine/normalise';
import { synthesise, toCsv } from '../../engine/synth';

export type ScaleJob = 'dedupe' | 'link';

export interface ScaleFigures {
  job: ScaleJob;
  size: number;
  records: number;
  workers: number;
  stages: { stage: string; ms: number }[];
  endToEndMs: number;
  candidatePairs: number;
  /** Candidate pairs compared per second in the compare stage. */
  comparePairsPerSecond: number;
  peakRssMiB: number;
  precision: number;
  recall: number;
  f1: number;
  /** os.loadavg() when the run started and ended (the machine is shared). */
  loadBefore: number[];
  loadAfter: number[];
}

const SEED = 42;

function prepare(job: ScaleJob, size: number, dir: string): void {
  if (existsSync(join(dir, 'truth.csv'))) return;
  mkdirSync(dir, { recursive: true });
  // A dedupe reads a treatment extract of `size` rows (second registrations of the same person are
  // the duplicates); a link, `size` releases against `size` treatment rows.
  const data =
    job === 'dedupe'
      ? synthesise({ people: Math.ceil(size / 5), treatment: size, seed: SEED })
      : synthesise({ people: size, treatment: size, seed: SEED });
  writeFileSync(join(dir, 'treatment.csv'), toCsv(data.treatment));
  if (job === 'link') writeFileSync(join(dir, 'releases.csv'), toCsv(data.releases));
  writeFileSync(
    join(dir, 'truth.csv'),
    `id,entity\n${data.truth.map((t) => `${t.id},${t.entity}`).join('\n')}\n`,
  );
}

async function load(path: string) {
  const name = path.split('/').at(-1)!;
  const t0 = performance.now();
  const raw = await readTable({ name, bytes: readFileSync(path) });
  if (!raw.ok) throw new Error(`${name} did not import`);
  const t1 = performance.now();
  const table = normaliseTable(raw.value);
  if (!table.ok) throw new Error(`${name} did not normalise`);
  return { table: table.value, ingestMs: t1 - t0, normaliseMs: performance.now() - t1 };
}

async function measure(job: ScaleJob, size: number, dir: string, workers: number | undefined) {
  const loadBefore = loadavg();
  const files = job === 'link' ? ['releases.csv', 'treatment.csv'] : ['treatment.csv'];
  const start = performance.now();
  const loaded = [];
  for (const f of files) loaded.push(await load(join(dir, f)));
  const result = await runLinkage(
    loaded.map((l) => l.table),
    { workers, seed: 1 },
  );
  const endToEndMs = performance.now() - start;
  const peakRssMiB = resourceUsage().maxRSS / 1024;

  const entityOf = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'truth.csv'), 'utf8').split('\n').slice(1)) {
    const comma = line.indexOf(',');
    if (comma > 0) entityOf.set(line.slice(0, comma), line.slice(comma + 1));
  }
  const { frame, pairs, predictions, thresholdWeight } = result;
  const predicted: [string, string][] = [];
  for (let p = 0; p < pairs.count; p++)
    if (predictions.weights[p] >= thresholdWeight)
      predicted.push([frame.ids[pairs.left[p]], frame.ids[pairs.right[p]]]);
  const accuracy = pairwiseAccuracy(
    predicted,
    { entityOf },
    job === 'link'
      ? { left: frame.ids.slice(0, frame.nLeft), right: frame.ids.slice(frame.nLeft) }
      : { left: frame.ids, right: [] },
  );
  const compareMs = result.timings.find((t) => t.stage === 'compare')?.ms ?? 0;
  const figures: ScaleFigures = {
    job,
    size,
    records: frame.n,
    workers: compareWorkers(pairs.count, workers),
    stages: [
      { stage: 'ingest', ms: loaded.reduce((s, l) => s + l.ingestMs, 0) },
      { stage: 'normalise', ms: loaded.reduce((s, l) => s + l.normaliseMs, 0) },
      ...result.timings,
    ],
    endToEndMs,
    candidatePairs: pairs.count,
    comparePairsPerSecond: pairs.count / (compareMs / 1000),
    peakRssMiB,
    precision: accuracy.precision,
    recall: accuracy.recall,
    f1: accuracy.f1,
    loadBefore,
    loadAfter: loadavg(),
  };
  console.log(JSON.stringify(figures));
}

const [command, job, size, dir, workers] = process.argv.slice(2);
if ((job !== 'dedupe' && job !== 'link') || !(Number(size) > 0) || !dir)
  throw new Error('usage: scale-job.ts prepare|measure dedupe|link SIZE DIR [WORKERS]');
if (command === 'prepare') prepare(job, Number(size), dir);
else if (command === 'measure') await measure(job, Number(size), dir, workers ? Number(workers) : undefined);
else throw new Error(`unknown command ${command}`);
