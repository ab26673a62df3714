/**
 * What the engine's SharedWorker answers besides the EngineApi: its compare workers, and a trial
 * run of the linkage pipeline on given files with a chosen number of them. For support and the
 * benchmarks (how fast this device links with 1 or 2 workers) and the end-to-end tests; the
 * workspace's own runs choose their worker count as `runLinkage` does by default. Nothing here
 * reads or changes the workspace. Pages reach it through EngineClient (`compareWorkers`,
 * `trialLinkage`); web pages cannot reach an extension's worker.
 */
import { runLinkage } from '../../engine/api/linkage';
import { readTable } from '../../engine/ingest';
import { normaliseTable } from '../../engine/normalise';
import type { PortWorkerHost, PortWorkerHostStatus } from '../../engine/parallel/port-host';

export interface LinkageTrialRequest {
  /** One file de-duplicates, two link (the first is the left side). Transferred, not copied. */
  files: { fileName: string; bytes: ArrayBuffer }[];
  /** Compare threads, as LinkageOptions.workers (1: the engine's own thread). */
  workers?: number;
  seed?: number;
}

export interface LinkageTrialResult {
  records: number;
  candidatePairs: number;
  links: number;
  clusters: number;
  /** Ingest and normalise, then runLinkage's own stages (encode, block, compare, ...). */
  stages: { stage: string; ms: number }[];
  /** From the bytes to the clusters. */
  totalMs: number;
  /** Compare workers this run started (0 when it compared in the engine's thread). */
  workersStarted: number;
  /** SHA-256 of each result array's bytes: equal digests are byte-identical results. */
  digests: { left: string; right: string; vectors: string; weights: string; clusters: string };
}

export interface EngineDiagnostics {
  compareWorkers(): PortWorkerHostStatus;
  trialLinkage(request: LinkageTrialRequest): Promise<LinkageTrialResult>;
}

async function sha256(view: ArrayBufferView): Promise<string> {
  const bytes = new Uint8Array(view.buffer as ArrayBuffer, view.byteOffset, view.byteLength);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function engineDiagnostics(host: PortWorkerHost): EngineDiagnostics {
  return {
    compareWorkers: () => host.status(),
    async trialLinkage({ files, workers, seed }) {
      const started = performance.now();
      const stages: { stage: string; ms: number }[] = [];
      let lap = started;
      const timed = (stage: string) => {
        const now = performance.now();
        stages.push({ stage, ms: now - lap });
        lap = now;
      };
      const raws = [];
      for (const { fileName, bytes } of files) {
        const raw = await readTable({ name: fileName, bytes });
        if (!raw.ok) throw new Error(`${fileName} could not be read (${raw.issues[0]?.code ?? 'no rows'})`);
        raws.push(raw.value);
      }
      timed('ingest');
      const tables = raws.map((raw) => {
        const table = normaliseTable(raw);
        if (!table.ok) throw new Error(`${raw.file} could not be normalised`);
        return table.value;
      });
      timed('normalise');
      const before = host.status().started;
      const result = await runLinkage(tables, { workers, seed });
      const totalMs = performance.now() - started;
      stages.push(...result.timings);
      const { pairs } = result;
      // The arrays may have headroom past the last pair (engine/api/pair-buffers.ts).
      const k = result.model.comparisons.length;
      let links = 0;
      for (let p = 0; p < pairs.count; p++) if (result.isLink(p)) links++;
      return {
        records: result.frame.n,
        candidatePairs: pairs.count,
        links,
        clusters: result.clusters.count,
        stages,
        totalMs,
        workersStarted: host.status().started - before,
        digests: {
          left: await sha256(pairs.left.subarray(0, pairs.count)),
          right: await sha256(pairs.right.subarray(0, pairs.count)),
          vectors: await sha256(result.vectors.subarray(0, pairs.count * k)),
          weights: await sha256(result.predictions.weights.subarray(0, pairs.count)),
          clusters: await sha256(result.clusters.clusterOf),
        },
      };
    },
  };
}
