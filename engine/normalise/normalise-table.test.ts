import { describe, expect, it } from 'vitest';
import type { Issue } from '../../shared/issues';
import type { CanonicalField } from '../../shared/person';
import type { RawTable } from '../ingest/types';
import { type NormaliseOptions, normaliseTable } from './normalise-table';
import type { NormalisedTable } from './types';

type Columns = Partial<Record<CanonicalField, string[]>>;

/** A RawTable as ingest would give it: data from row 2, headers named after the source system. */
function rawTable(columns: Columns, extras: Record<string, string[]> = {}): RawTable {
  const n = Object.values(columns)[0]?.length ?? 0;
  return {
    file: 'releases.csv',
    rowCount: n,
    sourceRows: Int32Array.from({ length: n }, (_, i) => i + 2),
    columns,
    headers: Object.fromEntries(Object.keys(columns).map((field) => [field, `Src ${field}`])),
    extras,
    assignments: [],
    format: 'csv',
  };
}

const OPTIONS: NormaliseOptions = { referenceYear: 2025, today: 20250601 };

function ok(
  raw: RawTable,
  options: NormaliseOptions = OPTIONS,
): { table: NormalisedTable; warnings: Issue[] } {
  const result = normaliseTable(raw, options);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  return { table: result.value, warnings: result.warnings };
}

function failed(raw: RawTable, options: NormaliseOptions = OPTIONS): Issue[] {
  const result = normaliseTable(raw, options);
  if (result.ok) throw new Error('expected the table to be refused');
  return result.issues;
}

function quality(table: NormalisedTable, field: string) {
  const q = table.quality.find((x) => x.field === field);
  if (!q) throw new Error(`no quality for ${field}`);
  return { present: q.present, missing: q.missing, rejected: q.rejected };
}

/** n dates of birth, the first `bad` of them unreadable. */
function dobs(n: number, bad: number): string[] {
  return Array.from({ length: n }, (_, i) => (i < bad ? `31/02/19${60 + i}` : `0${1 + (i % 9)}/03/1980`));
}

describe('normaliseTable: columns', () => {
  it('cleans a messy release list into canonical columns', () => {
    const { table } = ok(
      rawTable({
        id: ['R1', 'R2', 'R3'],
        forenames: ['John Paul', '  mary-jane ', 'Mr BILL'],
        surname: ["O'Brien", 'Smith-Jones', 'MC DONALD'],
        dob: ['12/03/1985', '1990-07-01', '01/01/1900'],
        sex: ['Male', 'f', 'X'],
        postcode: ['ls62ab', 'NF1 1NF', ''],
        nhsNumber: ['943 476 5919', '9434765918', ''],
        pnc: ['12/394773H', '2012/0123456X', ''],
        cro: ['29906/12J', '000000/00Z', ''],
        prisonNumber: ['a1234bc', 'A123BC', ''],
        otherId: [' ab 12 34 56 c ', 'N/A', ''],
      }),
    );
    expect(table.n).toBe(3);
    expect(table.ids).toEqual(['R1', 'R2', 'R3']);
    expect([...table.sourceRows]).toEqual([2, 3, 4]);
    expect(table.forename).toEqual(['JOHN', 'MARY', 'BILL']);
    expect(table.middleNames).toEqual(['PAUL', 'JANE', null]);
    expect(table.surname).toEqual(['OBRIEN', 'SMITH JONES', 'MCDONALD']);
    expect(table.forenameKey).toEqual(['JN', 'MR', 'PL']);
    expect(table.surnameKey[1]).toBe('SM0');
    expect([...table.dob]).toEqual([19850312, 19900701, 0]);
    expect(table.sex).toEqual(['M', 'F', null]);
    expect(table.postcode).toEqual(['LS6 2AB', null, null]);
    expect(table.postcodeSector).toEqual(['LS6 2', null, null]);
    expect(table.postcodeDistrict).toEqual(['LS6', null, null]);
    expect(table.postcodeArea).toEqual(['LS', null, null]);
    expect(table.nhsNumber).toEqual(['9434765919', null, null]);
    expect(table.pnc).toEqual(['2012/0394773H', null, null]);
    expect(table.cro).toEqual(['029906/12J', null, null]);
    expect(table.prisonNumber).toEqual(['A1234BC', null, null]);
    expect(table.otherId).toEqual(['AB123456C', null, null]);
  });

  it('gives all-null and all-zero columns for fields the file lacks', () => {
    const { table } = ok(rawTable({ id: ['A', 'B'], surname: ['Smith', 'Jones'] }));
    for (const col of [
      table.forename,
      table.middleNames,
      table.forenameKey,
      table.sex,
      table.postcode,
      table.postcodeSector,
      table.postcodeDistrict,
      table.postcodeArea,
      table.address,
      table.town,
      table.nhsNumber,
      table.pnc,
      table.cro,
      table.prisonNumber,
      table.otherId,
    ]) {
      expect(col).toEqual([null, null]);
    }
    expect(table.dob).toEqual(new Int32Array(2));
    expect(table.forenamesAll).toEqual([[], []]);
    expect(table.events).toEqual({});
    expect(table.attributes).toEqual({});
    expect(table.quality.map((q) => q.field)).toEqual(['id', 'surname']);
  });

  it('reads the full-name column for whichever name part is empty', () => {
    const { table } = ok(
      rawTable({
        id: ['1', '2', '3', '4'],
        forenames: ['', 'Peter', '', ''],
        surname: ['', '', 'Brown', ''],
        fullName: ['SMITH, John Paul', 'Peter Jones', 'Ann Green', 'Maria de la Cruz'],
      }),
    );
    expect(table.forename).toEqual(['JOHN', 'PETER', 'ANN', 'MARIA']);
    expect(table.middleNames).toEqual(['PAUL', null, null, null]);
    // Row 3 keeps its own surname: the full name only fills gaps.
    expect(table.surname).toEqual(['SMITH', 'JONES', 'BROWN', 'DE LA CRUZ']);
    expect(table.surnamesAll[3]).toEqual(['DE LA CRUZ', 'CRUZ']);
  });

  it('collects every forename and surname a person is known by, once each', () => {
    const { table } = ok(
      rawTable({
        id: ['1', '2'],
        forenames: ['William J Henry', 'Mary'],
        surname: ['Smith-Jones', "O'Brien"],
        aliases: ['Bill Smith; SMITH, Billy | William Jones', ''],
      }),
    );
    // The initial J is not evidence of anything on its own.
    expect(table.forenamesAll[0]).toEqual(['WILLIAM', 'HENRY', 'BILL', 'BILLY']);
    expect(table.surnamesAll[0]).toEqual(['SMITH JONES', 'SMITH', 'JONES']);
    expect(table.forenamesAll[1]).toEqual(['MARY']);
    expect(table.surnamesAll[1]).toEqual(['OBRIEN']);
    expect(quality(table, 'aliases')).toEqual({ present: 1, missing: 1, rejected: 0 });
  });

  it('gives each row its own arrays even when its names repeat another row', () => {
    const { table } = ok(rawTable({ id: ['1', '2'], forenames: ['Ann', 'Ann'], surname: ['Lee', 'Lee'] }));
    expect(table.forenamesAll[0]).toEqual(table.forenamesAll[1]);
    expect(table.forenamesAll[0]).not.toBe(table.forenamesAll[1]);
  });

  it('counts placeholder names as rejected and blank or "unknown" names as missing', () => {
    const { table } = ok(
      rawTable({
        id: ['1', '2', '3', '4'],
        forenames: ['John', '', 'NOT ENTERED', 'UNKNOWN'],
        surname: ['A', 'B', 'C', 'D'],
      }),
    );
    expect(table.forename).toEqual(['JOHN', null, null, null]);
    expect(quality(table, 'forenames')).toEqual({ present: 1, missing: 2, rejected: 1 });
  });

  it('maps sex codes, treating not-known codes as missing and others as rejected', () => {
    const { table } = ok(
      rawTable({ id: '123456789'.split(''), sex: ['M', 'male', '1', 'F', 'Female', '2', 'U', '', 'X'] }),
    );
    expect(table.sex).toEqual(['M', 'M', 'M', 'F', 'F', 'F', null, null, null]);
    expect(quality(table, 'sex')).toEqual({ present: 6, missing: 2, rejected: 1 });
  });

  it('keeps non-UK postcodes whole and counts no-fixed-abode as rejected', () => {
    const { table } = ok(
      rawTable({ id: ['1', '2', '3', '4', '5'], postcode: ['4223', 'NFA', 'ZZ99 3WZ', 'n/a', 'LS6'] }),
    );
    expect(table.postcode).toEqual(['4223', null, null, null, null]);
    expect(table.postcodeDistrict).toEqual([null, null, null, null, 'LS6']);
    expect(quality(table, 'postcode')).toEqual({ present: 2, missing: 1, rejected: 2 });
  });

  it('cleans address text and drops "no fixed abode" written as an address', () => {
    const { table } = ok(
      rawTable({
        id: ['1', '2', '3'],
        address: [' 12  High St,  Flat 2 ', 'No fixed abode', ''],
        town: ['Leeds', '', ''],
      }),
    );
    expect(table.address).toEqual(['12 HIGH ST FLAT 2', null, null]);
    expect(table.town).toEqual(['LEEDS', null, null]);
    expect(quality(table, 'address')).toEqual({ present: 1, missing: 1, rejected: 1 });
  });

  it('reports invalid identifiers as warnings with row and column, and counts them', () => {
    const { table, warnings } = ok(
      rawTable({ id: ['1', '2', '3'], nhsNumber: ['9434765919', '9434765918', 'unknown'] }),
    );
    expect(table.nhsNumber).toEqual(['9434765919', null, null]);
    expect(quality(table, 'nhsNumber')).toEqual({ present: 1, missing: 1, rejected: 1 });
    expect(warnings).toEqual([
      {
        code: 'invalid_identifier',
        severity: 'warning',
        file: 'releases.csv',
        row: 3,
        column: 'Src nhsNumber',
        value: '9434765918',
      },
    ]);
  });

  it('carries events, attributes and extras', () => {
    const { table } = ok(
      rawTable(
        {
          id: ['1', '2'],
          releaseDate: ['03/01/2025', ''],
          referralDate: ['2025-01-10', '1970-01-01'],
          establishment: ['  HMP Leeds ', ''],
          ostOnRelease: ['Y', 'N'],
        },
        { 'Wing ': ['A', 'B'] },
      ),
    );
    expect(table.events).toEqual({
      releaseDate: new Int32Array([20250103, 0]),
      referralDate: new Int32Array([20250110, 0]),
    });
    expect(table.attributes).toEqual({ establishment: ['HMP Leeds', null], ostOnRelease: ['Y', 'N'] });
    expect(table.extras).toEqual({ 'Wing ': ['A', 'B'] });
    expect(quality(table, 'referralDate')).toEqual({ present: 1, missing: 0, rejected: 1 });
  });

  it('lists quality in canonical field order', () => {
    const { table } = ok(
      rawTable({
        releaseDate: ['01/01/2025'],
        postcode: ['LS6 2AB'],
        id: ['1'],
        dob: ['01/02/1980'],
        surname: ['X'],
      }),
    );
    expect(table.quality.map((q) => q.field)).toEqual(['id', 'surname', 'dob', 'postcode', 'releaseDate']);
  });

  it('uses source row numbers when there is no id column', () => {
    expect(ok(rawTable({ surname: ['A', 'B'] })).table.ids).toEqual(['2', '3']);
  });
});

describe('normaliseTable: dates', () => {
  it('decides day-month order per column', () => {
    const { table } = ok(
      rawTable({
        id: ['1', '2'],
        dob: ['03/04/1980', '12/25/1990'], // 25 can only be a day: US order
        releaseDate: ['03/04/2024', '25/12/2024'], // UK order
      }),
    );
    expect([...table.dob]).toEqual([19800304, 19901225]);
    expect([...table.events.releaseDate]).toEqual([20240403, 20241225]);
  });

  it('lets an explicit order override inference', () => {
    const { table } = ok(rawTable({ id: ['1'], dob: ['03/04/1980'] }), { ...OPTIONS, dateOrder: 'mdy' });
    expect([...table.dob]).toEqual([19800304]);
  });

  it('turns placeholder dates into 0 without counting them as unreadable', () => {
    const { table, warnings } = ok(
      rawTable({ id: ['1', '2', '3'], dob: ['01/01/1900', '1970-01-01', '01/01/1985'] }),
    );
    expect([...table.dob]).toEqual([0, 0, 19850101]);
    expect(quality(table, 'dob')).toEqual({ present: 1, missing: 0, rejected: 2 });
    expect(warnings).toEqual([]);
  });

  it('accepts unreadable dates up to the tolerance, with warnings', () => {
    const raw = rawTable({ id: dobs(20, 1).map(String), dob: dobs(20, 1) });
    const { table, warnings } = ok(raw); // 1 of 20 = 5%: exactly the default tolerance
    expect(table.dob[0]).toBe(0);
    expect(table.dob[1]).toBe(19800302);
    expect(quality(table, 'dob')).toEqual({ present: 19, missing: 0, rejected: 1 });
    expect(warnings).toEqual([
      {
        code: 'unparseable_date',
        severity: 'warning',
        file: 'releases.csv',
        row: 2,
        column: 'Src dob',
        value: '31/02/1960',
      },
    ]);
  });

  it('refuses a column with more unreadable dates than the tolerance', () => {
    const issues = failed(rawTable({ id: dobs(20, 2), dob: dobs(20, 2) })); // 10%
    expect(issues[0]).toEqual({
      code: 'too_many_bad_dates',
      severity: 'error',
      file: 'releases.csv',
      column: 'Src dob',
      detail: '2 of 20 (10.0%)',
    });
    expect(issues.slice(1).map((i) => [i.code, i.row, i.value])).toEqual([
      ['unparseable_date', 2, '31/02/1960'],
      ['unparseable_date', 3, '31/02/1961'],
    ]);
    expect(issues.every((i) => i.severity === 'error')).toBe(true);
  });

  it('honours a custom tolerance on either side of the boundary', () => {
    const raw = rawTable({ id: dobs(40, 7), dob: dobs(40, 7) }); // 17.5%
    expect(failed(raw, { ...OPTIONS, badDateTolerance: 0.17 })[0].detail).toBe('7 of 40 (17.5%)');
    expect(normaliseTable(raw, { ...OPTIONS, badDateTolerance: 0.175 }).ok).toBe(true);
    expect(normaliseTable(raw, { ...OPTIONS, badDateTolerance: 0 }).ok).toBe(false);
  });

  it('measures the tolerance against non-empty values only', () => {
    // 1 bad of 10 given (10%) though only 1 of 100 rows: refused.
    const values = [...dobs(10, 1), ...Array<string>(90).fill('')];
    const issues = failed(rawTable({ id: values.map((_, i) => String(i)), dob: values }));
    expect(issues[0].detail).toBe('1 of 10 (10.0%)');
  });

  it('rejects a future date of birth like an unreadable one, but not a future release date', () => {
    const { table, warnings } = ok(
      rawTable({
        id: Array.from({ length: 20 }, (_, i) => String(i)),
        dob: ['02/06/2025', ...Array<string>(19).fill('01/06/2025')],
        releaseDate: Array<string>(20).fill('15/09/2025'),
      }),
    );
    expect(table.dob[0]).toBe(0);
    expect(table.dob[1]).toBe(20250601); // today is not the future
    expect(table.events.releaseDate[0]).toBe(20250915);
    expect(warnings.map((w) => [w.code, w.row, w.value])).toEqual([['future_date', 2, '02/06/2025']]);
    expect(failed(rawTable({ id: ['1', '2'], dob: ['01/01/2030', '01/01/1980'] }))[0].code).toBe(
      'too_many_bad_dates',
    );
  });

  it('lists at most 20 bad rows but counts them all', () => {
    const values = Array.from({ length: 30 }, (_, i) => `not a date ${i}`);
    const issues = failed(rawTable({ id: values, dob: values }));
    expect(issues[0].detail).toBe('30 of 30 (100.0%)');
    expect(issues.filter((i) => i.code === 'unparseable_date')).toHaveLength(20);
    expect(issues.at(-1)).toEqual({
      code: 'more_issues',
      severity: 'error',
      file: 'releases.csv',
      column: 'Src dob',
      detail: '10',
    });
  });

  it('caps invalid-identifier warnings the same way', () => {
    const values = Array.from({ length: 25 }, (_, i) => `BAD${i}`);
    const { table, warnings } = ok(rawTable({ id: values, pnc: values }));
    expect(quality(table, 'pnc')).toEqual({ present: 0, missing: 0, rejected: 25 });
    expect(warnings.filter((w) => w.code === 'invalid_identifier')).toHaveLength(20);
    expect(warnings.at(-1)).toMatchObject({ code: 'more_issues', column: 'Src pnc', detail: '5' });
  });

  it('reports every refused column at once, and nothing from the columns that passed', () => {
    const issues = failed(
      rawTable({
        id: ['1', '2', '3'],
        dob: ['xx', '01/01/1980', '01/01/1981'],
        releaseDate: ['01/01/2024', '01/01/2024', '01/01/2024'],
        referralDate: ['yy', 'zz', '01/01/2024'],
        nhsNumber: ['123', '', ''],
      }),
    );
    expect(issues.filter((i) => i.code === 'too_many_bad_dates').map((i) => i.column)).toEqual([
      'Src dob',
      'Src referralDate',
    ]);
    expect(issues.some((i) => i.code === 'invalid_identifier')).toBe(false);
  });
});
