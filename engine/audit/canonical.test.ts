import { describe, expect, it } from 'vitest';
import { canonicalJson } from './index';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,1,{"y":null,"z":true}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('leaves out absent properties, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 'é"\n' })).toBe(`{"b":${JSON.stringify('é"\n')}}`);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a Date', new Date(0)],
    ['a bigint', 1n],
    ['undefined in an array', [undefined]],
  ])('refuses %s', (_, value) => {
    expect(() => canonicalJson({ value })).toThrow(TypeError);
  });
});
