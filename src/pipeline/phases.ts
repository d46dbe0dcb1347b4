import { checksPhase } from '../checks/phase.js';
import { coveragePhase } from '../coverage/phase.js';
import { databasePhase } from '../database/phase.js';
import { flowsPhase } from '../flows/phase.js';
import { inspectPhase } from '../inspect/phase.js';
import { prPhase } from '../pr/phase.js';
import { seedPhase } from '../seed/phase.js';
import { timingPhase } from '../timing/phase.js';
import { suitesPhase } from '../vitest/phase.js';
import type { AnyPhase } from './phase.js';

/** The phases after the stack is up, in the order of the run. */
export const PHASES: readonly AnyPhase[] = [inspectPhase, seedPhase, flowsPhase, checksPhase, suitesPhase, databasePhase, timingPhase, coveragePhase, prPhase];
