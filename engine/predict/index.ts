export { type Predictions, predict } from './predict';
export {
  type Contribution,
  createScorer,
  probabilityFromWeight,
  type Scorer,
  weightFromProbability,
} from './score';
