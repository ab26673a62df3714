import { browser } from 'wxt/browser';

const OFFSCREEN_PATH = '/offscreen.html';
let creating: Promise<void> | null = null;

/**
 * Makes sure the offscreen document that hosts the engine connection exists. Behind one promise
 * so that concurrent messages create it once; `getContexts` first because it survives a restart
 * of this service worker, which forgets everything else.
 */
export function ensureOffscreen(): Promise<void> {
  creating ??= (async () => {
    const url = browser.runtime.getURL(OFFSCREEN_PATH);
    const existing = await browser.runtime.getContexts({
      contextTypes: ['OFFSCREEN_DOCUMENT'],
      documentUrls: [url],
    });
    if (existing.length > 0) return;
    await browser.offscreen.createDocument({
      url,
      reasons: ['WORKERS'],
      justification:
        'Runs the local matching engine (a SharedWorker) that answers lookups for case-system pages.',
    });
  })().finally(() => {
    creating = null;
  });
  return creating;
}
