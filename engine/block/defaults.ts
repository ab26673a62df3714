import { columnCoverage, type Frame } from '../compare';
import type { BlockingRule } from './pairs';

/**
 * Default blocking rules, in order: shared identifiers first (cheap and near-certain), then
 * combinations that each survive a different error, so that a pair with any one wrong field is
 * still found: a typo in a name by the rule on date of birth; a wrong date of birth by the rule
 * on both names' phonetic keys; a nickname or changed first name with a slipped day by surname,
 * birth year and sex; a wrong birth year by a name and the day and month; a changed surname by
 * postcode. Each rule stays selective as data grow (no rule on a single common value such as a
 * first initial), measured on FEBRL4 and synthetic data in docs/design.md.
 */
export const DEFAULT_BLOCKING_RULES: readonly BlockingRule[] = [
  { on: ['nhsNumber'] },
  { on: ['pnc'] },
  { on: ['cro'] },
  { on: ['prisonNumber'] },
  { on: ['otherId'] },
  { on: ['dob'] },
  { on: ['surnameKey', 'forenameKey'] },
  { on: ['surname', 'dob:year', 'sex'] },
  { on: ['postcode', 'surname:1'] },
  { on: ['surnameKey', 'dob:month-day'] },
  { on: ['forenameKey', 'dob:month-day'] },
];
/** The default rules whose columns have values on every side of this frame. */
export function defaultBlockingRules(frame: Frame): BlockingRule[] {
  return DEFAULT_BLOCKING_RULES.filter((r) =>
    r.on.every((part) => columnCoverage(frame, part.split(':')[0]).every((share) => share >= 0.01)),
  );
}
