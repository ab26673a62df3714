import { describe, expect, it } from 'vitest';
import { formatIssue, ISSUE_MESSAGES, type IssueCode } from './issues';

describe('issue catalogue', () => {
  it('names file, row and column in every formatted issue', () => {
    const text = formatIssue({
      code: 'unparseable_date',
      severity: 'error',
      file: 'releases.csv',
      row: 14,
      column: 'DOB',
      value: '31/02/1980',
    });
    expect(text).toBe('releases.csv, row 14, column "DOB": The date "31/02/1980" could not be read.');
  });

  it('has a message for every code with no unfilled placeholder once formatted', () => {
    for (const code of Object.keys(ISSUE_MESSAGES) as IssueCode[]) {
      const text = formatIssue({ code, severity: 'error', file: 'f.csv', value: 'v', detail: 'd' });
      expect(text).not.toMatch(/\{(value|detail)\}/);
      expect(text.length).toBeGreaterThan(10);
    }
  });
});
