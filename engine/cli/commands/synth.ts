import { expectedOutcomes } from '../../api/continuity';
import { DEFAULT_RULE, isoDate, parseIsoDate } from '../../continuity';
import { readTable } from '../../ingest';
import { normaliseTable } from '../../normalise';
import { DEFAULT_AS_OF, toCsv as synthCsv, synthesise } from '../../synth';
import { numberOption, parse, requireOption } from '../args';
import { toCsv } from '../csv';
import { type CliIo, UserError, writeAtomically } from '../io';

export const SYNTH_USAGE =
  'throughline synth --out DIR [--people N] [--treatment N] [--seed N] [--as-of YYYY-MM-DD]';

export async function synthCommand(args: string[], io: CliIo): Promise<string[]> {
  const { values } = parse(
    args,
    {
      out: { type: 'string' },
      people: { type: 'string' },
      treatment: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
    },
    SYNTH_USAGE,
  );
  const out = requireOption(values.out, 'out', SYNTH_USAGE);
  const whole = (n: number) => Number.isInteger(n) && n > 0;
  const people = numberOption(values.people, 'people', whole, 'a positive whole number') ?? 2000;
  const treatment = numberOption(values.treatment, 'treatment', whole, 'a positive whole number');
  const seed = numberOption(values.seed, 'seed', Number.isInteger, 'a whole number') ?? 1;
  const asOf = values['as-of'];
  if (asOf !== undefined && parseIsoDate(asOf) === null) throw new UserError('--as-of must be YYYY-MM-DD');
  const data = synthesise({ people, treatment, seed, ...(asOf ? { asOf } : {}) });
  const releasesCsv = synthCsv(data.releases);
  const treatmentCsv = synthCsv(data.treatment);
  const expected = await expectedCsv(releasesCsv, treatmentCsv, data.truth, asOf ?? DEFAULT_AS_OF);
  const written = await writeAtomically(out, {
    'releases.csv': releasesCsv,
    'treatment.csv': treatmentCsv,
    'truth.csv': toCsv(
      ['id', 'entity'],
      data.truth.map((t) => [t.id, t.entity]),
    ),
    'expected.csv': expected,
  });
  io.out(
    `synthetic data (seed ${seed}): ${data.releases.rows.length.toLocaleString('en-GB')} releases, ${data.treatment.rows.length.toLocaleString('en-GB')} treatment records`,
  );
  io.out(`  wrote ${written.join(', ')}`);
  return written;
}

/**
 * expected.csv: each release's true status under the default rule as of the data's date, from
 * the ground truth (the files are read back through ingest and normalise, as a run reads them).
 */
async function expectedCsv(
  releasesCsv: string,
  treatmentCsv: string,
  truth: { id: string; entity: string }[],
  asOf: string,
): Promise<string> {
  const load = async (name: string, text: string) => {
    const raw = await readTable({ name, bytes: new TextEncoder().encode(text) });
    if (!raw.ok) throw new Error(`synthetic ${name} did not import`);
    const table = normaliseTable(raw.value);
    if (!table.ok) throw new Error(`synthetic ${name} did not normalise`);
    return table.value;
  };
  const asOfDate = parseIsoDate(asOf)!;
  const outcomes = expectedOutcomes(
    await load('releases.csv', releasesCsv),
    await load('treatment.csv', treatmentCsv),
    new Map(truth.map((t) => [t.id, t.entity])),
    DEFAULT_RULE,
    asOfDate,
  );
  return toCsv(
    [
      'release_id',
      'status',
      'days_to_engagement',
      'days_since_release',
      'window_days',
      'reason',
      'rule',
      'as_of',
    ],
    outcomes.map((o) => [
      o.releaseId,
      o.status,
      o.daysToEngagement ?? '',
      o.daysSinceRelease ?? '',
      DEFAULT_RULE.windowDays,
      o.reason ?? '',
      `${DEFAULT_RULE.name} v${DEFAULT_RULE.version}`,
      isoDate(asOfDate),
    ]),
  );
}
