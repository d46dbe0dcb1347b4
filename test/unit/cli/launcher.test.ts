import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

// V8's young generation is capped only from the command line (README "Performance", P5): the bin's
// shebang and the npm script are the two ways the CLI is started, and both must carry the flags.
describe('the CLI is started with its memory flags', () => {
  it('in the shebang of src/cli/main.ts, through env -S', () => {
    const first = readFileSync(path.join(ROOT, 'src/cli/main.ts'), 'utf8').split('\n')[0];
    expect(first).toBe('#!/usr/bin/env -S node --max-semi-space-size=1 --optimize-for-size');
  });

  it('in `npm run enid-test`', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
    expect(pkg.scripts['enid-test']).toMatch(/^node --max-semi-space-size=1 --optimize-for-size /);
    expect(pkg.bin['enid-test']).toBe('./dist/src/cli/main.js');
  });
});
