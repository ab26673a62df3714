/**
 * The demo case systems' pages, built two different ways on purpose, with hostile styling (global
 * `!important` rules, pseudo-element content, uppercase text) and odd nesting, so that the
 * overlay's row reading and badge isolation are tested against the kinds of page it will meet:
 *
 * - `treatmentPage`: a community treatment provider's client list, a server-rendered HTML table,
 *   paginated (`?page=N&size=M`), headers grouped over two rows, and an "Add client" form that
 *   appends a row in the page.
 * - `releasesPage`: a prison release list, a div grid drawn by page script from embedded JSON,
 *   destroyed and drawn again on every sort and filter, with infinite scroll that appends rows.
 *
 * Synthetic data only (extension/demo/data.ts).
 */
import { rowsOf } from './data';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** dd/mm/yyyy from an ISO date; anything else as it is. */
const ukDate = (text: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : text;
};

const nhsDisplay = (nhs: string): string =>
  /^\d{10}$/.test(nhs) ? `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}` : nhs;

const KEY_WORKERS = ['A. Okafor', 'B. Lindqvist', 'C. Mahmood', 'D. Price', 'E. Kowalski', 'F. Nwosu'];
const keyWorker = (id: string): string => {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return KEY_WORKERS[h % KEY_WORKERS.length];
};

/** Page size from the query string: 50 by default, at most 10,000. */
export function pageSize(params: URLSearchParams, fallback = 50): number {
  const n = Number(params.get('size'));
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 10_000) : fallback;
}

const BANNER = '<p class="demo-banner"><b>Demo</b> with synthetic people only. Not a real case system.</p>';

// The styles extension-platform.md §3 tested badge isolation against, and more of the same.
const TREATMENT_STYLE = `
  * { color: green !important; font-size: 22px !important; font-family: serif !important; line-height: 1.9 !important; }
  span { background: yellow !important; border: 3px dotted !important; }
  div { margin: 12px !important; }
  td *::before { content: "\\203A " !important; color: purple !important; }
  button, input, select { text-transform: uppercase !important; border: 4px ridge !important; }
  :focus { outline: none !important; }
  table { border-collapse: separate !important; border-spacing: 4px !important; }
  td, th { padding: 2px 10px !important; vertical-align: top !important; border-bottom: 1px solid #999 !important; }
  caption { text-align: left !important; font-weight: bold !important; }
  .demo-banner { background: #fee !important; padding: 4px !important; }
`;

interface TreatmentPageOptions {
  page: number;
  size: number;
}

/** The treatment provider's client list, one page of it. */
export function treatmentPage(
  table: Parameters<typeof rowsOf>[0],
  { page, size }: TreatmentPageOptions,
): string {
  const clients = rowsOf(table).sort((a, b) => (a['Client ID'] < b['Client ID'] ? -1 : 1));
  const pages = Math.max(1, Math.ceil(clients.length / size));
  const current = Math.min(Math.max(1, page), pages);
  const shown = clients.slice((current - 1) * size, current * size);
  const rows = shown
    .map(
      (c, i) => `
      <tr class="row ${i % 2 ? 'even' : 'odd'}">
        <td class="c-id"><a href="#client-${esc(c['Client ID'])}">${esc(c['Client ID'])}</a></td>
        <td class="c-name"><div class="cell"><span><a href="#client-${esc(c['Client ID'])}">${esc(c['Last Name'].toUpperCase())}</a>, ${esc(c['First Name'])}</span></div></td>
        <td class="c-dob"><font size="2">${esc(ukDate(c.DOB))}</font></td>
        <td class="c-nhs"><span class="nhs">${esc(nhsDisplay(c['NHS No']))}</span></td>
        <td class="c-worker"><div><div>${esc(keyWorker(c['Client ID']))}</div></div></td>
      </tr>`,
    )
    .join('');
  const link = (p: number, text: string) =>
    p === current
      ? `<b aria-current="page">${text}</b>`
      : `<a href="?page=${p}&amp;size=${size}">${text}</a>`;
  const pager = [
    current > 1 ? link(current - 1, 'Previous') : '',
    ...Array.from({ length: pages }, (_, k) => link(k + 1, String(k + 1))),
    current < pages ? link(current + 1, 'Next') : '',
  ].join(' ');
  const workers = KEY_WORKERS.map((w) => `<option>${esc(w)}</option>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Riverside Recovery: clients</title>
<style>${TREATMENT_STYLE}</style>
</head>
<body>
<div class="shell"><div class="masthead"><h1>Riverside Recovery</h1><p>Community drug and alcohol service</p></div>
${BANNER}
<form id="add-client" autocomplete="off">
  <fieldset><legend>Add client</legend>
    <label>Client ID <input name="id" required></label>
    <label>First name <input name="first" required></label>
    <label>Last name <input name="last" required></label>
    <label>Date of birth <input name="dob" placeholder="dd/mm/yyyy"></label>
    <label>NHS number <input name="nhs"></label>
    <label>Key worker <select name="worker">${workers}</select></label>
    <button type="submit">Add client</button>
  </fieldset>
</form>
<div class="layout"><div class="main"><form class="list" onsubmit="return false">
<table id="client-table" class="grid">
  <caption>Clients: page ${current} of ${pages} (${clients.length} in all)</caption>
  <thead>
    <tr><th colspan="2">Client</th><th colspan="2">Identity</th><th>Care</th></tr>
    <tr><th scope="col">Client ID</th><th scope="col">Name</th><th scope="col">Date of birth</th><th scope="col">NHS number</th><th scope="col">Key worker</th></tr>
  </thead>
  <tbody>${rows}
  </tbody>
</table>
</form></div></div>
<nav class="pager" aria-label="Pages">${pager}</nav>
</div>
<script>
(() => {
  const esc = (t) => String(t).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const form = document.getElementById('add-client');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const f = new FormData(form);
    const nhs = String(f.get('nhs') || '').replace(/\\D/g, '');
    const tr = document.createElement('tr');
    tr.className = 'row added';
    tr.innerHTML =
      '<td class="c-id"><a href="#">' + esc(f.get('id')) + '</a></td>' +
      '<td class="c-name"><div class="cell"><span><a href="#">' + esc(String(f.get('last')).toUpperCase()) + '</a>, ' + esc(f.get('first')) + '</span></div></td>' +
      '<td class="c-dob"><font size="2">' + esc(f.get('dob')) + '</font></td>' +
      '<td class="c-nhs"><span class="nhs">' + esc(nhs.length === 10 ? nhs.slice(0, 3) + ' ' + nhs.slice(3, 6) + ' ' + nhs.slice(6) : nhs) + '</span></td>' +
      '<td class="c-worker"><div><div>' + esc(f.get('worker')) + '</div></div></td>';
    document.querySelector('#client-table > tbody').append(tr);
    form.reset();
  });
})();
</script>
</body>
</html>`;
}

const RELEASES_STYLE = `
  * { color: #222 !important; font: 16px/1.7 Georgia, serif !important; letter-spacing: 0.05em !important; text-transform: uppercase !important; }
  span, b { background: #ffeb3b !important; border: 2px dashed #c00 !important; padding: 2px !important; }
  div { margin: 1px !important; box-sizing: content-box !important; }
  *::before { content: "\\25B8 " !important; color: #c00 !important; }
  :focus { outline: none !important; }
  button { all: unset !important; cursor: pointer !important; text-decoration: underline !important; }
  .rl-head, .rl-row { display: grid !important; grid-template-columns: 8rem 16rem 7rem 6rem 7rem 14rem 4rem; }
  .rl-row:nth-child(odd) { background: #f3f3f3 !important; }
  #sentinel { height: 1px; }
  .demo-banner { background: #fee !important; }
`;

/** The prison release list: its data embedded as JSON, its grid drawn by the page's own script. */
export function releasesPage(table: Parameters<typeof rowsOf>[0], { size }: { size: number }): string {
  const releases = rowsOf(table).map((r) => {
    const [d, m, y] = r['Release Date'].split('/');
    return {
      ref: r['Booking Ref'],
      prisonNo: r['Prison No'],
      surname: r.Surname,
      forenames: r['Forename(s)'],
      dob: r['Date of Birth'],
      released: r['Release Date'],
      releasedIso: `${y}-${m}-${d}`,
      type: r['Release Type'],
      establishment: r.Establishment,
    };
  });
  // `<` escaped so that no value can close the script element.
  const json = JSON.stringify(releases).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Release referrals</title>
<style>${RELEASES_STYLE}</style>
</head>
<body>
<div id="app">
  <div class="top"><div><h1>Release referrals</h1><p>Releases to the community, most recent first.</p></div></div>
  ${BANNER}
  <div class="toolbar"><label>Filter by name or booking <input id="filter" type="search"></label> <span id="count" aria-live="polite"></span></div>
  <div class="rl-grid" role="grid" aria-label="Releases">
    <div class="rl-head" role="row">
      <div role="columnheader"><button type="button" data-sort="ref">Booking</button></div>
      <div role="columnheader"><button type="button" data-sort="name">Name</button></div>
      <div role="columnheader">Date of birth</div>
      <div role="columnheader">Prison no.</div>
      <div role="columnheader"><button type="button" data-sort="released">Released</button></div>
      <div role="columnheader"><button type="button" data-sort="establishment">Establishment</button></div>
      <div role="columnheader">Type</div>
    </div>
    <div id="rl-body" role="rowgroup"></div>
    <div id="sentinel"></div>
  </div>
</div>
<script type="application/json" id="release-data">${json}</script>
<script>
(() => {
  const data = JSON.parse(document.getElementById('release-data').textContent);
  const step = ${size};
  const body = document.getElementById('rl-body');
  const count = document.getElementById('count');
  const keys = {
    ref: (r) => r.ref,
    name: (r) => (r.surname + ' ' + r.forenames).toUpperCase(),
    released: (r) => r.releasedIso,
    establishment: (r) => r.establishment,
  };
  let sortKey = 'released';
  let direction = -1;
  let filter = '';
  let shown = step;
  const esc = (t) => String(t).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  function visible() {
    const f = filter.trim().toLowerCase();
    const rows = f
      ? data.filter((r) => (r.surname + ', ' + r.forenames).toLowerCase().includes(f) || r.ref.toLowerCase().includes(f))
      : data.slice();
    const key = keys[sortKey];
    return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * direction || (a.ref < b.ref ? -1 : 1));
  }
  function rowElement(r) {
    const row = document.createElement('div');
    row.className = 'rl-row';
    row.setAttribute('role', 'row');
    row.setAttribute('data-booking', r.ref);
    row.innerHTML =
      '<div role="gridcell" class="rl-cell rl-cell--ref"><div><div>' + esc(r.ref) + '</div></div></div>' +
      '<div role="gridcell" class="rl-cell rl-cell--name"><span class="nm"><b>' + esc(r.surname) + '</b>, ' + esc(r.forenames) + '</span></div>' +
      '<div role="gridcell" class="rl-cell rl-cell--dob">' + esc(r.dob) + '</div>' +
      '<div role="gridcell" class="rl-cell rl-cell--prison">' + esc(r.prisonNo) + '</div>' +
      '<div role="gridcell" class="rl-cell rl-cell--date">' + esc(r.released) + '</div>' +
      '<div role="gridcell" class="rl-cell rl-cell--est"><span><span>' + esc(r.establishment) + '</span></span></div>' +
      '<div role="gridcell" class="rl-cell rl-cell--type">' + esc(r.type) + '</div>';
    return row;
  }
  // Every sort and filter destroys the rows and makes new ones, as many grid libraries do.
  function render() {
    const rows = visible();
    body.replaceChildren(...rows.slice(0, shown).map(rowElement));
    count.textContent = Math.min(shown, rows.length) + ' of ' + rows.length + ' releases';
  }
  function more() {
    const rows = visible();
    if (shown >= rows.length) return;
    body.append(...rows.slice(shown, shown + step).map(rowElement));
    shown += step;
    count.textContent = Math.min(shown, rows.length) + ' of ' + rows.length + ' releases';
  }
  for (const button of document.querySelectorAll('[data-sort]'))
    button.addEventListener('click', () => {
      const key = button.getAttribute('data-sort');
      direction = key === sortKey ? -direction : key === 'released' ? -1 : 1;
      sortKey = key;
      render();
    });
  document.getElementById('filter').addEventListener('input', (event) => {
    filter = event.target.value;
    render();
  });
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) more();
  }).observe(document.getElementById('sentinel'));
  render();
})();
</script>
</body>
</html>`;
}
