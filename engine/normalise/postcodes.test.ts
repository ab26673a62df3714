import { describe, expect, it } from 'vitest';
import { isNoFixedAbode, parsePostcode } from './postcodes';

describe('parsePostcode', () => {
  it.each([
    ['LS6 2AB', 'LS6 2AB', 'LS6 2', 'LS6', 'LS'],
    ['ls62ab', 'LS6 2AB', 'LS6 2', 'LS6', 'LS'],
    ['  LS6   2AB ', 'LS6 2AB', 'LS6 2', 'LS6', 'LS'],
    ['M1 1AE', 'M1 1AE', 'M1 1', 'M1', 'M'],
    ['B33 8TH', 'B33 8TH', 'B33 8', 'B33', 'B'],
    ['CR2 6XH', 'CR2 6XH', 'CR2 6', 'CR2', 'CR'],
    ['DN55 1PT', 'DN55 1PT', 'DN55 1', 'DN55', 'DN'],
    ['W1A 1HQ', 'W1A 1HQ', 'W1A 1', 'W1A', 'W'],
    ['EC1A 1BB', 'EC1A 1BB', 'EC1A 1', 'EC1A', 'EC'],
    ['sw1a-2aa', 'SW1A 2AA', 'SW1A 2', 'SW1A', 'SW'],
    // A letter O typed for the zero that starts the inward code
    ['LS6 OAB', 'LS6 0AB', 'LS6 0', 'LS6', 'LS'],
  ])('parses %j', (raw, full, sector, district, area) => {
    expect(parsePostcode(raw)).toEqual({ full, sector, district, area });
  });

  it('keeps an outward code alone as district and area, with no full postcode to agree on', () => {
    expect(parsePostcode('LS6')).toEqual({ full: null, sector: null, district: 'LS6', area: 'LS' });
    expect(parsePostcode('ec1a')).toEqual({ full: null, sector: null, district: 'EC1A', area: 'EC' });
    expect(parsePostcode('LS6 2')).toEqual({ full: null, sector: 'LS6 2', district: 'LS6', area: 'LS' });
  });

  it.each([
    'NF1 1NF',
    'nf11nf',
    'NF1 1FA',
    'NFA',
    'N.F.A.',
    'No Fixed Abode',
    'no fixed address',
    'ZZ99 3VZ',
    'ZZ99 3WZ', // NHS: address not known
    'zz993cz', // NHS pseudo-postcodes are never places
    '',
    '   ',
    'N/A',
    'unknown',
  ])('treats %j as no postcode', (raw) => {
    expect(parsePostcode(raw)).toBeNull();
  });

  it('keeps a non-UK postcode as cleaned text with no parts (FEBRL: Australian)', () => {
    expect(parsePostcode('4223')).toEqual({ full: '4223', sector: null, district: null, area: null });
    expect(parsePostcode(' 2612 ')).toEqual({ full: '2612', sector: null, district: null, area: null });
    expect(parsePostcode('d02 x285')).toEqual({ full: 'D02 X285', sector: null, district: null, area: null });
  });
});

describe('isNoFixedAbode', () => {
  it('recognises the placeholders and the words', () => {
    for (const raw of [
      'NF1 1NF',
      'NF1 1FA',
      'ZZ99 3VZ',
      'NFA',
      'n.f.a',
      'No Fixed Abode',
      'NO FIXED ADDRESS',
    ]) {
      expect(isNoFixedAbode(raw), raw).toBe(true);
    }
  });

  it('does not call an unknown address or a real postcode no fixed abode', () => {
    for (const raw of ['ZZ99 3WZ', 'LS6 2AB', 'NF1', '', 'unknown'])
      expect(isNoFixedAbode(raw), raw).toBe(false);
  });
});
