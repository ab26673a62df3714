import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const outDir = join(root, '.output', 'chrome-mv3');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe('extension build', () => {
  it('builds, and every emitted script is pure ASCII (Chrome refuses a non-UTF-8 content script)', () => {
    execFileSync(join(root, 'node_modules', '.bin', 'wxt'), ['build'], { cwd: root, stdio: 'pipe' });
    const scripts = filesUnder(outDir).filter((f) => f.endsWith('.js') || f.endsWith('.html'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) {
      const bytes = readFileSync(file);
      const offset = bytes.findIndex((b) => b > 0x7f);
      expect(offset, `${file} has a non-ASCII byte at ${offset}`).toBe(-1);
    }
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.host_permissions ?? []).toEqual([]); // host access only for sites a user enables
  }, 120_000);
});
