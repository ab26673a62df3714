import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from './jaro-winkler';

describe('jaroWinkler', () => {
  // Reference values from Winkler (1990) and the usual textbook examples.
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
    ['JONES', 'JOHNSON', 0.832],
  ])('%s ~ %s = %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('is 1 for identical and 0 for disjoint or empty strings', () => {
    expect(jaroWinkler('SMITH', 'SMITH')).toBe(1);
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0);
    expect(jaroWinkler('', 'SMITH')).toBe(0);
  });

  it('is symmetric and unaffected by earlier longer calls (buffer reuse)', () => {
    jaro('A'.repeat(200), 'A'.repeat(150));
    expect(jaroWinkler('CRATE', 'TRACE')).toBeCloseTo(jaroWinkler('TRACE', 'CRATE'), 12);
    expect(jaro('CRATE', 'TRACE')).toBeCloseTo(0.7333, 4);
  });
});
