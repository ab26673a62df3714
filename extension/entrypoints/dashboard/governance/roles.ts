import type { EncryptionState, Role } from '../../../../engine/api/governance-types';
import { VIEW_NAMES, type ViewName } from '../views';

/**
 * The dashboard views each role sees (the engine refuses the rest anyway: policy.ts). A
 * caseworker uses the badges and the side panel, and here only enables case systems; an IG lead
 * has the IG page; a data officer everything.
 */
export const VIEWS_FOR: Record<Role, readonly ViewName[]> = {
  'data-officer': VIEW_NAMES,
  caseworker: ['sites'],
  'ig-lead': ['governance'],
};

/** Views that need no record contents, so they stay usable while the data is locked. */
const WHILE_LOCKED: readonly ViewName[] = ['governance', 'sites'];

export function viewsFor(role: Role, encryption: EncryptionState): ViewName[] {
  const mine = VIEWS_FOR[role];
  return encryption === 'locked' ? mine.filter((v) => WHILE_LOCKED.includes(v)) : [...mine];
}
