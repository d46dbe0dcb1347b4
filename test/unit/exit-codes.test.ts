import { describe, expect, it } from 'vitest';
import { ExitCode, worstExitCode } from '../../src/exit-codes.js';

describe('ExitCode', () => {
  it('matches the CLI contract (design: 0 ok, 1 check, 2 input, 3 boot, 4 environment, 70 internal, 130 interrupted)', () => {
    expect(ExitCode).toEqual({ Ok: 0, CheckFailed: 1, BadInput: 2, BootFailed: 3, Environment: 4, Internal: 70, Interrupted: 130 });
  });
});

describe('worstExitCode', () => {
  it('nothing is success', () => {
    expect(worstExitCode([])).toBe(0);
    expect(worstExitCode([0, 0])).toBe(0);
  });

  it('severity order 130 > 70 > 4 > 3 > 2 > 1 > 0, whatever the input order', () => {
    const order = [130, 70, 4, 3, 2, 1, 0];
    for (let i = 0; i < order.length; i++) {
      const lower = order.slice(i);
      expect(worstExitCode(lower)).toBe(order[i]);
      expect(worstExitCode([...lower].reverse())).toBe(order[i]);
    }
  });

  it('pairs are decided by rank, not by numeric value', () => {
    expect(worstExitCode([1, 2])).toBe(2);
    expect(worstExitCode([3, 2, 1])).toBe(3);
    expect(worstExitCode([0, 4, 3])).toBe(4);
    expect(worstExitCode([4, 130, 1])).toBe(130);
    expect(worstExitCode([1, 70, 4])).toBe(70);
  });

  it('accepts any iterable', () => {
    expect(worstExitCode(new Set([1, 3]))).toBe(3);
    expect(worstExitCode((function* () { yield 2; yield 1; })())).toBe(2);
  });

  it.each([5, -1, 255, 1.5])('an unknown code %s throws', (code) => {
    expect(() => worstExitCode([0, code])).toThrow(`unknown exit code ${code}`);
  });
});
