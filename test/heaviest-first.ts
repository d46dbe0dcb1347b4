import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Integration files, heaviest first. Vitest orders files by the durations it cached from the previous
 * run, and by file size when it has none, as on a fresh clone in CI: there the 43-line Django 4.2 smoke
 * file (six whole runs, four minutes) would start among the last, its four minutes the suite's tail. Seconds of
 * one worker on this machine kind (2 cores, two files at a time), from `npm test` in a fresh-clone CI run;
 * a file not listed runs after these, by the base order.
 */
export const SECONDS: Record<string, number> = {
  'stack.test.ts': 249,
  'django42.test.ts': 242,
  'suites.test.ts': 163,
  'false-greens.test.ts': 148,
  'coverage.test.ts': 140,
  'consumer.test.ts': 130,
  'seed-flows.test.ts': 127,
  'endpoint-kinds.test.ts': 121,
  'pr-mode.test.ts': 107,
  'cli.test.ts': 97,
  'checks.test.ts': 70,
  'drift-surprises.test.ts': 58,
  'templates.test.ts': 56,
  'database.test.ts': 46,
  'bench-safety.test.ts': 32,
  'coverage-sibling.test.ts': 26,
  'seed-volume.test.ts': 21,
};

/** Keeps vitest's order of groups and projects; within a project, the heaviest files first. */
export default class HeaviestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const weight = (spec: TestSpecification): number => SECONDS[path.basename(spec.moduleId)] ?? 0;
    const key = (spec: TestSpecification): string => `${spec.project.config.sequence.groupOrder}\u0000${spec.project.name}`;
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => (key(a.spec) === key(b.spec) ? weight(b.spec) - weight(a.spec) || a.i - b.i : a.i - b.i))
      .map(({ spec }) => spec);
  }
}
