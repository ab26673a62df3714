import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_ACTIONS,
  AUDIT_CSV_HEADER,
  type AuditEntry,
  appendEntry,
  auditToCsv,
  auditToJson,
  verifyChain,
} from './index';
import { SAMPLE_DRAFTS } from './sample-drafts';

async function trailOf(drafts: Parameters<typeof appendEntry>[1][]): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (const [i, draft] of drafts.entries())
    entries.push(await appendEntry(entries.at(-1) ?? null, draft, new Date(Date.UTC(2024, 4, 1, 9, i))));
  return entries;
}

const parse = (csv: string): string[][] => Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;

/** A draft whose file name is chosen by the test (file names are the one free-form field). */
const importing = (fileName: string) => ({
  ...SAMPLE_DRAFTS.import,
  details: { ...SAMPLE_DRAFTS.import.details, input: { ...SAMPLE_DRAFTS.import.details.input, fileName } },
});

describe('auditToCsv', () => {
  let entries: AuditEntry[];
  let rows: Record<string, string>[];
  beforeAll(async () => {
    entries = await trailOf(AUDIT_ACTIONS.map((action) => SAMPLE_DRAFTS[action]));
    const [header, ...data] = parse(auditToCsv(entries));
    expect(header).toEqual([...AUDIT_CSV_HEADER]);
    rows = data.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
  });

  it('writes one row per entry, every action under the same columns, none left over', () => {
    expect(rows).toHaveLength(AUDIT_ACTIONS.length);
    expect(rows.map((r) => r.action)).toEqual([...AUDIT_ACTIONS]);
    for (const row of rows) {
      expect(Object.keys(row)).toHaveLength(AUDIT_CSV_HEADER.length);
      expect(row['details.other'], row.action).toBe('');
    }
    expect(auditToCsv([])).toBe(`${AUDIT_CSV_HEADER.join(',')}\r\n`);
  });

  it('flattens details into their columns, a list one value per line', () => {
    const link = rows.find((r) => r.action === 'link')!;
    expect(link['details.inputs.fileName']).toBe('releases-2024-05.csv\ntreatment-2024-05.xlsx');
    expect(link['details.model.id']).toBe('model-lx3k9');
    expect(link['details.thresholds.upper']).toBe('0.9');
    expect(link['details.counts.links']).toBe('97');
    expect(link['details.counts.engaged']).toBe('');
    const decision = rows.find((r) => r.action === 'review-decision')!;
    expect(decision).toMatchObject({
      'actor.role': 'caseworker',
      'details.left': 'ds1/A1234BC',
      'details.right': 'ds2/TR0001',
      'details.decision': 'same',
      'details.previous': '',
    });
    expect(rows[0]).toMatchObject({ seq: '0', at: '2024-05-01T09:00:00.000Z', hash: entries[0].hash });
  });

  it('quotes commas, quotes and line breaks as RFC 4180 does, and ends lines in CRLF', async () => {
    const csv = auditToCsv(await trailOf([importing('May, "final".csv')]));
    expect(csv).toContain(',"May, ""final"".csv",');
    expect(csv.split('\r\n')).toHaveLength(3); // header, one row, and the final line ending
    expect(parse(csv)[1]).toContain('May, "final".csv');
  });

  it.each(['=HYPERLINK("x")', '+44.csv', '-1.csv', '@SUM(A1).csv'])(
    'makes a cell starting like a formula text: %s',
    async (fileName) => {
      const [, row] = parse(auditToCsv(await trailOf([importing(fileName)])));
      expect(row[AUDIT_CSV_HEADER.indexOf('details.input.fileName')]).toBe(`'${fileName}`);
    },
  );
});

describe('auditToJson', () => {
  it('carries the verification and the entries as stored, so the trail can be checked again', async () => {
    const entries = await trailOf([SAMPLE_DRAFTS.unlock, SAMPLE_DRAFTS.link, SAMPLE_DRAFTS.export]);
    const verification = await verifyChain(entries);
    const document = JSON.parse(auditToJson(entries, verification));
    expect(document).toMatchObject({ format: 'throughline-audit', version: 1, count: 3, verification });
    expect(document.entries).toEqual(entries);
    expect(await verifyChain(document.entries)).toEqual(verification);
  });
});
