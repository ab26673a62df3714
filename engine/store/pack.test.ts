import { describe, expect, it } from 'vitest';
import { pack, unpack } from './pack';

describe('pack', () => {
  it('round-trips what IndexedDB keeps by structured clone and JSON alone does not', () => {
    const value = {
      ints: Int32Array.from([1, -2, 2 ** 31 - 1]),
      floats: Float64Array.from([0.5, Number.NaN, Number.POSITIVE_INFINITY]),
      bytes: Uint8Array.from([0, 255]),
      view: new Uint16Array(new ArrayBuffer(16), 4, 3).fill(7),
      nested: { events: { releaseDate: Int32Array.from([20240101]) }, list: [[1, 'a'], null] },
      special: [Number.NaN, Number.NEGATIVE_INFINITY, -0.25],
      text: 'Zoë "quoted" \u0000 line\nbreak',
    };
    const back = unpack<typeof value>(pack(value));
    expect(back).toEqual(value);
    expect(back.ints).toBeInstanceOf(Int32Array);
    expect(back.view).toBeInstanceOf(Uint16Array);
    expect(back.view.length).toBe(3);
    expect(Number.isNaN(back.floats[1])).toBe(true);
    expect(Number.isNaN(back.special[0])).toBe(true);
  });

  it('packs plain values and empty typed arrays', () => {
    for (const value of [null, 0, 'x', [], {}, new Float32Array(0)])
      expect(unpack(pack(value))).toEqual(value);
  });
});
