/**
 * The per-pair arrays of a linkage over buffers with room to grow. A linkage's `pairs`, `vectors`
 * and `predictions.weights` are views of [0, count) of these buffers, so that an increment
 * renumbers the kept pairs where they are and appends the new ones after them: copying 5 million
 * pairs into new arrays each week cost more in first touches of fresh memory and in garbage
 * collection than in the copying itself.
 */
export interface PairBuffers {
  left: Int32Array;
  right: Int32Array;
  rule: Uint8Array;
  /** K bytes per pair. */
  vectors: Uint8Array;
  weights: Float64Array;
  /** Pairs there is room for. */
  capacity: number;
}

/** Room kept beyond what is asked for: the weeks' lists to come then fit without a copy. */
const headroom = (pairs: number) => Math.ceil(pairs / 16) + (1 << 16);

export function allocatePairs(capacity: number, k: number): PairBuffers {
  return {
    left: new Int32Array(capacity),
    right: new Int32Array(capacity),
    rule: new Uint8Array(capacity),
    vectors: new Uint8Array(capacity * k),
    weights: new Float64Array(capacity),
    capacity,
  };
}

/** Buffers for a first run's pairs, with headroom, holding copies of their records and rules. */
export function buffersFor(
  pairs: Pick<PairBuffers, 'left' | 'right' | 'rule'> & { count: number },
  k: number,
) {
  const buffers = allocatePairs(pairs.count + headroom(pairs.count), k);
  buffers.left.set(pairs.left.subarray(0, pairs.count));
  buffers.right.set(pairs.right.subarray(0, pairs.count));
  buffers.rule.set(pairs.rule.subarray(0, pairs.count));
  return buffers;
}

/** The whole buffers behind arrays that may be views of their beginnings. */
export function buffersBehind(
  arrays: Pick<PairBuffers, 'left' | 'right' | 'rule' | 'vectors' | 'weights'>,
  k: number,
): PairBuffers {
  const room = (a: { buffer: ArrayBufferLike; byteOffset: number }, bytes: number) =>
    Math.floor((a.buffer.byteLength - a.byteOffset) / bytes);
  const capacity = Math.min(
    room(arrays.left, 4),
    room(arrays.right, 4),
    room(arrays.rule, 1),
    k === 0 ? Number.POSITIVE_INFINITY : room(arrays.vectors, k),
    room(arrays.weights, 8),
  );
  const view = <T extends Int32Array | Uint8Array | Float64Array>(a: T, length: number): T =>
    new (a.constructor as new (b: ArrayBufferLike, o: number, l: number) => T)(
      a.buffer,
      a.byteOffset,
      length,
    );
  return {
    left: view(arrays.left, capacity),
    right: view(arrays.right, capacity),
    rule: view(arrays.rule, capacity),
    vectors: view(arrays.vectors, capacity * k),
    weights: view(arrays.weights, capacity),
    capacity,
  };
}

/**
 * Buffers with room for `need` pairs: these if they have it, else new ones (with headroom) into
 * which the first `keep` pairs are copied.
 */
export function withRoom(buffers: PairBuffers, keep: number, need: number, k: number): PairBuffers {
  if (need <= buffers.capacity) return buffers;
  const grown = allocatePairs(need + headroom(need), k);
  grown.left.set(buffers.left.subarray(0, keep));
  grown.right.set(buffers.right.subarray(0, keep));
  grown.rule.set(buffers.rule.subarray(0, keep));
  grown.vectors.set(buffers.vectors.subarray(0, keep * k));
  grown.weights.set(buffers.weights.subarray(0, keep));
  return grown;
}

/**
 * Renumbers the first `count` pairs in place through `moved` (a record's new row, -1 when it was
 * removed or changed) and drops those with a record gone, and those a decision added (rule 255:
 * the decisions are attached again afterwards); returns how many are kept, now at the front.
 * When no record was removed or changed and each side moved as a block (a list added on the left
 * moves every right record by its length) the pairs are shifted in one pass instead.
 * `sides` is the earlier frame's: left records are below `nLeft` (all of them in a dedupe).
 */
export function compactPairs(
  buffers: PairBuffers,
  count: number,
  moved: Int32Array,
  sides: { nLeft: number; linkType: 'link' | 'dedupe' },
  k: number,
): number {
  const { left, right, rule, vectors } = buffers;
  const decisionAt = rule.subarray(0, count).indexOf(255);
  let kept = 0;
  const shift = blockShift(moved, sides.nLeft);
  if (shift) {
    const plain = decisionAt < 0 ? count : decisionAt;
    const rightShift = sides.linkType === 'link' ? shift.right : shift.left;
    if (shift.left !== 0) for (let p = 0; p < plain; p++) left[p] += shift.left;
    if (rightShift !== 0) for (let p = 0; p < plain; p++) right[p] += rightShift;
    kept = plain;
  }
  for (let p = kept; p < count; p++) {
    const i = moved[left[p]];
    const j = moved[right[p]];
    if (rule[p] === 255 || i < 0 || j < 0) continue;
    left[kept] = i;
    right[kept] = j;
    rule[kept] = rule[p];
    if (kept !== p) vectors.copyWithin(kept * k, p * k, p * k + k);
    kept++;
  }
  return kept;
}

/**
 * The constant by which the rows below `nLeft` moved, and the one by which the others did, when
 * every row moved so; null when a row was removed or changed, or rows moved otherwise.
 */
function blockShift(moved: Int32Array, nLeft: number): { left: number; right: number } | null {
  const left = nLeft > 0 ? moved[0] : 0;
  const right = nLeft < moved.length ? moved[nLeft] - nLeft : 0;
  for (let r = 0; r < moved.length; r++)
    if (moved[r] < 0 || moved[r] !== r + (r < nLeft ? left : right)) return null;
  return { left, right };
}
