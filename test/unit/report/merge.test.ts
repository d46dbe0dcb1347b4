import { describe, expect, it } from 'vitest';
import { mergeReports, totals } from '../../../src/report/merge.js';
import type { RunReport } from '../../../src/types.js';

function shard(index: number, extra: Partial<RunReport> = {}): RunReport {
  return {
    status: 'passed', exitCode: 0, startedAt: `2026-01-01T00:00:0${index}.000Z`, durationMs: 1000 * index,
    service: { name: 'svc', dir: '/svc' }, assumptions: [], errors: [], suites: [], timing: [],
    phases: [{ name: 'flows', status: 'passed', durationMs: 100 * index }, { name: 'timing', status: index === 1 ? 'passed' : 'skipped', durationMs: 5 }],
    flows: [{ name: `/api/e${index}/ create`, endpoint: `/api/e${index}/`, step: 'create', status: 'passed', durationMs: 1 }],
    shard: { index, total: 2 },
    ...extra,
  };
}

describe('mergeReports', () => {
  it('concatenates flows, keeps whole-service checks once, and takes the worst phase status and exit code', () => {
    const timing = [{ path: '/api/stats/', coldMs: 1, warmMs: 1, coldP90Ms: 1, warmP90Ms: 1, speedup: 5, speedupLow: 4, speedupHigh: 6, minSpeedup: 2, samples: 14, verdict: 'cached' as const, status: 'passed' as const, evidence: {}, latencies: { coldMs: [5, 6], warmMs: [1, 1.2] } }];
    const failing = shard(2, { status: 'failed', exitCode: 1 });
    failing.flows[0]!.status = 'failed';
    failing.phases[0]!.status = 'failed';
    const merged = mergeReports([failing, shard(1, { timing })]);
    expect(merged.flows.map((f) => f.name)).toEqual(['/api/e1/ create', '/api/e2/ create']);
    expect(merged.timing).toHaveLength(1);
    // The plotted latencies travel with their check from the shard that measured it.
    expect(merged.timing[0]!.latencies).toEqual({ coldMs: [5, 6], warmMs: [1, 1.2] });
    expect(merged.exitCode).toBe(1);
    expect(merged.status).toBe('failed');
    expect(merged.phases.find((p) => p.name === 'flows')).toMatchObject({ status: 'failed', durationMs: 200 });
    expect(merged.phases.find((p) => p.name === 'timing')?.status).toBe('passed');
    expect(merged.startedAt).toBe('2026-01-01T00:00:01.000Z');
    expect(merged.durationMs).toBe(2000);
    expect(totals(merged)).toEqual({ flows: 2, flowsFailed: 1, suites: 0, suitesFailed: 0, timing: 1, coverageTests: 0 });
  });

  it('an error in any shard makes the merged run an error with its exit code', () => {
    const broken = shard(1, { status: 'error', exitCode: 3, errors: [{ exitCode: 3, code: 'ENID_BOOT_TIMEOUT', phase: 'stack', message: 'x' }] });
    const merged = mergeReports([shard(2), broken]);
    expect(merged.status).toBe('error');
    expect(merged.exitCode).toBe(3);
    expect(merged.errors).toHaveLength(1);
  });

  it('refuses an empty list', () => {
    expect(() => mergeReports([])).toThrow('no reports to merge');
  });
});
