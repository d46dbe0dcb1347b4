import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../../src/cli/args.js';
import { templatePath } from '../../../src/cli/ci-commands.js';
import { templateCommand } from './template-command.js';
import { optionsFromEnv } from '../../../src/run-options.js';

describe('CI templates', () => {
  it('GitHub Actions template is valid YAML with the job, artifacts and Node 24', () => {
    const doc = parse(readFileSync(templatePath('github'), 'utf8'));
    const steps = doc.jobs['enid-test'].steps as Array<Record<string, unknown>>;
    expect(steps.find((s) => s.uses === 'actions/setup-node@v4')?.with).toEqual({ 'node-version': 24 });
    const upload = steps.find((s) => s.uses === 'actions/upload-artifact@v4');
    expect(upload?.if).toBe('always()');
    expect(String((upload?.with as Record<string, string>).path)).toContain('enid-reports/junit.xml');
    expect(String((upload?.with as Record<string, string>).path).split('\n')).toContain('enid-reports/report.html');
  });

  it('GitLab template reports JUnit and Cobertura the way GitLab ingests them', () => {
    const doc = parse(readFileSync(templatePath('gitlab'), 'utf8'));
    const job = doc['enid-test'];
    expect(job.artifacts.when).toBe('always');
    expect(job.artifacts.reports.junit).toBe('enid-reports/junit.xml');
    expect(job.artifacts.reports.coverage_report).toEqual({ coverage_format: 'cobertura', path: 'enid-reports/coverage/cobertura.xml' });
    // The whole reports dir, report.html with it, linked from the merge request (a directory needs its trailing /).
    expect(job.artifacts.paths).toEqual(['enid-reports/']);
    expect(job.artifacts.expose_as).toBe('enid-test reports');
    // The coverage regex must match the console's final line.
    expect(new RegExp(job.coverage.slice(1, -1)).exec('PASSED in 9.1s — 14 flows, 1 timing check, coverage 87.5%')?.[1]).toBe('87.5');
  });

  it('both templates run the same, valid enid-test command', () => {
    const github = templateCommand('github');
    expect(templateCommand('gitlab')).toEqual(github);
    expect(github[0]).toBe('run');
    const args = parseRunArgs(github.slice(1));
    expect(args.dirs).toEqual(['.']);
    expect(args.options.reportsDir).toBe('enid-reports');
  });

  it('PR mode on pull and merge requests: the target branch as base, with the history it needs', () => {
    const github = parse(readFileSync(templatePath('github'), 'utf8'));
    const steps = github.jobs['enid-test'].steps as Array<Record<string, any>>;
    expect(steps.find((s) => s.uses === 'actions/checkout@v4')?.with).toEqual({ 'fetch-depth': 0 });
    const run = steps.find((s) => String(s.run ?? '').includes('enid-test run'))!;
    expect(run.env.ENID_BASE).toBe("${{ github.event_name == 'pull_request' && 'auto' || '' }}");
    expect(steps.some((s) => String(s.run ?? '').startsWith('gh pr comment') && String(s.if).includes("github.event_name == 'pull_request'"))).toBe(true);
    const gitlab = parse(readFileSync(templatePath('gitlab'), 'utf8'))['enid-test'];
    const mr = gitlab.rules.find((r: { if: string }) => r.if.includes('merge_request_event'));
    expect(mr.variables).toEqual({ ENID_BASE: 'auto', GIT_DEPTH: '0' });
    expect(gitlab.script[0]).toContain('refs/remotes/origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME');
    // ENID_BASE is read where the flag would be; empty (a push) means no PR mode.
    expect(optionsFromEnv({ ENID_BASE: 'auto' }).base).toBe('auto');
    expect(optionsFromEnv({ ENID_BASE: '' }).base).toBeUndefined();
  });
});
