export { describeAssignments } from './describe';
export { normaliseHeader } from './headers';
export { type FileLayout, type LayoutResult, readLayout } from './inspect';
export { type MappingFile, parseMappingFile } from './mapping';
export { type ReadOptions, readTable } from './read';
export { FIELD_SYNONYMS } from './synonyms';
export type { ColumnAssignment, RawTable } from './types';
