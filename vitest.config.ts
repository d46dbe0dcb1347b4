import { defineConfig } from 'vitest/config';
import HeaviestFirst from './test/heaviest-first.js';

// Three projects. `unit` is pure logic and needs no container engine. `integration` boots real
// containers (fixture services under fixtures/), two files at a time: a booted stack mostly waits on
// its own service, each run labels and removes only what it started, and every check that reads the
// machine narrows itself to its own run id. `integration-alone` holds the files whose figures another
// stack on the same cores would move (latencies, cache speed-ups): they run after the others, alone.
const INTEGRATION = {
  // The CLI under test runs from dist/: refuse a dist/ older than src/.
  globalSetup: ['test/integration/dist-fresh.ts'],
  environment: 'node' as const,
  testTimeout: 300_000,
  hookTimeout: 300_000,
};
const ALONE = ['test/integration/timing.test.ts'];

export default defineConfig({
  test: {
    // On a fresh clone vitest has no durations to order files by: the heaviest integration files start first.
    sequence: { sequencer: HeaviestFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          maxWorkers: 2,
          // Pure logic: one module graph per worker instead of one per file halves the project's CPU
          // (measured: 95 → 47 CPU-s, on a suite that is CPU-bound); files shuffled, they still pass.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...INTEGRATION,
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: ALONE,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...INTEGRATION,
          name: 'integration-alone',
          include: ALONE,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
