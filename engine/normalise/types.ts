/**
 * The output of normalise: one file's records cleaned and in columns. Missing values are null
 * (strings) or 0 (dates as yyyymmdd integers). An invalid identifier is missing, never evidence.
 */
export interface NormalisedTable {
  file: string;
  n: number;
  /** Record ids exactly as they appear in the input id column. */
  ids: string[];
  /** 1-based source row of each record, for messages. */
  sourceRows: Int32Array;

  /** First forename, cleaned (upper case, A-Z only, see names.ts). */
  forename: (string | null)[];
  /** Second and later forenames, space separated. */
  middleNames: (string | null)[];
  /** Surname, cleaned; a double-barrelled surname keeps its parts separated by one space. */
  surname: (string | null)[];
  /** Every forename a record is known by: first name, middle names, alias forenames. */
  forenamesAll: string[][];
  /** Every surname a record is known by: surname, its parts, alias surnames. */
  surnamesAll: string[][];
  /** Phonetic keys (double metaphone primary) of forename and surname, for blocking. */
  forenameKey: (string | null)[];
  surnameKey: (string | null)[];

  /** Date of birth as yyyymmdd (e.g. 19850312); 0 when missing or a placeholder. */
  dob: Int32Array;
  /** 'M' | 'F' | null */
  sex: (string | null)[];

  /** Postcode: UK postcodes as "LS6 2AB" with their parts; other postcodes cleaned as given. */
  postcode: (string | null)[];
  postcodeSector: (string | null)[];
  postcodeDistrict: (string | null)[];
  postcodeArea: (string | null)[];
  address: (string | null)[];
  town: (string | null)[];

  /** Identifiers in canonical form, null when missing or invalid. */
  nhsNumber: (string | null)[];
  pnc: (string | null)[];
  cro: (string | null)[];
  prisonNumber: (string | null)[];
  otherId: (string | null)[];

  /** Dated event columns (releaseDate, referralDate, ...) as yyyymmdd, 0 when missing. */
  events: Record<string, Int32Array>;
  /** Attribute columns (establishment, flags, ...) as cleaned text. */
  attributes: Record<string, (string | null)[]>;
  /** Unmapped columns carried through unchanged. */
  extras: Record<string, string[]>;

  /** Per field: how many values were present, missing, or rejected as invalid/placeholder. */
  quality: FieldQuality[];
}

export interface FieldQuality {
  field: string;
  present: number;
  missing: number;
  /** Values given but rejected (bad check digit, placeholder date, NFA postcode, ...). */
  rejected: number;
}
