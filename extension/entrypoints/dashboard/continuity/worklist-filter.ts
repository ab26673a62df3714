import type { WorklistColumns } from '../../../../engine/api/report-types';

/** Every value of a select: no filter. */
export const ANY = -2;
/** The select value of "(not recorded)". */
export const NOT_RECORDED = -1;

export interface WorklistFilter {
  status: 'all' | 'awaiting' | 'not_engaged';
  /** Index into `establishments`, NOT_RECORDED, or ANY. */
  establishment: number;
  /** Index into `areas`, NOT_RECORDED, or ANY. */
  area: number;
  needsReviewOnly: boolean;
  /** Rows a name search found, best match first; null without a search. */
  searchRows: Int32Array | null;
}

export const NO_FILTER: WorklistFilter = {
  status: 'all',
  establishment: ANY,
  area: ANY,
  needsReviewOnly: false,
  searchRows: null,
};

export const isFiltered = (f: WorklistFilter): boolean =>
  f.status !== 'all' ||
  f.establishment !== ANY ||
  f.area !== ANY ||
  f.needsReviewOnly ||
  f.searchRows !== null;

/**
 * The worklist rows to show, in worklist order (most urgent first), or in search order (best
 * match first) when there is a search. One pass over typed columns: about a millisecond for
 * 100,000 rows.
 */
export function filterRows(w: WorklistColumns, f: WorklistFilter): Int32Array {
  const candidates = f.searchRows;
  const n = candidates ? candidates.length : w.length;
  const out = new Int32Array(n);
  let k = 0;
  const awaiting = f.status === 'awaiting' ? 1 : f.status === 'not_engaged' ? 0 : -1;
  for (let a = 0; a < n; a++) {
    const r = candidates ? candidates[a] : a;
    if (r < 0 || r >= w.length) continue;
    if (awaiting >= 0 && w.awaiting[r] !== awaiting) continue;
    if (f.establishment !== ANY && w.establishment[r] !== f.establishment) continue;
    if (f.area !== ANY && w.area[r] !== f.area) continue;
    if (f.needsReviewOnly && w.needsReview[r] !== 1) continue;
    out[k++] = r;
  }
  return out.slice(0, k);
}
