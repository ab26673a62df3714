import type { WorkspaceStatus } from '../../../engine/api/engine-api';
import { issueMessage } from '../../../shared/issues';
import type { EngineError } from '../../../shared/workspace';

const MAX_ISSUES_SHOWN = 10;

/** Where an issue is, in the words a spreadsheet user would use. */
function place(issue: { row?: number; column?: string }): string {
  const parts = [
    issue.row !== undefined ? `row ${issue.row}` : '',
    issue.column ? `column "${issue.column}"` : '',
  ];
  const where = parts.filter(Boolean).join(', ');
  return where ? `${where}: ` : '';
}

/** The lines to show for an error: its message, then the first problems it lists. */
export function describeError(error: EngineError): string[] {
  if (error.kind !== 'invalid-input') return [error.message];
  const issues = error.issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => place(issue) + issueMessage(issue));
  const more = error.issues.length - issues.length;
  return [error.message, ...issues, ...(more > 0 ? [`and ${more} more problems.`] : [])];
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The page's `role="alert"` region: the last error, and the notice of an operation that never
 * finished. Each has its own slot, so clearing one leaves the other.
 */
export class Alerts {
  private readonly error = document.createElement('div');
  private readonly interrupted = document.createElement('div');

  constructor(
    private readonly region: HTMLElement,
    private readonly onDismissInterrupted: () => void,
  ) {
    this.error.id = 'error-message';
    this.interrupted.id = 'interrupted-notice';
  }

  showError(lines: string[]): void {
    this.error.replaceChildren(
      ...lines.map((line) => {
        const p = document.createElement('p');
        p.textContent = line;
        return p;
      }),
    );
    this.region.append(this.error);
  }

  clearError(): void {
    this.error.remove();
  }

  showInterrupted(notice: WorkspaceStatus['interrupted']): void {
    if (!notice) {
      this.interrupted.remove();
      return;
    }
    const text = document.createElement('p');
    const started = new Date(notice.startedAt).toLocaleString('en-GB');
    text.textContent =
      `An earlier ${notice.kind} of "${notice.label}" (started ${started}) did not finish: the browser ` +
      'was closed or the engine stopped. Nothing from it was stored; the data below is as it was before.';
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.textContent = 'Dismiss';
    dismiss.addEventListener('click', this.onDismissInterrupted);
    this.interrupted.replaceChildren(text, dismiss);
    this.region.append(this.interrupted);
  }
}
