export {
  type Comparison,
  type CompiledComparisons,
  comparison,
  comparisonLibrary,
  comparisonsFor,
  compileComparison,
  compileComparisons,
  type Level,
} from './comparisons';
export {
  buildFrame,
  columnCoverage,
  type Frame,
  type FrameColumn,
  type FrameInput,
  frameInputOf,
  hasValue,
  type IntColumn,
  LIST_COLUMNS,
  type LinkType,
  type ListColumn,
  TEXT_COLUMNS,
  type TextColumn,
} from './frame';
export { extendFrame } from './frame-extend';
export { jaro, jaroWinkler } from './jaro-winkler';
export {
  type Condition,
  ConditionError,
  checkCondition,
  compileCondition,
  conditionColumns,
  describeCondition,
  oneDigitOff,
  SimilarityCache,
} from './levels';
