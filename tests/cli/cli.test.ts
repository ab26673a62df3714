import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { parseModel } from '../../engine/model';
import { runCli, tempDir } from './run-cli';

let data: string;
beforeAll(async () => {
  data = await tempDir();
  const synth = await runCli(['synth', '--out', data, '--people', '300', '--seed', '3']);
  expect(synth.code, synth.err).toBe(0);
});

const csvHeader = async (path: string) => (await readFile(path, 'utf8')).split('\n')[0];

describe('throughline synth', () => {
  it('writes releases, treatment and truth with their own layouts', async () => {
    expect(await csvHeader(join(data, 'releases.csv'))).toMatch(
      /^Booking Ref,Prison No,Surname,Forename\(s\),Date of Birth/,
    );
    expect(await csvHeader(join(data, 'treatment.csv'))).toMatch(/^Client ID,First Name,Last Name,DOB/);
    expect(await csvHeader(join(data, 'truth.csv'))).toBe('id,entity');
  });

  it('is reproducible from its seed', async () => {
    const again = await tempDir();
    await runCli(['synth', '--out', again, '--people', '300', '--seed', '3']);
    expect(await readFile(join(again, 'treatment.csv'), 'utf8')).toBe(
      await readFile(join(data, 'treatment.csv'), 'utf8'),
    );
  });
});

describe('throughline link', () => {
  it('writes the four outputs with the exact headers other tools read', async () => {
    const out = await tempDir();
    const run = await runCli(['link', join(data, 'releases.csv'), join(data, 'treatment.csv'), '--out', out]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/throughline link: releases\.csv \(300 records\) to treatment\.csv/);
    expect(run.err).toMatch(/"Date of Birth" -> dob/); // the column mapping is printed with its confidence
    expect(run.out).toMatch(/^\s+dob\s+[\d,]+\s+[\d,]+$/m); // estimated and actual pairs per blocking rule
    expect(await csvHeader(join(out, 'pairs.csv'))).toBe('left_id,right_id,match_probability,match_weight');
    expect(await csvHeader(join(out, 'clusters.csv'))).toBe('source,id,cluster_id');
    const pairs = (await readFile(join(out, 'pairs.csv'), 'utf8')).trim().split('\n').slice(1);
    expect(pairs.length).toBeGreaterThan(100);
    for (const line of pairs.slice(0, 50)) {
      const [left, right, p] = line.split(',');
      expect(left).toMatch(/^B\d+/); // left ids from the release list
      expect(right).toMatch(/^TR\d+/);
      expect(Number(p)).toBeGreaterThanOrEqual(0.5);
    }
    const clusters = (await readFile(join(out, 'clusters.csv'), 'utf8')).trim().split('\n').slice(1);
    expect(new Set(clusters.map((l) => l.split(',')[0]))).toEqual(new Set(['left', 'right']));
    const model = parseModel(await readFile(join(out, 'model.json'), 'utf8'), 'model.json');
    expect(model.ok).toBe(true);
    const report = await readFile(join(out, 'report.html'), 'utf8');
    expect(report).toContain('Match weight distribution');
    expect(report).not.toMatch(/(src|href)="(https?:)?\/\//); // self-contained, nothing fetched
  });

  it('reuses a saved model and reproduces the same pairs', async () => {
    const first = await tempDir();
    const second = await tempDir();
    const files = [join(data, 'releases.csv'), join(data, 'treatment.csv')];
    expect((await runCli(['link', ...files, '--out', first])).code).toBe(0);
    const reuse = await runCli(['link', ...files, '--out', second, '--model', join(first, 'model.json')]);
    expect(reuse.code, reuse.err).toBe(0);
    expect(reuse.err).not.toMatch(/\[train\]/);
    expect(await readFile(join(second, 'pairs.csv'), 'utf8')).toBe(
      await readFile(join(first, 'pairs.csv'), 'utf8'),
    );
  });

  it('trains m from labelled pairs with --labels', async () => {
    const first = await tempDir();
    const files = [join(data, 'releases.csv'), join(data, 'treatment.csv')];
    expect((await runCli(['link', ...files, '--out', first])).code).toBe(0);
    // Label the first 150 predicted pairs from the ground truth.
    const entity = new Map(
      (await readFile(join(data, 'truth.csv'), 'utf8'))
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',') as [string, string]),
    );
    const predicted = (await readFile(join(first, 'pairs.csv'), 'utf8')).trim().split('\n').slice(1, 151);
    const labels = predicted.map((l) => {
      const [a, b] = l.split(',');
      return `${a},${b},${entity.get(a) === entity.get(b) ? 1 : 0}`;
    });
    const labelFile = join(await tempDir(), 'labels.csv');
    await writeFile(labelFile, `left_id,right_id,is_match\n${labels.join('\n')}\n`);
    const out = await tempDir();
    const run = await runCli(['link', ...files, '--out', out, '--labels', labelFile]);
    expect(run.code, run.err).toBe(0);
    const model = JSON.parse(await readFile(join(out, 'model.json'), 'utf8'));
    expect(model.training).toMatchObject({ method: 'labels', labelledPairs: 150 });
    const evaluation = await runCli([
      'evaluate',
      '--pairs',
      join(out, 'pairs.csv'),
      '--truth',
      join(data, 'truth.csv'),
      '--json',
    ]);
    expect(JSON.parse(evaluation.out).f1).toBeGreaterThan(0.95);

    await writeFile(labelFile, 'left_id,right_id,is_match\nB1,TR1,maybe\n');
    const bad = await runCli(['link', ...files, '--out', await tempDir(), '--labels', labelFile]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/labels\.csv, row 2, column "is_match": expected 1 or 0, got "maybe"/);
  });

  it('reads a release list from a named sheet of an .xlsx workbook, with the same result as the CSV', async () => {
    const rows = Papa.parse<string[]>((await readFile(join(data, 'releases.csv'), 'utf8')).trim()).data;
    const workbook = join(await tempDir(), 'releases.xlsx');
    const buffer = await writeXlsxFile([
      { sheet: 'Notes', data: [['Weekly release list']] },
      { sheet: 'Releases', data: rows },
    ] as Parameters<typeof writeXlsxFile>[0] & object[]).toBuffer();
    await writeFile(workbook, buffer);
    const fromCsv = await tempDir();
    const fromXlsx = await tempDir();
    expect(
      (await runCli(['link', join(data, 'releases.csv'), join(data, 'treatment.csv'), '--out', fromCsv]))
        .code,
    ).toBe(0);
    const run = await runCli([
      'link',
      workbook,
      join(data, 'treatment.csv'),
      '--out',
      fromXlsx,
      '--sheet',
      'Releases',
    ]);
    expect(run.code, run.err).toBe(0);
    expect(await readFile(join(fromXlsx, 'pairs.csv'), 'utf8')).toBe(
      await readFile(join(fromCsv, 'pairs.csv'), 'utf8'),
    );
  });

  it('keeps only pairs at or above --threshold', async () => {
    const out = await tempDir();
    const files = [join(data, 'releases.csv'), join(data, 'treatment.csv')];
    expect((await runCli(['link', ...files, '--out', out, '--threshold', '0.99'])).code).toBe(0);
    const probabilities = (await readFile(join(out, 'pairs.csv'), 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[2]));
    expect(Math.min(...probabilities)).toBeGreaterThanOrEqual(0.99);
  });
});

describe('bad input: exit code 2, a message naming file, row and column, nothing written', () => {
  const expectRefused = async (args: string[], message: RegExp) => {
    const out = join(await tempDir(), 'out');
    const run = await runCli([...args, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  };

  it('refuses duplicate ids', async () => {
    const file = join(await tempDir(), 'dupes.csv');
    await writeFile(
      file,
      'id,forename,surname,dob\nA1,John,Smith,01/02/1980\nA2,Jane,Jones,03/04/1985\nA1,Jim,Brown,05/06/1990\n',
    );
    await expectRefused(
      ['dedupe', file],
      /dupes\.csv, row 4, column "id": The id "A1" appears more than once/,
    );
  });

  it('refuses an empty file', async () => {
    const file = join(await tempDir(), 'empty.csv');
    await writeFile(file, '');
    await expectRefused(['dedupe', file], /empty\.csv: The file is empty/);
  });

  it('refuses a file whose dates mostly cannot be read', async () => {
    const file = join(await tempDir(), 'dates.csv');
    const rows = Array.from(
      { length: 20 },
      (_, i) => `R${i},John,Smith,${i < 5 ? 'not a date' : '01/02/1980'}`,
    );
    await writeFile(file, `id,forename,surname,date of birth\n${rows.join('\n')}\n`);
    await expectRefused(['dedupe', file], /dates\.csv, column "date of birth": 5 of 20/);
  });

  it('refuses a file read with the wrong delimiter, saying which one it found', async () => {
    const file = join(await tempDir(), 'semi.csv');
    await writeFile(file, 'id;forename;surname\n1;John;Smith\n');
    const map = join(await tempDir(), 'map.json');
    await writeFile(map, JSON.stringify({ columns: {}, delimiter: ',' }));
    await expectRefused(
      ['dedupe', file, '--map', map],
      /semi\.csv, row 1, .*Only one column was found.*header contains ";"/,
    );
  });

  it('refuses a blocking rule set that would explode, naming the rule and the cap', async () => {
    await expectRefused(
      ['dedupe', join(data, 'treatment.csv'), '--max-pairs', '10'],
      /Blocking rule ".+" would produce .+ more than the cap of 10/,
    );
  });

  it('refuses a model trained for the other kind of job', async () => {
    const out = await tempDir();
    expect((await runCli(['dedupe', join(data, 'releases.csv'), '--out', out])).code).toBe(0);
    await expectRefused(
      ['link', join(data, 'releases.csv'), join(data, 'treatment.csv'), '--model', join(out, 'model.json')],
      /is a dedupe model; it cannot be used to link/,
    );
  });

  it('names usage mistakes', async () => {
    expect((await runCli(['link', join(data, 'releases.csv'), '--out', 'x'])).err).toMatch(
      /link takes two input files/,
    );
    expect((await runCli(['dedupe', join(data, 'releases.csv')])).err).toMatch(/--out is required/);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const bad = await runCli(['dedupe', join(data, 'releases.csv'), '--out', 'x', '--threshold', '2']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--threshold must be a probability between 0 and 1/);
    expect((await runCli(['dedupe', join(data, 'nope.csv'), '--out', 'x'])).err).toMatch(
      /nope\.csv: no such file/,
    );
  });
});
