/**
 * One benchmark job, run in its own process so that its peak memory is its own. Prints one JSON
 * line with stage times, pair counts, throughput, peak memory and accuracy.
 */
import { readFile } from 'node:fs/promises';
import { resourceUsage } from 'node:process';
import { runLinkage } from '../../engine/api/linkage';
import { pairwiseAccuracy } from '../../engine/evaluate';
import { readTable } from '../../engine/ingest';
import { normaliseTable } from '../../engine/normalise';
import { synthesise, toCsv } from '../../engine/synth';

const encoder = new TextEncoder();

async function load(name: string, bytes: Uint8Array) {
  const t0 = performance.now();
  const raw = await readTable({ name, bytes });
  if (!raw.ok) throw new Error(`${name} did not import`);
  const t1 = performance.now();
  const table = normaliseTable(raw.value);
  if (!table.ok) throw new Error(`${name} did not normalise`);
  return { table: table.value, ingestMs: t1 - t0, normaliseMs: performance.now() - t1 };
}

async function inputs(job: string) {
  if (job === 'febrl4') {
    const dir = new URL('../fixtures/febrl/', import.meta.url);
    const truth = (await readFile(new URL('truth-4.csv', dir), 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    return {
      files: [
        { name: 'dataset4a.csv', bytes: await readFile(new URL('dataset4a.csv', dir)) },
        { name: 'dataset4b.csv', bytes: await readFile(new URL('dataset4b.csv', dir)) },
      ],
      truth: new Map(truth.map(([id, e]) => [id, e])),
    };
  }
  const match = /^synth-(\d+)$/.exec(job);
  if (!match) throw new Error(`unknown job ${job}`);
  const n = Number(match[1]);
  const data = synthesise({ people: n, treatment: n, seed: 42 });
  return {
    files: [
      { name: 'releases.csv', bytes: encoder.encode(toCsv(data.releases)) },
      { name: 'treatment.csv', bytes: encoder.encode(toCsv(data.treatment)) },
    ],
    truth: new Map(data.truth.map((t) => [t.id, t.entity])),
  };
}

const job = process.argv[2];
const { files, truth } = await inputs(job);
const start = performance.now();
const loaded = [];
for (const f of files) loaded.push(await load(f.name, f.bytes));
const result = await runLinkage(loaded.map((l) => l.table));
const endToEndMs = performance.now() - start;

const { frame, pairs, predictions, thresholdWeight } = result;
const predicted: [string, string][] = [];
for (let p = 0; p < pairs.count; p++)
  if (predictions.weights[p] >= thresholdWeight)
    predicted.push([frame.ids[pairs.left[p]], frame.ids[pairs.right[p]]]);
const accuracy = pairwiseAccuracy(
  predicted,
  { entityOf: truth },
  {
    left: frame.ids.slice(0, frame.nLeft),
    right: frame.ids.slice(frame.nLeft),
  },
);
const stages = [
  { stage: 'ingest', ms: loaded.reduce((s, l) => s + l.ingestMs, 0) },
  { stage: 'normalise', ms: loaded.reduce((s, l) => s + l.normaliseMs, 0) },
  ...result.timings,
];
const scoringMs = result.timings
  .filter((t) => t.stage === 'compare' || t.stage === 'predict')
  .reduce((s, t) => s + t.ms, 0);
console.log(
  JSON.stringify({
    job,
    records: [frame.nLeft, frame.n - frame.nLeft],
    stages,
    endToEndMs,
    candidatePairs: pairs.count,
    pairsScoredPerSecond: pairs.count / (scoringMs / 1000),
    peakRssMiB: resourceUsage().maxRSS / 1024,
    precision: accuracy.precision,
    recall: accuracy.recall,
    f1: accuracy.f1,
  }),
);
