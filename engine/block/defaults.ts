import { columnCoverage, type Frame } from '../compare';
import type { BlockingRule } from './pairs';

/**
 * Default blocking rules, in order: shared identifiers first (cheap and near-certain), then
 * combinations that tolerate one error each: a typo in the surname is caught by the rule on
 * date of birth, a wrong date of birth by the rules on names, a changed name by the rule on
 * date of birth and postcode, swapped names by the rule on date of birth.
 */
export const DEFAULT_BLOCKING_RULES: readonly BlockingRule[] = [
  { on: ['nhsNumber'] },
  { on: ['pnc'] },
  { on: ['cro'] },
  { on: ['prisonNumber'] },
  { on: ['otherId'] },
  { on: ['dob'] },
  { on: ['surnameKey', 'forename:1'] },
  { on: ['forenameKey', 'surname:1'] },
  { on: ['surname', 'dob:year'] },
  { on: ['postcode', 'forename:1'] },
];

/** The default rules whose columns have values on every side of this frame. */
export function defaultBlockingRules(frame: Frame): BlockingRule[] {
  return DEFAULT_BLOCKING_RULES.filter((r) =>
    r.on.every((part) => columnCoverage(frame, part.split(':')[0]).every((share) => share >= 0.01)),
  );
}
