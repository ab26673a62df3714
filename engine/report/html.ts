/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-GB');
export const fmtMs = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
export const fmtProb = (p: number): string => (p >= 0.001 ? p.toFixed(4) : p.toExponential(2));

export function table(head: string[], rows: (string | number)[][], numericFrom = 1): string {
  const th = head
    .map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(h)}</th>`)
    .join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(String(c))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A histogram as inline SVG, with an optional vertical marker (the threshold). */
export function histogramSvg(
  bins: { from: number; to: number; count: number }[],
  options: { marker?: number; markerLabel?: string; xLabel: string },
): string {
  const width = 720;
  const height = 220;
  const pad = { left: 56, right: 12, top: 12, bottom: 40 };
  const max = Math.max(1, ...bins.map((b) => b.count));
  const x0 = bins[0]?.from ?? 0;
  const x1 = bins.at(-1)?.to ?? 1;
  const sx = (x: number) => pad.left + ((x - x0) / (x1 - x0 || 1)) * (width - pad.left - pad.right);
  // Counts span orders of magnitude (few links, many non-links): a log scale shows both.
  const sy = (c: number) =>
    height - pad.bottom - (Math.log10(1 + c) / Math.log10(1 + max)) * (height - pad.top - pad.bottom);
  const bars = bins
    .map((b) => {
      const x = sx(b.from);
      const w = Math.max(1, sx(b.to) - x - 1);
      const y = sy(b.count);
      return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${(height - pad.bottom - y).toFixed(1)}"><title>${b.from.toFixed(0)} to ${b.to.toFixed(0)}: ${fmtInt(b.count)}</title></rect>`;
    })
    .join('');
  const ticks = bins
    .filter((_, i) => i % Math.max(1, Math.ceil(bins.length / 12)) === 0)
    .map(
      (b) =>
        `<text x="${sx(b.from).toFixed(1)}" y="${height - pad.bottom + 14}" text-anchor="middle">${b.from.toFixed(0)}</text>`,
    )
    .join('');
  const marker =
    options.marker === undefined
      ? ''
      : `<line class="marker" x1="${sx(options.marker)}" x2="${sx(options.marker)}" y1="${pad.top}" y2="${height - pad.bottom}"/><text x="${sx(options.marker) + 4}" y="${pad.top + 10}">${escapeHtml(options.markerLabel ?? '')}</text>`;
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.xLabel)} histogram" class="chart">${bars}${ticks}${marker}<text x="${width / 2}" y="${height - 6}" text-anchor="middle">${escapeHtml(options.xLabel)} (counts on a log scale)</text><text x="4" y="${pad.top + 8}">${fmtInt(max)}</text></svg>`;
}

/** One row of a horizontal bar chart: a value with an optional interval; null draws no bar. */
export interface BarRow {
  label: string;
  value: number | null;
  lower?: number;
  upper?: number;
  /** Text at the end of the bar (e.g. "72.0% (18 of 25)"). */
  note: string;
}

/**
 * A horizontal bar chart as inline SVG, from 0 to `max`, with optional interval whiskers and a
 * dashed vertical target line. Labels are escaped; long labels are shortened (the full text is in
 * the bar's tooltip).
 */
export function hBarChartSvg(
  rows: BarRow[],
  options: { ariaLabel: string; max?: number; target?: number; targetLabel?: string },
): string {
  const max = options.max ?? 1;
  const width = 720;
  const rowH = 22;
  const pad = { left: 210, right: 150, top: 18, bottom: 8 };
  const height = pad.top + pad.bottom + Math.max(1, rows.length) * rowH;
  const plotW = width - pad.left - pad.right;
  const sx = (v: number) => pad.left + (Math.min(max, Math.max(0, v)) / (max || 1)) * plotW;
  const short = (t: string) => (t.length > 32 ? `${t.slice(0, 31)}\u2026` : t);
  const bars = rows
    .map((r, i) => {
      const y = pad.top + i * rowH;
      const mid = y + rowH / 2;
      const label = `<text x="${pad.left - 6}" y="${mid + 4}" text-anchor="end">${escapeHtml(short(r.label))}</text>`;
      const track = `<rect class="track" x="${pad.left}" y="${y + 3}" width="${plotW}" height="${rowH - 6}"/>`;
      const bar =
        r.value === null
          ? ''
          : `<rect x="${pad.left}" y="${y + 4}" width="${(sx(r.value) - pad.left).toFixed(1)}" height="${rowH - 8}"><title>${escapeHtml(`${r.label}: ${r.note}`)}</title></rect>`;
      const ci =
        r.value === null || r.lower === undefined || r.upper === undefined
          ? ''
          : `<line class="ci" x1="${sx(r.lower).toFixed(1)}" x2="${sx(r.upper).toFixed(1)}" y1="${mid}" y2="${mid}"/><line class="ci" x1="${sx(r.lower).toFixed(1)}" x2="${sx(r.lower).toFixed(1)}" y1="${mid - 4}" y2="${mid + 4}"/><line class="ci" x1="${sx(r.upper).toFixed(1)}" x2="${sx(r.upper).toFixed(1)}" y1="${mid - 4}" y2="${mid + 4}"/>`;
      const note = `<text x="${pad.left + plotW + 6}" y="${mid + 4}">${escapeHtml(r.note)}</text>`;
      return label + track + bar + ci + note;
    })
    .join('');
  const target =
    options.target === undefined
      ? ''
      : `<line class="target" x1="${sx(options.target).toFixed(1)}" x2="${sx(options.target).toFixed(1)}" y1="${pad.top - 4}" y2="${height - pad.bottom}"/><text class="target-label" x="${sx(options.target).toFixed(1)}" y="${pad.top - 6}" text-anchor="middle">${escapeHtml(options.targetLabel ?? '')}</text>`;
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.ariaLabel)}" class="chart">${bars}${target}</svg>`;
}

export const REPORT_CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;max-width:1000px;margin:24px auto;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0 16px}th,td{padding:3px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{background:#f3f5f7}.num{text-align:right;font-variant-numeric:tabular-nums}
.chart{width:100%;height:auto;max-width:720px}.chart rect{fill:#005ea5}.chart text{font-size:11px;fill:#333}
.chart .marker{stroke:#d4351c;stroke-width:2}.pos{color:#00703c}.neg{color:#d4351c}
.bar{display:inline-block;height:10px;vertical-align:middle}.bar.pos{background:#00703c}.bar.neg{background:#d4351c}
.note{color:#555;font-size:13px}
.chart .target{stroke:#d4351c;stroke-width:1.5;stroke-dasharray:6 4;fill:none}.chart text.target-label{fill:#d4351c}
.chart .ci{stroke:#1b1b1b;stroke-width:1.2}.chart .axis{stroke:#999;stroke-width:1}.chart rect.muted{fill:#b1b4b6}
.chart rect.track{fill:#f3f5f7}.headline{font-size:26px;font-weight:600;margin:8px 0 4px}
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title><style>${REPORT_CSS}</style></head>
<body>${body}</body></html>
`;
}
