import { describe, expect, it } from 'vitest';
import { CANONICAL_FIELDS, type CanonicalField } from '../../shared/person';
import { editSimilarity, FUZZY_ACCEPT, guessField, mapHeaders, normaliseHeader } from './headers';
import { FIELD_SYNONYMS } from './synonyms';

describe('normaliseHeader', () => {
  it.each([
    ['Forename(s)', 'forename s'],
    ['  NHS_No. ', 'nhs no'],
    ['dateOfBirth', 'date of birth'],
    ['NHSNumber', 'nhs number'],
    ['D.O.B', 'd o b'],
    ['Town/City', 'town city'],
  ])('%j -> %j', (header, expected) => {
    expect(normaliseHeader(header)).toBe(expected);
  });
});

describe('synonym table', () => {
  it('names every canonical field and gives no normalised synonym to two fields', () => {
    const owner = new Map<string, CanonicalField>();
    for (const field of CANONICAL_FIELDS) {
      expect(FIELD_SYNONYMS[field].length, field).toBeGreaterThan(0);
      for (const s of FIELD_SYNONYMS[field]) {
        const key = normaliseHeader(s).replace(/ /g, '');
        expect(owner.get(key) ?? field, `${s} is listed for ${owner.get(key)} and ${field}`).toBe(field);
        owner.set(key, field);
      }
    }
  });

  it('maps every synonym exactly to its own field', () => {
    for (const field of CANONICAL_FIELDS) {
      for (const s of FIELD_SYNONYMS[field])
        expect(guessField(s), s).toEqual({ field, confidence: 1, method: 'synonym' });
    }
  });
});

describe('editSimilarity', () => {
  it('counts a swapped pair of letters as one edit', () => {
    expect(editSimilarity('birth', 'brith')).toBeCloseTo(0.8);
    expect(editSimilarity('abc', 'abc')).toBe(1);
    expect(editSimilarity('', '')).toBe(1);
    expect(editSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7);
  });
});

describe('guessField', () => {
  it.each([
    ['Surname ', 'surname', 'synonym', 1],
    ['NHS No.', 'nhsNumber', 'synonym', 1],
    ['Sur name', 'surname', 'synonym', 1],
    ['DateOfBirth', 'dob', 'synonym', 1],
    ['prisonerNumber', 'prisonNumber', 'synonym', 1],
    ['Alias 3', 'aliases', 'synonym', 1],
    ['Date of Brith', 'dob', 'fuzzy', 0.781],
    ['Surnmae', 'surname', 'fuzzy', 0.612],
    ['Forname', 'forenames', 'fuzzy', 0.75],
    ['NHS Numbr', 'nhsNumber', 'fuzzy', 0.8],
    ['Postcde', 'postcode', 'fuzzy', 0.75],
  ] as const)('%j -> %s (%s, %d)', (header, field, method, confidence) => {
    const guess = guessField(header);
    expect(guess).toMatchObject({ field, method });
    expect(guess!.confidence).toBeCloseTo(confidence, 3);
    expect(guess!.confidence).toBeGreaterThanOrEqual(FUZZY_ACCEPT);
  });

  it.each([
    'state',
    'Notes',
    'Age',
    'Phone Number',
    'Middle Names',
    'Ethnicity',
    'Conditional Release Date',
    'CRD',
    'X',
    '',
  ])('leaves %j unmatched', (header) => {
    expect(guessField(header)).toBeNull();
  });
});

describe('mapHeaders', () => {
  it('gives a single-valued field to its most confident column, ties to the leftmost', () => {
    const m = mapHeaders(['Surnmae', 'Surname', 'Last Name', 'id']);
    expect(m.sources.surname).toEqual([1]);
    expect(m.assignments[0]).toMatchObject({ field: null, method: 'unmapped' });
    expect(m.assignments[2]).toMatchObject({ field: null, method: 'unmapped' });
  });

  it('gives a multi-column field every matching column in source order', () => {
    const m = mapHeaders(['id', 'Address Line 2', 'Name', 'Address Line 1', 'Alias 1', 'Alias 2']);
    expect(m.sources.address).toEqual([1, 3]);
    expect(m.sources.aliases).toEqual([4, 5]);
  });

  it('lets mapping-file entries override guesses, drop columns and report unknown columns', () => {
    const m = mapHeaders(['ID', 'Ref', 'Surnme', 'Family', 'Notes'], {
      Ref: 'id',
      family: 'surname',
      Notes: null,
      Missing: 'dob',
    });
    expect(m.sources.id).toEqual([1]);
    expect(m.sources.surname).toEqual([3]);
    expect(m.assignments[0]).toMatchObject({ field: null, method: 'unmapped' });
    expect(m.assignments[2]).toMatchObject({ field: null, method: 'unmapped' });
    expect(m.assignments[3]).toMatchObject({ field: 'surname', method: 'mapping-file', confidence: 1 });
    expect([...m.ignored]).toEqual([4]);
    expect(m.unknownColumns).toEqual(['Missing']);
  });

  it('reports two columns mapped to one single-valued field', () => {
    const m = mapHeaders(['a', 'b'], { a: 'dob', b: 'dob' });
    expect(m.duplicateMappings).toEqual([{ field: 'dob', headers: ['a', 'b'] }]);
  });

  it('uses the prison number as the id when there is no id column', () => {
    const m = mapHeaders(['NOMS No', 'Surname']);
    expect(m.sources.id).toEqual([0]);
    expect(m.sources.prisonNumber).toEqual([0]);
    expect(m.assignments.find((a) => a.field === 'id')).toEqual({
      header: 'NOMS No',
      index: 0,
      field: 'id',
      confidence: 0.5,
      method: 'synonym',
    });
  });

  it('maps an HMPPS prisoner-search export', () => {
    const headers = ['prisonerNumber', 'bookingId', 'firstName', 'middleNames', 'lastName', 'dateOfBirth'];
    const more = [
      'gender',
      'pncNumber',
      'croNumber',
      'releaseDate',
      'prisonName',
      'postalCode',
      'fullAddress',
    ];
    const m = mapHeaders([...headers, ...more]);
    const fields = m.assignments.filter((a) => a.field).map((a) => `${a.header}:${a.field}`);
    expect(fields).toEqual([
      'prisonerNumber:prisonNumber',
      'bookingId:id',
      'firstName:forenames',
      'lastName:surname',
      'dateOfBirth:dob',
      'gender:sex',
      'pncNumber:pnc',
      'croNumber:cro',
      'releaseDate:releaseDate',
      'prisonName:establishment',
      'postalCode:postcode',
      'fullAddress:address',
    ]);
  });
});
