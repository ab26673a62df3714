/**
 * The waterfall of a pair's match weight: the prior, then each comparison's contribution at the
 * level it reached, to the final weight. Drawn as an inline SVG bar chart (each bar starts where
 * the one before ended) with a table of the same numbers for screen readers and for reading.
 */
import type { ReviewItem } from '../../../../engine/api/engine-api';

export interface WaterfallStep {
  comparison: string;
  level: string;
  weight: number;
  /** Running total before and after this step. */
  from: number;
  to: number;
}

export function waterfallSteps(contributions: ReviewItem['contributions']): WaterfallStep[] {
  let total = 0;
  return contributions.map((c) => {
    const from = total;
    total += c.weight;
    return { comparison: c.comparison, level: c.level, weight: c.weight, from, to: total };
  });
}

/** A signed weight as shown: "+3.21", "\u22121.50" (a real minus sign). */
export const signed = (w: number): string => `${w >= 0 ? '+' : '\u2212'}${Math.abs(w).toFixed(2)}`;

const SVG = 'http://www.w3.org/2000/svg';
const LABEL_WIDTH = 190;
const CHART_WIDTH = 360;
const VALUE_WIDTH = 70;
const ROW = 22;

function svg<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The chart. Positive steps are solid, negative ones hatched (and every bar carries its signed
 * value in text), so the direction never depends on colour alone. It is hidden from assistive
 * technology: the table after it says the same.
 */
export function waterfallChart(item: ReviewItem): SVGSVGElement {
  const steps = waterfallSteps(item.contributions);
  const rows = [
    ...steps,
    { comparison: 'Final match weight', level: '', weight: item.weight, from: 0, to: item.weight },
  ];
  const ends = rows.flatMap((s) => [s.from, s.to]);
  const min = Math.min(0, ...ends);
  const max = Math.max(0, ...ends);
  const span = max - min || 1;
  const x = (w: number) => LABEL_WIDTH + ((w - min) / span) * CHART_WIDTH;
  const height = rows.length * ROW + 8;
  const chart = svg('svg', {
    width: LABEL_WIDTH + CHART_WIDTH + VALUE_WIDTH,
    height,
    viewBox: `0 0 ${LABEL_WIDTH + CHART_WIDTH + VALUE_WIDTH} ${height}`,
    'aria-hidden': 'true',
    focusable: 'false',
    class: 'waterfall-chart',
  });
  const defs = svg('defs', {});
  const hatch = svg('pattern', {
    id: 'waterfall-hatch',
    width: 6,
    height: 6,
    patternUnits: 'userSpaceOnUse',
    patternTransform: 'rotate(45)',
  });
  hatch.append(
    svg('rect', { width: 6, height: 6, fill: '#fde8e8' }),
    svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#a00', 'stroke-width': 3 }),
  );
  defs.append(hatch);
  chart.append(defs);
  chart.append(
    svg('line', { x1: x(0), x2: x(0), y1: 0, y2: height, stroke: '#333', 'stroke-dasharray': '2 2' }),
  );
  rows.forEach((step, i) => {
    const y = i * ROW + 4;
    const final = i === rows.length - 1;
    chart.append(
      svg(
        'text',
        { x: 0, y: y + 15, 'font-size': 12, 'font-weight': final ? 'bold' : 'normal' },
        step.comparison,
      ),
    );
    const left = x(Math.min(step.from, step.to));
    const width = Math.max(1, Math.abs(x(step.to) - x(step.from)));
    const negative = step.to < step.from || (final && step.to < 0);
    chart.append(
      svg('rect', {
        x: left,
        y: y + 3,
        width,
        height: ROW - 8,
        fill: final ? '#1d3f6e' : negative ? 'url(#waterfall-hatch)' : '#2f7d32',
        stroke: negative ? '#a00' : '#1b4d1e',
      }),
    );
    chart.append(
      svg(
        'text',
        {
          x: LABEL_WIDTH + CHART_WIDTH + 6,
          y: y + 15,
          'font-size': 12,
          'font-weight': final ? 'bold' : 'normal',
        },
        final ? step.to.toFixed(2) : signed(step.weight),
      ),
    );
  });
  return chart;
}

/** The same numbers as a table: comparison, level reached, contribution, running total. */
export function waterfallTable(item: ReviewItem, captionId: string): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'waterfall-table';
  table.setAttribute('aria-labelledby', captionId);
  const head = table.createTHead().insertRow();
  for (const title of ['Comparison', 'Level reached', 'Contribution to the weight', 'Running total']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const step of waterfallSteps(item.contributions)) {
    const row = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = step.comparison;
    row.append(th);
    row.insertCell().textContent = step.level;
    const weight = row.insertCell();
    weight.textContent = signed(step.weight);
    weight.className = 'number';
    const total = row.insertCell();
    total.textContent = step.to.toFixed(2);
    total.className = 'number';
  }
  const foot = table.createTFoot().insertRow();
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = 'Final match weight';
  foot.append(th);
  foot.insertCell().textContent = `match probability ${(item.probability * 100).toFixed(1)}%`;
  foot.insertCell();
  const final = foot.insertCell();
  final.textContent = item.weight.toFixed(2);
  final.className = 'number';
  return table;
}
