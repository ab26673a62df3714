import { toCsv as synthCsv, synthesise } from '../../synth';
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
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    throw new UserError('--as-of must be YYYY-MM-DD');
  const data = synthesise({ people, treatment, seed, ...(asOf ? { asOf } : {}) });
  const written = await writeAtomically(out, {
    'releases.csv': synthCsv(data.releases),
    'treatment.csv': synthCsv(data.treatment),
    'truth.csv': toCsv(
      ['id', 'entity'],
      data.truth.map((t) => [t.id, t.entity]),
    ),
  });
  io.out(
    `synthetic data (seed ${seed}): ${data.releases.rows.length.toLocaleString('en-GB')} releases, ${data.treatment.rows.length.toLocaleString('en-GB')} treatment records`,
  );
  io.out(`  wrote ${written.join(', ')}`);
  return written;
}
