/**
 * Information governance in the dashboard:
 * - the profile bar (who is using throughline here; switching is audited) and, with encryption
 *   on, the unlock form (access-bar.ts);
 * - which views the profile's role may see (roles.ts; the engine refuses the rest anyway);
 * - the IG page (`#governance`): the data-flow picture (static, in dashboard.html), what is stored
 *   and for how long, the audit trail with verification and exports, the manifest's permissions
 *   read from the running extension, encryption, profiles, wiping, and a printable summary for a
 *   DPIA, one module each; this file puts the page together.
 */
import { browser } from 'wxt/browser';
import type { GovernanceStatus } from '../../../../engine/api/governance-types';
import { WORKSPACE_CHANGED_KEY } from '../../../../shared/messages';
import type { Outcome } from '../../../../shared/workspace';
import { describeError } from '../alerts';
import { type Dashboard, reportOutcome } from '../context';
import { AccessBar } from './access-bar';
import { AUDIT_PAGE, AuditTrailPart } from './audit-trail';
import { drawEncryption, wireEncryption } from './encryption-settings';
import type { IgPage } from './page';
import { drawPermissions } from './permissions-table';
import { wirePrint } from './print-summary';
import { drawProfiles, wireProfiles } from './profiles-table';
import { drawStored, wireRetention } from './stored-data';
import { drawWipe, wireWipe } from './wipe';
import './governance.css';

export function setUpGovernance(dashboard: Dashboard): void {
  const section = document.querySelector<HTMLElement>('section[data-view="governance"]');
  if (!section) throw new Error('dashboard.html has no governance section');
  const page = new GovernancePage(dashboard);
  const access = new AccessBar(dashboard, page);
  dashboard.views.onShow('governance', () => void page.show());
  // Another page switched profile, locked or unlocked: redraw who may see what.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && WORKSPACE_CHANGED_KEY in changes) void access.refresh();
  });
  void access.refresh();
}

/** The IG page. */
class GovernancePage implements IgPage {
  status: GovernanceStatus | null = null;
  private drawing: Promise<void> | null = null;
  private readonly audit: AuditTrailPart;

  constructor(readonly dashboard: Dashboard) {
    wireRetention(this);
    this.audit = new AuditTrailPart(this);
    wireEncryption(this);
    wireProfiles(this);
    wireWipe(this);
    wirePrint(this);
  }

  show(): Promise<void> {
    this.drawing ??= this.draw().finally(() => {
      this.drawing = null;
    });
    return this.drawing;
  }

  private async draw(): Promise<void> {
    const engine = this.dashboard.engine;
    const [governance, workspace, log] = await Promise.all([
      engine.governanceStatus(),
      engine.status(),
      engine.auditLog({ limit: AUDIT_PAGE }),
    ]);
    if (!governance.ok) return this.fail(governance);
    if (!log.ok) return this.fail(log);
    const status = governance.value;
    this.status = status;
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    const persisted = await navigator.storage?.persisted?.().catch(() => false);
    drawStored(this, status, workspace, { estimate, persisted });
    this.audit.draw(status, log.value);
    drawPermissions();
    drawEncryption(status);
    drawProfiles(this, status);
    drawWipe(status);
  }

  fail(outcome: Outcome<unknown> & { ok: false }): void {
    this.dashboard.alerts.showError(describeError(outcome.error));
  }

  async act<T>(outcome: Promise<Outcome<T>>, done: (value: T) => string): Promise<Outcome<T>> {
    const result = await outcome;
    if (result.ok) this.dashboard.alerts.clearError();
    reportOutcome(this.dashboard, result, done);
    await this.show();
    await this.dashboard.refresh();
    return result;
  }
}
