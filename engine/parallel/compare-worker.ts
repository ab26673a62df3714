import * as Comlink from 'comlink';
import { type Comparison, type CompiledComparisons, compileComparisons, type Frame } from '../compare';

/**
 * What a compare worker does: it receives the frame's columns and the comparisons once per run,
 * then the comparison vectors of one chunk of pairs per call, with the same kernel as the main
 * thread (`compileComparisons`), so the vectors are byte for byte those of one thread.
 */
export interface CompareWorkerApi {
  load(frame: Frame, comparisons: readonly Comparison[]): void;
  /** Vectors of the pairs (left[p], right[p]); the arrays come transferred and go back transferred. */
  vectors(left: Int32Array, right: Int32Array): Uint8Array;
}

export function compareWorker(): CompareWorkerApi {
  let compiled: CompiledComparisons | null = null;
  return {
    load(frame, comparisons) {
      compiled = compileComparisons(frame, comparisons);
    },
    vectors(left, right) {
      if (compiled === null) throw new Error('The compare worker has no frame: call load first.');
      const out = compiled.vectors(left, right);
      return Comlink.transfer(out, [out.buffer]);
    },
  };
}

/**
 * The part of a frame the comparisons read, to ship to each worker: the columns their levels
 * name (without the value-to-code maps, which only extending a frame needs), no ids.
 */
export function frameForWorkers(frame: Frame, columns: Iterable<string>): Frame {
  const shipped: Frame['columns'] = {};
  for (const name of columns) {
    const col = frame.columns[name];
    if (!col) continue;
    if (col.kind === 'int') shipped[name] = col;
    else {
      const { lookup: _lookup, ...rest } = col;
      shipped[name] = rest;
    }
  }
  return { linkType: frame.linkType, n: frame.n, nLeft: frame.nLeft, ids: [], files: [], columns: shipped };
}
