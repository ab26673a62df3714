import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildFrame,
  type Comparison,
  comparison,
  comparisonLibrary,
  compileComparisons,
} from '../../compare';
import { createScorer } from '../../predict';
import { normalisedTable } from '../../testing/normalised-table';
import type { Model } from '../model';
import { conditionSql, exportSplink, importSplink } from './index';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../tests/fixtures/splink/${name}`, import.meta.url), 'utf8'));

const levelsOf = (doc: unknown, comparison: number) =>
  (doc as { comparisons: { comparison_levels: { m_probability?: number; u_probability?: number }[] }[] })
    .comparisons[comparison].comparison_levels;

function imported(name: string, options: { skipUnsupported?: boolean } = {}) {
  const result = importSplink(fixture(name), name, options);
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('importSplink: Splink fixtures', () => {
  it('reads model_h50k.json: names, dates, postcodes and blocking rules', () => {
    const doc = fixture('model_h50k.json');
    const { model, warnings } = imported('model_h50k.json');
    expect(model.linkType).toBe('dedupe');
    expect(model.probabilityTwoRandomRecordsMatch).toBe(0.00013582694460587586);
    expect(model.comparisons.map((c) => c.name)).toEqual([
      'first_name',
      'surname',
      'dob',
      'postcode_fake',
      'birth_place',
      'occupation',
    ]);
    const [forename, , dob, postcode] = model.comparisons;
    expect(forename.levels.map((l) => l.when)).toEqual([
      { kind: 'missing', column: 'forename' },
      { kind: 'exact', column: 'forename' },
      { kind: 'jaroWinkler', column: 'forename', atLeast: 0.92 },
      { kind: 'jaroWinkler', column: 'forename', atLeast: 0.88 },
      { kind: 'jaroWinkler', column: 'forename', atLeast: 0.7 },
      { kind: 'else' },
    ]);
    expect(forename.levels[1].m).toBe(levelsOf(doc, 0)[1].m_probability);
    expect(forename.levels[1].u).toBe(0.011951030823329812);
    expect(dob.levels.map((l) => l.when)).toEqual([
      { kind: 'missing', column: 'dob' },
      { kind: 'exact', column: 'dob' },
      { kind: 'oneDigitOff', column: 'dob' },
      { kind: 'datesWithin', column: 'dob', days: 30 },
      { kind: 'datesWithin', column: 'dob', days: 365 },
      { kind: 'datesWithin', column: 'dob', days: 3652 },
      { kind: 'else' },
    ]);
    expect(dob.levels[0].isNull).toBe(true);
    expect(dob.levels[6].u).toBe(0.6870793178701791);
    expect(postcode.levels.slice(1, 5).map((l) => l.when)).toEqual([
      { kind: 'exact', column: 'postcode' },
      { kind: 'exact', column: 'postcodeSector' },
      { kind: 'exact', column: 'postcodeDistrict' },
      { kind: 'exact', column: 'postcodeArea' },
    ]);
    expect(model.comparisons[4].levels[1].when).toEqual({ kind: 'exact', column: 'birth_place' });
    expect(warnings.some((w) => w.includes('"birth_place" has no throughline equivalent'))).toBe(true);
    expect(warnings.some((w) => w.includes('"occupation" has no throughline equivalent'))).toBe(true);
    expect(model.blockingRules[0]).toEqual({ on: ['forename:3', 'surname:4'] });
    expect(model.blockingRules[1]).toEqual({ on: ['surname', 'dob'] });
    expect(model.blockingRules.at(-1)).toEqual({ on: ['forename:2', 'surname:2', 'dob:year'] });
    expect(model.blockingRules).toHaveLength(10);
    expect(model.training).toMatchObject({ method: 'unsupervised', seed: 0, emConverged: true });
  });

  it('reads saved_model_from_demo.json, dropping the email comparison only when asked', () => {
    const strict = importSplink(fixture('saved_model_from_demo.json'), 'saved_model_from_demo.json');
    expect(strict.ok).toBe(false);
    if (!strict.ok) {
      expect(strict.message).toContain('saved_model_from_demo.json');
      expect(strict.message).toContain('comparison "email"');
      expect(strict.message).toContain('level 2 ("Exact match on username")');
      expect(strict.message).toContain(`regexp_extract("email_l", '^[^@]+', 0)`);
    }
    const doc = fixture('saved_model_from_demo.json');
    const { model, warnings } = imported('saved_model_from_demo.json', { skipUnsupported: true });
    expect(model.probabilityTwoRandomRecordsMatch).toBe(0.00298012298012298);
    expect(model.comparisons.map((c) => c.name)).toEqual(['first_name', 'surname', 'dob', 'city']);
    expect(warnings.some((w) => w.includes('comparison "email" is dropped'))).toBe(true);
    expect(model.comparisons[0].levels[1]).toMatchObject({
      tf: 'forename',
      m: levelsOf(doc, 0)[1].m_probability,
    });
    expect(model.comparisons[1].levels[1].tf).toBe('surname');
    expect(model.comparisons[3].levels[1]).toMatchObject({
      when: { kind: 'exact', column: 'town' },
      tf: 'town',
      u: 0.11090275917492633,
    });
    // levenshtein(CAST(dob AS TEXT)) <= 1 on a date becomes "one digit off", with a warning.
    expect(model.comparisons[2].levels[2].when).toEqual({ kind: 'oneDigitOff', column: 'dob' });
    expect(warnings.some((w) => w.includes('one digit off'))).toBe(true);
    expect(model.blockingRules).toEqual([{ on: ['forename', 'town'] }, { on: ['surname'] }, { on: ['dob'] }]);
  });

  it('reads real_time_settings.json (unquoted SQL, string blocking rules), dropping dob levenshtein <= 2', () => {
    const strict = importSplink(fixture('real_time_settings.json'), 'real_time_settings.json');
    expect(strict.ok).toBe(false);
    if (!strict.ok) expect(strict.message).toContain('levenshtein(dob_l::VARCHAR, dob_r::VARCHAR) <= 2');
    const { model, warnings } = imported('real_time_settings.json', { skipUnsupported: true });
    expect(model.probabilityTwoRandomRecordsMatch).toBe(0.02326254791526835);
    expect(model.comparisons.map((c) => c.name)).toEqual(['first_name', 'surname', 'city', 'email']);
    expect(warnings.some((w) => w.includes('comparison "dob" is dropped'))).toBe(true);
    expect(model.comparisons[0].levels.map((l) => l.when)).toEqual([
      { kind: 'missing', column: 'forename' },
      { kind: 'exact', column: 'forename' },
      { kind: 'levenshtein', column: 'forename', atMost: 2 },
      { kind: 'else' },
    ]);
    expect(model.comparisons[0].levels[2]).toMatchObject({ m: 0.27736434159157797, u: 0.010119901990634016 });
    expect(model.comparisons[0].levels[1].tf).toBe('forename');
    expect(model.blockingRules).toEqual([{ on: ['surname'] }, { on: ['forename'] }]);
  });

  it('accepts a settings document without m and u, warning that it must be trained', () => {
    const doc = structuredClone(fixture('real_time_settings.json')) as {
      comparisons: { comparison_levels: Record<string, unknown>[] }[];
    };
    for (const c of doc.comparisons)
      for (const l of c.comparison_levels) {
        delete l.m_probability;
        delete l.u_probability;
      }
    const result = importSplink(doc, 'settings.json', { skipUnsupported: true });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.warnings.some((w) => w.includes('must be trained'))).toBe(true);
  });

  it('rejects a saved model with a level missing m, and a document that is not Splink', () => {
    const doc = structuredClone(fixture('model_h50k.json')) as {
      comparisons: { comparison_levels: Record<string, unknown>[] }[];
    };
    delete doc.comparisons[1].comparison_levels[2].m_probability;
    const result = importSplink(doc, 'broken.json');
    expect(result).toEqual({
      ok: false,
      message: expect.stringContaining('comparison "surname", level 2'),
    });
    expect(importSplink({ comparisons: [] }, 'x.json')).toMatchObject({ ok: false });
  });

  it('recognises other Splink forms: CAST, jaro_similarity, date_diff in years, Damerau on text', () => {
    const level = (sql_condition: string, extra = {}) => ({
      sql_condition,
      label_for_charts: sql_condition,
      m_probability: 0.5,
      u_probability: 0.1,
      ...extra,
    });
    const doc = {
      link_type: 'link_and_dedupe',
      probability_two_random_records_match: 0.001,
      blocking_rules_to_generate_predictions: ['l.surname = r.surname', 'l.surname LIKE r.surname'],
      comparisons: [
        {
          output_column_name: 'x',
          comparison_levels: [
            level('CAST(given_name_l AS VARCHAR) IS NULL OR CAST(given_name_r AS VARCHAR) IS NULL', {
              is_null_level: true,
            }),
            level('CAST("given_name_l" AS TEXT) = CAST("given_name_r" AS TEXT)'),
            level('jaro_similarity("given_name_l", "given_name_r") >= 0.9'),
            level('damerau_levenshtein(given_name_l, given_name_r) <= 2'),
            level('ABS(date_diff(\'year\', "date_of_birth_l", "date_of_birth_r")) <= 2'),
            level('ELSE'),
          ],
        },
      ],
    };
    const result = importSplink(doc, 'hand.json');
    if (!result.ok) throw new Error(result.message);
    expect(result.model.linkType).toBe('link');
    expect(result.model.comparisons[0].levels.map((l) => l.when)).toEqual([
      { kind: 'missing', column: 'forename' },
      { kind: 'exact', column: 'forename' },
      { kind: 'jaroWinkler', column: 'forename', atLeast: 0.9 },
      { kind: 'levenshtein', column: 'forename', atMost: 2 },
      { kind: 'datesWithin', column: 'dob', days: 731 },
      { kind: 'else' },
    ]);
    const warned = (text: string) => result.warnings.some((w) => w.includes(text));
    expect(warned('Jaro similarity is read as Jaro-Winkler')).toBe(true);
    expect(warned('Damerau-Levenshtein <= 2 is read as Levenshtein <= 2')).toBe(true);
    expect(warned('read as 731 days')).toBe(true);
    expect(warned('link_and_dedupe')).toBe(true);
    expect(warned('blocking rule not supported, dropped: l.surname LIKE r.surname')).toBe(true);
    expect(result.model.blockingRules).toEqual([{ on: ['surname'] }]);
  });

  it('fails when no blocking rule can be used', () => {
    const doc = {
      ...(fixture('real_time_settings.json') as object),
      blocking_rules_to_generate_predictions: ['l.a + 1 = r.a'],
    };
    const result = importSplink(doc, 'rules.json', { skipUnsupported: true });
    expect(result).toEqual({ ok: false, message: expect.stringContaining('no blocking rule') });
  });
});

/** A model over the whole comparison library with made-up but distinct m and u, plus composites. */
function libraryModel(): Model {
  const extra = comparison('composite', 'Composite conditions', 'forename', [
    {
      when: {
        kind: 'and',
        all: [
          { kind: 'exact', column: 'surname' },
          { kind: 'not', condition: { kind: 'exact', column: 'sex' } },
        ],
      },
    },
    {
      when: {
        kind: 'or',
        any: [
          { kind: 'inList', column: 'forename', list: 'forenamesAll' },
          { kind: 'swapped', column: 'forename', other: 'surname' },
        ],
      },
    },
  ]);
  const comparisons: Comparison[] = [...comparisonLibrary(), extra].map((c, ci) => ({
    ...c,
    levels: c.levels.map((l, li) =>
      l.isNull
        ? l
        : {
            ...l,
            m: (c.levels.length - li) / (c.levels.length * 2) + ci / 1000,
            u: (li + 1) / (c.levels.length + 3),
          },
    ),
  }));
  return {
    format: 'throughline-model',
    version: 1,
    linkType: 'link',
    probabilityTwoRandomRecordsMatch: 0.00042,
    comparisons,
    blockingRules: [
      { on: ['surname', 'dob:year'] },
      { on: ['forename:1', 'postcode'] },
      { on: ['dob:month-day'] },
      { on: ['dob'] },
    ],
    training: {
      method: 'unsupervised',
      seed: 0,
      uSamplePairs: 0,
      candidatePairs: 0,
      emIterations: 0,
      emConverged: true,
      candidateMatchShare: 0,
    },
  };
}

const essentials = (m: Model) => ({
  linkType: m.linkType,
  prior: m.probabilityTwoRandomRecordsMatch,
  blockingRules: m.blockingRules,
  comparisons: m.comparisons.map((c) => ({
    name: c.name,
    label: c.label,
    levels: c.levels.map((l) => ({
      when: l.when,
      label: l.label,
      isNull: l.isNull,
      tf: l.tf,
      m: l.m,
      u: l.u,
    })),
  })),
});

describe('exportSplink', () => {
  const model = libraryModel();
  const settings = exportSplink(model);

  it('writes the structure of a Splink saved model', () => {
    const reference = fixture('model_h50k.json') as Record<string, unknown>;
    for (const key of Object.keys(settings)) expect(Object.keys(reference)).toContain(key);
    expect(settings.link_type).toBe('link_only');
    expect(settings.comparisons).toHaveLength(model.comparisons.length);
    const allowed = [
      'sql_condition',
      'label_for_charts',
      'm_probability',
      'u_probability',
      'is_null_level',
      'tf_adjustment_column',
      'tf_adjustment_weight',
    ];
    for (const c of settings.comparisons) {
      expect(Object.keys(c).sort()).toEqual([
        'comparison_description',
        'comparison_levels',
        'output_column_name',
      ]);
      expect(c.comparison_levels[0].is_null_level).toBe(true);
      expect(c.comparison_levels[0].m_probability).toBeUndefined();
      expect(c.comparison_levels.slice(1).every((l) => l.is_null_level === undefined)).toBe(true);
      for (const l of c.comparison_levels) for (const key of Object.keys(l)) expect(allowed).toContain(key);
    }
    const forename = settings.comparisons[0].comparison_levels;
    expect(forename[0].sql_condition).toBe('"forename_l" IS NULL OR "forename_r" IS NULL');
    expect(forename[1]).toMatchObject({
      sql_condition: '"forename_l" = "forename_r"',
      tf_adjustment_column: 'forename',
      tf_adjustment_weight: 1,
    });
    expect(forename[3].sql_condition).toBe('jaro_winkler_similarity("forename_l", "forename_r") >= 0.92');
    expect(settings.blocking_rules_to_generate_predictions).toEqual([
      {
        blocking_rule:
          '(l."surname" = r."surname") AND (SUBSTR(CAST(l."dob" AS TEXT), 1, 4) = SUBSTR(CAST(r."dob" AS TEXT), 1, 4))',
        sql_dialect: 'duckdb',
      },
      {
        blocking_rule:
          '(SUBSTR(l."forename", 1, 1) = SUBSTR(r."forename", 1, 1)) AND (l."postcode" = r."postcode")',
        sql_dialect: 'duckdb',
      },
      {
        blocking_rule: 'SUBSTR(CAST(l."dob" AS TEXT), 5, 4) = SUBSTR(CAST(r."dob" AS TEXT), 5, 4)',
        sql_dialect: 'duckdb',
      },
      { blocking_rule: 'l."dob" = r."dob"', sql_dialect: 'duckdb' },
    ]);
  });

  it('writes DuckDB SQL for each condition kind', () => {
    expect(conditionSql({ kind: 'datesWithin', column: 'dob', days: 366 })).toBe(
      `ABS(date_diff('day', strptime(CAST("dob_l" AS TEXT), '%Y%m%d'), strptime(CAST("dob_r" AS TEXT), '%Y%m%d'))) <= 366`,
    );
    expect(conditionSql({ kind: 'oneDigitOff', column: 'dob' })).toBe(
      'damerau_levenshtein(CAST("dob_l" AS TEXT), CAST("dob_r" AS TEXT)) <= 1',
    );
    expect(conditionSql({ kind: 'listsIntersect', column: 'nicknames' })).toBe(
      'len(list_intersect("nicknames_l", "nicknames_r")) > 0',
    );
    expect(conditionSql({ kind: 'swapped', column: 'forename', other: 'surname' })).toBe(
      '"forename_l" = "surname_r" AND "surname_l" = "forename_r"',
    );
    expect(conditionSql({ kind: 'levenshtein', column: 'postcode', atMost: 1 })).toBe(
      'levenshtein("postcode_l", "postcode_r") <= 1',
    );
  });

  it('round-trips through importSplink exactly: conditions, labels, m, u, tf, prior, rules', () => {
    const back = importSplink(JSON.parse(JSON.stringify(settings)), 'export.json');
    if (!back.ok) throw new Error(back.message);
    expect(back.warnings).toEqual([]);
    expect(essentials(back.model)).toEqual(essentials(model));
  });

  it('renames columns for another team and reads them back with the same map', () => {
    const columnNames = {
      forename: 'first_name',
      surname: 'last_name',
      dob: 'date_of_birth',
      postcode: 'pc',
    };
    const renamed = exportSplink(model, { columnNames });
    expect(renamed.comparisons[0].comparison_levels[1].sql_condition).toBe('"first_name_l" = "first_name_r"');
    expect(renamed.comparisons[0].comparison_levels[1].tf_adjustment_column).toBe('first_name');
    expect(renamed.blocking_rules_to_generate_predictions[0].blocking_rule).toContain('l."last_name"');
    const back = importSplink(renamed, 'renamed.json', { columnNames });
    if (!back.ok) throw new Error(back.message);
    expect(essentials(back.model)).toEqual(essentials(model));
  });
});

describe('Splink round trip: predictions', () => {
  const left = normalisedTable('l.csv', [
    {
      id: 'a1',
      forename: 'JOHN',
      surname: 'SMITH',
      dob: 19800102,
      sex: 'M',
      postcode: 'AB1 2CD',
      town: 'LEEDS',
    },
    {
      id: 'a2',
      forename: 'JON',
      surname: 'SMYTH',
      dob: 19800201,
      sex: 'M',
      postcode: 'AB1 2CE',
      otherId: 'X123',
    },
    {
      id: 'a3',
      forename: 'SMITH',
      surname: 'JOHN',
      dob: 19810102,
      postcode: 'AB1 3ZZ',
      address: '1 HIGH ST',
    },
    {
      id: 'a4',
      forename: 'MARY',
      middleNames: 'ANN',
      surname: 'JONES',
      dob: 19900315,
      sex: 'F',
      town: 'YORK',
    },
    { id: 'a5', forename: 'ANN', surname: 'JONES-BROWN', dob: 19900316, sex: 'F', nhsNumber: '1234567890' },
  ]);
  const right = normalisedTable('r.csv', [
    {
      id: 'b1',
      forename: 'JOHN',
      surname: 'SMITH',
      dob: 19800102,
      sex: 'M',
      postcode: 'AB1 2CD',
      town: 'LEEDS',
    },
    { id: 'b2', forename: 'JOHNNY', surname: 'SMITH', dob: 19800120, postcode: 'AB1 2XX', otherId: 'X124' },
    { id: 'b3', forename: 'ANN', surname: 'BROWN', dob: 19910315, sex: 'F', address: '1 HIGH STREET' },
    {
      id: 'b4',
      forename: 'MARY',
      surname: 'JONES',
      dob: 19900315,
      sex: 'M',
      town: 'YORK',
      nhsNumber: '1234567890',
    },
    { id: 'b5', surname: 'SMITH', dob: 19791230, postcode: 'AB2 1CD' },
  ]);
  const frame = buildFrame([left, right]);
  const model = libraryModel();
  const back = importSplink(exportSplink(model), 'export.json');
  if (!back.ok) throw new Error(back.message);

  it('gives identical comparison vectors and match weights', () => {
    const pairs: [number, number][] = [];
    for (let i = 0; i < frame.nLeft; i++) for (let j = frame.nLeft; j < frame.n; j++) pairs.push([i, j]);
    const l = Int32Array.from(pairs, (p) => p[0]);
    const r = Int32Array.from(pairs, (p) => p[1]);
    const original = compileComparisons(frame, model.comparisons).vectors(l, r);
    const roundTripped = compileComparisons(frame, back.model.comparisons).vectors(l, r);
    expect(roundTripped).toEqual(original);
    // The pairs exercise more than the null and else levels.
    expect(new Set(original).size).toBeGreaterThan(4);
    const s1 = createScorer(frame, model);
    const s2 = createScorer(frame, back.model);
    for (let p = 0; p < pairs.length; p++)
      expect(s2.weight(roundTripped, p, l[p], r[p])).toBe(s1.weight(original, p, l[p], r[p]));
  });

  it('scores an imported Splink model on throughline data', () => {
    const { model: splinkModel } = imported('saved_model_from_demo.json', { skipUnsupported: true });
    const compiled = compileComparisons(frame, splinkModel.comparisons);
    const i = frame.ids.indexOf('a1');
    const j = frame.ids.lastIndexOf('b1');
    const v = compiled.vectors(Int32Array.of(i), Int32Array.of(j));
    // Exact forename, exact surname, exact dob, exact town.
    expect(Array.from(v)).toEqual([1, 1, 1, 1]);
    const scorer = createScorer(frame, splinkModel);
    const parts = scorer.contributions(v, 0, i, j);
    // The exact-forename level weighs log2(m/u) with m and u as saved by Splink.
    expect(parts[0].weight).toBeCloseTo(Math.log2(0.49092153055564214 / 0.006187690390473553), 12);
    const total = parts.reduce((sum, c) => sum + c.weight + c.tfAdjustment, scorer.prior);
    expect(scorer.weight(v, 0, i, j)).toBeCloseTo(total, 12);
  });
});
