import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import type { Outcome } from '../../shared/workspace';
import { synthesise, toCsv } from '../synth';
import type { ImportInspection } from './engine-api';
import { dateEvidence, headerSignature, inspectImport } from './import-inspect';

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`${outcome.error.kind}: ${outcome.error.message}`);
  return outcome.value;
}

const inspect = async (fileName: string, data: ArrayBuffer, extra: object = {}): Promise<ImportInspection> =>
  value(await inspectImport({ fileName, bytes: data, ...extra }));

describe('inspectImport', () => {
  it('reads headers, assignments and the first rows even when the rows would not validate', async () => {
    const csv = 'Ref,Last Name,First Name,DOB\n1,Smith,John,03/04/1980\n1,Jones,Ann,25/12/1979\n';
    const found = await inspect('r.csv', bytes(csv));
    expect(found.headers).toEqual(['Ref', 'Last Name', 'First Name', 'DOB']);
    expect(found.assignments.find((a) => a.header === 'Last Name')?.field).toBe('surname');
    expect(found.sample).toEqual([
      { row: 2, cells: ['1', 'Smith', 'John', '03/04/1980'] },
      { row: 3, cells: ['1', 'Jones', 'Ann', '25/12/1979'] },
    ]);
    expect(found.rowCount).toBe(2);
    expect(found.delimiter).toEqual({ detected: ',', used: ',' });
    expect(found.problems).toEqual([]);
  });

  it('applies a mapping over the automatic assignment', async () => {
    const found = await inspect('r.csv', bytes('Ref,Name\n1,Smith\n'), {
      mapping: { Ref: 'id', Name: 'surname' },
    });
    expect(found.assignments.map((a) => [a.header, a.field, a.method])).toEqual([
      ['Ref', 'id', 'mapping-file'],
      ['Name', 'surname', 'mapping-file'],
    ]);
  });

  it('gives the same signature to the same set of headers in any order, case or punctuation', async () => {
    const a = await headerSignature(['Client ID', 'Last Name', 'DOB']);
    expect(await headerSignature(['dob', 'last_name', 'CLIENT-ID'])).toBe(a);
    expect(await headerSignature(['Client ID', 'Last Name'])).not.toBe(a);
    const data = synthesise({ people: 5, treatment: 5, seed: 3 });
    const found = await inspect('t.csv', bytes(`\uFEFF${toCsv(data.treatment)}`));
    expect(found.headers[0]).toBe('Client ID'); // the BOM is not part of the first header
    expect(found.signature).toBe(await headerSignature(data.treatment.header));
  });

  it('lists a workbook’s sheets with their sizes and reads the one asked for', async () => {
    const book = await writeXlsxFile([
      { sheet: 'Empty', data: [] },
      {
        sheet: 'Releases',
        data: [
          ['Booking Ref', 'Surname'],
          ['B1', 'Smith'],
        ],
      },
    ] as unknown as Parameters<typeof writeXlsxFile>[0] & object[]).toBuffer();
    const data = new Uint8Array(book).buffer as ArrayBuffer;
    const first = await inspect('r.xlsx', data);
    expect(first.sheets).toEqual([
      { name: 'Empty', rows: 0 },
      { name: 'Releases', rows: 2 },
    ]);
    expect(first.sheet).toBe('Empty');
    expect(first.headers).toEqual([]);
    const chosen = await inspect('r.xlsx', data, { sheet: 'Releases' });
    expect(chosen.headers).toEqual(['Booking Ref', 'Surname']);
    const missing = await inspect('r.xlsx', data, { sheet: 'Nope' });
    expect(missing.problems[0]).toMatchObject({ code: 'sheet_not_found', file: 'r.xlsx' });
  });

  it('reports an empty file as a problem', async () => {
    expect((await inspect('e.csv', new ArrayBuffer(0))).problems[0]).toMatchObject({
      code: 'empty_file',
      file: 'e.csv',
    });
  });
});

describe('dateEvidence', () => {
  it('tells day-first, month-first and ambiguous numeric dates apart', () => {
    const found = dateEvidence(
      'DOB',
      ['25/12/1980', '12/25/1980', '03/04/1980', '05/05/1980', '1980-01-02', ''],
      [2, 3, 4, 5, 6, 7],
    );
    expect(found).toEqual({
      header: 'DOB',
      numeric: 4,
      dayFirst: 1,
      monthFirst: 1,
      ambiguous: 1,
      examples: [
        { kind: 'dayFirst', row: 2, value: '25/12/1980' },
        { kind: 'monthFirst', row: 3, value: '12/25/1980' },
        { kind: 'ambiguous', row: 4, value: '03/04/1980' },
      ],
    });
  });
});
