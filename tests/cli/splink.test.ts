import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEBRL, runCli, tempDir } from './run-cli';

const SPLINK = new URL('../fixtures/splink/', import.meta.url).pathname;

describe('throughline splink', () => {
  it('exports a trained model to Splink and back, and the round-tripped model predicts the same pairs', async () => {
    const dir = await tempDir();
    const files = [join(FEBRL, 'dataset4a.csv'), join(FEBRL, 'dataset4b.csv')];
    expect((await runCli(['link', ...files, '--out', join(dir, 'first')])).code).toBe(0);
    const exported = await runCli([
      'splink',
      'export',
      join(dir, 'first', 'model.json'),
      '--out',
      join(dir, 'splink.json'),
    ]);
    expect(exported.code, exported.err).toBe(0);
    const settings = JSON.parse(await readFile(join(dir, 'splink.json'), 'utf8'));
    expect(settings.link_type).toBe('link_only');
    expect(settings.comparisons[0].comparison_levels[0]).toMatchObject({ is_null_level: true });
    expect(
      (await runCli(['splink', 'import', join(dir, 'splink.json'), '--out', join(dir, 'back.json')])).code,
    ).toBe(0);
    const again = await runCli([
      'link',
      ...files,
      '--out',
      join(dir, 'second'),
      '--model',
      join(dir, 'back.json'),
    ]);
    expect(again.code, again.err).toBe(0);
    expect(await readFile(join(dir, 'second', 'pairs.csv'), 'utf8')).toBe(
      await readFile(join(dir, 'first', 'pairs.csv'), 'utf8'),
    );
  });

  it('names an unsupported Splink level, and imports the rest when asked to skip it', async () => {
    const dir = await tempDir();
    const strict = await runCli([
      'splink',
      'import',
      join(SPLINK, 'real_time_settings.json'),
      '--out',
      join(dir, 'm.json'),
    ]);
    expect(strict.code).toBe(2);
    expect(strict.err).toMatch(/real_time_settings\.json: comparison "dob".*not supported/);
    const lenient = await runCli([
      'splink',
      'import',
      join(SPLINK, 'real_time_settings.json'),
      '--out',
      join(dir, 'm.json'),
      '--skip-unsupported',
    ]);
    expect(lenient.code, lenient.err).toBe(0);
    expect(lenient.err).toMatch(/warning: .*dob/);
  });
});
