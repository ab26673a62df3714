/**
 * The import wizard end to end, in real Chromium against the built extension: the preview with
 * the automatic mapping and its confidence, correcting a mapping, a remembered mapping applied to
 * the next file with the same columns, a workbook with several sheets, and ugly files refused by
 * row and column with nothing stored. The tests run in order on one browser profile.
 *
 * Expectations come from the synthetic data and from the engine's own functions run here in Node
 * (the same `inspectImport` the worker runs), never from what the page shows.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { createEngine } from '../../engine/api/engine';
import { inspectImport } from '../../engine/api/import-inspect';
import { MemoryStore } from '../../engine/store';
import { type SynthTable, synthesise, toCsv } from '../../engine/synth';
import { recordKey } from '../../shared/workspace';
import { axeViolations, injectAxe } from './axe';
import {
  chooseImportFile,
  type ExtensionBrowser,
  engineStatus,
  importThroughUi,
  launchBrowser,
  openDashboard,
  showView,
  tempDir,
  waitForPreview,
} from './harness';

const dataDir = tempDir('import-data');
const profile = tempDir('import-profile');

const first = synthesise({ people: 60, treatment: 120, seed: 31 });
const second = synthesise({ people: 40, treatment: 10, seed: 32 });

/** The table with one header renamed. */
function renamed(table: SynthTable, from: string, to: string): SynthTable {
  return { header: table.header.map((h) => (h === from ? to : h)), rows: table.rows };
}

/** The table with one column moved to the end. */
function moved(table: SynthTable, header: string): SynthTable {
  const at = table.header.indexOf(header);
  const order = [...table.header.keys()].filter((i) => i !== at).concat(at);
  return { header: order.map((i) => table.header[i]!), rows: table.rows.map((r) => order.map((i) => r[i]!)) };
}

function write(name: string, content: string | Uint8Array): string {
  const path = join(dataDir, name);
  writeFileSync(path, content);
  return path;
}

const bytesOf = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

let browser: ExtensionBrowser;
let page: Page;

const datasets = async () => (await engineStatus(page)).datasets;
const mappingRow = (header: string) =>
  page.locator('#import-mapping tbody tr', {
    has: page.locator('th', { hasText: new RegExp(`^${header}$`) }),
  });
const mappingSelect = (header: string) => page.locator(`#import-mapping select[data-header="${header}"]`);
const problemRows = () =>
  page
    .locator('#import-problem-list tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );

async function expectNoSeriousViolations(): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

beforeAll(async () => {
  browser = await launchBrowser(profile);
  page = await openDashboard(browser);
});

afterAll(async () => {
  await browser?.context.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
});

describe('the import wizard', () => {
  it('previews a file with the automatic mapping and its confidence per column, storing nothing', async () => {
    const csv = toCsv(renamed(first.treatment, 'Last Name', 'Last Nmae'));
    const file = write('treatment-typo.csv', csv);
    // What the engine makes of these headers, computed here from the same function.
    const expected = await inspectImport({ bytes: bytesOf(csv), fileName: 'treatment-typo.csv' });
    if (!expected.ok) throw new Error('inspect failed');
    const typo = expected.value.assignments.find((a) => a.header === 'Last Nmae')!;
    expect(typo.field).toBe('surname');
    expect(typo.confidence).toBeLessThan(1);

    expect(await chooseImportFile(page, file, 'treatment')).toBe('ready');
    const row = mappingRow('Last Nmae');
    await expect.poll(() => row.textContent()).toContain(`${Math.round(typo.confidence * 100)}%`);
    expect(await row.textContent()).toContain('Surname');
    expect(await mappingSelect('Last Nmae').inputValue()).toBe('surname');
    for (const a of expected.value.assignments.filter((x) => x.method === 'synonym'))
      expect(await mappingSelect(a.header).inputValue()).toBe(a.field);
    // The first rows as the file has them.
    const sampleIds = await page.locator('#import-sample tbody tr td:nth-child(2)').allTextContents();
    expect(sampleIds).toEqual(first.treatment.rows.slice(0, 10).map((r) => r[0]));
    expect(await datasets()).toEqual([]); // a preview stores nothing
    // The extension page's CSP refuses axe's script tag; evaluating its source is what works.
    expect(await injectAxe(page)).toBe('evaluate');
    await expectNoSeriousViolations();

    await page.locator('#import-confirm').click();
    await expect
      .poll(() => page.locator('#activity').textContent(), { timeout: 60_000 })
      .toMatch(/^Imported treatment-typo\.csv: 120 rows/);
    const [stored] = await datasets();
    expect(stored).toMatchObject({ side: 'treatment', rowCount: 120 });
    expect(stored!.mapping['Last Nmae']).toBe('surname');
    expect(await page.locator('#import-summary-heading').textContent()).toBe('Imported treatment-typo.csv');
    await expectNoSeriousViolations();
  });

  it('imports what the corrected mapping says', async () => {
    const table = renamed(first.releases, 'Booking Ref', 'Case Key');
    const file = write('releases-casekey.csv', toCsv(table));
    const expected = await inspectImport({ bytes: bytesOf(toCsv(table)), fileName: 'releases-casekey.csv' });
    if (!expected.ok) throw new Error('inspect failed');
    expect(expected.value.assignments.find((a) => a.header === 'Case Key')?.field).toBeNull();
    // Read as the engine reads it by default, the prison number is the id, and people released
    // twice repeat it: the rows the engine itself refuses.
    const engine = await createEngine(new MemoryStore());
    const preview = await engine.previewImport({
      bytes: bytesOf(toCsv(table)),
      fileName: 'releases-casekey.csv',
    });
    const refused = preview.ok ? preview.value.problems.filter((p) => p.code === 'duplicate_id') : [];
    expect(refused.length).toBeGreaterThan(0);

    expect(await chooseImportFile(page, file, 'releases')).toBe('blocked');
    // Without a recognised id column the prison number serves as the id: the wizard says so.
    expect(await mappingRow('Prison No').textContent()).toContain('also used as the record id');
    const shown = (await problemRows()).filter((p) => p[3]!.includes('more than once'));
    expect(shown.map((p) => p.slice(0, 3))).toEqual(
      refused.map((p) => ['releases-casekey.csv', String(p.row), 'Prison No']),
    );
    expect(await page.locator('#import-confirm').isDisabled()).toBe(true);
    await mappingSelect('Case Key').selectOption('id');
    expect(await waitForPreview(page, 'releases-casekey.csv')).toBe('ready');
    await expect.poll(() => mappingRow('Case Key').textContent()).toContain('Record id');
    await page.locator('#import-confirm').click();
    await expect
      .poll(() => page.locator('#activity').textContent(), { timeout: 60_000 })
      .toMatch(/^Imported releases-casekey\.csv: 60 rows/);

    const dataset = (await datasets()).find((d) => d.fileName === 'releases-casekey.csv')!;
    expect(dataset.mapping['Case Key']).toBe('id');
    const [bookingRef, prisonNo] = table.rows[0]!;
    const found = await page.evaluate(
      (keys) => globalThis.throughline!.engine.records(keys),
      [recordKey(dataset.id, bookingRef!), recordKey(dataset.id, prisonNo!)],
    );
    expect(found.ok && found.value.map((r) => r.recordId)).toEqual([bookingRef]);
  });

  it('applies the mapping confirmed last time to the next file with the same columns, and says so', async () => {
    // Same set of headers, another order, other people.
    const table = moved(renamed(second.releases, 'Booking Ref', 'Case Key'), 'Case Key');
    const file = write('releases-casekey-week2.csv', toCsv(table));
    expect(await chooseImportFile(page, file, 'releases')).toBe('ready');
    expect(await page.locator('#import-remembered').textContent()).toContain('"releases-casekey.csv"');
    expect(await mappingSelect('Case Key').inputValue()).toBe('id');
    expect(await mappingRow('Case Key').textContent()).toContain('as you confirmed');
    // The same columns for the other side are another layout: nothing is remembered there.
    await page.locator('input[name="side"][value="treatment"]').check();
    await waitForPreview(page, 'releases-casekey-week2.csv');
    expect(await page.locator('#import-remembered').textContent()).toBe('');
    expect(await mappingSelect('Case Key').inputValue()).toBe(''); // not matched, as at first
    await page.locator('input[name="side"][value="releases"]').check();
    expect(await waitForPreview(page, 'releases-casekey-week2.csv')).toBe('ready');
    expect(await mappingSelect('Case Key').inputValue()).toBe('id');

    await page.locator('#import-confirm').click();
    await expect
      .poll(() => page.locator('#activity').textContent(), { timeout: 60_000 })
      .toMatch(/^Imported releases-casekey-week2\.csv: 40 rows/);
    const dataset = (await datasets()).find((d) => d.fileName === 'releases-casekey-week2.csv')!;
    const bookingRef = table.rows[0]![table.header.indexOf('Case Key')]!;
    const found = await page.evaluate(
      (key) => globalThis.throughline!.engine.records([key]),
      recordKey(dataset.id, bookingRef),
    );
    expect(found.ok && found.value.length).toBe(1);
  });

  it('imports the chosen worksheet of an .xlsx workbook, and refuses an empty one by name', async () => {
    const book = await writeXlsxFile([
      { sheet: 'Empty', data: [] },
      { sheet: 'Treatment', data: [second.treatment.header, ...second.treatment.rows] },
    ] as unknown as Parameters<typeof writeXlsxFile>[0] & object[]).toBuffer();
    const file = write('treatment-book.xlsx', new Uint8Array(book));
    const before = await datasets();

    expect(await chooseImportFile(page, file, 'treatment')).toBe('blocked');
    expect(await page.locator('#import-sheet').inputValue()).toBe('Empty');
    const problems = await problemRows();
    expect(problems).toContainEqual([
      'treatment-book.xlsx',
      'whole file',
      '',
      expect.stringContaining('worksheet "Empty" is empty'),
    ]);
    expect(await page.locator('#import-confirm').isDisabled()).toBe(true);
    expect(await datasets()).toEqual(before);

    await page.locator('#import-sheet').selectOption('Treatment');
    expect(await waitForPreview(page, 'treatment-book.xlsx')).toBe('ready');
    await page.locator('#import-confirm').click();
    await expect
      .poll(() => page.locator('#activity').textContent(), { timeout: 60_000 })
      .toMatch(/^Imported treatment-book\.xlsx: 10 rows/);
    const dataset = (await datasets()).find((d) => d.fileName === 'treatment-book.xlsx')!;
    expect(dataset).toMatchObject({ format: 'xlsx', rowCount: second.treatment.rows.length });
  });

  it('lists the problems of ugly files by file, row and column, blocks the import and stores nothing', async () => {
    const before = await datasets();
    const blocked = async () => {
      expect(await page.locator('#import-confirm').isDisabled()).toBe(true);
      expect(await datasets()).toEqual(before);
    };

    // An empty file.
    expect(await chooseImportFile(page, write('empty.csv', ''), 'treatment')).toBe('blocked');
    expect(await problemRows()).toEqual([['empty.csv', 'whole file', '', 'The file is empty.']]);
    await blocked();

    // Duplicate ids: the sixth data row repeats the third's id.
    const rows = first.treatment.rows.map((r) => [...r]);
    rows[5]![0] = rows[2]![0]!;
    expect(
      await chooseImportFile(
        page,
        write('dupes.csv', toCsv({ header: first.treatment.header, rows })),
        'treatment',
      ),
    ).toBe('blocked');
    const duplicate = (await problemRows()).find((p) => p[3]!.includes('more than once'));
    expect(duplicate?.slice(0, 3)).toEqual(['dupes.csv', '7', 'Client ID']); // header is row 1
    expect(duplicate?.[3]).toContain(`"${rows[2]![0]}"`);
    await blocked();
    await expectNoSeriousViolations();

    // Mixed date formats: two dates of birth written month first among day-first ones.
    const dob = first.releases.header.indexOf('Date of Birth');
    const mixed = first.releases.rows.map((r) => [...r]);
    const dayOver12 = mixed.flatMap((r, i) => (Number(r[dob]!.slice(0, 2)) > 12 ? [i] : [])).slice(0, 2);
    for (const i of dayOver12) {
      const [d, m, y] = mixed[i]![dob]!.split('/');
      mixed[i]![dob] = `${m}/${d}/${y}`;
    }
    const mixedFile = write('mixed-dates.csv', toCsv({ header: first.releases.header, rows: mixed }));
    expect(await chooseImportFile(page, mixedFile, 'releases')).toBe('blocked');
    const dateProblem = (await problemRows()).find((p) => p[2] === 'Date of Birth');
    expect(dateProblem?.slice(0, 2)).toEqual(['mixed-dates.csv', String(dayOver12[0]! + 2)]);
    expect(dateProblem?.[3]).toContain('mixes day-first and month-first dates');
    expect(await page.locator('#import-date-choice').isVisible()).toBe(true);
    await blocked();
    // Accepting that those dates are left empty lets the import go ahead (it is not pressed here).
    await page.locator('#import-date-accept').check();
    await expect.poll(() => page.locator('#import-confirm').isDisabled()).toBe(false);

    // Wrong delimiter: a semicolon file read with commas is one column.
    const semicolons = Papa.unparse(
      { fields: first.treatment.header, data: first.treatment.rows },
      { delimiter: ';' },
    );
    const semicolonFile = write('semicolons.csv', semicolons);
    expect(await chooseImportFile(page, semicolonFile, 'treatment')).toBe('ready'); // found automatically
    await page.locator('#import-delimiter').selectOption(',');
    expect(await waitForPreview(page, 'semicolons.csv')).toBe('blocked');
    const single = (await problemRows()).find((p) => p[3]!.includes('Only one column'));
    expect(single?.slice(0, 3)).toEqual(['semicolons.csv', '1', first.treatment.header.join(';')]);
    await blocked();
    await page.locator('#import-delimiter').selectOption('');
    expect(await waitForPreview(page, 'semicolons.csv')).toBe('ready');

    // A byte-order mark is not part of the first header.
    const bomFile = write('bom.csv', `\uFEFF${toCsv(first.treatment)}`);
    expect(await chooseImportFile(page, bomFile, 'treatment')).toBe('ready');
    expect(await mappingSelect('Client ID').inputValue()).toBe('id');
    expect(await datasets()).toEqual(before);
  });

  it('the overview, and an import of a synthetic pair through the usual helper, pass the same checks', async () => {
    const file = write('more.csv', toCsv(second.releases));
    expect(await importThroughUi(page, file, 'releases')).toMatch(/^Imported more\.csv: 40 rows/);
    await showView(page, 'overview');
    await expectNoSeriousViolations();
  });
});
