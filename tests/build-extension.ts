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

function wxtBuild(outDir?: string): void {
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'wxt'), ['build'], {
      cwd: root,
      stdio: 'pipe',
      env: outDir ? { ...process.env, WXT_OUT_DIR: outDir } : process.env,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`wxt build failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`);
  }
}

export default function buildExtension(project?: TestProject): (() => void) | undefined {
  if (!project) {
    wxtBuild();
    return undefined;
  }
  const outDir = mkdtempSync(join(tmpdir(), 'throughline-build-'));
  wxtBuild(outDir);
  project.provide('extensionDir', join(outDir, 'chrome-mv3'));
  return () => rmSync(outDir, { recursive: true, force: true });
}
