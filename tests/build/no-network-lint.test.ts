/**
 * The no-network lint (biome.json's noRestrictedGlobals and the lint/no-network.grit plugin) is
 * only worth having if it fires: each case below is planted in a file and linted with the repo's
 * own Biome and configuration, as `npm run check` does.
 *
 * Planted files go in out/, which is git-ignored, so a `biome check .` running at the same time
 * never sees them; linting them therefore needs --vcs-use-ignore-file=false. (Biome's stdin mode
 * prints no diagnostics, and a path outside the repository is refused.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const biome = join(root, 'node_modules', '.bin', 'biome');
mkdirSync(join(root, 'out'), { recursive: true });
const plantDir = mkdtempSync(join(root, 'out', '.no-network-lint-'));
afterAll(() => rmSync(plantDir, { recursive: true, force: true }));

const REFUSAL = 'throughline makes no network calls: nothing leaves the device.';

let planted = 0;
function lint(source: string): { status: number | null; output: string } {
  const file = join(plantDir, `planted-${planted++}.ts`);
  writeFileSync(file, source);
  const run = spawnSync(biome, ['lint', '--vcs-use-ignore-file=false', '--colors=off', file], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

const GLOBALS = 'lint/style/noRestrictedGlobals';
const PLUGIN = 'plugin';

describe('the no-network lint', () => {
  it.each([
    ['a bare fetch', `export const get = () => fetch('/x');\n`, GLOBALS],
    ['window.fetch', `export const get = () => window.fetch('/x');\n`, PLUGIN],
    [
      'globalThis.fetch with optional chaining',
      `export const get = () => globalThis?.fetch('/x');\n`,
      PLUGIN,
    ],
    ["self['fetch']", `export const get = () => self['fetch']('/x');\n`, PLUGIN],
    ['navigator.sendBeacon', `navigator.sendBeacon('/log', 'x');\n`, PLUGIN],
    ['new XMLHttpRequest', `export const xhr = new XMLHttpRequest();\n`, PLUGIN],
    ['XMLHttpRequest as a global', `export const Xhr = XMLHttpRequest;\n`, GLOBALS],
    ['WebSocket', `export const ws = new WebSocket('wss://example.org');\n`, GLOBALS],
    ['EventSource', `export const events = new EventSource('/events');\n`, GLOBALS],
    ['importScripts', `importScripts('vendor.js');\n`, PLUGIN],
    ['a remote static import', `import x from 'https://cdn.example.org/x.js';\nexport default x;\n`, PLUGIN],
    ['a remote side-effect import', `import '//cdn.example.org/x.js';\n`, PLUGIN],
    ['a remote re-export', `export { x } from 'https://cdn.example.org/x.js';\n`, PLUGIN],
    ['a remote dynamic import', `export const load = () => import('http://cdn.example.org/x.js');\n`, PLUGIN],
  ])('refuses %s', (_, source, category) => {
    const { status, output } = lint(source);
    expect(status).not.toBe(0);
    expect(output).toContain(category);
    expect(output).toContain(REFUSAL);
  });

  it('passes code that only looks like a network call', () => {
    const { status, output } = lint(
      [
        "import { join } from 'node:path';",
        "export const help = 'https://example.org/help'; // a URL as text is not a request",
        'const cache = { fetch: (key: string) => key };',
        "export const hit = cache.fetch(join('a', 'b'));",
        "export const load = () => import('./local.js');",
        '',
      ].join('\n'),
    );
    expect(output).not.toContain(REFUSAL);
    expect(status).toBe(0);
  });
});
