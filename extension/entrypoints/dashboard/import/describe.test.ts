import { describe, expect, it } from 'vitest';
import type { DateColumnEvidence } from '../../../../engine/api/engine-api';
import type { ColumnAssignment } from '../../../../engine/ingest';
import type { Issue } from '../../../../shared/issues';
import {
  assignmentText,
  columnAssignments,
  confirmedMapping,
  dateAdvice,
  idServedBy,
  problemText,
  qualityWarnings,
} from './describe';

const a = (
  header: string,
  index: number,
  field: ColumnAssignment['field'],
  confidence: number,
  method: ColumnAssignment['method'],
): ColumnAssignment => ({
  header,
  index,
  field,
  confidence,
  method,
});

describe('assignmentText', () => {
  it('says which field a column feeds and how sure the guess is', () => {
    expect(assignmentText(a('Last Nmae', 0, 'surname', 0.69, 'fuzzy'), false)).toBe(
      'Surname \u2190 "Last Nmae" (69%, a close match of a known header: check it)',
    );
    expect(assignmentText(a('DOB', 1, 'dob', 1, 'synonym'), false)).toBe(
      'Date of birth \u2190 "DOB" (100%, a known header name)',
    );
    expect(assignmentText(a('Case Key', 2, 'id', 1, 'mapping-file'), true)).toContain('as you confirmed');
    expect(assignmentText(a('Notes', 3, null, 0, 'unmapped'), false)).toContain('kept with the record');
    expect(assignmentText(a('Notes', 3, null, 1, 'mapping-file'), false)).toContain('ignored');
  });
});

describe('columns and the prison number as id', () => {
  const assignments = [
    a('Prison No', 0, 'prisonNumber', 1, 'synonym'),
    a('Surname', 1, 'surname', 1, 'synonym'),
    a('Prison No', 0, 'id', 0.5, 'synonym'),
  ];
  it('keeps one assignment per column and finds the column serving as the id', () => {
    expect(columnAssignments(assignments).map((x) => x.field)).toEqual(['prisonNumber', 'surname']);
    expect(idServedBy(assignments)?.header).toBe('Prison No');
  });
  it('remembers fields and ignored columns, not unmatched ones or the derived id', () => {
    expect(
      confirmedMapping([
        ...assignments,
        a('Notes', 2, null, 0, 'unmapped'),
        a('Free text', 3, null, 1, 'mapping-file'),
      ]),
    ).toEqual({
      'Prison No': 'prisonNumber',
      Surname: 'surname',
      'Free text': null,
    });
  });
});

describe('problemText', () => {
  const issue = (code: Issue['code'], more: Partial<Issue> = {}): Issue => ({
    code,
    severity: 'error',
    file: 'f.xlsx',
    ...more,
  });
  it('speaks of the dashboard, not the command line, and names an empty worksheet', () => {
    expect(problemText(issue('missing_id_column'), { format: 'csv', sheet: null })).not.toContain('--map');
    expect(problemText(issue('empty_file'), { format: 'xlsx', sheet: 'Cover' })).toBe(
      'The worksheet "Cover" is empty. Choose another worksheet.',
    );
    expect(
      problemText(issue('duplicate_id', { value: 'X1', detail: '3' }), { format: 'csv', sheet: null }),
    ).toBe('The id "X1" appears more than once (first seen on row 3).');
  });
});

describe('dateAdvice', () => {
  const evidence = (more: Partial<DateColumnEvidence>): DateColumnEvidence => ({
    header: 'DOB',
    numeric: 10,
    dayFirst: 0,
    monthFirst: 0,
    ambiguous: 0,
    examples: [],
    ...more,
  });
  it('asks for the order only when the dates leave it in doubt', () => {
    expect(
      dateAdvice([{ field: 'dob', evidence: evidence({ dayFirst: 3, ambiguous: 7 }) }], 'auto').inDoubt,
    ).toBe(false);
    const ambiguous = dateAdvice(
      [
        {
          field: 'dob',
          evidence: evidence({
            ambiguous: 10,
            examples: [{ kind: 'ambiguous', row: 2, value: '03/04/1980' }],
          }),
        },
      ],
      'auto',
    );
    expect(ambiguous.inDoubt).toBe(true);
    expect(ambiguous.notes[0]).toContain('row 2: 03/04/1980');
  });
  it('finds a column that mixes orders and counts what the chosen order cannot read', () => {
    const mixed = evidence({ dayFirst: 5, monthFirst: 2 });
    expect(dateAdvice([{ field: 'dob', evidence: mixed }], 'auto').mixed[0]?.misfits).toBe(2);
    expect(dateAdvice([{ field: 'dob', evidence: mixed }], 'mdy').mixed[0]?.misfits).toBe(5);
  });
});

describe('qualityWarnings', () => {
  it('warns of rejected values and of mostly empty fields', () => {
    const warnings = qualityWarnings(
      [
        { field: 'nhsNumber', present: 8, missing: 0, rejected: 2 },
        { field: 'postcode', present: 3, missing: 7, rejected: 0 },
        { field: 'surname', present: 10, missing: 0, rejected: 0 },
      ],
      10,
    );
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^NHS number: 2 of 10 values/);
    expect(warnings[1]).toBe('Postcode: empty in 70% of rows.');
  });
});
