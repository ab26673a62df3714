import { describe, expect, it } from 'vitest';
import { pageRows, scrollToShow, visibleRows } from './virtual';

describe('the rows a virtualised list puts in the DOM', () => {
  it('covers the viewport plus the overscan, clamped to the list', () => {
    expect(visibleRows(0, 260, 26, 100_000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRows(26 * 1000, 260, 26, 100_000, 5)).toEqual({ start: 995, end: 1015 });
    expect(visibleRows(26 * 1000 + 13, 260, 26, 100_000, 5)).toEqual({ start: 995, end: 1016 });
    expect(visibleRows(26 * 99_995, 260, 26, 100_000, 5)).toEqual({ start: 99_990, end: 100_000 });
  });

  it('copes with an empty list, a negative overscroll and a hidden (zero-height) viewport', () => {
    expect(visibleRows(500, 260, 26, 0, 5)).toEqual({ start: 0, end: 0 });
    expect(visibleRows(-40, 260, 26, 50, 0)).toEqual({ start: 0, end: 10 });
    expect(visibleRows(0, 0, 26, 50, 2)).toEqual({ start: 0, end: 2 });
  });
});

describe('scrolling a row into view below a sticky header', () => {
  const [row, header, viewport] = [26, 30, 290];
  it('leaves the scroll alone when the row is whole in view', () => {
    expect(scrollToShow(3, 0, viewport, row, header)).toBe(0);
  });
  it('scrolls down just enough to show a row below the viewport', () => {
    // Row 20's bottom edge is at 30 + 21 * 26 = 576 in the content.
    expect(scrollToShow(20, 0, viewport, row, header)).toBe(576 - viewport);
  });
  it('scrolls up so that a row above sits just under the header', () => {
    expect(scrollToShow(10, 1000, viewport, row, header)).toBe(10 * row);
  });
  it('pages by the rows that fit under the header, less one for context', () => {
    expect(pageRows(viewport, row, header)).toBe(9);
    expect(pageRows(10, row, header)).toBe(1);
  });
});
