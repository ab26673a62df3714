/** The refusals the governance layer answers with, as values (see shared/workspace `Outcome`). */
import { type EngineError, fail, type Outcome } from '../../shared/workspace';
import { LIMITS } from './retention';

export const LOCKED: EngineError = {
  kind: 'locked',
  message: 'throughline is locked (encryption at rest): enter the passphrase to unlock it.',
};

export const WRONG_PASSPHRASE: EngineError = {
  kind: 'wrong-passphrase',
  message: 'The passphrase is not correct. Nothing was changed.',
};

export const invalid = <T>(message: string): Outcome<T> =>
  fail({ kind: 'invalid-input', message, issues: [] });

export const conflict = <T>(message: string): Outcome<T> => fail({ kind: 'conflict', message });

export const RETENTION_DAYS_RULE = `A retention period is a whole number of days from 1 to ${LIMITS.retentionDays.max}.`;
