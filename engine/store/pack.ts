/**
 * A stored value as bytes, so that it can be sealed (encrypted) as one piece: what IndexedDB keeps
 * by structured clone (typed arrays, NaN, nested arrays and objects) survives, which JSON alone
 * does not (`JSON.stringify(new Int32Array([1]))` is `{"0":1}`, NaN becomes null).
 *
 * Layout: a 4-byte little-endian length, the UTF-8 JSON skeleton, then the bytes of every typed
 * array in the order the skeleton refers to them. In the skeleton a typed array is
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

export function pack(value: unknown): Uint8Array {
  const buffers: Typed[] = [];
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return { [NUM]: String(v) };
    const name = typedName(v);
    if (name) {
      buffers.push(v as Typed);
      return { [TA]: name, [INDEX]: buffers.length - 1 };
    }
    return v;
  });
  const skeleton = new TextEncoder().encode(json ?? 'null');
  const total = 4 + skeleton.length + buffers.reduce((s, b) => s + 4 + b.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, skeleton.length, true);
  out.set(skeleton, 4);
  let at = 4 + skeleton.length;
  for (const b of buffers) {
    view.setUint32(at, b.byteLength, true);
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), at + 4);
    at += 4 + b.byteLength;
  }
  return out;
}

export function unpack<T = unknown>(bytes: Uint8Array): T {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  const json = new TextDecoder().decode(bytes.subarray(4, 4 + length));
  // The typed arrays, copied out so each has its own aligned buffer.
  const parts: Uint8Array[] = [];
  for (let at = 4 + length; at < bytes.length; ) {
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
