/**
 * A virtualised, accessible table for up to hundreds of thousands of rows: a real `<table
 * role="grid">` in a scrolling box, with only the rows in view (and a few either side) in the DOM,
 * two spacer rows standing in for the rest, and the row elements reused as the view scrolls.
 *
 * Why not @tanstack/virtual-core: every row here has one fixed height, so the whole virtualiser
 * is the few lines of arithmetic in virtual.ts (unit-tested). virtual-core earns its keep with
 * rows of measured, varying height; it would still leave us the table, the ARIA and the keyboard,
 * which are most of this file, and it keeps a measurement object per row (100,000 of them, rebuilt
 * whenever a filter changes the count). No dependency for that.
 *
 * Keyboard (the grid pattern): the table takes focus and names its active cell with
 * aria-activedescendant; arrows move by cell, Page Up/Down by a screenful, Home/End to the first or
 * last cell of the row, Ctrl+Home/End to the first or last row, scrolling the active row into view
 * (so a screen reader user can walk every row, though only a few are ever in the DOM). Each row
 * has aria-rowindex and the table aria-rowcount, so "row 40,213 of 56,790" is announced.
 */
import { pageRows, type RowWindow, scrollToShow, visibleRows } from './virtual';

export interface GridColumn {
  header: string;
  /** Width of the column in em (the table has a fixed layout and a fixed width: their sum). */
  width: number;
  /** The cell's text for a row (an index into the data, not into the view). */
  text(row: number): string;
  className?: string;
}

const OVERSCAN = 6;
const ACTIVE_ID = 'worklist-active-cell';

export class WorklistGrid {
  readonly scroller = document.createElement('div');
  readonly table = document.createElement('table');
  private readonly body = document.createElement('tbody');
  private readonly topSpacer: HTMLTableRowElement;
  private readonly bottomSpacer: HTMLTableRowElement;
  private readonly pool: HTMLTableRowElement[] = [];
  private shownCount = 0;
  private rows: Int32Array = new Int32Array(0);
  private window: RowWindow = { start: 0, end: 0 };
  private activeRow = 0;
  private activeCol = 0;
  private rowHeight = 28;
  private headerHeight = 0;
  private measured = false;
  private activeCell: HTMLTableCellElement | null = null;
  /** Called after every draw (the benchmark and the first-draw timing listen). */
  onDraw: ((window: RowWindow) => void) | null = null;

  constructor(
    labelledBy: string,
    private readonly columns: readonly GridColumn[],
  ) {
    this.scroller.className = 'cv-grid-scroll';
    this.table.className = 'cv-grid';
    this.table.setAttribute('role', 'grid');
    this.table.setAttribute('aria-labelledby', labelledBy);
    this.table.setAttribute('aria-readonly', 'true');
    this.table.tabIndex = 0;
    const colgroup = document.createElement('colgroup');
    for (const c of columns) {
      const col = document.createElement('col');
      col.style.width = `${c.width}em`;
      colgroup.append(col);
    }
    const head = document.createElement('thead');
    const headRow = head.insertRow();
    headRow.setAttribute('aria-rowindex', '1');
    for (const c of columns) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = c.header;
      if (c.className) th.className = c.className;
      headRow.append(th);
    }
    this.topSpacer = this.spacer();
    this.bottomSpacer = this.spacer();
    this.body.append(this.topSpacer, this.bottomSpacer);
    // A fixed width, not max-content: only then does the browser use the fixed table layout and
    // skip measuring every cell's text on each scroll frame.
    this.table.style.width = `${columns.reduce((sum, c) => sum + c.width, 0)}em`;
    this.table.append(colgroup, head, this.body);
    this.scroller.append(this.table);

    this.scroller.addEventListener('scroll', () => this.draw(), { passive: true });
    new ResizeObserver(() => this.draw()).observe(this.scroller);
    this.table.addEventListener('keydown', (event) => this.onKey(event));
    this.body.addEventListener('click', (event) => {
      const cell = (event.target as Element).closest('td');
      const tr = cell?.parentElement as HTMLTableRowElement | null;
      if (!cell || !tr?.dataset.view) return;
      this.activeRow = Number(tr.dataset.view);
      this.activeCol = cell.cellIndex;
      this.table.focus({ preventScroll: true });
      this.draw();
    });
  }

  /** Shows these rows (indices into the data), from the top. */
  setRows(rows: Int32Array): void {
    this.rows = rows;
    this.activeRow = 0;
    this.table.setAttribute('aria-rowcount', String(rows.length + 1));
    this.scroller.scrollTop = 0;
    this.draw();
  }

  get rowCount(): number {
    return this.rows.length;
  }

  /** The data row shown at a view position (for tests and the benchmark). */
  rowAt(view: number): number {
    return this.rows[view];
  }

  /** Puts the rows in view into the DOM; cheap enough to run on every scroll event. */
  draw(): void {
    const n = this.rows.length;
    const viewport = this.scroller.clientHeight || 400;
    const { start, end } = visibleRows(this.scroller.scrollTop, viewport, this.rowHeight, n, OVERSCAN);
    const count = end - start;
    while (this.pool.length < count) this.pool.push(this.row());
    if (count !== this.shownCount) {
      // Keep exactly the rows in use between the spacers.
      for (let k = this.shownCount; k < count; k++) this.body.insertBefore(this.pool[k], this.bottomSpacer);
      for (let k = count; k < this.shownCount; k++) this.pool[k].remove();
      this.shownCount = count;
    }
    this.setSpacer(this.topSpacer, start * this.rowHeight);
    this.setSpacer(this.bottomSpacer, (n - end) * this.rowHeight);
    let activeCell: HTMLTableCellElement | null = null;
    for (let k = 0; k < count; k++) {
      const view = start + k;
      const row = this.rows[view];
      const tr = this.pool[k];
      tr.dataset.view = String(view);
      tr.setAttribute('aria-rowindex', String(view + 2));
      const cells = tr.cells;
      for (let c = 0; c < this.columns.length; c++) {
        // Each cell keeps one text node; changing its data is cheaper than replacing it.
        const text = cells[c].firstChild as Text;
        const value = this.columns[c].text(row);
        if (text.data !== value) text.data = value;
      }
      if (view === this.activeRow) activeCell = cells[this.activeCol];
    }
    if (activeCell !== this.activeCell) {
      this.activeCell?.classList.remove('cv-active');
      this.activeCell?.removeAttribute('id');
      activeCell?.classList.add('cv-active');
      if (activeCell) activeCell.id = ACTIVE_ID;
      this.activeCell = activeCell;
    }
    if (n > 0 && this.activeRow >= start && this.activeRow < end)
      this.table.setAttribute('aria-activedescendant', ACTIVE_ID);
    else this.table.removeAttribute('aria-activedescendant');
    this.window = { start, end };
    if (!this.measured && count > 0 && this.measure()) {
      this.draw();
      return;
    }
    this.onDraw?.(this.window);
  }

  private onKey(event: KeyboardEvent): void {
    const n = this.rows.length;
    if (n === 0) return;
    const page = pageRows(this.scroller.clientHeight, this.rowHeight, this.headerHeight);
    let row = this.activeRow;
    let col = this.activeCol;
    switch (event.key) {
      case 'ArrowDown':
        row++;
        break;
      case 'ArrowUp':
        row--;
        break;
      case 'PageDown':
        row += page;
        break;
      case 'PageUp':
        row -= page;
        break;
      case 'ArrowRight':
        col++;
        break;
      case 'ArrowLeft':
        col--;
        break;
      case 'Home':
        if (event.ctrlKey) row = 0;
        else col = 0;
        break;
      case 'End':
        if (event.ctrlKey) row = n - 1;
        else col = this.columns.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    this.activeRow = Math.min(n - 1, Math.max(0, row));
    this.activeCol = Math.min(this.columns.length - 1, Math.max(0, col));
    this.scroller.scrollTop = scrollToShow(
      this.activeRow,
      this.scroller.scrollTop,
      this.scroller.clientHeight,
      this.rowHeight,
      this.headerHeight,
    );
    this.draw();
  }

  /**
   * Row and header heights as laid out (CSS fixes them), measured once, when the first row is
   * drawn on screen. Says whether the row height differed from the guess (then draw again).
   */
  private measure(): boolean {
    const first = this.pool[0];
    if (!first.isConnected || first.offsetHeight === 0) return false;
    this.measured = true;
    this.headerHeight = this.table.tHead?.offsetHeight ?? 0;
    const changed = first.offsetHeight !== this.rowHeight;
    this.rowHeight = first.offsetHeight;
    return changed;
  }

  private setSpacer(tr: HTMLTableRowElement, height: number): void {
    tr.hidden = height === 0;
    (tr.cells[0] as HTMLTableCellElement).style.height = `${height}px`;
  }

  private spacer(): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.className = 'cv-spacer';
    tr.setAttribute('aria-hidden', 'true');
    const td = tr.insertCell();
    td.colSpan = this.columns.length;
    return tr;
  }

  private row(): HTMLTableRowElement {
    const tr = document.createElement('tr');
    tr.className = 'cv-row';
    for (const c of this.columns) {
      const td = tr.insertCell();
      if (c.className) td.className = c.className;
      td.append(document.createTextNode(''));
    }
    return tr;
  }
}
