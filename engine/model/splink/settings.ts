import { LIST_COLUMNS, TEXT_COLUMNS } from '../../compare';

/**
 * Splink 4 interchange: a throughline model written as a Splink settings document (DuckDB SQL),
 * and a Splink saved model or settings document read back into a throughline model.
 *
 * Column names. Export writes throughline's frame column names unless `columnNames` renames them
 * (throughline name -> Splink name). Import maps Splink names onto frame columns through the same
 * `columnNames` (inverted) first, then through SPLINK_SYNONYMS, then keeps frame column names as
 * they are; any other column keeps its Splink name, with a warning that throughline frames have no
 * such column. Deliberately unmapped: `birth_place` (a place of birth is not the address town that
 * throughline's `town` holds), `email` and `occupation` (no frame column); map them explicitly
 * with `columnNames` if the data really carries them.
 *
 * Dates. Splink dates are usually 'YYYY-MM-DD' strings, throughline's are yyyymmdd integers;
 * strptime/try_strptime wrappers and casts are looked through. Date windows become `datesWithin`
 * in whole days: `ABS(EPOCH(a) - EPOCH(b)) <= s` gives floor(s / 86400) (exact for whole-day
 * differences: Splink's "1 month" of 2629800 s becomes 30 days, "1 year" 365 days);
 * `date_diff('day', a, b)` is exact; `date_diff('month' | 'year', ...)` counts calendar
 * boundaries, which has no exact day equivalent, and becomes round(n x 30.44) or
 * round(n x 365.25) days, with a warning.
 */

export interface SplinkLevel {
  sql_condition: string;
  label_for_charts: string;
  m_probability?: number;
  u_probability?: number;
  is_null_level?: boolean;
  tf_adjustment_column?: string;
  tf_adjustment_weight?: number;
}

export interface SplinkComparison {
  output_column_name: string;
  comparison_description?: string;
  comparison_levels: SplinkLevel[];
}

export interface SplinkSettings {
  link_type: 'link_only' | 'dedupe_only' | 'link_and_dedupe';
  probability_two_random_records_match: number;
  retain_matching_columns: boolean;
  retain_intermediate_calculation_columns: boolean;
  additional_columns_to_retain: string[];
  sql_dialect: 'duckdb';
  em_convergence: number;
  max_iterations: number;
  unique_id_column_name: string;
  source_dataset_column_name: string;
  blocking_rules_to_generate_predictions: { blocking_rule: string; sql_dialect: 'duckdb' }[];
  comparisons: SplinkComparison[];
}

/** Splink column names commonly used in its demos and by national teams, onto frame columns. */
export const SPLINK_SYNONYMS: Readonly<Record<string, string>> = {
  first_name: 'forename',
  firstname: 'forename',
  given_name: 'forename',
  forename: 'forename',
  surname: 'surname',
  last_name: 'surname',
  lastname: 'surname',
  family_name: 'surname',
  dob: 'dob',
  date_of_birth: 'dob',
  birth_date: 'dob',
  sex: 'sex',
  gender: 'sex',
  postcode: 'postcode',
  postcode_fake: 'postcode',
  post_code: 'postcode',
  postal_code: 'postcode',
  city: 'town',
  town: 'town',
  address: 'address',
  full_address: 'address',
  nhs_number: 'nhsNumber',
  pnc_number: 'pnc',
  cro_number: 'cro',
  prison_number: 'prisonNumber',
};

export const INT_COLUMNS = new Set(['dob']);
export const LISTS = new Set<string>([...LIST_COLUMNS, 'nicknames']);
export const FRAME_COLUMNS = new Set<string>([...TEXT_COLUMNS, ...LISTS, ...INT_COLUMNS]);

/** Postcode parts as Splink's PostcodeComparison extracts them from the full postcode. */
export const POSTCODE_PARTS: Record<string, string> = {
  postcodeSector: '^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? [0-9]',
  postcodeDistrict: '^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?',
  postcodeArea: '^[A-Za-z]{1,2}',
};
