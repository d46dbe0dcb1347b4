import { describe, expect, it } from 'vitest';
import { TracebackCollector } from '../../../src/checks/tracebacks.js';

describe('tracebacks from the log stream', () => {
  it('keeps the marked lines of one request, in order, once its end marker came', async () => {
    const c = new TracebackCollector();
    const waiting = c.wait('enid-7', 5_000);
    for (const line of ['[INFO] GET /', 'ENID-TRACEBACK enid-7 Traceback (most recent call last):', 'ENID-TRACEBACK enid-8 other', 'ENID-TRACEBACK enid-7 ZeroDivisionError: division by zero', 'ENID-TRACEBACK-END enid-7']) c.accept(line);
    expect(await waiting).toEqual(['Traceback (most recent call last):', 'ZeroDivisionError: division by zero']);
  });

  it('gives up after its bound when no traceback comes (a 500 the view returned itself)', async () => {
    expect(await new TracebackCollector().wait('enid-1', 10)).toBeUndefined();
  });
});
