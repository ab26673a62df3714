/** The normalise stage: raw cells in, clean columns and canonical identifiers out. */
export type { DateOrder, DateParse } from './dates';
export { dayNumber, daysInMonth, fromDayNumber, inferDateOrder, parseDate, todayYmd } from './dates';
export { isMissingToken } from './missing';
export type { Alias, ForenameSplit, FullNameSplit } from './names';
export { cleanName, parseAliases, SURNAME_PARTICLES, splitForenames, splitFullName } from './names';
export { nhsCheckDigit, normaliseNhsNumber } from './nhs-number';
export { areNicknames, NICKNAME_GROUPS, nicknameGroupsOf } from './nicknames';
export type { NormaliseOptions } from './normalise-table';
export { normaliseTable } from './normalise-table';
export { phoneticKey } from './phonetic';
export { croCheckLetter, croSfCheckLetter, normaliseCro, normalisePnc, pncCheckLetter } from './pnc-cro';
export type { ParsedPostcode } from './postcodes';
export { isNoFixedAbode, parsePostcode } from './postcodes';
export { normalisePrisonNumber } from './prison-number';
export { concatTables, emptyTable, selectRows } from './table-rows';
export type { FieldQuality, NormalisedTable } from './types';
