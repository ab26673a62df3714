import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../shared/issues';
import { parseMappingFile } from './mapping';

describe('parseMappingFile', () => {
  it('reads columns, date order, sheet and delimiter', () => {
    const text = JSON.stringify({
      columns: { 'Client Ref': 'id', 'Forename(s)': 'forenames', Notes: null },
      dateOrder: 'dmy',
      sheet: 'Releases',
      delimiter: ';',
    });
    expect(parseMappingFile(text, 'map.json')).toEqual({
      ok: true,
      value: {
        fileName: 'map.json',
        columns: { 'Client Ref': 'id', 'Forename(s)': 'forenames', Notes: null },
        dateOrder: 'dmy',
        sheet: 'Releases',
        delimiter: ';',
      },
      warnings: [],
    });
  });

  it('accepts "tab" for a tab and a 1-based sheet number', () => {
    const r = parseMappingFile('{"columns":{},"delimiter":"tab","sheet":2}', 'map.json');
    expect(r.ok && r.value).toMatchObject({ delimiter: '\t', sheet: 2 });
  });

  it('names every unknown field, with its column', () => {
    const r = parseMappingFile('{"columns":{"First":"forename","DOB":"dob","Born":"birthday"}}', 'map.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map(formatIssue)).toEqual([
      'map.json, column "First": The mapping file names a field that does not exist: "forename".',
      'map.json, column "Born": The mapping file names a field that does not exist: "birthday".',
    ]);
  });

  it('rejects invalid JSON and a wrong shape, naming the mapping file', () => {
    const bad = parseMappingFile('{"columns": {', 'map.json');
    expect(bad.ok || bad.issues[0]).toMatchObject({ code: 'invalid_mapping_file', file: 'map.json' });
    const shape = parseMappingFile('{"columns":{"a":3},"dateOrder":"dym","colums":{}}', 'map.json');
    expect(shape.ok).toBe(false);
    if (shape.ok) return;
    expect(shape.issues.every((i) => i.code === 'invalid_mapping_file' && i.file === 'map.json')).toBe(true);
    const details = shape.issues.map((i) => i.detail).join(' | ');
    expect(details).toContain('columns.a');
    expect(details).toContain('dateOrder');
    expect(details).toContain('colums');
  });
});
