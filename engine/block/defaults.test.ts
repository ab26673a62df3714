import { describe, expect, it } from 'vitest';
import { buildFrame } from '../compare';
import { normalisedTable } from '../testing/normalised-table';
import { defaultBlockingRules } from './defaults';
import { ruleName } from './pairs';

// 40 people sharing 2 dates of birth: the rule on date of birth alone makes 380 pairs, 9.5 per record.
const frame = buildFrame([
  normalisedTable(
    't.csv',
    Array.from({ length: 40 }, (_, i) => ({
      id: `r${i}`,
      forename: `F${i % 7}`,
      surname: `S${i % 11}`,
      dob: i % 2 === 0 ? 19800101 : 19900202,
      postcode: `LS${i % 3} 1AA`,
      sex: 'M',
    })),
  ),
]);

describe('defaultBlockingRules', () => {
  it('keeps the rules as they are while no rule makes more pairs per record than the budget', () => {
    const names = defaultBlockingRules(frame).map(ruleName);
    expect(names).toContain('dob');
    expect(names).toContain('surnameKey & forenameKey');
  });

  it('replaces a rule over the budget by its stricter form, in its place', () => {
    const names = defaultBlockingRules(frame, { maxPairsPerRecord: 5 }).map(ruleName);
    expect(names).not.toContain('dob');
    const at = names.indexOf('dob & forename:1');
    expect(names.slice(at, at + 3)).toEqual([
      'dob & forename:1',
      'dob & surname:1',
      'dob & postcodeDistrict',
    ]);
    expect(names).toContain('surnameKey & forenameKey'); // 40 records, 77 combinations: under budget
  });
});
