/**
 * Jaro-Winkler similarity, written here rather than imported because it is the innermost loop of
 * scoring: it reuses two flag buffers instead of allocating per call, and results are cached per
 * distinct value pair by the caller anyway.
 */
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);
/** For the bit-parallel path: bit j of positions[c] is set where b has character c. */
const positions = new Int32Array(128);

/**
 * Jaro similarity. Strings of at most 32 characters whose b side is ASCII (names, postcodes,
 * most address lines) take a bit-parallel path: b's positions of each character are one 32-bit
 * mask, so the first free match in the window is the lowest set bit of (mask & free & window)
 * instead of a scan of the window, and the transpositions walk two masks. It matches the same
 * characters in the same order as the scan (`jaroByScan`, used for everything else), so the
 * value is the same to the last bit (tested against it on random strings).
 */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la > 32 || lb > 32) return jaroByScan(a, b);
  for (let j = 0; j < lb; j++) {
    const c = b.charCodeAt(j);
    if (c >= 128) {
      for (let x = 0; x < j; x++) positions[b.charCodeAt(x)] = 0;
      return jaroByScan(a, b);
    }
    positions[c] |= 1 << j;
  }
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let taken = 0;
  let matchedA = 0;
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    if (c >= 128) continue; // b is ASCII: nothing to match
    const lo = i > window ? i - window : 0;
    const hi = Math.min(lb - 1, i + window);
    if (lo > hi) continue;
    const range = (hi >= 31 ? -1 : (1 << (hi + 1)) - 1) & ~((1 << lo) - 1);
    const free = positions[c] & ~taken & range;
    if (free !== 0) {
      taken |= free & -free;
      matchedA |= 1 << i;
      matches++;
    }
  }
  for (let j = 0; j < lb; j++) positions[b.charCodeAt(j)] = 0;
  if (matches === 0) return 0;
  let transpositions = 0;
  let rest = taken;
  for (let i = 0; i < la; i++) {
    if ((matchedA & (1 << i)) === 0) continue;
    const bit = rest & -rest;
    rest ^= bit;
    if (a.charCodeAt(i) !== b.charCodeAt(31 - Math.clz32(bit))) transpositions++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro similarity by scanning each character's window (any length, any characters). */
export function jaroByScan(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Winkler's boost for a common prefix of up to four characters, scaling factor 0.1. */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}
