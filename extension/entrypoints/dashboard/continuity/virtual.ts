/**
 * The arithmetic of a virtualised list of fixed-height rows: which rows to put in the DOM for a
 * scroll position, and where to scroll to bring a row into view. Rows have one height (one line
 * each, cut with an ellipsis), so this is all a virtualiser needs; see worklist-grid.ts for why
 * this is not @tanstack/virtual-core.
 */

export interface RowWindow {
  /** First row in the DOM (inclusive). */
  start: number;
  /** One past the last row in the DOM. */
  end: number;
}

/** Rows that intersect the viewport, widened by `overscan` on each side and clamped to the list. */
export function visibleRows(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan: number,
): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, Math.max(start, last + overscan));
  return { start, end };
}

/**
 * The scrollTop that shows `row` whole below a sticky header of `headerHeight`, moving as little
 * as possible: unchanged when it is already in view.
 */
export function scrollToShow(
  row: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  headerHeight: number,
): number {
  // Rows start below the header in the scrolled content; the header covers the viewport's top.
  const top = headerHeight + row * rowHeight;
  const visibleTop = scrollTop + headerHeight;
  const visibleBottom = scrollTop + viewportHeight;
  if (top < visibleTop) return Math.max(0, top - headerHeight);
  if (top + rowHeight > visibleBottom) return top + rowHeight - viewportHeight;
  return scrollTop;
}

/** Rows a Page Up or Page Down moves by: the rows that fit below the header, at least one. */
export const pageRows = (viewportHeight: number, rowHeight: number, headerHeight: number): number =>
  Math.max(1, Math.floor((viewportHeight - headerHeight) / rowHeight) - 1);
