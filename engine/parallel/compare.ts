import * as Comlink from 'comlink';
import { type Comparison, conditionColumns, type Frame } from '../compare';
import { type CompareWorkerApi, packFrame } from './compare-worker';
import { type WorkerHost, WorkerPool } from './pool';

export interface ParallelCompare {
  host: WorkerHost;
  workers: number;
  /** Pairs per call. */
  chunk: number;
  signal?: AbortSignal;
  /** After each chunk, with the number of pairs done so far (from `from`). */
  onChunk?: (done: number) => void;
}

/**
 * Writes the comparison vectors of pairs [from, count) into `into` (K bytes a pair), split over a
 * pool of workers: the frame's columns go to each worker once, then chunks of pairs go to whichever
 * worker is free and their vectors come back transferred. The pool lives for this call only.
 */
export async function compareInParallel(
  frame: Frame,
  comparisons: readonly Comparison[],
  pairs: { left: Int32Array; right: Int32Array; count: number },
  from: number,
  into: Uint8Array,
  options: ParallelCompare,
): Promise<void> {
  const k = comparisons.length;
  const { chunk } = options;
  const starts: number[] = [];
  for (let start = from; start < pairs.count; start += chunk) starts.push(start);
  const columns = new Set(comparisons.flatMap((c) => c.levels.flatMap((l) => conditionColumns(l.when))));
  const shipped = packFrame(frame, columns);

  const pool = WorkerPool.open<CompareWorkerApi>(options.host, Math.min(options.workers, starts.length));
  try {
    await pool.each((worker) => worker.load(shipped, comparisons));
    let done = 0;
    await pool.run(
      starts,
      (worker, start) => {
        const end = Math.min(pairs.count, start + chunk);
        // Copies, so that they can be transferred: the candidate arrays stay with this thread.
        const left = pairs.left.slice(start, end);
        const right = pairs.right.slice(start, end);
        return worker.vectors(Comlink.transfer(left, [left.buffer]), Comlink.transfer(right, [right.buffer]));
      },
      (vectors, index) => {
        into.set(vectors, starts[index] * k);
        done += vectors.length / Math.max(1, k);
        options.onChunk?.(done);
      },
      { signal: options.signal },
    );
  } finally {
    await pool.close();
  }
}
