import { describe, expect, it } from 'vitest';
import { jaro, jaroByScan, jaroWinkler } from './jaro-winkler';

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

describe('jaro, bit-parallel', () => {
  it("gives exactly the scan's value on random strings of every length, ASCII or not", () => {
    let seed = 12345;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    // Few letters, so that repeats, windows and transpositions are common; some non-ASCII.
    const alphabet = ['A', 'B', 'C', 'D', 'E', ' ', "'", 'É', 'Ł'];
    const word = (max: number) =>
      Array.from({ length: Math.floor(next() * (max + 1)) }, () => {
        const i = Math.floor(next() * alphabet.length);
        return i >= 7 && next() < 0.9 ? 'A' : alphabet[i];
      }).join('');
    for (let n = 0; n < 20_000; n++) {
      const max = n % 3 === 0 ? 40 : 33;
      const a = word(max);
      const b = next() < 0.3 ? a.slice(0, -1) + word(3) : word(max);
      expect(jaro(a, b), `${a} | ${b}`).toBe(jaroByScan(a, b));
    }
  });
});
