import { describe, expect, it } from 'vitest';
import { cleanName, parseAliases, splitForenames, splitFullName } from './names';

describe('cleanName', () => {
  it.each([
    ['smith', 'SMITH'],
    ["O'Brien", 'OBRIEN'],
    ['O\u2019Brien', 'OBRIEN'],
    ['Smith-Jones', 'SMITH JONES'],
    ['Smith \u2013 Jones', 'SMITH JONES'],
    ['Mc Donald', 'MCDONALD'],
    ['MC DONALD', 'MCDONALD'],
    ['Mac Donald', 'MACDONALD'],
    ['McDonald', 'MCDONALD'],
    ['José', 'JOSE'],
    ['Zoë', 'ZOE'],
    ['Siân', 'SIAN'],
    ['Łukasz', 'LUKASZ'],
    ['Søren', 'SOREN'],
    ['Müller', 'MULLER'],
    ['  John   Paul  ', 'JOHN PAUL'],
    ['MIG_ERROR_SMITH', 'SMITH'],
    ['NO_SHOW_John', 'JOHN'],
    ['DUPLICATE_Smith', 'SMITH'],
    ['Mr John', 'JOHN'],
    ['MRS. Jane', 'JANE'],
    ['Dr Who', 'WHO'],
    ['Miss', 'MISS'], // a title alone is kept: it may be the name
    ['Smith2', 'SMITH'],
    ['J.P.', 'J P'],
    ['Mary-Jane', 'MARY JANE'],
    ['John NOT ENTERED', 'JOHN'],
    ['ST. JOHN', 'ST JOHN'],
  ])('cleans %j to %j', (raw, expected) => {
    expect(cleanName(raw)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'NOT ENTERED',
    'not entered',
    'UNKNOWN',
    'Unknown',
    'NOT KNOWN',
    'N/A',
    'NULL',
    '-',
    '123',
    "'",
  ])('gives null for %j', (raw) => {
    expect(cleanName(raw)).toBeNull();
  });

  it('joins Mc/Mac only to a following token', () => {
    expect(cleanName('Mac')).toBe('MAC');
    expect(cleanName('John Mac')).toBe('JOHN MAC');
  });
});

describe('splitForenames', () => {
  it('splits first from middle names', () => {
    expect(splitForenames('JOHN PAUL GEORGE')).toEqual({ first: 'JOHN', middle: 'PAUL GEORGE' });
    expect(splitForenames('JOHN')).toEqual({ first: 'JOHN', middle: null });
    expect(splitForenames(null)).toEqual({ first: null, middle: null });
    expect(splitForenames('')).toEqual({ first: null, middle: null });
  });
});

describe('splitFullName', () => {
  it.each([
    ['SMITH, John Paul', 'JOHN PAUL', 'SMITH'],
    ['Smith,John', 'JOHN', 'SMITH'],
    ["O'BRIEN, Mary", 'MARY', 'OBRIEN'],
    ['SMITH-JONES, Mary Ann', 'MARY ANN', 'SMITH JONES'],
    ['John Paul Smith', 'JOHN PAUL', 'SMITH'],
    ['john smith', 'JOHN', 'SMITH'],
    ['JOHN SMITH', 'JOHN', 'SMITH'],
    ['Mr John Smith', 'JOHN', 'SMITH'],
    ['Mary Smith-Jones', 'MARY', 'SMITH JONES'],
    ["Mary O'Brien", 'MARY', 'OBRIEN'],
    ['Ronald Mc Donald', 'RONALD', 'MCDONALD'],
    ['Ronald MAC DONALD', 'RONALD', 'MACDONALD'],
    ['Maria de la Cruz', 'MARIA', 'DE LA CRUZ'],
    ['Ludwig van Beethoven', 'LUDWIG', 'VAN BEETHOVEN'],
    ['J. Smith', 'J', 'SMITH'],
    // NOMIS display style: surname in capitals first
    ['SMITH John Paul', 'JOHN PAUL', 'SMITH'],
    ['SMITH-JONES Mary', 'MARY', 'SMITH JONES'],
    ["O'BRIEN Mary", 'MARY', 'OBRIEN'],
    ['McDONALD Ronald', 'RONALD', 'MCDONALD'],
    ['John SMITH', 'JOHN', 'SMITH'],
  ])('splits %j', (raw, forenames, surname) => {
    expect(splitFullName(raw)).toEqual({ forenames, surname });
  });

  it('reads a single token as a surname', () => {
    expect(splitFullName('Smith')).toEqual({ forenames: null, surname: 'SMITH' });
    expect(splitFullName('MR SMITH')).toEqual({ forenames: null, surname: 'SMITH' });
  });

  it('gives nulls for a missing name', () => {
    expect(splitFullName('')).toEqual({ forenames: null, surname: null });
    expect(splitFullName('NOT ENTERED')).toEqual({ forenames: null, surname: null });
    expect(splitFullName('Unknown, John')).toEqual({ forenames: 'JOHN', surname: null });
    expect(splitFullName('NOT ENTERED, John')).toEqual({ forenames: 'JOHN', surname: null });
    expect(splitFullName('John Smith NOT ENTERED')).toEqual({ forenames: 'JOHN', surname: 'SMITH' });
  });
});

describe('parseAliases', () => {
  it("reads ';' and '|' lists in either name order", () => {
    expect(parseAliases('Johnny Smith; SMITH, Jack | Jon Smyth-Brown')).toEqual([
      { forename: 'JOHNNY', surname: 'SMITH' },
      { forename: 'JACK', surname: 'SMITH' },
      { forename: 'JON', surname: 'SMYTH BROWN' },
    ]);
  });

  it('skips empty and placeholder entries', () => {
    expect(parseAliases('')).toEqual([]);
    expect(parseAliases(' ; | ')).toEqual([]);
    expect(parseAliases('NOT ENTERED; Bill Jones')).toEqual([{ forename: 'BILL', surname: 'JONES' }]);
  });

  it('keeps a one-word alias as a surname', () => {
    expect(parseAliases('Smithy')).toEqual([{ forename: null, surname: 'SMITHY' }]);
  });
});
