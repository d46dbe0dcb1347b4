import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/exit-codes.js';
import { HELP } from '../../../src/cli/help.js';

const README = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');

describe('the README keeps the CLI contract', () => {
  it('documents exactly the exit codes the CLI uses', () => {
    const section = README.slice(README.indexOf('### Exit codes'), README.indexOf('### Reports'));
    const documented = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(documented).toEqual(Object.values(ExitCode));
  });

  it('names every command of the CLI help', () => {
    for (const command of Object.keys(HELP).filter((c) => c !== 'main')) expect(README).toContain(`enid-test ${command}`);
  });

  it('names every flag of `run`', () => {
    const flags = [...HELP.run!.matchAll(/^\s+(--[a-z0-9-]+)/gm)].map((m) => m[1]!);
    expect(flags.length).toBeGreaterThan(10);
    for (const flag of flags) expect(README).toContain(flag);
  });

  it('shows the two set-up commands and the main job', () => {
    expect(README).toContain('npm ci');
    expect(README).toContain('npm test');
    expect(README).toContain('npm run enid-test -- run fixtures/notes-redis');
  });
});
