import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Integration files, heaviest first. Vitest orders files by the durations it cached from the previous
 * run, and by file size when it has none, as on a fresh clone in CI: there the 43-line Django 4.2 smoke
 * file (six whole runs) started last and ran alone for minutes while the other worker was idle. Seconds of
 * one worker on this machine kind (2 cores, two files at a time), measured from `npm test`'s JSON report;
 * a file not listed runs after these, by the base order.
 */
export const SECONDS: Record<string, number> = {
  'django42.test.ts': 240,
  'stack.test.ts': 170,
  'false-greens.test.ts': 160,
  'suites.test.ts': 150,
  'seed-flows.test.ts': 150,
  'pr-mode.test.ts': 134,
  'coverage.test.ts': 130,
  'consumer.test.ts': 116,
  'endpoint-kinds.test.ts': 101,
  'cli.test.ts': 90,
  'checks.test.ts': 76,
  'templates.test.ts': 65,
  'drift-surprises.test.ts': 52,
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
