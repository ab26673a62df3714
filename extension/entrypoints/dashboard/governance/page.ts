/** What each part of the IG page gets from the page (index.ts): redrawing, acting, reporting. */
import type { GovernanceStatus } from '../../../../engine/api/governance-types';
import type { Outcome } from '../../../../shared/workspace';
import type { Dashboard } from '../context';
import { element } from '../dom';

export interface IgPage {
  readonly dashboard: Dashboard;
  /** As last read (drawn, or read by the profile bar). */
  readonly status: GovernanceStatus | null;
  /** Reads everything the page shows, and draws it (one drawing at a time). */
  show(): Promise<void>;
  /** Runs an action; on success reports `done`, redraws, and refreshes the rest of the dashboard. */
  act<T>(outcome: Promise<Outcome<T>>, done: (value: T) => string): Promise<Outcome<T>>;
  fail(outcome: Outcome<unknown> & { ok: false }): void;
}

/** Runs `run` on the element's `type` event (a form's submit or a button's click), default prevented. */
export function on<T extends HTMLElement>(
  id: string,
  kind: { new (): T; name: string },
  type: 'submit' | 'click',
  run: () => Promise<void>,
): void {
  element(id, kind).addEventListener(type, (event) => {
    event.preventDefault();
    void run();
  });
}
