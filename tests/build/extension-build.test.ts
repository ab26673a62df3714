import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

// Built once for the run by tests/build-extension.ts (vitest globalSetup).
const outDir = inject('extensionDir');

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

  it('the manifest asks for no host access and locks extension pages to their own scripts', () => {
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.host_permissions ?? []).toEqual([]); // host access only for sites a user enables
    expect(manifest.permissions).toEqual(['storage', 'offscreen']);
    expect(manifest.content_security_policy).toEqual({
      extension_pages: "script-src 'self'; object-src 'self'; connect-src 'self'",
    });
    expect(manifest.action).toEqual({});
  });

  it('emits the engine worker, the offscreen host and the dashboard', () => {
    for (const file of ['engine-shared.js', 'offscreen.html', 'dashboard.html', 'background.js']) {
      expect(readFileSync(join(outDir, file)).length, file).toBeGreaterThan(0);
    }
  });
});
