import { PairCapError } from '../block';
import { CONTINUITY_USAGE, continuityCommand } from './commands/continuity';
import { DEMO_USAGE, demoCommand } from './commands/demo';
import { EVALUATE_USAGE, evaluateCommand } from './commands/evaluate';
import { DEDUPE_USAGE, LINK_USAGE, linkCommand } from './commands/link';
import { REVIEW_USAGE, reviewCommand } from './commands/review';
import { SPLINK_USAGE, splinkCommand } from './commands/splink';
import { SYNTH_USAGE, synthCommand } from './commands/synth';
import { type CliIo, processIo, UserError } from './io';
import { ENGINE_VERSION } from './version';

const HELP = `throughline ${ENGINE_VERSION}: link prison releases to community treatment records, on this device.

Usage:
  ${LINK_USAGE}
  ${DEDUPE_USAGE}
  ${SYNTH_USAGE}
  ${CONTINUITY_USAGE}
  ${REVIEW_USAGE}
  ${EVALUATE_USAGE}
  ${SPLINK_USAGE}
  ${DEMO_USAGE}

Outputs of link and dedupe (in --out DIR): pairs.csv, clusters.csv, model.json, report.html.
Exit codes: 0 done, 2 bad input or options (nothing written), 1 an internal error.`;

/** Runs one CLI invocation and returns its exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'link':
      case 'dedupe':
        await linkCommand(command, args, io);
        return 0;
      case 'synth':
        await synthCommand(args, io);
        return 0;
      case 'continuity':
        await continuityCommand(args, io);
        return 0;
      case 'review':
        await reviewCommand(args, io);
        return 0;
      case 'splink':
        await splinkCommand(args, io);
        return 0;
      case 'evaluate':
        await evaluateCommand(args, io);
        return 0;
      case 'demo':
        await demoCommand(args, io);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      case '--version':
        io.out(ENGINE_VERSION);
        return 0;
      default:
        io.err(`Unknown command "${command}".\n\n${HELP}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UserError || e instanceof PairCapError) {
      io.err(e.message);
      return 2;
    }
    // An internal error: say so without echoing any record content.
    io.err(`throughline: internal error: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}
