/**
 * Accessibility checks with axe-core, for any dashboard view's end-to-end test.
 *
 * Injecting axe into an extension page: `page.addScriptTag({ path })` adds an inline script, which
 * the extension pages' CSP (`script-src 'self'`) refuses, so axe never loads that way. Code
 * evaluated through the DevTools protocol (`Runtime.evaluate`, which `page.evaluate` uses) is not
 * subject to the page's CSP, so the library's source is evaluated instead. `injectAxe` still
 * tries the script tag first and checks, so it works on ordinary pages too.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults, ImpactValue } from 'axe-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
let source: string | null = null;

const hasAxe = (page: Page): Promise<boolean> =>
  page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');

/** Puts axe-core on the page (once per document). Returns how it got there. */
export async function injectAxe(page: Page): Promise<'present' | 'script-tag' | 'evaluate'> {
  if (await hasAxe(page)) return 'present';
  await page.addScriptTag({ path: AXE_PATH }).catch(() => undefined);
  if (await hasAxe(page)) return 'script-tag';
  source ??= readFileSync(AXE_PATH, 'utf8');
  await page.evaluate(source);
  if (!(await hasAxe(page))) throw new Error('axe-core could not be loaded into the page');
  return 'evaluate';
}

export interface AxeProblem {
  id: string;
  impact: ImpactValue | null | undefined;
  help: string;
  nodes: string[];
}

/**
 * Runs axe on the page, or on the part `selector` picks (hidden parts are skipped by axe), and
 * returns the violations of at least `minimum` impact (serious by default), each with where it is.
 */
export async function axeViolations(
  page: Page,
  options: { selector?: string; minimum?: 'serious' | 'critical' } = {},
): Promise<AxeProblem[]> {
  await injectAxe(page);
  const results = await page.evaluate(async (selector) => {
    const axe = (
      globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }
    ).axe;
    return axe.run(selector ? { include: [selector] } : document, { resultTypes: ['violations'] });
  }, options.selector);
  const levels: ImpactValue[] = options.minimum === 'critical' ? ['critical'] : ['serious', 'critical'];
  return results.violations
    .filter((v) => v.impact && levels.includes(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
}
