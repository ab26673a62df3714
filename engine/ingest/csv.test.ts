import { describe, expect, it } from 'vitest';
import { detectDelimiter, headerLine, parseDelimited } from './csv';
import { GridBuilder } from './grid';

const parse = (text: string, delimiter = detectDelimiter(text)) => {
  const grid = new GridBuilder();
  const problems = parseDelimited(text, delimiter, grid);
  return { grid, problems };
};

describe('detectDelimiter', () => {
  it.each([
    ['id,surname,dob\n1,a,b', ','],
    ['id;surname;dob\n1;a,b;c', ';'],
    ['id\tsurname\tdob', '\t'],
    ['id|surname|dob', '|'],
    ['"Surname, Forename";id;dob\n', ';'],
    ['\n\nid;name\n', ';'],
    ['name', ','],
  ])('%j -> %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });

  it('takes the header line up to a line break outside quotes', () => {
    expect(headerLine('"a\nb",c\r\n1,2')).toBe('"a\nb",c');
  });
});

describe('parseDelimited', () => {
  it('reads quoted fields holding delimiters, doubled quotes and line breaks, with CRLF', () => {
    const { grid } = parse('id,name,note\r\n1,"Smith, John","said ""hi""\r\nthen left"\r\n2,Jones,\r\n');
    expect(grid.headers).toEqual(['id', 'name', 'note']);
    expect(grid.columns).toEqual([
      ['1', '2'],
      ['Smith, John', 'Jones'],
      ['said "hi"\r\nthen left', ''],
    ]);
    // Records, not physical lines: the second record starts on line 4 but is row 3.
    expect(grid.sourceRows).toEqual([2, 3]);
  });

  it('trims the space after each comma (FEBRL) and skips blank lines', () => {
    const { grid } = parse('rec_id, given_name\n\nrec-1, anna \n  \n , \nrec-2, bob\n');
    expect(grid.columns).toEqual([
      ['rec-1', 'rec-2'],
      ['anna', 'bob'],
    ]);
    expect(grid.sourceRows).toEqual([2, 3]);
  });

  it('reports a quote that is never closed', () => {
    const { problems } = parse('id,name\n1,"Smith\n2,Jones\n');
    expect(problems).toHaveLength(1);
    expect(problems[0].row).toBe(2);
  });
});
