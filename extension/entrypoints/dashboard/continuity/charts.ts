/**
 * The continuity charts as inline SVG: the rate by release week (a line with its 95% Wilson
 * interval as a band) and the rate by group (bars with interval whiskers), each against the
 * target line. No chart library: two chart shapes, a few dozen elements each. Every chart is an
 * `img` with a title and a one-sentence description, followed by the same figures as a table
 * (the screen-reader and copy-paste alternative, open to everyone under "Show the figures").
 */
import type { Kpi } from '../../../../engine/continuity';
import { percent, shortDate } from './format';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function html<K extends keyof HTMLElementTagNameMap>(
  name: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(name);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

/** "35.0% (7 of 20; 95% CI 18.1% to 56.7%)", or why there is no rate. */
export function describeKpi(k: Kpi): string {
  if (k.denominator === 0) return 'no release whose window has closed';
  return `${percent(k.rate)} (${k.numerator.toLocaleString('en-GB')} of ${k.denominator.toLocaleString('en-GB')}; 95% CI ${percent(k.lower)} to ${percent(k.upper)})`;
}

/** The figures of a chart as a table: group, engaged in window, closed windows, rate, interval. */
export function kpiTable(kpis: readonly Kpi[], caption: string, groupHeader: string): HTMLTableElement {
  const table = html('table', undefined, 'cv-kpi-table');
  table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  for (const h of [groupHeader, 'Engaged within the window', 'Windows closed', 'Rate', '95% interval']) {
    const th = html('th', h);
    th.scope = 'col';
    head.append(th);
  }
  const body = table.createTBody();
  for (const k of kpis) {
    const tr = body.insertRow();
    tr.dataset.group = k.group;
    const th = html('th', k.group);
    th.scope = 'row';
    tr.append(th);
    for (const [text, numeric] of [
      [k.numerator.toLocaleString('en-GB'), true],
      [k.denominator.toLocaleString('en-GB'), true],
      [k.denominator > 0 ? percent(k.rate) : 'no closed window', true],
      [k.denominator > 0 ? `${percent(k.lower)} to ${percent(k.upper)}` : '', false],
    ] as const) {
      const td = tr.insertCell();
      td.textContent = text;
      if (numeric) td.className = 'number';
    }
  }
  return table;
}

interface ChartFrame {
  figure: HTMLElement;
  chart: SVGSVGElement;
}

/** A figure with a caption, an SVG described by a title and a sentence, and the figures as a table. */
function frame(id: string, title: string, description: string, width: number, height: number): ChartFrame {
  const figure = html('figure', undefined, 'cv-chart');
  figure.id = id;
  const caption = html('figcaption', title);
  caption.id = `${id}-title`;
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`,
    preserveAspectRatio: 'xMinYMin meet',
  });
  chart.append(svg('title', {}, title), svg('desc', { id: `${id}-desc` }, description));
  figure.append(caption, chart);
  return { figure, chart };
}

function tableAlternative(figure: HTMLElement, table: HTMLTableElement): void {
  const details = html('details');
  details.append(html('summary', 'Show the figures as a table'), table);
  figure.append(details);
}

/**
 * The rate by release week, oldest first: the rate as a line, the 95% interval as a band, the
 * target as a dashed line. Weeks whose windows have not closed yet (no denominator) leave a gap.
 */
export function weeklyChart(
  id: string,
  weeks: readonly Kpi[],
  target: number,
  windowDays: number,
): HTMLElement {
  const W = 720;
  const H = 260;
  const m = { left: 44, right: 16, top: 14, bottom: 44 };
  const plotW = W - m.left - m.right;
  const plotH = H - m.top - m.bottom;
  const closed = weeks.filter((k) => k.denominator > 0);
  const latest = closed.at(-1);
  const lowest = closed.reduce<Kpi | null>((a, k) => (!a || k.rate < a.rate ? k : a), null);
  const highest = closed.reduce<Kpi | null>((a, k) => (!a || k.rate > a.rate ? k : a), null);
  const description =
    closed.length === 0
      ? `No release week has a closed ${windowDays}-day window yet. Target ${percent(target)}.`
      : `Weeks of ${shortDate(weeks[0].group)} to ${shortDate(weeks.at(-1)!.group)}: ` +
        `lowest ${percent(lowest!.rate)} (week of ${shortDate(lowest!.group)}), highest ${percent(highest!.rate)} ` +
        `(week of ${shortDate(highest!.group)}), latest closed week ${percent(latest!.rate)}; target ${percent(target)}. ` +
        `${weeks.length - closed.length} recent week(s) still have open windows.`;
  const { figure, chart } = frame(
    id,
    'Continuity rate by week of release, with the 95% interval',
    description,
    W,
    H,
  );
  const x = (i: number) => m.left + (weeks.length <= 1 ? plotW / 2 : (i * plotW) / (weeks.length - 1));
  const y = (rate: number) => m.top + (1 - rate) * plotH;

  const grid = svg('g', { class: 'cv-axis', 'aria-hidden': 'true' });
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    grid.append(svg('line', { x1: m.left, x2: W - m.right, y1: y(tick), y2: y(tick), class: 'cv-gridline' }));
    grid.append(svg('text', { x: m.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, `${tick * 100}%`));
  }
  // About eight labels, the last week always among them (dropping the one before if too close).
  const every = Math.max(1, Math.ceil(weeks.length / 8));
  const last = weeks.length - 1;
  weeks.forEach((k, i) => {
    const labelled = i === last || (i % every === 0 && last - i >= every / 2);
    if (!labelled) return;
    const anchor = i === last && weeks.length > 1 ? 'end' : i === 0 && weeks.length > 1 ? 'start' : 'middle';
    grid.append(svg('text', { x: x(i), y: H - m.bottom + 18, 'text-anchor': anchor }, shortDate(k.group)));
  });
  grid.append(
    svg('text', { x: m.left + plotW / 2, y: H - 6, 'text-anchor': 'middle' }, 'Week of release (Monday)'),
  );
  chart.append(grid);

  // Runs of consecutive weeks with a rate, so that a week without one breaks the line and band.
  const runs: number[][] = [];
  weeks.forEach((k, i) => {
    if (k.denominator === 0) return;
    const run = runs.at(-1);
    if (run && run.at(-1) === i - 1) run.push(i);
    else runs.push([i]);
  });
  const series = svg('g', { class: 'cv-series' });
  for (const run of runs) {
    const upper = run.map((i) => `${x(i)},${y(weeks[i].upper)}`);
    const lower = [...run].reverse().map((i) => `${x(i)},${y(weeks[i].lower)}`);
    series.append(svg('polygon', { points: [...upper, ...lower].join(' '), class: 'cv-band' }));
    series.append(
      svg('polyline', { points: run.map((i) => `${x(i)},${y(weeks[i].rate)}`).join(' '), class: 'cv-line' }),
    );
  }
  weeks.forEach((k, i) => {
    if (k.denominator === 0) return;
    const point = svg('circle', { cx: x(i), cy: y(k.rate), r: 3.5, class: 'cv-point' });
    point.dataset.group = k.group;
    point.dataset.rate = String(k.rate);
    point.append(svg('title', {}, `Week of ${shortDate(k.group)}: ${describeKpi(k)}`));
    series.append(point);
  });
  chart.append(series);
  chart.append(
    targetMark(
      { x1: m.left, x2: W - m.right, y1: y(target), y2: y(target) },
      { x: W - m.right - 4, y: y(target) - 5, anchor: 'end' },
      target,
    ),
  );
  tableAlternative(figure, kpiTable(weeks, 'Continuity rate by week of release', 'Week of release'));
  return figure;
}

/** The target: a dashed line with its label. */
function targetMark(
  line: { x1: number; y1: number; x2: number; y2: number },
  label: { x: number; y: number; anchor: 'start' | 'middle' | 'end' },
  target: number,
): SVGGElement {
  const g = svg('g', { class: 'cv-target', 'aria-hidden': 'true' });
  g.append(svg('line', line));
  g.append(svg('text', { x: label.x, y: label.y, 'text-anchor': label.anchor }, `Target ${percent(target)}`));
  return g;
}

/**
 * The rate by group (establishment or area) as horizontal bars with the 95% interval as a whisker,
 * the target as a dashed line. The largest groups (by closed windows) are drawn; the table lists all.
 */
export function groupChart(
  id: string,
  title: string,
  groupHeader: string,
  groups: readonly Kpi[],
  target: number,
  maxBars = 15,
): HTMLElement {
  const drawn = groups.slice(0, maxBars);
  const rowH = 22;
  const W = 720;
  const m = { left: 190, right: 170, top: 24, bottom: 28 };
  const H = m.top + m.bottom + Math.max(1, drawn.length) * rowH;
  const plotW = W - m.left - m.right;
  const x = (rate: number) => m.left + rate * plotW;
  const closed = groups.filter((k) => k.denominator > 0);
  const above = closed.filter((k) => k.rate >= target).length;
  const description =
    `${groups.length} ${groupHeader.toLowerCase()} group(s)` +
    (drawn.length < groups.length ? `, the ${drawn.length} with the most closed windows drawn` : '') +
    `; ${above} of ${closed.length} with a closed window reach the ${percent(target)} target.`;
  const { figure, chart } = frame(id, title, description, W, H);

  const axis = svg('g', { class: 'cv-axis', 'aria-hidden': 'true' });
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    axis.append(svg('line', { x1: x(tick), x2: x(tick), y1: m.top, y2: H - m.bottom, class: 'cv-gridline' }));
    axis.append(svg('text', { x: x(tick), y: H - m.bottom + 16, 'text-anchor': 'middle' }, `${tick * 100}%`));
  }
  chart.append(axis);
  drawn.forEach((k, i) => {
    const top = m.top + i * rowH;
    const g = svg('g', { class: 'cv-bar-row' });
    g.dataset.group = k.group;
    g.dataset.rate = String(k.rate);
    const label = k.group.length > 26 ? `${k.group.slice(0, 25)}...` : k.group;
    g.append(svg('text', { x: m.left - 8, y: top + rowH / 2 + 4, 'text-anchor': 'end' }, label));
    if (k.denominator > 0) {
      g.append(
        svg('rect', {
          x: m.left,
          y: top + 4,
          width: Math.max(1, k.rate * plotW),
          height: rowH - 8,
          class: k.rate >= target ? 'cv-bar cv-bar-met' : 'cv-bar',
        }),
      );
      g.append(
        svg('line', {
          x1: x(k.lower),
          x2: x(k.upper),
          y1: top + rowH / 2,
          y2: top + rowH / 2,
          class: 'cv-whisker',
        }),
      );
    }
    g.append(
      svg(
        'text',
        { x: W - m.right + 6, y: top + rowH / 2 + 4, class: 'cv-value' },
        k.denominator > 0 ? `${percent(k.rate)} (${k.numerator}/${k.denominator})` : 'no closed window',
      ),
    );
    g.append(svg('title', {}, `${k.group}: ${describeKpi(k)}`));
    chart.append(g);
  });
  chart.append(
    targetMark(
      { x1: x(target), x2: x(target), y1: m.top - 4, y2: H - m.bottom },
      { x: x(target), y: m.top - 8, anchor: 'middle' },
      target,
    ),
  );
  tableAlternative(figure, kpiTable(groups, title, groupHeader));
  return figure;
}
