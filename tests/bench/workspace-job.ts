/**
 * The workspace benchmark in Node: the engine over the in-memory store, on synthetic data.
 * Prints one JSON line of figures (see workspace-measure.ts); run.ts formats it.
 */
import { resourceUsage } from 'node:process';
import { createEngine } from '../../engine/api/engine';
import { MemoryStore } from '../../engine/store';
import { workspaceInputs } from './workspace-inputs';
import { measureWorkspace } from './workspace-measure';

const size = Number(process.argv[2]);
const inputs = workspaceInputs(size);
const engine = await createEngine(new MemoryStore(), { now: () => new Date('2026-11-01T09:00:00Z') });
const figures = await measureWorkspace(engine, inputs);
console.log(JSON.stringify({ ...figures, peakRssMiB: resourceUsage().maxRSS / 1024 }));
