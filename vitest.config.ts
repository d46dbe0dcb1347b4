import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure logic and needs no container engine; `integration` boots real containers
// (fixture services under fixtures/) and runs its files one at a time so two stacks never fight over
// the machine's two cores unless a test asks for it.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // The CLI under test runs from dist/: refuse a dist/ older than src/.
          globalSetup: ['test/integration/dist-fresh.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
