export { conditionSql, exportSplink } from './export';
export { importSplink, type SplinkImport, type SplinkImportOptions } from './import';
export { SPLINK_SYNONYMS, type SplinkComparison, type SplinkLevel, type SplinkSettings } from './settings';
