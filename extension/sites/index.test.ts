import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SITES, siteForUrl } from './index';

/** Files in this folder that are the adapters' machinery, not adapters. */
const MACHINERY = new Set([
  'adapter.ts',
  'index.ts',
  'match-pattern.ts',
  'read.ts',
  'settings.ts',
  'registration.ts',
]);

describe('the site registry', () => {
  it('lists every adapter file in this folder, each once, with unique ids', () => {
    const files = readdirSync(new URL('.', import.meta.url))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !MACHINERY.has(f))
      .map((f) => f.replace(/\.ts$/, ''));
    const ids = BUILT_IN_SITES.map((s) => s.id);
    expect([...ids].sort()).toEqual([...files].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('finds the enabled adapter for a page, a custom site before a built-in one', () => {
    const custom = [
      {
        id: 'custom-riverside',
        name: 'Riverside (my columns)',
        origin: 'http://127.0.0.1:4100',
        path: '/*',
        side: 'treatment' as const,
        table: 'table',
        columns: { id: 'Client ID' },
      },
    ];
    const url = 'http://127.0.0.1:4100/clients?page=2';
    expect(siteForUrl(url, custom, ['demo-treatment'])?.id).toBe('demo-treatment');
    expect(siteForUrl(url, custom, ['demo-treatment', 'custom-riverside'])?.id).toBe('custom-riverside');
    expect(siteForUrl('http://127.0.0.1:4200/releases', custom, ['demo-treatment'])).toBeNull();
    expect(siteForUrl('http://127.0.0.1:4200/releases', custom, ['demo-releases'])?.id).toBe('demo-releases');
  });
});
