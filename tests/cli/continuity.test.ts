import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli';

let data: string;
const AS_OF = ['--as-of', '2026-11-01']; // the synthetic data's own extract date
const lines = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n');

beforeAll(async () => {
  data = await tempDir();
  expect((await runCli(['synth', '--out', data, '--people', '2000', '--seed', '1'])).code).toBe(0);
});

const inputs = () => ['--releases', join(data, 'releases.csv'), '--treatment', join(data, 'treatment.csv')];

describe('throughline continuity', () => {
  it('agrees with the true status for >= 99% of 2,000 releases and the rate within 0.5 points', async () => {
    const out = await tempDir();
    const run = await runCli(['continuity', ...inputs(), '--out', out, ...AS_OF]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/rule ohid-c20-default v1, as of 2026-11-01, window 21 days/);
    const evaluation = await runCli([
      'evaluate',
      '--continuity',
      join(out, 'continuity.csv'),
      '--expected',
      join(data, 'expected.csv'),
      '--json',
    ]);
    const a = JSON.parse(evaluation.out);
    expect(a.releases).toBe(2000);
    expect(a.agreement).toBeGreaterThanOrEqual(0.99);
    expect(Math.abs(a.rate - a.expectedRate)).toBeLessThan(0.005);
  });

  it('writes continuity, KPIs, the worklist, the per-area audit and the report', async () => {
    const out = await tempDir();
    expect((await runCli(['continuity', ...inputs(), '--out', out, ...AS_OF])).code).toBe(0);
    const continuity = await lines(join(out, 'continuity.csv'));
    expect(continuity[0]).toMatch(
      /^release_id,release_date,status,days_to_engagement,treatment_id,match_probability,handover,needs_review/,
    );
    expect(continuity[0]).toMatch(/establishment,area,release_type,ost_on_release,no_fixed_abode/);
    expect(continuity).toHaveLength(2001); // every release, none dropped
    const kpis = await lines(join(out, 'kpis.csv'));
    expect(kpis[0]).toBe('dimension,group,numerator,denominator,rate,ci95_lower,ci95_upper');
    for (const dimension of ['overall', 'establishment', 'area', 'release_week', 'weekday', 'release_type'])
      expect(kpis.some((l) => l.startsWith(`${dimension},`))).toBe(true);
    expect(kpis.some((l) => l.startsWith('weekday,Friday,'))).toBe(true);
    const worklist = await lines(join(out, 'worklist.csv'));
    const statuses = worklist.slice(1).map((l) => l.split(',')[2]);
    expect(new Set(statuses)).toEqual(new Set(['awaiting', 'not_engaged']));
    expect(statuses.indexOf('not_engaged')).toBeGreaterThan(statuses.lastIndexOf('awaiting')); // awaiting first
    expect(worklist[1]).toMatch(/day \d+ of 21/);
    const areas = await readdir(join(out, 'audit-by-area'));
    expect(areas.length).toBeGreaterThan(3);
    const report = await readFile(join(out, 'report.html'), 'utf8');
    expect(report).toContain('ohid-c20-default');
    expect(report).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('lets clerical decisions override the model, and lists the pairs that need one', async () => {
    const first = await tempDir();
    expect((await runCli(['continuity', ...inputs(), '--out', first, ...AS_OF])).code).toBe(0);
    const engaged = (await lines(join(first, 'continuity.csv')))
      .map((l) => l.split(','))
      .find((r) => r[2] === 'engaged_in_window')!;
    const decisions = join(await tempDir(), 'decisions.csv');
    await writeFile(
      decisions,
      `left_id,right_id,decision,by,reason,decided_at\n${engaged[0]},${engaged[4]},not_same,j.bloggs,different middle name on GP record,2026-11-02\n`,
    );
    const second = await tempDir();
    expect(
      (await runCli(['continuity', ...inputs(), '--out', second, ...AS_OF, '--decisions', decisions])).code,
    ).toBe(0);
    const after = (await lines(join(second, 'continuity.csv')))
      .map((l) => l.split(','))
      .find((r) => r[0] === engaged[0])!;
    expect(after[4]).not.toBe(engaged[4]); // the rejected link is never used again

    const review = await tempDir();
    const listed = await runCli(['review', ...inputs(), '--out', review, ...AS_OF]);
    expect(listed.code, listed.err).toBe(0);
    const rows = await lines(join(review, 'review.csv'));
    expect(rows[0]).toBe(
      'left_id,right_id,decision,by,reason,decided_at,match_probability,match_weight,release_status,evidence',
    );
    const probabilities = rows.slice(1).map((l) => Number(l.split(',')[6]));
    for (const p of probabilities) expect(p >= 0.5 && p < 0.9).toBe(true);
  });

  it('refuses bad input clearly and writes nothing', async () => {
    const noDate = join(await tempDir(), 'list.csv');
    await writeFile(noDate, 'id,forename,surname,dob\nR1,John,Smith,01/02/1980\n');
    const a = await runCli([
      'continuity',
      '--releases',
      noDate,
      '--treatment',
      join(data, 'treatment.csv'),
      '--out',
      join(await tempDir(), 'o'),
    ]);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/list\.csv: no release date column was found/);
    const b = await runCli([
      'continuity',
      ...inputs(),
      '--out',
      join(await tempDir(), 'o'),
      '--as-of',
      '2026-02-30',
    ]);
    expect(b.err).toMatch(/--as-of must be a date as YYYY-MM-DD/);
    const rule = join(await tempDir(), 'rule.json');
    await writeFile(rule, '{"windowDays": 0}');
    const c = await runCli(['continuity', ...inputs(), '--out', join(await tempDir(), 'o'), '--rule', rule]);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/rule\.json: windowDays/);
    const decisions = join(await tempDir(), 'd.csv');
    await writeFile(decisions, 'left_id,right_id,decision\nB1,TR1,probably\n');
    const d = await runCli([
      'continuity',
      ...inputs(),
      '--out',
      join(await tempDir(), 'o'),
      '--decisions',
      decisions,
    ]);
    expect(d.err).toMatch(
      /d\.csv, row 2, column "decision": expected same, not_same or unsure, got "probably"/,
    );
  });
});
