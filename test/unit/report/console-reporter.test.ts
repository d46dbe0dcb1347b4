import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleReporter } from '../../../src/report/console-reporter.js';
import type { PhaseName } from '../../../src/types.js';
import { recordedReport } from './recorded-report.js';
import { Sink } from './sink.js';

const ANSI = /\u001b\[/;
const phases: PhaseName[] = ['discover', 'stack', 'seed', 'flows', 'suites', 'timing', 'coverage', 'teardown'];

function play(reporter: ConsoleReporter): void {
  const report = recordedReport();
  reporter.onBegin({ service: report.service, phases });
  reporter.onPhaseBegin('stack');
  reporter.onLog('pulling postgres:16-alpine');
  reporter.onPhaseEnd({ name: 'stack', status: 'error', durationMs: 3_400, detail: 'service exited with code 1' });
  reporter.onPhaseEnd({ name: 'seed', status: 'passed', durationMs: 1_200 });
  reporter.onCaseEnd('flow', report.flows[2]!);
  reporter.onPhaseEnd({ name: 'timing', status: 'skipped', durationMs: 0, detail: 'no Redis in the stack' });
  reporter.onError(report.errors[0]!);
  reporter.onEnd(report);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('ConsoleReporter', () => {
  it('prints phases, errors with hint and log tail, and the verdict line (not a TTY)', () => {
    const sink = new Sink(false);
    play(new ConsoleReporter({ stream: sink }));
    expect(sink.text).toBe(
      [
        'enid-test notes (/srv/services/notes)',
        '  pulling postgres:16-alpine',
        '✖ stack    3.4s  service exited with code 1',
        '✔ seed     1.2s',
        `  ✖ flow tags: update: expected status 200, got 400 | field "name" <invalid> & 'quoted' red`,
        '- timing skipped (no Redis in the stack)',
        'error: manage.py test exited with status 1 (1 of 3 tests failed)',
        '  hint: run `python manage.py test notes.tests.test_views` in the service directory to reproduce',
        '    FAIL: test_update_tag (notes.tests.test_views.NoteApiTests)',
        '    AssertionError: 400 != 200',
        '    Ran 3 tests in 0.101s',
        '    FAILED (failures=1) <see above> & ```',
        'api endpoints',
        '  api/^notes/$                 GET POST                POST GET',
        '  api/^notes/(?P<pk>[^/.]+)/$  GET PUT PATCH DELETE    —  (no check reaches it yet)',
        '  api/^tags/$                  GET POST                POST',
        'timing      cold p50/p90        warm p50/p90        speedup (bound)     samples  verdict',
        '  /api/notes/',
        '    48 ms/61 ms         9.3 ms/12 ms        5.2× (≥ 3.9×)       30       cached',
        '  /api/tags/',
        '    22 ms/30 ms         21 ms/30 ms         1.0× (≥ 0.9×)       30       not-cached — no Redis key appeared after the cold request: the view is not wrapped in cache_page',
        'coverage 81.3% (390/480 lines, combined), minimum 80% met; lowest files:',
        '     0.0%  notes/management/commands/create_test_data.py',
        '    40.0%  notes/signals.py',
        '    50.0%  notes/admin.py',
        '    66.7%  notes/permissions.py',
        '    80.0%  notes/filters.py',
        'FAILED (exit 1) in 48.7s — 4 flows (1 failed), 2 suite tests, 2 timing checks (1 failed), 3 Django tests (1 failed), coverage 81.3%; exercised 2 of 3 API endpoints (9 URL patterns)',
        '',
      ].join('\n'),
    );
  });

  it('prints the passing summary without an exit code', () => {
    const sink = new Sink(false);
    const { api: _api, ...recorded } = recordedReport();
    const report = { ...recorded, status: 'passed' as const, exitCode: 0, durationMs: 12_300, suites: [], flows: [], timing: [] };
    report.coverage = { ...report.coverage!, tests: [], lineRate: 0.875, linesCovered: 420 };
    new ConsoleReporter({ stream: sink }).onEnd(report);
    expect(sink.text.split('\n').at(-2)).toBe('PASSED in 12.3s — coverage 87.5%');
    expect(sink.text).toMatch(/^coverage 87\.5% \(420\/480 lines, combined\), minimum 80% met; lowest files:\n/);
  });

  it('emits no ANSI escape with NO_COLOR, even on a TTY', () => {
    vi.stubEnv('NO_COLOR', '1');
    vi.stubEnv('CI', '');
    const sink = new Sink(true);
    play(new ConsoleReporter({ stream: sink }));
    expect(sink.text).toContain('✖ stack');
    expect(sink.text).not.toMatch(ANSI);
  });

  it('emits no ANSI escape when CI is set', () => {
    vi.stubEnv('NO_COLOR', '');
    vi.stubEnv('CI', 'true');
    const sink = new Sink(true);
    play(new ConsoleReporter({ stream: sink }));
    expect(sink.text).not.toMatch(ANSI);
  });

  it('colours a TTY without NO_COLOR or CI, and when asked to', () => {
    vi.stubEnv('NO_COLOR', '');
    vi.stubEnv('CI', '');
    const tty = new Sink(true);
    play(new ConsoleReporter({ stream: tty }));
    expect(tty.text).toContain('\u001b[31m✖\u001b[0m stack');
    expect(tty.text).toContain('\u001b[32m✔\u001b[0m seed');
    const forced = new Sink(false);
    play(new ConsoleReporter({ stream: forced, color: true }));
    expect(forced.text).toMatch(ANSI);
  });

  it('overwrites the progress line with \\r on a TTY and clears it before the next line', () => {
    const sink = new Sink(true);
    const reporter = new ConsoleReporter({ stream: sink, color: false });
    reporter.onLog('pulling postgres:16-alpine');
    reporter.onLog('building notes');
    reporter.onPhaseEnd({ name: 'stack', status: 'passed', durationMs: 21_318 });
    expect(sink.chunks).toEqual([
      '\rpulling postgres:16-alpine',
      '\rbuilding notes            ',
      // Only the visible text needs blanking: the padding after it is already spaces.
      `\r${' '.repeat(14)}\r`,
      '✔ stack    21.3s\n',
    ]);
  });

  it('in quiet mode keeps only failures, errors and the verdict', () => {
    const sink = new Sink(false);
    play(new ConsoleReporter({ stream: sink, quiet: true }));
    const lines = sink.text.trimEnd().split('\n');
    expect(lines[0]).toBe('✖ stack    3.4s  service exited with code 1');
    expect(lines.some((l) => l.includes('seed') || l.includes('pulling'))).toBe(false);
    expect(lines.at(-1)).toMatch(/^FAILED \(exit 1\) in 48\.7s/);
  });

  it('masks secrets it is given', () => {
    const sink = new Sink(false);
    new ConsoleReporter({ stream: sink, secrets: ['s3cr3t-pw'] }).onLog('DATABASE_URL=postgres://u:s3cr3t-pw@db/notes');
    expect(sink.text).toBe('  DATABASE_URL=postgres://u:***@db/notes\n');
  });
});
