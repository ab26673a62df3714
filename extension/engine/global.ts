import type { EngineClient } from './client';

declare global {
  /** Set on extension pages only; see exposeOnPage. */
  var throughline: { engine: EngineClient } | undefined;
}

/**
 * Puts the engine client on the page as `globalThis.throughline.engine`: a console handle for
 * support and benchmarks, and what the end-to-end tests drive. Only extension pages call this, and
 * web pages cannot reach an extension page's globals, so no site can use it.
 */
export function exposeOnPage(engine: EngineClient): void {
  globalThis.throughline = { engine };
}
