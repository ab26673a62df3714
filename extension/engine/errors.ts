import type { EngineError, Outcome } from '../../shared/workspace';

const LOST_MESSAGE =
  'The throughline engine stopped before it answered (it crashed or the browser closed it). ' +
  'Check the workspace status, then try again: the next action starts a fresh engine.';

/** The engine worker went away while a call was in flight, or before it could be reached. */
export class EngineLostError extends Error {
  readonly kind = 'engine-lost';
  constructor(message = LOST_MESSAGE) {
    super(message);
    this.name = 'EngineLostError';
  }
}

/**
 * An error that escaped the engine's own Outcome values, as one a user can be shown. Only a lost
 * engine is expected here; anything else is a bug, reported the same way so that a content script
 * always gets an answer it can show instead of a hung request.
 */
export function asEngineError(error: unknown): EngineError {
  if (error instanceof EngineLostError) return { kind: 'engine-lost', message: error.message };
  const reason = error instanceof Error ? error.message : String(error);
  return { kind: 'engine-lost', message: `The throughline engine could not answer: ${reason}` };
}

export const failure = <T>(error: unknown): Outcome<T> => ({ ok: false, error: asEngineError(error) });
