import * as Comlink from 'comlink';
import {
  type Comparison,
  type CompiledComparisons,
  compileComparisons,
  type Frame,
  type FrameColumn,
} from '../compare';

/**
 * What a compare worker does: it receives the frame's columns and the comparisons once per run,
 * then the comparison vectors of one chunk of pairs per call, with the same kernel as the main
 * thread (`compileComparisons`), so the vectors are byte for byte those of one thread.
 */
export interface CompareWorkerApi {
  load(frame: PackedFrame, comparisons: readonly Comparison[]): void;
  /** Vectors of the pairs (left[p], right[p]); the arrays come transferred and go back transferred. */
  vectors(left: Int32Array, right: Int32Array): Uint8Array;
}

export function compareWorker(): CompareWorkerApi {
  let compiled: CompiledComparisons | null = null;
  return {
    load(frame, comparisons) {
      compiled = compileComparisons(unpackFrame(frame), comparisons);
    },
    vectors(left, right) {
      if (compiled === null) throw new Error('The compare worker has no frame: call load first.');
      const out = compiled.vectors(left, right);
      return Comlink.transfer(out, [out.buffer]);
    },
  };
}

/**
 * A column's distinct values as one string and where each ends. Structured clone copies an array
 * of a hundred thousand strings one by one (100 ms for the NHS numbers of 100,000 records, most of
 * it flattening strings cut from the file), but one long string in a single copy.
 */
export interface PackedStrings {
  text: string;
  ends: Int32Array;
}

type Packed<C> = C extends { values: string[] }
  ? Omit<C, 'values' | 'lookup'> & { values: PackedStrings }
  : C;

/** The part of a frame that is shipped to each worker (see packFrame). */
export interface PackedFrame extends Pick<Frame, 'linkType' | 'n' | 'nLeft'> {
  columns: Record<string, Packed<FrameColumn>>;
}

function packStrings(values: readonly string[]): PackedStrings {
  const ends = new Int32Array(values.length);
  let end = 0;
  for (let i = 0; i < values.length; i++) {
    end += (values[i] ?? '').length;
    ends[i] = end;
  }
  return { text: values.join(''), ends };
}

function unpackStrings({ text, ends }: PackedStrings): string[] {
  const values = new Array<string>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    values[i] = text.slice(start, ends[i]);
    start = ends[i];
  }
  return values;
}

/**
 * The part of a frame the comparisons read, to ship to each worker: the columns their levels name,
 * values packed, without the value-to-code maps (only extending a frame needs them) and no ids.
 */
export function packFrame(frame: Frame, columns: Iterable<string>): PackedFrame {
  const packed: PackedFrame['columns'] = {};
  for (const name of columns) {
    const col = frame.columns[name];
    if (!col) continue;
    if (col.kind === 'int') packed[name] = col;
    else {
      const { lookup: _lookup, values, ...rest } = col;
      packed[name] = { ...rest, values: packStrings(values) };
    }
  }
  return { linkType: frame.linkType, n: frame.n, nLeft: frame.nLeft, columns: packed };
}

export function unpackFrame(packed: PackedFrame): Frame {
  const columns: Frame['columns'] = {};
  for (const [name, col] of Object.entries(packed.columns))
    columns[name] = col.kind === 'int' ? col : { ...col, values: unpackStrings(col.values) };
  return { linkType: packed.linkType, n: packed.n, nLeft: packed.nLeft, ids: [], files: [], columns };
}
