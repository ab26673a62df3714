/** The IG page's "Profiles" part: who uses throughline here, and (for a data officer) their roles. */
import {
  type GovernanceStatus,
  type Profile,
  ROLE_LABELS,
  ROLES,
  type Role,
} from '../../../../engine/api/governance-types';
import { h } from '../continuity/dom';
import { cell, element } from '../dom';
import { day } from './format';
import { type IgPage, on } from './page';

export function wireProfiles(page: IgPage): void {
  on('ig-profile-form', HTMLFormElement, 'submit', async () => {
    const name = element('ig-profile-name', HTMLInputElement);
    const role = element('ig-profile-role', HTMLSelectElement).value as Role;
    const done = await page.act(
      page.dashboard.engine.saveProfile({ displayName: name.value, role }),
      (p) => `Added ${p.displayName} (${ROLE_LABELS[p.role]}).`,
    );
    if (done.ok) name.value = '';
  });
}

export function drawProfiles(page: IgPage, status: GovernanceStatus): void {
  element('ig-profiles', HTMLTableElement).tBodies[0]!.replaceChildren(
    ...status.profiles.map((p) => profileRow(page, p, status)),
  );
  element('ig-profile-form', HTMLFormElement).hidden = status.actor.role !== 'data-officer';
}

function profileRow(page: IgPage, p: Profile, status: GovernanceStatus): HTMLTableRowElement {
  const officer = status.actor.role === 'data-officer';
  let roleCell: HTMLTableCellElement;
  if (officer) {
    const select = h(
      'select',
      { 'aria-label': `Role of ${p.displayName}` },
      ...ROLES.map((r) => h('option', { value: r, selected: r === p.role }, ROLE_LABELS[r])),
    );
    select.addEventListener('change', () => void changeRole(page, p, select.value as Role));
    roleCell = h('td', {}, h('span', { class: 'ig-print-only' }, ROLE_LABELS[p.role]), select);
  } else roleCell = cell(ROLE_LABELS[p.role]);
  return h(
    'tr',
    { 'data-profile-id': p.id },
    cell(`${p.displayName}${p.id === status.actor.id ? ' (using throughline now)' : ''}`),
    roleCell,
    cell(day(p.createdAt)),
  );
}

async function changeRole(page: IgPage, p: Profile, role: Role): Promise<void> {
  await page.act(
    page.dashboard.engine.saveProfile({ id: p.id, displayName: p.displayName, role }),
    (saved) => `${saved.displayName} is now ${ROLE_LABELS[saved.role]}.`,
  );
}
