import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../../../engine/api/engine-api';
import type { StoredRecord } from '../../../../shared/workspace';
import { compareRecords, splitDifference } from './compare-records';
import { ReviewSession } from './session';
import { signed, waterfallSteps } from './waterfall';

const item = (n: number): ReviewItem => ({
  leftKey: `r/${n}`,
  rightKey: `t/${n}`,
  probability: 0.7,
  weight: 1.2,
  decision: null,
  contributions: [],
  left: null,
  right: null,
});

describe('ReviewSession', () => {
  it('moves on after a decision and keeps decided pairs reachable with previous', () => {
    const session = new ReviewSession();
    session.merge([item(1), item(2), item(3)]);
    expect(session.current?.item.leftKey).toBe('r/1');
    session.decide('same', 'me');
    expect(session.current?.item.leftKey).toBe('r/2');
    expect(session.previous()).toBe(true);
    expect(session.current?.decided).toEqual({ decision: 'same', by: 'me' });
    expect(session.undecided).toBe(2);
  });

  it('keeps the place and the decisions when the queue is read again', () => {
    const session = new ReviewSession();
    session.merge([item(1), item(2), item(3)]);
    session.decide('not_same', 'me'); // now on 2
    // The engine's queue no longer has 1 (decided) nor 3 (decided in another tab), and has a new 4.
    session.merge([item(2), item(4)]);
    expect(session.entries.map((e) => e.item.leftKey)).toEqual(['r/1', 'r/2', 'r/4']);
    expect(session.current?.item.leftKey).toBe('r/2');
  });

  it('stays on the last pair when everything is decided', () => {
    const session = new ReviewSession();
    session.merge([item(1)]);
    session.decide('unsure', 'me');
    expect(session.current?.item.leftKey).toBe('r/1');
    expect(session.undecided).toBe(0);
    expect(session.next()).toBe(false);
  });
});

describe('compareRecords', () => {
  const record = (fields: StoredRecord['fields']): StoredRecord => ({
    datasetId: 'd',
    recordId: '1',
    row: 2,
    fields,
    extras: {},
  });
  it('compares dates by value, names without case or punctuation, and marks what differs', () => {
    const rows = compareRecords(
      record({ surname: "O'NEILL", forenames: 'Jon', dob: '17/10/1987', sex: 'Male', postcode: 'LS6 2AB' }),
      record({ surname: 'O Neill', forenames: 'John', dob: '1987-10-17', sex: 'M', town: 'Leeds' }),
    );
    const by = Object.fromEntries(rows.map((r) => [r.field, r]));
    expect(by.surname?.agreement).toBe('same');
    expect(by.dob?.agreement).toBe('same');
    expect(by.sex?.agreement).toBe('same');
    expect(by.forenames?.agreement).toBe('different');
    expect(by.forenames?.right).toEqual([
      { text: 'Jo', differs: false },
      { text: 'h', differs: true },
      { text: 'n', differs: false },
    ]);
    expect(by.postcode?.agreement).toBe('left-only');
    expect(by.town?.agreement).toBe('right-only');
  });

  it('splits two values at their common start and end', () => {
    expect(splitDifference('SMITH', 'SMYTH').left).toEqual([
      { text: 'SM', differs: false },
      { text: 'I', differs: true },
      { text: 'TH', differs: false },
    ]);
  });
});

describe('waterfallSteps', () => {
  it('runs from the prior through each contribution to the final weight', () => {
    const steps = waterfallSteps([
      { comparison: 'Prior', level: 'two records at random', weight: -10 },
      { comparison: 'Surname', level: 'exact', weight: 6 },
      { comparison: 'Date of birth', level: 'different', weight: -2 },
    ]);
    expect(steps.map((s) => [s.from, s.to])).toEqual([
      [0, -10],
      [-10, -4],
      [-4, -6],
    ]);
    expect(signed(-2)).toBe('\u22122.00');
    expect(signed(6)).toBe('+6.00');
  });
});
