/**
 * Builds the extension. As the vitest global setup of the extension project it builds once per
 * run into a directory of its own (WXT_OUT_DIR, read by wxt.config.ts) and provides that to the
 * tests, so a `wxt build` or another test run on the same checkout cannot replace the files under
 * a running browser. Called without a project (the browser benchmark), it builds `.output`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built chrome-mv3 extension directory. */
    extensionDir: string;
  }
}

const root = new URL('../', import.meta.url).pathname;

/**
 * The origin the end-to-end tests serve their pages from (the demo case systems, any port). The
 * test build is granted it in the manifest (wxt.config.ts), since headless Chromium can never
 * answer a permission prompt; a production build has no host permission at all.
 */
export const E2E_HOSTS = 'http://127.0.0.1/*';

function wxtBuild(outDir?: string, env: Record<string, string> = {}): void {
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'wxt'), ['build'], {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, ...(outDir ? { WXT_OUT_DIR: outDir } : {}), ...env },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`wxt build failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`);
  }
}

/**
 * Builds into `outDir` and returns its chrome-mv3 directory: the production manifest, or with
 * `e2eHosts` the test variant that is granted those hosts up front.
 */
export function buildInto(outDir: string, options: { e2eHosts?: string } = {}): string {
  wxtBuild(outDir, { THROUGHLINE_E2E_HOSTS: options.e2eHosts ?? '' });
  return join(outDir, 'chrome-mv3');
}

export default function buildExtension(project?: TestProject): (() => void) | undefined {
  if (!project) {
    wxtBuild();
    return undefined;
  }
  const outDir = mkdtempSync(join(tmpdir(), 'throughline-build-'));
  project.provide('extensionDir', buildInto(outDir, { e2eHosts: E2E_HOSTS }));
  return () => rmSync(outDir, { recursive: true, force: true });
}
