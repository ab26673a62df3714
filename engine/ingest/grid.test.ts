import { describe, expect, it } from 'vitest';
import { cellText, GridBuilder, isoDate, numberText } from './grid';

describe('cellText', () => {
  it.each([
    [9434765919, '9434765919'],
    [4223, '4223'],
    [1e21, '1000000000000000000000'],
    [1.5, '1.5'],
    [0.1 + 0.2, '0.3'],
    [1e-7, '0.0000001'],
    [-12, '-12'],
  ])('number %d -> %j', (n, text) => {
    expect(numberText(n)).toBe(text);
  });

  it('formats dates, booleans, empties and strings', () => {
    expect(isoDate(new Date(Date.UTC(1980, 1, 3)))).toBe('1980-02-03');
    expect(cellText(new Date(Date.UTC(2024, 11, 31)))).toBe('2024-12-31');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(null)).toBe('');
    expect(cellText('  A1234BC ')).toBe('A1234BC');
  });
});

describe('GridBuilder', () => {
  it('pads short rows, records ragged ones, drops trailing empty header cells', () => {
    const grid = new GridBuilder();
    grid.add(['id', 'name', '', '']);
    grid.add(['1']);
    grid.add(['2', 'b', '', 'extra']);
    grid.add(['3', 'c', '', '']);
    expect(grid.headers).toEqual(['id', 'name']);
    expect(grid.columns).toEqual([
      ['1', '2', '3'],
      ['', 'b', 'c'],
    ]);
    expect(grid.ragged).toEqual([{ row: 3, cells: 4 }]);
  });

  it('keeps worksheet row numbers when given', () => {
    const grid = new GridBuilder();
    grid.add([null, null], 1);
    grid.add(['id', 'name'], 2);
    grid.add([null, null], 3);
    grid.add([7, 'x'], 4);
    expect(grid.headerRow).toBe(2);
    expect(grid.sourceRows).toEqual([4]);
    expect(grid.columns[0]).toEqual(['7']);
  });
});
