export { DEFAULT_BLOCKING_RULES, defaultBlockingRules } from './defaults';
export { blockFreshPairs } from './fresh';
export { BlockingRuleError, computeKeys, type KeyPart } from './keys';
export {
  type BlockingRule,
  blockPairs,
  type CandidatePairs,
  countPairs,
  PairCapError,
  type RuleCount,
  ruleName,
} from './pairs';
