import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { formatIssue, type Issue } from '../../shared/issues';
import { describeAssignments, parseMappingFile, type RawTable, readTable } from './index';

const enc = (text: string) => new TextEncoder().encode(text);

async function ok(name: string, bytes: Uint8Array | ArrayBuffer, options?: Parameters<typeof readTable>[1]) {
  const r = await readTable({ name, bytes }, options);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  return r.value;
}

async function issues(name: string, text: string | Uint8Array, options?: Parameters<typeof readTable>[1]) {
  const r = await readTable({ name, bytes: typeof text === 'string' ? enc(text) : text }, options);
  if (r.ok) throw new Error('expected the import to be refused');
  return r.issues;
}

const pick = (list: Issue[], code: Issue['code']) => list.filter((i) => i.code === code);

async function xlsx(sheets: { sheet: string; data: unknown[][] }[]): Promise<Uint8Array> {
  const buffer = await writeXlsxFile(sheets as Parameters<typeof writeXlsxFile>[0] & object[]).toBuffer();
  return new Uint8Array(buffer);
}

describe('readTable: delimited text', () => {
  // The first three lines of /work/shared/data/febrl/dataset4a.csv, copied.
  const febrl = [
    'rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id',
    'rec-1070-org, michaela, neumann, 8, stanley street, miami, winston hills, 4223, nsw, 19151111, 5304218',
    'rec-1016-org, courtney, painter, 12, pinkerton circuit, bega flats, richlands, 4560, vic, 19161214, 4066625',
  ].join('\n');

  it('maps the FEBRL benchmark header', async () => {
    const t = await ok('dataset4a.csv', enc(`${febrl}\n`));
    expect(t.format).toBe('csv');
    expect(t.rowCount).toBe(2);
    expect([...t.sourceRows]).toEqual([2, 3]);
    expect(t.headers).toEqual({
      id: 'rec_id',
      forenames: 'given_name',
      surname: 'surname',
      address: 'street_number + address_1 + address_2',
      town: 'suburb',
      postcode: 'postcode',
      dob: 'date_of_birth',
      otherId: 'soc_sec_id',
    });
    expect(t.columns.address).toEqual(['8 stanley street miami', '12 pinkerton circuit bega flats']);
    expect(t.columns.id).toEqual(['rec-1070-org', 'rec-1016-org']);
    expect(t.columns.dob).toEqual(['19151111', '19161214']);
    expect(t.extras).toEqual({ state: ['nsw', 'vic'] });
    expect(describeAssignments(t)[8]).toBe('  "state" -> (kept, not matched)');
    expect(t.assignments.every((a) => a.field === null || a.confidence === 1)).toBe(true);
  });

  it('reads semicolon and tab files, a BOM and CRLF', async () => {
    const semi = await ok(
      'a.csv',
      enc('\uFEFFClient Ref;Surname;Forename(s)\r\nC1;Smith;John\r\nC2;"Jones; Jr";Ann\r\n'),
    );
    expect(semi.columns.id).toEqual(['C1', 'C2']);
    expect(semi.columns.surname).toEqual(['Smith', 'Jones; Jr']);
    expect(semi.headers.id).toBe('Client Ref');
    const tab = await ok('a.tsv', enc('ID\tName\tDOB\n1\tJohn Smith\t01/02/1980\n'));
    expect(tab.columns.fullName).toEqual(['John Smith']);
    expect(tab.columns.dob).toEqual(['01/02/1980']);
  });

  it('reads UTF-16 LE with a BOM', async () => {
    const text = 'id,surname\r\n1,Ó Súilleabháin\r\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    expect((await ok('u16.csv', bytes)).columns.surname).toEqual(['Ó Súilleabháin']);
  });

  it('keeps quoted line breaks in a cell and numbers rows by record', async () => {
    const t = await ok(
      'q.csv',
      enc('id,surname,address\n1,Smith,"1 High St\nLeeds"\n\n2,Jones,"2 Low Rd, York"\n'),
    );
    expect(t.columns.address).toEqual(['1 High St\nLeeds', '2 Low Rd, York']);
    expect([...t.sourceRows]).toEqual([2, 3]);
  });

  it('accepts an ArrayBuffer and a delimiter option', async () => {
    const t = await ok('p.txt', enc('id|surname\n1|Smith\n').buffer as ArrayBuffer, { delimiter: '|' });
    expect(t.columns.surname).toEqual(['Smith']);
  });

  it('joins alias columns with "; " and drops columns the mapping file sets to null', async () => {
    const mapping = parseMappingFile('{"columns":{"Notes":null}}', 'map.json');
    if (!mapping.ok) throw new Error('mapping');
    const t = await ok(
      'a.csv',
      enc('id,surname,Alias 1,Alias 2,Notes,Notes\n1,Smith,Jon Smyth,,private,x\n2,Li,Lee Wong,L Wong,y,z\n'),
      {
        mapping: mapping.value,
      },
    );
    expect(t.columns.aliases).toEqual(['Jon Smyth', 'Lee Wong; L Wong']);
    expect(t.headers.aliases).toBe('Alias 1 + Alias 2');
    expect(t.extras).toEqual({ Notes: ['x', 'z'] });
    expect(describeAssignments(t).slice(4)).toEqual([
      '  "Notes" -> (dropped by the mapping file)',
      '  "Notes" -> (kept, not matched)',
    ]);
  });

  it('lets a mapping file override a fuzzy guess', async () => {
    const text = 'Ref,Surnmae,Family Name\n1,x,Smith\n';
    const guessed = await ok('a.csv', enc(text));
    expect(guessed.headers.surname).toBe('Family Name');
    expect(guessed.assignments[1]).toMatchObject({ field: null, method: 'unmapped' });
    const fuzzyOnly = await ok('b.csv', enc('Ref,Surnmae\n1,Smith\n'), {
      mapping: { fileName: 'm.json', columns: { Ref: 'id' } },
    });
    expect(fuzzyOnly.assignments[1]).toMatchObject({ field: 'surname', method: 'fuzzy' });
    expect(fuzzyOnly.assignments[1].confidence).toBeCloseTo(0.612, 3);

    const mapping = parseMappingFile('{"columns":{"Ref":"id","Surnmae":"forenames"}}', 'map.json');
    if (!mapping.ok) throw new Error('mapping');
    const t = await ok('a.csv', enc('Ref,Surnmae\n1,John\n'), { mapping: mapping.value });
    expect(t.headers).toEqual({ id: 'Ref', forenames: 'Surnmae' });
    expect(t.assignments[1]).toEqual({
      header: 'Surnmae',
      index: 1,
      field: 'forenames',
      confidence: 1,
      method: 'mapping-file',
    });
  });

  it('reports fuzzy header matches with their confidence', async () => {
    const t = await ok('f.csv', enc('ID,Surname ,Date of Brith,NHS No.\n1,Smith,01/02/1980,9434765919\n'));
    expect(describeAssignments(t)).toEqual([
      '  "ID" -> id  (synonym, 1.00)',
      '  "Surname" -> surname  (synonym, 1.00)',
      '  "Date of Brith" -> dob  (fuzzy, 0.78)',
      '  "NHS No." -> nhsNumber  (synonym, 1.00)',
    ]);
  });

  it('uses the prison number as the id when there is no id column', async () => {
    const t = await ok('r.csv', enc('Prison No,Surname\nA1234BC,Smith\n'));
    expect(t.columns.id).toEqual(['A1234BC']);
    expect(t.columns.prisonNumber).toEqual(['A1234BC']);
    expect(describeAssignments(t)[0]).toBe('  "Prison No" -> prisonNumber  (synonym, 1.00); also id  (0.50)');
  });
});

describe('readTable: xlsx', () => {
  const releases = [
    ['NOMS Number', 'Forename', 'Surname', 'DOB', 'NHS Number', 'Release Date', 'Notes'],
    [
      'A1234BC',
      'John',
      'Smith',
      { value: new Date(Date.UTC(1980, 1, 3)), format: 'dd/mm/yyyy' },
      9434765919,
      { value: new Date(Date.UTC(2024, 8, 13)), format: 'dd/mm/yyyy' },
      null,
    ],
    [null, null, null, null, null, null, null],
    ['B2345CD', 'Ann', 'Jones', '1979-12-31', 4010232137, null, 'TRUE'],
  ];
  const book = () =>
    xlsx([
      { sheet: 'Cover', data: [['This workbook lists releases']] },
      { sheet: 'Releases', data: releases },
    ]);

  it('reads the second sheet by name: dates as ISO text, numbers as plain text, real row numbers', async () => {
    const t = await ok('releases.xlsx', await book(), { sheet: 'Releases' });
    expect(t.format).toBe('xlsx');
    expect(t.columns.dob).toEqual(['1980-02-03', '1979-12-31']);
    expect(t.columns.releaseDate).toEqual(['2024-09-13', '']);
    expect(t.columns.nhsNumber).toEqual(['9434765919', '4010232137']);
    expect(t.columns.id).toEqual(['A1234BC', 'B2345CD']);
    expect([...t.sourceRows]).toEqual([2, 4]);
  });

  it('reads a sheet by 1-based number, from a mapping file, and knows a workbook by its bytes', async () => {
    const t = await ok('export.bin', await book(), {
      mapping: { fileName: 'm.json', columns: {}, sheet: 2 },
    });
    expect(t.rowCount).toBe(2);
  });

  it('reads the first sheet by default and reports a missing sheet', async () => {
    const first = await issues('releases.xlsx', await book());
    expect(pick(first, 'missing_id_column')).toHaveLength(1);
    const missing = await issues('releases.xlsx', await book(), { sheet: 'Discharges' });
    expect(missing).toEqual([
      {
        code: 'sheet_not_found',
        severity: 'error',
        file: 'releases.xlsx',
        detail: '"Discharges" (it has: Cover, Releases)',
      },
    ]);
  });

  it('reports a file named .xlsx that is not a workbook', async () => {
    const r = await issues('fake.xlsx', 'id,surname\n1,Smith\n');
    expect(r[0]).toMatchObject({ code: 'unreadable_file', file: 'fake.xlsx' });
  });
});

describe('readTable: refusing bad input', () => {
  it('refuses an empty or blank file', async () => {
    expect(await issues('e.csv', new Uint8Array())).toEqual([
      { code: 'empty_file', severity: 'error', file: 'e.csv' },
    ]);
    expect((await issues('e.csv', ' \r\n \n'))[0].code).toBe('empty_file');
  });

  it('refuses a header with no data rows', async () => {
    expect(await issues('h.csv', 'id,surname\n\n')).toEqual([
      { code: 'no_data_rows', severity: 'error', file: 'h.csv' },
    ]);
  });

  it('refuses a single column when the header holds another delimiter', async () => {
    const r = await issues('s.csv', 'id;surname\n1;Smith\n', { delimiter: ',' });
    expect(pick(r, 'single_column')).toEqual([
      {
        code: 'single_column',
        severity: 'error',
        file: 's.csv',
        row: 1,
        column: 'id;surname',
        detail: 'the header contains ";"; the file was read with ","',
      },
    ]);
    expect(formatIssue(pick(r, 'single_column')[0])).toContain('delimiter other than the one detected');
  });

  it('collects every problem in one pass: ragged rows, empty and duplicate ids, missing names', async () => {
    const rows = [
      'Client ID,Town,Postcode',
      '1,Leeds,LS1',
      ',York,YO1',
      '1,Leeds,LS1',
      '2,Hull,HU1,extra',
      '1,Leeds,LS1',
      '2,Hull,HU1',
    ];
    const r = await issues('c.csv', `${rows.join('\n')}\n`);
    expect(r).toEqual([
      { code: 'ragged_row', severity: 'error', file: 'c.csv', row: 5, detail: '4' },
      { code: 'missing_name_columns', severity: 'error', file: 'c.csv' },
      { code: 'empty_id', severity: 'error', file: 'c.csv', row: 3, column: 'Client ID' },
      {
        code: 'duplicate_id',
        severity: 'error',
        file: 'c.csv',
        row: 4,
        column: 'Client ID',
        value: '1',
        detail: '2',
      },
      {
        code: 'duplicate_id',
        severity: 'error',
        file: 'c.csv',
        row: 7,
        column: 'Client ID',
        value: '2',
        detail: '5',
      },
    ]);
    expect(r.map(formatIssue)[4]).toBe(
      'c.csv, row 7, column "Client ID": The id "2" appears more than once (first seen on row 5).',
    );
  });

  it('reports a missing id column', async () => {
    const r = await issues('m.csv', 'Surname,Forename\nSmith,John\n');
    expect(r).toEqual([{ code: 'missing_id_column', severity: 'error', file: 'm.csv' }]);
  });

  it('reports an unclosed quote', async () => {
    const r = await issues('q.csv', 'id,surname\n1,"Smith\n2,Jones\n');
    expect(pick(r, 'unreadable_file')[0]).toMatchObject({ file: 'q.csv', row: 2 });
  });

  it('caps each kind of issue at 50 and counts the rest', async () => {
    const lines = ['id,surname'];
    for (let i = 0; i < 120; i++) lines.push(`,S${i}`);
    const r = await issues('many.csv', lines.join('\n'));
    expect(pick(r, 'empty_id')).toHaveLength(50);
    expect(pick(r, 'more_issues')).toEqual([
      { code: 'more_issues', severity: 'error', file: 'many.csv', column: 'id', detail: '70' },
    ]);
  });

  it('names the mapping file for its unknown columns and duplicate fields', async () => {
    const mapping = parseMappingFile('{"columns":{"Ref":"id","Born":"dob","A":"dob","B":"dob"}}', 'map.json');
    if (!mapping.ok) throw new Error('mapping');
    const r = await issues('x.csv', 'Ref,Surname,A,B\n1,Smith,x,y\n', { mapping: mapping.value });
    expect(r).toEqual([
      { code: 'unknown_column', severity: 'error', file: 'map.json', column: 'Born', detail: '"Born"' },
      {
        code: 'duplicate_mapping',
        severity: 'error',
        file: 'map.json',
        column: 'B',
        detail: 'dob (columns "A", "B")',
      },
    ]);
  });
});

describe('readTable: size', () => {
  it('reads 200,000 rows x 15 columns quickly', async () => {
    const header =
      'rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id, a, b, c, d';
    const parts = [header];
    for (let r = 0; r < 200_000; r++) {
      parts.push(
        `rec-${r}-org, michaela, neumann, 8, stanley street, miami, winston hills, 4223, nsw, 19151111, 5304218, x, y, z, w`,
      );
    }
    const started = performance.now();
    const t: RawTable = await ok('big.csv', enc(parts.join('\r\n')));
    expect(t.rowCount).toBe(200_000);
    expect(t.sourceRows[199_999]).toBe(200_001);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
