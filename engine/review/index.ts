export {
  DECISIONS_HEADER,
  type Decision,
  type DecisionsParse,
  type PairDecision,
  pairKey,
  parseDecisions,
} from './decisions';
