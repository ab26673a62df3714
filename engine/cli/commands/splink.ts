import { basename, dirname } from 'node:path';
import { exportSplink, importSplink, parseModel } from '../../model';
import { parse, requireOption } from '../args';
import { type CliIo, readText, UserError, writeAtomically } from '../io';

export const SPLINK_USAGE =
  'throughline splink export MODEL.json --out SETTINGS.json [--columns COLUMNS.json] | splink import SETTINGS.json --out MODEL.json [--columns COLUMNS.json] [--skip-unsupported]';

async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readText(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`${basename(path)}: not valid JSON (${(e as Error).message})`);
  }
}

/**
 * Hands a model to Splink (Spark, DuckDB) when one machine is not enough, and takes a Splink
 * model back. COLUMNS.json maps throughline column names to the other team's, e.g.
 * {"forename": "first_name"}.
 */
export async function splinkCommand(args: string[], io: CliIo): Promise<void> {
  const { values, positionals } = parse(
    args,
    { out: { type: 'string' }, columns: { type: 'string' }, 'skip-unsupported': { type: 'boolean' } },
    SPLINK_USAGE,
  );
  const [direction, input] = positionals;
  if ((direction !== 'export' && direction !== 'import') || input === undefined || positionals.length !== 2)
    throw new UserError(`Usage: ${SPLINK_USAGE}`);
  const out = requireOption(values.out, 'out', SPLINK_USAGE);
  const columnNames = values.columns
    ? ((await readJson(values.columns, 'Columns file')) as Record<string, string>)
    : undefined;
  if (
    columnNames &&
    (typeof columnNames !== 'object' || Object.values(columnNames).some((v) => typeof v !== 'string'))
  )
    throw new UserError(`${values.columns}: expected an object of column name to column name`);

  let document: unknown;
  if (direction === 'export') {
    const parsed = parseModel(await readText(input, 'Model file'), basename(input));
    if (!parsed.ok) throw new UserError(parsed.message);
    document = exportSplink(parsed.model, { columnNames });
  } else {
    const imported = importSplink(await readJson(input, 'Splink file'), basename(input), {
      skipUnsupported: values['skip-unsupported'] === true,
      columnNames,
    });
    if (!imported.ok) throw new UserError(imported.message);
    for (const w of imported.warnings) io.err(`warning: ${w}`);
    document = imported.model;
  }
  const [written] = await writeAtomically(dirname(out), {
    [basename(out)]: `${JSON.stringify(document, null, 2)}\n`,
  });
  io.out(
    `wrote ${direction === 'export' ? 'a Splink 4 settings document' : 'a throughline model'}: ${written}`,
  );
}
