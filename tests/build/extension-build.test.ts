import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildInto, E2E_HOSTS } from '../build-extension';

// Built once for the run by tests/build-extension.ts (vitest globalSetup): the end-to-end variant,
// granted the test origin up front.
const outDir = inject('extensionDir');
const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

// The production manifest, built here without the test variant's host.
let productionRoot = '';
let productionDir = '';
beforeAll(() => {
  productionRoot = mkdtempSync(join(tmpdir(), 'throughline-prod-build-'));
  productionDir = buildInto(productionRoot);
});
afterAll(() => {
  if (productionRoot) rmSync(productionRoot, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('extension build', () => {
  it('every emitted script and page is pure ASCII (Chrome refuses a non-UTF-8 content script)', () => {
    const scripts = filesUnder(outDir).filter((f) => f.endsWith('.js') || f.endsWith('.html'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      const bytes = readFileSync(file);
      const offset = bytes.findIndex((b) => b > 0x7f);
      expect(offset, `${file} has a non-ASCII byte at ${offset}`).toBe(-1);
    }
  });

  it('the production manifest asks for no host access and locks extension pages to their own scripts', () => {
    const manifest = readManifest(productionDir);
    expect(manifest.manifest_version).toBe(3);
    // Host access only for the case systems a user enables, one origin at a time.
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(manifest.permissions).toEqual(['storage', 'offscreen', 'scripting', 'sidePanel']);
    expect(manifest.permissions).not.toContain('tabs');
    // The overlay is registered at run time for enabled sites only: no static content script,
    // and no web-accessible file a page could probe for.
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.side_panel).toEqual({ default_path: 'sidepanel.html' });
    expect(manifest.content_security_policy).toEqual({
      extension_pages: "script-src 'self'; object-src 'self'; connect-src 'self'",
    });
    expect(manifest.action).toEqual({});
  });

  it('the end-to-end variant differs only by the test origin, granted up front', () => {
    const { host_permissions, ...test } = readManifest(outDir);
    const { host_permissions: none, ...production } = readManifest(productionDir);
    expect(host_permissions).toEqual([E2E_HOSTS]);
    expect(none).toBeUndefined();
    expect(test).toEqual(production);
  });

  it('emits the engine worker, its compare worker, the offscreen host, the dashboard, the side panel and the overlay', () => {
    for (const file of [
      'engine-shared.js',
      'compare-worker.js',
      'offscreen.html',
      'dashboard.html',
      'background.js',
      'sidepanel.html',
      'content-scripts/overlay.js',
    ]) {
      expect(readFileSync(join(outDir, file)).length, file).toBeGreaterThan(0);
    }
  });
});
