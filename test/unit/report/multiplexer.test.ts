import { describe, expect, it } from 'vitest';
import { ReporterMultiplexer } from '../../../src/report/multiplexer.js';
import type { CaseEndArgs, Reporter } from '../../../src/report/reporter.js';
import type { RunError } from '../../../src/types.js';
import { recordedReport } from './recorded-report.js';
import { Sink } from './sink.js';

/** Records every hook it receives. */
class Recorder implements Reporter {
  readonly calls: string[] = [];
  readonly errors: RunError[] = [];
  constructor(readonly name: string) {}
  onPhaseEnd(): void {
    this.calls.push('onPhaseEnd');
  }
  onCaseEnd(...[kind]: CaseEndArgs): void {
    this.calls.push(`onCaseEnd:${kind}`);
  }
  onError(error: RunError): void {
    this.errors.push(error);
  }
  async onEnd(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.calls.push('onEnd');
  }
  printsToStdio(): boolean {
    return false;
  }
}

const boom = (where: string) => new Error(`${where} exploded\nsecond line`);

describe('ReporterMultiplexer', () => {
  it('forwards every hook to every reporter', async () => {
    const [a, b] = [new Recorder('a'), new Recorder('b')];
    const mux = new ReporterMultiplexer([a, b], { stderr: new Sink() });
    mux.onPhaseEnd({ name: 'seed', status: 'passed', durationMs: 1 });
    mux.onCaseEnd('flow', recordedReport().flows[0]!);
    await mux.onEnd(recordedReport());
    expect(a.calls).toEqual(['onPhaseEnd', 'onCaseEnd:flow', 'onEnd']);
    expect(b.calls).toEqual(a.calls);
    expect(mux.printsToStdio()).toBe(false);
  });

  it('isolates a reporter that throws synchronously and tells the others', async () => {
    const stderr = new Sink();
    const thrower: Reporter = {
      name: 'thrower',
      onPhaseEnd: () => {
        throw boom('phase');
      },
      onEnd: () => {
        throw boom('end');
      },
      printsToStdio: () => true,
    };
    const [a, b] = [new Recorder('a'), new Recorder('b')];
    const mux = new ReporterMultiplexer([a, thrower, b], { stderr });
    expect(() => mux.onPhaseEnd({ name: 'flows', status: 'passed', durationMs: 1 })).not.toThrow();
    await expect(mux.onEnd(recordedReport())).resolves.toBeUndefined();
    expect(a.calls).toEqual(['onPhaseEnd', 'onEnd']);
    expect(b.calls).toEqual(['onPhaseEnd', 'onEnd']);
    expect(a.errors.map((e) => [e.code, e.phase, e.exitCode, e.message])).toEqual([
      ['ENID_REPORTER', 'cli', 0, 'reporter "thrower" failed in onPhaseEnd: phase exploded'],
      ['ENID_REPORTER', 'cli', 0, 'reporter "thrower" failed in onEnd: end exploded'],
    ]);
    expect(b.errors).toHaveLength(2);
    expect(stderr.text).toBe(
      'warning: reporter "thrower" failed in onPhaseEnd: phase exploded\nwarning: reporter "thrower" failed in onEnd: end exploded\n',
    );
    expect(mux.printsToStdio()).toBe(true);
  });

  it('isolates a reporter that rejects, in onEnd and in hooks the run does not await', async () => {
    const stderr = new Sink();
    const rejecter: Reporter = {
      name: 'rejecter',
      onLog: async () => {
        throw boom('log');
      },
      onEnd: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        throw boom('end');
      },
      printsToStdio: () => false,
    };
    const a = new Recorder('a');
    const mux = new ReporterMultiplexer([rejecter, a], { stderr });
    mux.onLog('pulling postgres:16');
    await mux.onEnd(recordedReport());
    expect(a.calls).toEqual(['onEnd']);
    expect(a.errors.map((e) => e.message)).toEqual([
      'reporter "rejecter" failed in onLog: log exploded',
      'reporter "rejecter" failed in onEnd: end exploded',
    ]);
    expect(stderr.text).toContain('warning: reporter "rejecter" failed in onEnd: end exploded\n');
  });

  it('does not bounce a failure raised while being told about another failure', async () => {
    const stderr = new Sink();
    const bad: Reporter = {
      name: 'bad',
      onPhaseBegin: () => {
        throw new Error('first');
      },
      printsToStdio: () => false,
    };
    const badListener: Reporter = {
      name: 'listener',
      onError: () => {
        throw new Error('second');
      },
      printsToStdio: () => false,
    };
    const mux = new ReporterMultiplexer([bad, badListener], { stderr });
    mux.onPhaseBegin('stack');
    expect(stderr.text).toBe('warning: reporter "bad" failed in onPhaseBegin: first\nwarning: reporter "listener" failed in onError: second\n');
  });
});
