export { type EmResult, expectationMaximisation } from './em';
export {
  levelWeights,
  MODEL_FORMAT,
  MODEL_VERSION,
  type Model,
  priorWeight,
  type TrainingSummary,
} from './model';
export { countPatterns, type Patterns } from './patterns';
export { type ModelParse, modelSchema, parseModel } from './schema';
export {
  exportSplink,
  importSplink,
  type SplinkImport,
  type SplinkImportOptions,
  type SplinkSettings,
} from './splink/index';
export { type LabelledVectors, type TrainInput, train } from './train';
export { estimateU, totalPairs } from './u';
