export { type Accuracy, countTruePairs, pairwiseAccuracy, type Sides, type Truth } from './pairwise';
