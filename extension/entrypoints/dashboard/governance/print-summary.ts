/** The IG page's printable summary (for a DPIA). */
import { element, formatCount } from '../dom';
import { when } from './format';
import { type IgPage, on } from './page';

/** The printed summary is an export too: recorded, then printed with the page's print stylesheet. */
export function wirePrint(page: IgPage): void {
  on('ig-print', HTMLButtonElement, 'click', async () => {
    const status = page.status;
    const noted = await page.dashboard.engine.noteExport('governance-summary', 1, 'print');
    if (!noted.ok) return page.fail(noted);
    await page.show();
    // Who printed it as the page stood when asked; the trail as redrawn, with the print recorded.
    element('ig-print-note', HTMLParagraphElement).textContent =
      `Printed ${when(new Date().toISOString())} by ${status?.actor.displayName ?? ''}. ` +
      `Audit trail: ${formatCount(page.status?.audit.count ?? 0)} entries, latest entry's hash ${page.status?.audit.headHash ?? ''}.`;
    window.print();
  });
}
