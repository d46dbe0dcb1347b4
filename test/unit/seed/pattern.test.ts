import { describe, expect, it } from 'vitest';
import { fromPattern } from '../../../src/seed/pattern.js';
import { everySerializer } from './probed.js';

describe('fromPattern', () => {
  it('matches every validator pattern the recordings carry', () => {
    const patterns = [...new Set(everySerializer().flatMap(({ schema }) => schema.fields.map((f) => f.pattern).filter((p): p is string => !!p)))];
    expect(patterns).toEqual(expect.arrayContaining(['^[-a-zA-Z0-9_]+$', '^\\d{13}$']));
    for (const pattern of patterns) {
      for (let seed = 0; seed < 50; seed += 1) expect(fromPattern(pattern, seed), pattern).toMatch(new RegExp(pattern));
    }
  });

  it('reads classes, escapes and quantifiers, within a maximum length', () => {
    for (const pattern of ['^[A-Z]{3}-\\d{4}$', '^[a-z]+(-[a-z]+)*$', '^\\w{2,5}\\.x?$', '^(?:INV|PO)\\d{6}$']) {
      const value = fromPattern(pattern, 3);
      expect(value, pattern).toMatch(new RegExp(pattern));
    }
    expect(fromPattern('^\\d+$', 1, 4)!.length).toBeLessThanOrEqual(4);
    expect(fromPattern('^\\d{13}$', 1, 12)).toBeUndefined();
  });

  it('is deterministic by seed, and gives up on what it cannot read', () => {
    expect(fromPattern('^[a-z]{8}$', 42)).toBe(fromPattern('^[a-z]{8}$', 42));
    expect(fromPattern('^[a-z]{8}$', 42)).not.toBe(fromPattern('^[a-z]{8}$', 43));
    for (const pattern of ['^[^a-z]+$', '^(?=x)\\w+$', '^(a)\\1$']) expect(fromPattern(pattern, 1)).toBeUndefined();
  });
});
