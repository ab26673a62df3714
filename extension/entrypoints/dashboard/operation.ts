import type { Progress, ProgressCallback } from '../../../engine/api/progress';
import type { EngineClient } from '../../engine/client';
import { element } from './dom';

/**
 * Shows the one long operation this page is running (an import, a link): its label, progress and
 * stage, and a Cancel button that asks the engine to stop it at its next checkpoint.
 */
export class OperationPanel {
  private readonly section = element('operation', HTMLElement);
  private readonly label = element('operation-label', HTMLParagraphElement);
  private readonly bar = element('operation-progress', HTMLProgressElement);
  private readonly stage = element('operation-stage', HTMLSpanElement);
  private readonly cancelButton = element('operation-cancel', HTMLButtonElement);
  private opId: string | null = null;

  constructor(
    private readonly engine: EngineClient,
    /** Disables the page's other actions while one runs. */
    private readonly setBusy: (busy: boolean) => void,
  ) {
    this.cancelButton.addEventListener('click', () => {
      if (!this.opId) return;
      this.stage.textContent = 'Cancelling...';
      void this.engine.cancel(this.opId).catch(() => {}); // a lost engine has stopped anyway
    });
  }

  get running(): boolean {
    return this.opId !== null;
  }

  async run<T>(label: string, start: (opId: string, onProgress: ProgressCallback) => Promise<T>): Promise<T> {
    const opId = crypto.randomUUID();
    this.opId = opId;
    this.label.textContent = label;
    this.stage.textContent = 'Starting...';
    this.bar.removeAttribute('value'); // indeterminate until the engine reports a fraction
    this.section.hidden = false;
    this.setBusy(true);
    try {
      return await start(opId, (progress) => this.show(progress));
    } finally {
      this.opId = null;
      this.section.hidden = true;
      this.setBusy(false);
    }
  }

  private show(progress: Progress): void {
    this.stage.textContent = progress.message;
    if (progress.fraction === undefined) this.bar.removeAttribute('value');
    else this.bar.value = progress.fraction;
  }
}
