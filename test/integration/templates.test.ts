import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateCommand } from '../unit/templates/template-command.js';
import { fixture, runCli, tempDir } from './helpers.js';

describe('the command the CI templates run', () => {
  it('passes on the bundled example service, run from the service directory as CI does', async () => {
    const repo = path.join(tempDir('ci-template'), 'service');
    cpSync(fixture('notes-redis'), repo, { recursive: true });
    const args = templateCommand('github');
    const result = await runCli(args, { cwd: repo });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const file of ['junit.xml', 'report.json', 'summary.md']) expect(existsSync(path.join(repo, 'enid-reports', file))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(repo, 'enid-reports', 'report.json'), 'utf8')).status).toBe('passed');
  });

  it('init-ci writes a template once and never overwrites', async () => {
    const repo = tempDir('init-ci');
    const first = await runCli(['init-ci', 'gitlab', repo]);
    expect(first.code).toBe(0);
    expect(readFileSync(path.join(repo, '.gitlab-ci.yml'), 'utf8')).toContain('coverage_format: cobertura');
    const second = await runCli(['init-ci', 'gitlab', repo]);
    expect(second.code).toBe(2);
    expect(second.stdout + second.stderr).toContain('already exists; nothing was written');
  });
});
