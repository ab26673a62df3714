/** Drawing the side panel: text only (textContent), never markup built from record values. */
import { formatProbability } from '../../../shared/badges';
import type { CanonicalField } from '../../../shared/person';
import type { LinkView, RecordKey, Side, StatusView, StoredRecord } from '../../../shared/workspace';
import type { Details } from './load';

const SIDE_LABELS: Record<Side, string> = { releases: 'Prison release', treatment: 'Community treatment' };

/** The fields shown side by side, in the order a caseworker compares them. */
const COMPARED: { label: string; value: (r: StoredRecord) => string }[] = [
  {
    label: 'Name',
    value: (r) => r.fields.fullName ?? [r.fields.forenames, r.fields.surname].filter(Boolean).join(' '),
  },
  ...(
    [
      ['Aliases', 'aliases'],
      ['Date of birth', 'dob'],
      ['Sex', 'sex'],
      ['NHS number', 'nhsNumber'],
      ['Prison number', 'prisonNumber'],
      ['PNC number', 'pnc'],
      ['CRO number', 'cro'],
      ['Postcode', 'postcode'],
      ['Release date', 'releaseDate'],
      ['Establishment', 'establishment'],
      ['Referral date', 'referralDate'],
      ['Treatment start', 'treatmentStartDate'],
      ['Discharge date', 'dischargeDate'],
    ] as [string, CanonicalField][]
  ).map(([label, field]) => ({ label, value: (r: StoredRecord) => r.fields[field] ?? '' })),
];

const HANDOVER: Record<StatusView['handover'], string> = {
  referral_before_release: 'referred before release',
  referral_after_release: 'referred after release',
  no_referral_found: 'no referral found',
};

const STATUS: Record<StatusView['status'], string> = {
  engaged_in_window: 'engaged within the window',
  engaged_late: 'engaged after the window',
  awaiting: 'not yet engaged, window open',
  not_engaged: 'not engaged within the window',
  not_in_cohort: 'not in the continuity-of-care cohort',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

export function renderMessage(container: HTMLElement, message: string): void {
  container.replaceChildren(el('p', message));
}

interface Column {
  key: RecordKey;
  heading: string;
  note: string;
}

export function renderDetails(container: HTMLElement, details: Details, focus?: string): void {
  const { result, badges, records } = details;
  const match = result.match;
  if (!match) {
    renderMessage(
      container,
      'This row is not in the workspace: no imported record has its id, and none matched its name and date of birth closely enough.',
    );
    return;
  }
  const parts: HTMLElement[] = [];
  parts.push(el('h2', `${SIDE_LABELS[match.side]} record ${match.recordId}`));
  if (match.probability < 1)
    parts.push(el('p', `Found by the row's name and details, p = ${formatProbability(match.probability)}.`));

  const list = el('ul', undefined, 'badges');
  list.setAttribute('aria-label', 'What the badges say');
  for (const badge of badges) list.append(el('li', badge.label, badge.tone));
  if (badges.length === 0) list.append(el('li', 'Nothing to flag for this record.'));
  parts.push(list);

  for (const status of result.statuses) parts.push(...statusSection(status));

  const columns: Column[] = [
    { key: match.key, heading: match.recordId, note: `${SIDE_LABELS[match.side]}, this row` },
    ...result.links.map((l) => ({ key: l.key, heading: l.recordId, note: linkNote(l) })),
    ...result.duplicates.map((d) => ({
      key: d.key,
      heading: d.recordId,
      note: `${SIDE_LABELS[d.side]}, possible duplicate`,
    })),
  ];
  parts.push(el('h3', 'Records side by side'));
  parts.push(comparison(columns, records, focus));
  container.replaceChildren(...parts);
}

function linkNote(link: LinkView): string {
  const how =
    link.decision === 'same'
      ? 'confirmed by review'
      : link.decision === 'unsure'
        ? `unsure at review, p = ${formatProbability(link.probability)}`
        : `linked, p = ${formatProbability(link.probability)}`;
  return `${SIDE_LABELS[link.side]}, ${how}`;
}

function statusSection(status: StatusView): HTMLElement[] {
  const heading = el('h3', `Release ${status.releaseKey.slice(status.releaseKey.indexOf('/') + 1)}`);
  const dl = el('dl');
  const add = (term: string, value: string) => dl.append(el('dt', term), el('dd', value));
  add('Status', STATUS[status.status]);
  if (status.releaseDate) add('Released', status.releaseDate);
  if (status.daysSinceRelease !== null)
    add('Days since release', `${status.daysSinceRelease} (day 0 is the release day)`);
  add('Window', `${status.windowDays} days`);
  if (status.daysToEngagement !== null) add('Engaged', `day ${status.daysToEngagement}`);
  add('Handover', HANDOVER[status.handover]);
  if (status.needsReview) add('Review', 'the best link is uncertain and awaits a decision');
  return [heading, dl];
}

function comparison(columns: Column[], records: Map<RecordKey, StoredRecord>, focus?: string): HTMLElement {
  const table = el('table');
  const caption = el('caption', 'Key fields of each record', 'visually-hidden');
  const head = el('tr');
  head.append(el('th', 'Field'));
  for (const c of columns) {
    const th = el('th', undefined, c.key === focus ? 'focus' : undefined);
    th.scope = 'col';
    th.append(el('span', c.heading), el('br'), el('small', c.note));
    if (c.key === focus) th.setAttribute('aria-current', 'true');
    head.append(th);
  }
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  for (const field of COMPARED) {
    const values = columns.map((c) => {
      const record = records.get(c.key);
      return record ? field.value(record) : '';
    });
    if (values.every((v) => v === '')) continue;
    const tr = el('tr');
    const th = el('th', field.label);
    th.scope = 'row';
    tr.append(th);
    values.forEach((value, i) => {
      const differs =
        i > 0 && value !== '' && values[0] !== '' && value.toUpperCase() !== values[0].toUpperCase();
      const td = el(
        'td',
        value,
        [columns[i].key === focus ? 'focus' : '', differs ? 'differs' : ''].join(' ').trim() || undefined,
      );
      if (differs) td.append(el('span', ' (differs)', 'visually-hidden'));
      tr.append(td);
    });
    tbody.append(tr);
  }
  table.append(caption, thead, tbody);
  const wrap = el('div', undefined, 'scroll');
  wrap.append(table);
  return wrap;
}
