/**
 * Who is using throughline here. The engine has one current profile per device (persisted), not an
 * actor argument on every call: the SharedWorker serves one person at one browser, and a switch is
 * itself recorded. Profiles are settings, created on first run (one data officer); at least one
 * data officer always remains.
 */
import { fail, type Outcome, ok } from '../../shared/workspace';
import { type Profile, ROLES, type Role } from '../api/governance-types';
import type { Store } from '../store';
import type { AuditBody } from './audit-of-change';
import { conflict, invalid } from './refusals';
import { SETTING } from './setting-keys';
import type { AuditTrail } from './trail';

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const DISPLAY_NAME = /^[^\x00-\x1f\x7f]{1,100}$/;

const NO_SUCH_PROFILE = 'There is no such profile.';

export class Profiles {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
    private readonly trail: AuditTrail,
    private list: Profile[],
    private currentId: string,
  ) {}

  /** The profiles stored, or on first run a data officer (created and recorded). */
  static async open(
    store: Store,
    now: () => Date,
    trail: AuditTrail,
    stored: Profile[] | undefined,
    storedActorId: string | undefined,
  ): Promise<Profiles> {
    if (stored?.length) {
      const currentId = stored.some((p) => p.id === storedActorId)
        ? (storedActorId as string)
        : stored[0]!.id;
      return new Profiles(store, now, trail, stored, currentId);
    }
    const first: Profile = {
      id: `p-${now().getTime().toString(36)}`,
      displayName: 'Data officer',
      role: 'data-officer',
      createdAt: now().toISOString(),
    };
    const profiles = new Profiles(store, now, trail, [first], first.id);
    await trail.append(
      [
        { action: 'role-change', details: { profileId: first.id, from: null, to: 'data-officer' } },
        { action: 'switch-profile', details: { from: null, to: first.id } },
      ],
      (entries) =>
        store.commit({
          putSettings: { [SETTING.profiles]: [first], [SETTING.actor]: first.id },
          appendAudit: entries,
        }),
      first,
    );
    return profiles;
  }

  get current(): Profile {
    return this.list.find((p) => p.id === this.currentId) ?? this.list[0]!;
  }

  get all(): Profile[] {
    return [...this.list];
  }

  /** Makes `profileId` current; the switch is recorded as the profile switched to. */
  async switchTo(profileId: string): Promise<Outcome<Profile>> {
    const to = this.list.find((p) => p.id === profileId);
    if (!to) return fail({ kind: 'not-found', message: NO_SUCH_PROFILE });
    if (to.id === this.currentId) return ok(to);
    const from = this.currentId;
    await this.trail.append(
      [{ action: 'switch-profile', details: { from, to: to.id } }],
      (entries) => this.store.commit({ putSettings: { [SETTING.actor]: to.id }, appendAudit: entries }),
      to,
    );
    this.currentId = to.id;
    return ok(to);
  }

  /** Adds a profile (no `id`) or renames one and changes its role; a role change is recorded. */
  async save(input: { id?: string; displayName: string; role: Role }): Promise<Outcome<Profile>> {
    const displayName = String(input.displayName ?? '').trim();
    if (!DISPLAY_NAME.test(displayName))
      return invalid(
        'A profile needs a name of 1 to 100 characters (the member of staff, as colleagues know them).',
      );
    if (!ROLES.includes(input.role)) return invalid(`Unknown role "${String(input.role)}".`);
    const now = this.now();
    const old = input.id ? this.list.find((p) => p.id === input.id) : undefined;
    if (input.id && !old) return fail({ kind: 'not-found', message: NO_SUCH_PROFILE });
    let profile: Profile;
    const bodies: AuditBody[] = [];
    if (old) {
      const officers = this.list.filter((p) => p.role === 'data-officer');
      if (old.role === 'data-officer' && input.role !== 'data-officer' && officers.length === 1)
        return conflict('At least one profile must stay a data officer: they manage profiles and roles.');
      profile = { ...old, displayName, role: input.role };
      if (old.role !== input.role)
        bodies.push({
          action: 'role-change',
          details: { profileId: old.id, from: old.role, to: input.role },
        });
    } else {
      let id = `p-${now.getTime().toString(36)}`;
      for (let n = 1; this.list.some((p) => p.id === id); n++) id = `p-${now.getTime().toString(36)}-${n}`;
      profile = { id, displayName, role: input.role, createdAt: now.toISOString() };
      bodies.push({ action: 'role-change', details: { profileId: id, from: null, to: input.role } });
    }
    const list = old ? this.list.map((p) => (p.id === old.id ? profile : p)) : [...this.list, profile];
    await this.trail.append(bodies, (entries) =>
      this.store.commit({ putSettings: { [SETTING.profiles]: list }, appendAudit: entries }),
    );
    this.list = list;
    return ok(profile);
  }
}
