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
  'django42.test.ts': 204,
  'stack.test.ts': 194,
  'suites.test.ts': 143,
  'false-greens.test.ts': 109,
  'coverage.test.ts': 99,
  'consumer.test.ts': 98,
  'pr-mode.test.ts': 98,
  'seed-flows.test.ts': 82,
  'endpoint-kinds.test.ts': 73,
  'checks.test.ts': 64,
  'drift-surprises.test.ts': 51,
  'templates.test.ts': 46,
  'cli.test.ts': 39,
  'database.test.ts': 31,
  'bench-safety.test.ts': 25,
  'coverage-sibling.test.ts': 18,
  'seed-volume.test.ts': 14,
  'image-build.test.ts': 10,
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
