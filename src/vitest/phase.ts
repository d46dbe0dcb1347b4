import type { Phase } from '../pipeline/phase.js';
import { findSuiteFiles, runSuites } from './run-suites.js';

/** suites: the service's own vitest files (`e2e/**\/*.test.ts`, or config `suites.include`) on the run's stack. */
export const suitesPhase: Phase<'suites'> = {
  name: 'suites',
  scope: 'every-shard',
  skipReason: (ctx) => ctx.options.suites.disabledBecause,
  async run(ctx) {
    const include = [...ctx.options.suites.include];
    const files = findSuiteFiles(ctx.spec.dir, include);
    if (!files.length) return { status: 'skipped', detail: `no file matches ${include.join(', ')}`, result: [] };
    ctx.reporter.onLog?.(`running ${files.length} suite file(s)${ctx.shard ? ` (shard ${ctx.shard.index}/${ctx.shard.total})` : ''}`);
    const suites = await runSuites({
      root: ctx.spec.dir,
      include,
      // The Host the service accepts is known only since the inspect phase: the suites send it too.
      info: {
        ...ctx.info,
        ...(ctx.state.http.defaultHeaders().host ? { hostHeader: ctx.state.http.defaultHeaders().host } : {}),
        ...(ctx.state.proxyHeaders ? { proxyHeaders: ctx.state.proxyHeaders } : {}),
      },
      shard: ctx.shard,
      signal: ctx.signal,
      onResult: (result) => ctx.reporter.onCaseEnd?.('suite', result),
    });
    if (!suites.length) return { status: 'skipped', detail: ctx.shard ? 'no suite file in this shard' : 'the suite files hold no test', result: suites };
    const failed = suites.filter((s) => s.status === 'failed');
    const passed = suites.filter((s) => s.status === 'passed').length;
    const first = failed[0];
    return {
      status: failed.length ? 'failed' : 'passed',
      detail: `${passed}/${suites.length} tests passed in ${files.length} file(s)${first ? `; first failure: ${first.suite} > ${first.name}: ${first.failure?.split('\n')[0] ?? ''}` : ''}`,
      result: suites,
    };
  },
};
