import { describe, expect, it } from 'vitest';
import type { WorklistColumns } from '../../../../engine/api/report-types';
import { ANY, filterRows, isFiltered, NO_FILTER, NOT_RECORDED } from './worklist-filter';

/** Six rows: awaiting on even rows; establishments 0, 1, none; row 4 needs review. */
const w = {
  length: 6,
  awaiting: Uint8Array.from([1, 0, 1, 0, 1, 0]),
  establishment: Int32Array.from([0, 1, -1, 0, 1, -1]),
  area: Int32Array.from([0, 0, 1, 1, -1, -1]),
  needsReview: Uint8Array.from([0, 0, 0, 0, 1, 0]),
} as unknown as WorklistColumns;

const rows = (f: Partial<typeof NO_FILTER>) => Array.from(filterRows(w, { ...NO_FILTER, ...f }));

describe('filtering the worklist', () => {
  it('keeps every row, in order, without a filter', () => {
    expect(rows({})).toEqual([0, 1, 2, 3, 4, 5]);
    expect(isFiltered(NO_FILTER)).toBe(false);
  });

  it('narrows by status, establishment (or its absence), area and review, all together', () => {
    expect(rows({ status: 'awaiting' })).toEqual([0, 2, 4]);
    expect(rows({ status: 'not_engaged' })).toEqual([1, 3, 5]);
    expect(rows({ establishment: 0 })).toEqual([0, 3]);
    expect(rows({ establishment: NOT_RECORDED })).toEqual([2, 5]);
    expect(rows({ area: NOT_RECORDED, status: 'awaiting' })).toEqual([4]);
    expect(rows({ needsReviewOnly: true })).toEqual([4]);
    expect(rows({ establishment: ANY, area: 1, status: 'not_engaged' })).toEqual([3]);
    expect(isFiltered({ ...NO_FILTER, area: 1 })).toBe(true);
  });

  it('keeps the order of a name search (best match first), filtered as well', () => {
    const searchRows = Int32Array.from([5, 2, 3, 0]);
    expect(rows({ searchRows })).toEqual([5, 2, 3, 0]);
    expect(rows({ searchRows, status: 'awaiting' })).toEqual([2, 0]);
    expect(rows({ searchRows: new Int32Array(0) })).toEqual([]);
  });
});
