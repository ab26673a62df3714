/**
 * A stored value as bytes, so that it can be sealed (encrypted) as one piece: what IndexedDB keeps
 * by structured clone (typed arrays, NaN, nested arrays and objects) survives, which JSON alone
 * does not (`JSON.stringify(new Int32Array([1]))` is `{"0":1}`, NaN becomes null).
 *
 * Layout: a flags byte (1: the skeleton holds markers), a 4-byte little-endian length, the UTF-8
 * JSON skeleton, then the bytes of every typed array in the order the skeleton refers to them. In the skeleton a typed array is
 * `{"\u0000ta":"Int32Array","\u0000i":3}` and a number JSON cannot hold is `{"\u0000n":"NaN"}`.
 * Only plain data is supported (what the store keeps): no Map, Set, Date, class instances or
 * `undefined` in arrays.
 */

const TYPED = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

const TA = '\u0000ta';
const INDEX = '\u0000i';
const NUM = '\u0000n';

function typedName(value: unknown): TypedName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name;
  return name in TYPED ? (name as TypedName) : null;
}

/**
 * The value with typed arrays and numbers JSON cannot hold replaced by markers, copying only the
 * objects and arrays that contain one: most stored values are long arrays of strings, which are
 * checked once and kept as they are, so JSON.stringify then runs without a replacer (several
 * times faster than one).
 */
function prepare(value: unknown, buffers: Typed[], marks: { n: number }): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    marks.n++;
    return { [NUM]: String(value) };
  }
  if (value === null || typeof value !== 'object') return value;
  const name = typedName(value);
  if (name) {
    buffers.push(value as Typed);
    return { [TA]: name, [INDEX]: buffers.length - 1 };
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'string' || typeof item === 'boolean' || item === null) continue;
      if (typeof item === 'number' && Number.isFinite(item)) continue;
      const prepared = prepare(item, buffers, marks);
      if (prepared !== item) {
        copy ??= value.slice();
        copy[i] = prepared;
      }
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const prepared = prepare(item, buffers, marks);
    if (prepared !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = prepared;
    }
  }
  return copy ?? value;
}

/**
 * `plain`: the caller knows the value is plain JSON data (strings, finite numbers, booleans,
 * null, arrays, objects), as stored records are, so it is not walked.
 */
export function pack(value: unknown, options: { plain?: boolean } = {}): Uint8Array {
  const buffers: Typed[] = [];
  const marks = { n: 0 };
  const json = JSON.stringify(options.plain ? value : prepare(value, buffers, marks));
  const skeleton = new TextEncoder().encode(json ?? 'null');
  const total = 5 + skeleton.length + buffers.reduce((s, b) => s + 4 + b.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out[0] = buffers.length || marks.n ? 1 : 0;
  view.setUint32(1, skeleton.length, true);
  out.set(skeleton, 5);
  let at = 5 + skeleton.length;
  for (const b of buffers) {
    view.setUint32(at, b.byteLength, true);
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), at + 4);
    at += 4 + b.byteLength;
  }
  return out;
}

export function unpack<T = unknown>(bytes: Uint8Array): T {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(1, true);
  const json = new TextDecoder().decode(bytes.subarray(5, 5 + length));
  // No markers: plain JSON, parsed without a reviver (several times faster).
  if (bytes[0] === 0) return JSON.parse(json) as T;
  // The typed arrays, copied out so each has its own aligned buffer.
  const parts: Uint8Array[] = [];
  for (let at = 5 + length; at < bytes.length; ) {
    const n = view.getUint32(at, true);
    parts.push(bytes.slice(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return JSON.parse(json, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === NUM) return Number(o[NUM]);
    if (keys.length === 2 && typeof o[TA] === 'string' && typeof o[INDEX] === 'number' && o[TA] in TYPED) {
      const part = parts[o[INDEX] as number];
      if (!part) throw new RangeError('pack: a typed array is missing from the packed bytes');
      const Ctor = TYPED[o[TA] as TypedName];
      return new Ctor(part.buffer as ArrayBuffer, 0, part.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
    return v;
  }) as T;
}
