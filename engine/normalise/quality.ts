import type { FieldQuality } from './types';

/** A FieldQuality being counted. */
export function newQuality(field: string): FieldQuality {
  return { field, present: 0, missing: 0, rejected: 0 };
}

/** At most this many row-level issues are listed per column; counts cover the rest. */
export const MAX_LISTED_ISSUES = 20;
