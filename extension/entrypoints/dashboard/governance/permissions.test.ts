import { describe, expect, it } from 'vitest';
import config from '../../../../wxt.config';
import { type ManifestLike, permissionLines, policyLines } from './permissions';
import { viewsFor } from './roles';

/** The manifest a production build asks for, from the same config the build uses. */
function productionManifest(): ManifestLike {
  const manifest = config.manifest as unknown as (env: { command: string; browser: string }) => ManifestLike;
  const saved = process.env.THROUGHLINE_E2E_HOSTS;
  delete process.env.THROUGHLINE_E2E_HOSTS;
  try {
    return manifest({ command: 'build', browser: 'chrome' });
  } finally {
    if (saved !== undefined) process.env.THROUGHLINE_E2E_HOSTS = saved;
  }
}

describe('the IG page explains the manifest', () => {
  it('has an explanation for every permission and site access the production manifest asks for', () => {
    const lines = permissionLines(productionManifest());
    expect(lines.map((l) => l.name)).toEqual([
      'storage',
      'offscreen',
      'scripting',
      'sidePanel',
      'http://*/*',
      'https://*/*',
    ]);
    for (const line of lines) expect(line.why, line.name).toEqual(expect.any(String));
  });

  it('explains the content security policy directive by directive', () => {
    expect(policyLines(productionManifest())).toEqual([
      {
        directive: "script-src 'self'",
        meaning: expect.stringMatching(/^Only scripts shipped inside the extension/),
      },
      { directive: "object-src 'self'", meaning: expect.any(String) },
      { directive: "connect-src 'self'", meaning: expect.stringMatching(/may not connect to any server/) },
    ]);
  });

  it('flags a permission it cannot explain rather than hiding it', () => {
    const lines = permissionLines({
      permissions: ['storage', 'tabs', 'webRequest'],
      host_permissions: ['<all_urls>'],
    });
    expect(lines.filter((l) => l.why === null).map((l) => l.name)).toEqual([
      'tabs',
      'webRequest',
      '<all_urls>',
    ]);
  });
});

describe('views by role', () => {
  it('gives a data officer everything, a caseworker the case systems, an IG lead the IG page', () => {
    expect(viewsFor('data-officer', 'off')).toContain('review');
    expect(viewsFor('caseworker', 'unlocked')).toEqual(['sites']);
    expect(viewsFor('ig-lead', 'off')).toEqual(['governance']);
    expect(viewsFor('data-officer', 'locked')).toEqual(['sites', 'governance']);
  });
});
