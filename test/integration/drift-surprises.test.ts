import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/types.js';
import { fixture, readReport, runCli, tempDir, type CliResult } from './helpers.js';

// fixtures/drift-surprises: what real services do that the seed does not (its README lists each), with zero
// configuration. Every mechanism of issue 19 has its assertion here. Seed 3 here, 2 for
// the OpenAPI fallback run below: the verdict must not depend on the data.
describe('drift-surprises: a service that surprises a probe, with zero configuration', () => {
  let result: CliResult;
  let report: RunReport;
  beforeAll(async () => {
    const reports = tempDir('drift-surprises');
    result = await runCli(['run', fixture('drift-surprises'), '--reports', reports, '--no-timing', '--rows', '4', '--seed', '3'], { timeoutMs: 600_000 });
    report = readReport(reports);
  }, 620_000);

  it('passes: exit 0, every API endpoint verified, its 11 Django tests run', () => {
    expect(result.code, result.stdout).toBe(0);
    expect(report.api!.endpoints.map((e) => [e.route, e.state])).toEqual(report.api!.endpoints.map((e) => [e.route, 'verified']));
    expect(report.coverage!.tests.filter((t) => t.status === 'passed')).toHaveLength(11);
  });

  it('the checks phase finds nothing: its validate_code, validate() and nested writes are rules, not defects (no false red)', () => {
    const checks = report.checks!;
    const phase = report.phases.find((p) => p.name === 'checks')!;
    console.log(`checks phase: ${checks.requests} requests, ${checks.findings.length} findings, ${phase.durationMs} ms of a ${report.durationMs} ms run (${Math.round((100 * phase.durationMs) / report.durationMs)}%)`);
    expect(checks.findings.map((f) => `${f.check} ${f.method} ${f.endpoint}: ${f.message}`), result.stdout).toEqual([]);
    expect(phase.status).toBe('passed');
    expect(checks.requests).toBeGreaterThan(50);
  });

  it('DEBUG off and ALLOWED_HOSTS without localhost: readiness asked again with the Host the probe says Django accepts', () => {
    expect(report.inspect!.hostHeader).toMatch(/^parts\.svc\.cluster\.local:\d+$/);
    expect(report.inspect!.notes).toContain('readiness confirmed with the Host Django accepts: GET /api/ answered 200');
  });

  it('an int DEBUG and a string "True" in extra_kwargs are read as Python reads them, and said so; nothing else of the probe is lost', () => {
    const notes = report.inspect!.notes.join('\n');
    expect(notes).toContain('probe: settings.DEBUG: 0 (a number) read as false');
    expect(notes).toMatch(/probe: serializers\["parts\.serializers\.PartSerializer[^"]*"\]\.fields\[\d\]\.required: "True" \(a string\) read as true/);
    expect(notes).not.toMatch(/left out|read as null/);
  });

  it('LANGUAGE_CODE es: no model change without a migration, as makemigrations --check says', () => {
    expect(report.database!.migrations.missing).toEqual([]);
  });

  it('validate_code and validate(): learnt from the service\'s own 400s, not blamed on it', () => {
    expect(report.seed!.learnt).toEqual(['/api/parts/ code: sent as "AB-123" and values of its shape', '/api/bookings/: starts before ends']);
    expect(report.seed!.endpoints.find((e) => e.path === '/api/parts/')).toMatchObject({ created: 4, failed: 0 });
    const create = report.flows.find((f) => f.name === '/api/bookings/ create')!;
    expect(create.status).toBe('passed');
  });

  it('the nested kit items come back in name order and still echo what was sent', () => {
    for (const step of ['create', 'retrieve', 'update']) expect(report.flows.find((f) => f.name === `/api/kits/ ${step}`)?.status, step).toBe('passed');
  });

  it('a queryset-less ViewSet is a plain endpoint; the POST-only create view gets create checks only', () => {
    expect(report.flows.filter((f) => f.endpoint === '/api/status/').map((f) => [f.step, f.status])).toEqual([['retrieve', 'passed']]);
    const signUp = report.flows.filter((f) => f.endpoint === '/api/users/create/');
    expect(signUp.map((f) => f.step)).toContain('create');
    expect(signUp.map((f) => f.step)).not.toContain('list');
    expect(signUp.every((f) => f.status === 'passed')).toBe(true);
  });

  it('function views with <str:pk> and <int:pk> get real rows of the models their code names', () => {
    for (const endpoint of ['/api/labels/<str:pk>/', '/api/booking-days/<int:pk>/']) {
      const steps = report.flows.filter((f) => f.endpoint === endpoint);
      expect(steps.map((f) => [f.step, f.status]), endpoint).toEqual([['retrieve', 'passed']]);
    }
  });
});

describe('drift-surprises with the probe unable to run: the OpenAPI fallback', () => {
  it('classifies by the operations the schema lists: the POST-only sign-up gets no list step, and the run passes', async () => {
    const dir = path.join(tempDir('drift-openapi'), 'drift-surprises');
    cpSync(fixture('drift-surprises'), dir, { recursive: true });
    // A production image that disables `manage.py shell` (the probe's way in, and the resolver's).
    const commands = path.join(dir, 'parts', 'management', 'commands');
    mkdirSync(commands, { recursive: true });
    writeFileSync(path.join(dir, 'parts', 'management', '__init__.py'), '');
    writeFileSync(path.join(commands, '__init__.py'), '');
    writeFileSync(path.join(commands, 'shell.py'), [
      'from django.core.management.base import BaseCommand, CommandError',
      '',
      '',
      'class Command(BaseCommand):',
      "    help = 'Disabled in this image.'",
      '',
      '    def add_arguments(self, parser):',
      "        parser.add_argument('-c', '--command')",
      '',
      '    def handle(self, *args, **options):',
      "        raise CommandError('the interactive shell is disabled in this image')",
      '',
    ].join('\n'));
    // Without the probe nothing says which hosts Django allows: this copy allows localhost as well.
    const settings = path.join(dir, 'config', 'settings.py');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace("ALLOWED_HOSTS = ['parts.svc.cluster.local']", "ALLOWED_HOSTS = ['parts.svc.cluster.local', 'localhost']"));
    const reports = tempDir('drift-openapi-reports');
    const run = await runCli(['run', dir, '--reports', reports, '--no-timing', '--no-database', '--no-coverage', '--no-checks', '--rows', '2', '--seed', '2'], { timeoutMs: 600_000 });
    const report = readReport(reports);
    expect(report.inspect!.notes.join('\n')).toMatch(/the Django probe could not run/);
    expect(report.inspect!.endpoints.find((e) => e.path === '/api/users/create/')?.source).toBe('OpenAPI');
    const signUp = report.flows.filter((f) => f.endpoint === '/api/users/create/').map((f) => f.step);
    expect(signUp).toContain('create');
    expect(signUp).not.toContain('list');
    expect(signUp).not.toContain('retrieve');
    expect(run.code, run.stdout).toBe(0);
  }, 620_000);
});
