/**
 * The profile bar (who is using throughline here; switching is audited), with encryption on the
 * unlock form, and which views the profile's role may see (roles.ts; the engine refuses the rest
 * anyway).
 */
import { type GovernanceStatus, ROLE_LABELS } from '../../../../engine/api/governance-types';
import { describeError, messageOf } from '../alerts';
import { type Dashboard, reportOutcome } from '../context';
import { h } from '../continuity/dom';
import { viewsFor } from './roles';

/** The profile bar, the unlock form, and the views the profile may see. */
export class AccessBar {
  private readonly select = h('select', { id: 'profile-select' });
  private readonly role = h('span', { id: 'profile-role' });
  private readonly lockNow = h('button', { id: 'lock-now', type: 'button', hidden: true }, 'Lock now');
  private readonly bar = h(
    'form',
    { id: 'profile-bar', 'aria-label': 'Profile' },
    h('label', { for: 'profile-select' }, 'Using throughline as'),
    this.select,
    h('button', { type: 'submit', id: 'profile-switch' }, 'Switch profile'),
    this.role,
    this.lockNow,
  );
  private readonly passphrase = h('input', {
    id: 'unlock-passphrase',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  private readonly unlockMessage = h('p', { id: 'unlock-message', role: 'status' });
  private readonly unlockPanel = h(
    'form',
    { id: 'unlock-panel', 'aria-labelledby': 'unlock-heading', hidden: true },
    h('h2', { id: 'unlock-heading' }, 'throughline is locked'),
    h(
      'p',
      {},
      'The data on this device is encrypted. Enter the passphrase to work with it. The information-governance ' +
        'page, the audit trail and wiping work without it.',
    ),
    h('label', { for: 'unlock-passphrase' }, 'Passphrase'),
    ' ',
    this.passphrase,
    ' ',
    h('button', { type: 'submit', id: 'unlock-submit' }, 'Unlock'),
    this.unlockMessage,
  );
  private ticket = 0;

  constructor(
    private readonly dashboard: Dashboard,
    /** The IG page: it keeps the status read here, and is redrawn if it shows. */
    private readonly page: { status: GovernanceStatus | null; show(): Promise<void> },
  ) {
    const nav = document.querySelector('main > nav');
    nav?.before(this.bar, this.unlockPanel);
    this.bar.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.switchTo(this.select.value);
    });
    this.lockNow.addEventListener('click', () => void this.lock());
    this.unlockPanel.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.unlock();
    });
  }

  async refresh(): Promise<void> {
    const ticket = ++this.ticket;
    const outcome = await this.dashboard.engine.governanceStatus().catch((error: unknown) => ({
      ok: false as const,
      error: { kind: 'engine-lost' as const, message: messageOf(error) },
    }));
    if (ticket !== this.ticket) return;
    if (!outcome.ok) {
      this.dashboard.alerts.showError(describeError(outcome.error));
      return;
    }
    this.draw(outcome.value);
    this.page.status = outcome.value;
    if (this.dashboard.views.current === 'governance') void this.page.show();
  }

  private draw(status: GovernanceStatus): void {
    const { actor, profiles, encryption } = status;
    this.select.replaceChildren(
      ...profiles.map((p) =>
        h(
          'option',
          { value: p.id, selected: p.id === actor.id },
          `${p.displayName} (${ROLE_LABELS[p.role]})`,
        ),
      ),
    );
    this.role.textContent = `${ROLE_LABELS[actor.role]}${encryption === 'locked' ? ', locked' : ''}`;
    this.lockNow.hidden = encryption !== 'unlocked';
    this.unlockPanel.hidden = encryption !== 'locked';
    document.body.dataset.role = actor.role;
    document.body.dataset.encryption = encryption;
    this.dashboard.views.restrict(viewsFor(actor.role, encryption));
  }

  private async switchTo(profileId: string): Promise<void> {
    const switched = await this.dashboard.engine.switchProfile(profileId);
    reportOutcome(
      this.dashboard,
      switched,
      (p) => `Now using throughline as ${p.displayName} (${ROLE_LABELS[p.role]}).`,
    );
    await this.refresh();
    await this.dashboard.refresh();
  }

  private async lock(): Promise<void> {
    const locked = await this.dashboard.engine.lock();
    reportOutcome(this.dashboard, locked, () => 'Locked: the data key was put away.');
    await this.refresh();
    await this.dashboard.refresh();
  }

  private async unlock(): Promise<void> {
    this.unlockMessage.textContent = 'Unlocking...';
    const unlocked = await this.dashboard.engine.unlock(this.passphrase.value);
    this.passphrase.value = '';
    if (!unlocked.ok) {
      this.unlockMessage.textContent = unlocked.error.message;
      this.passphrase.focus();
      return;
    }
    this.unlockMessage.textContent = '';
    this.dashboard.alerts.clearError();
    this.dashboard.report('Unlocked.');
    await this.refresh();
    await this.dashboard.refresh();
    this.dashboard.views.refreshCurrent();
  }
}
