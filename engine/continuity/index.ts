export { ageOn, daysBetween, isoDate, parseIsoDate, weekdayOf, weekStarting } from './calendar';
export { computeKpis, kpisCsv, wilsonInterval } from './kpis';
export {
  auditByArea,
  CONTINUITY_HEADER,
  continuityCsv,
  WORKLIST_HEADER,
  worklist,
  worklistCsv,
} from './outputs';
export {
  OutcomeColumns,
  outcomeAt,
  type PackedOutcomes,
  packOutcomes,
  unpackOutcomes,
} from './packed-outcomes';
export { type ContinuityRule, DEFAULT_RULE, parseRule, type RuleParse, ruleSchema } from './rule';
export {
  type ContinuityInput,
  computeOutcomes,
  computeOutcomesWithLinks,
  type Link,
  visitOutcomes,
} from './status';
export * from './types';
