import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { StackInfo } from '../../../src/stack/stack-info.js';
import setup, { parseStackInfo } from '../../../src/vitest/global-setup.js';
import { stackInfo } from '../../../src/vitest/provided-context.js';
import { findSuiteFiles } from '../../../src/vitest/run-suites.js';

const INFO: StackInfo = {
  runId: 'library-abc12345', service: 'library', baseUrl: 'http://localhost:32771', apiRoots: ['/api/'],
  databaseUrl: 'postgresql://library:pw@localhost:32770/library', logs: {},
  backing: { postgres: { host: 'localhost', port: 32770, user: 'library', password: 'pw', database: 'library', url: 'postgresql://library:pw@localhost:32770/library' } },
};

describe('the globalSetup under `enid-test run`', () => {
  it('provides the run\'s stack from ENID_STACK_INFO (plain data) and boots nothing', async () => {
    const provide = vi.fn();
    const teardown = await setup({ config: { env: { ENID_STACK_INFO: JSON.stringify(INFO) }, root: '/nowhere' }, provide } as never);
    expect(provide).toHaveBeenCalledWith('enid:stack', INFO);
    expect(structuredClone(provide.mock.calls[0]![1])).toEqual(INFO);
    await teardown();
  });

  it('a malformed ENID_STACK_INFO is bad input with a way out', () => {
    expect(() => parseStackInfo('{nope')).toThrow(expect.objectContaining({ code: 'ENID_BAD_INPUT', message: expect.stringMatching(/not JSON/), hint: expect.stringMatching(/unset ENID_STACK_INFO/) }));
    expect(() => parseStackInfo('{"service":"x"}')).toThrow(/holds no stack/);
  });
});

describe('stackInfo()', () => {
  it('without the globalSetup, names the globalSetup to add', () => {
    expect(() => stackInfo()).toThrow(expect.objectContaining({ code: 'ENID_NO_STACK', hint: expect.stringContaining("globalSetup: ['enid-test/vitest']") }));
  });
});

describe('findSuiteFiles', () => {
  it('matches the include globs under the service dir, leaving node_modules out', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'enid-suites-'));
    for (const f of ['e2e/b.test.ts', 'e2e/nested/a.test.ts', 'e2e/helper.ts', 'node_modules/x/e2e/c.test.ts', 'tests/d.test.ts']) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), '');
    }
    expect(findSuiteFiles(dir, ['e2e/**/*.test.ts'])).toEqual(['e2e/b.test.ts', 'e2e/nested/a.test.ts']);
    expect(findSuiteFiles(dir, ['**/*.test.ts'])).toEqual(['e2e/b.test.ts', 'e2e/nested/a.test.ts', 'tests/d.test.ts']);
    expect(findSuiteFiles(dir, ['spec/**/*.test.ts'])).toEqual([]);
  });
});
