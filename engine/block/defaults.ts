import { columnCoverage, type Frame } from '../compare';
import type { KeyPart } from './keys';
import { type BlockingRule, countPairs, ruleName } from './pairs';

/**
 * Default blocking rules, in order: shared identifiers first (cheap and near-certain), then
 * combinations that each survive a different error, so that a pair with any one wrong field is
 * still found: a typo in a name by the rule on date of birth; a wrong date of birth by the rule
 * on both names' phonetic keys; a nickname or changed first name with a slipped day by surname,
 * birth year and sex; a wrong birth year by a name and the day and month; a changed surname by
 * postcode. No rule is on a single common value such as a first initial, measured on FEBRL4 and
 * synthetic data in docs/design.md.
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

/**
 * The stricter form of each rule on values whose number does not grow with the data (there are
 * some 21,000 dates of birth whatever the size of a list): such a rule's pairs per record grow in
 * proportion to the records, so its pairs grow with their square. Each stricter form keeps most
 * of what the rule is there for: a name typo by date of birth with either initial, or with the
 * postcode district (forename and surname swapped); a wrong day or month by both names' keys and
 * the birth year; a changed first name with a slipped day by surname, birth year, sex and first
 * initial; a wrong birth year by day and month with one name's key and the other's initial; a
 * changed surname by postcode and both initials.
 * Measured on a synthetic treatment extract of a million records (docs/design.md, "At scale"):
 * 189 million candidate pairs with the loose rules, at most 16 million with these; blocking recall
 * 0.9952 and 0.9884 (linking a million releases to a million treatment records: 72 and 44 million,
 * recall 0.9910 and 0.9903). Both names' keys with the postcode district instead of the birth year found a
 * little more (0.9905) but trained worse: within one district, town and address agree for every
 * pair, and EM took them all for matches.
 */
const STRICTER: Record<string, KeyPart[][]> = {
  dob: [
    ['dob', 'forename:1'],
    ['dob', 'surname:1'],
    ['dob', 'postcodeDistrict'],
  ],
  'surnameKey & forenameKey': [['surnameKey', 'forenameKey', 'dob:year']],
  'surname & dob:year & sex': [['surname', 'dob:year', 'sex', 'forename:1']],
  // Hostels and approved premises: one postcode for hundreds of people on a million-record list.
  'postcode & surname:1': [['postcode', 'surname:1', 'forename:1']],
  'surnameKey & dob:month-day': [['surnameKey', 'dob:month-day', 'forename:1']],
  'forenameKey & dob:month-day': [['forenameKey', 'dob:month-day', 'surname:1']],
};

/**
 * A default rule that would make more candidate pairs than this per record is replaced by its
 * stricter form. At a hundred thousand records no default rule reaches it (synthetic data: at
 * most 6.3 per record de-duplicating 100,000, 9.2 linking 100,000 x 100,000), so results there
 * are unchanged; de-duplicating a million records they would make 11 to 62 per record.
 */
export const MAX_PAIRS_PER_RECORD = 10;

const covered = (frame: Frame, parts: readonly KeyPart[]) =>
  parts.every((part) => columnCoverage(frame, part.split(':')[0]).every((share) => share >= 0.01));

/**
 * The default rules whose columns have values on every side of this frame, each in its stricter
 * form where it would make more than `maxPairsPerRecord` pairs per record (counted, not made).
 */
export function defaultBlockingRules(
  frame: Frame,
  options: { maxPairsPerRecord?: number } = {},
): BlockingRule[] {
  const budget = (options.maxPairsPerRecord ?? MAX_PAIRS_PER_RECORD) * frame.n;
  const usable = DEFAULT_BLOCKING_RULES.filter((r) => covered(frame, r.on));
  const loose = usable.filter((r) => STRICTER[ruleName(r)] !== undefined);
  const tooMany = new Set(
    countPairs(frame, loose)
      .filter((c) => c.estimated > budget)
      .map((c) => c.rule),
  );
  return usable.flatMap((r) => {
    const name = ruleName(r);
    if (!tooMany.has(name)) return [{ on: [...r.on] }];
    return STRICTER[name].filter((on) => covered(frame, on)).map((on) => ({ on: [...on] }));
  });
}
