/** The IG page's "Encryption at rest" part: turning it on and off, the idle lock, the passphrase. */
import type { GovernanceStatus } from '../../../../engine/api/governance-types';
import { element } from '../dom';
import { type IgPage, on } from './page';

export function wireEncryption(page: IgPage): void {
  const { dashboard } = page;
  on('ig-encrypt-form', HTMLFormElement, 'submit', async () => {
    const pass = element('ig-pass-new', HTMLInputElement);
    const confirm = element('ig-pass-confirm', HTMLInputElement);
    if (pass.value !== confirm.value) {
      dashboard.alerts.showError(['The two passphrases are not the same.']);
      return;
    }
    dashboard.report('Encrypting everything stored...');
    const done = await page.act(
      dashboard.engine.enableEncryption(pass.value),
      () =>
        'Encryption is on: everything stored is encrypted. Keep the passphrase safe: it cannot be recovered.',
    );
    if (done.ok) {
      pass.value = '';
      confirm.value = '';
    }
  });
  on('ig-idle-form', HTMLFormElement, 'submit', async () => {
    const minutes = Number(element('ig-idle-minutes', HTMLInputElement).value);
    await page.act(
      dashboard.engine.updateGovernanceSettings({ idleLockMinutes: minutes }),
      () => `throughline now locks after ${minutes} minutes without use.`,
    );
  });
  on('ig-change-pass-form', HTMLFormElement, 'submit', async () => {
    const current = element('ig-pass-current', HTMLInputElement);
    const next = element('ig-pass-next', HTMLInputElement);
    const done = await page.act(
      dashboard.engine.changePassphrase(current.value, next.value),
      () => 'The passphrase was changed.',
    );
    current.value = '';
    if (done.ok) next.value = '';
  });
  on('ig-decrypt-form', HTMLFormElement, 'submit', async () => {
    const pass = element('ig-pass-off', HTMLInputElement);
    await page.act(
      dashboard.engine.disableEncryption(pass.value),
      () => 'Encryption is off: the data is stored unencrypted.',
    );
    pass.value = '';
  });
}

export function drawEncryption(status: GovernanceStatus): void {
  const officerOrIg = status.actor.role !== 'caseworker';
  element('ig-encryption-state', HTMLParagraphElement).textContent =
    status.encryption === 'off'
      ? 'Off: the local database holds the data unencrypted, protected by this computer\u2019s account only.'
      : `On: records, normalised tables, results and decisions are encrypted; ${
          status.encryption === 'locked' ? 'locked now' : 'unlocked now'
        }. It locks after ${status.settings.idleLockMinutes} minutes without use.`;
  element('ig-encrypt-form', HTMLFormElement).hidden = !(officerOrIg && status.encryption === 'off');
  element('ig-encryption-on', HTMLDivElement).hidden = !(officerOrIg && status.encryption !== 'off');
  element('ig-idle-minutes', HTMLInputElement).value = String(status.settings.idleLockMinutes);
}
