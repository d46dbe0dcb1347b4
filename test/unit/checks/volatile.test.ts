import { describe, expect, it } from 'vitest';
import { diffPaths, mask, sameMasked, stable, volatilePaths } from '../../../src/checks/volatile.js';

describe('volatile parts of bodies', () => {
  it('finds the paths two answers differ at; a list of another length differs as a whole', () => {
    expect([...diffPaths({ a: 1, b: { t: 1 }, l: [1, 2] }, { a: 1, b: { t: 2 }, l: [1] })].sort()).toEqual(['$.b.t', '$.l']);
    expect([...diffPaths([{ x: 1 }], [{ x: 2 }])]).toEqual(['$[0].x']);
  });

  it('masks what changes on its own, and then compares the rest', () => {
    const paths = volatilePaths([{ n: 3, at: '12:00:00' }, { n: 3, at: '12:00:01' }]);
    expect(sameMasked({ n: 3, at: 'x' }, { n: 3, at: 'y' }, paths)).toBe(true);
    expect(sameMasked({ n: 3, at: 'x' }, { n: 4, at: 'x' }, paths)).toBe(false);
    expect(mask({ n: 1, at: 'x' }, paths)).toEqual({ n: 1, at: '<volatile>' });
  });

  it('one text per value whatever the key order', () => {
    expect(stable({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(stable({ a: [1, { c: 3, d: 2 }], b: 1 }));
  });
});
