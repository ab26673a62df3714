/** Progress of a long call, reported through a callback (a Comlink proxy in the browser). */
export interface Progress {
  stage: string;
  message: string;
  /** 0..1 where known. */
  fraction?: number;
}

export type ProgressCallback = (progress: Progress) => void;

export class CancelledError extends Error {
  constructor() {
    super('The run was cancelled.');
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/**
 * Yields to the event loop, then stops if the call was cancelled. In a worker this is where a
 * `cancel` message (or any other call) gets its turn, so long stages call it between chunks.
 */
export async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  throwIfAborted(signal);
}

/** Times each stage of a run, for the report and the benchmarks. */
export class StageTimer {
  readonly stages: { stage: string; ms: number }[] = [];
  private readonly origin = performance.now();
  private last = this.origin;

  lap(stage: string): void {
    const now = performance.now();
    this.stages.push({ stage, ms: now - this.last });
    this.last = now;
  }

  total(): number {
    return performance.now() - this.origin;
  }
}
