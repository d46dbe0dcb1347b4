import { describe, expect, it } from 'vitest';
import { coverageDelta } from '../../../src/pr/coverage-delta.js';

const file = (path: string, lineRate: number) => ({ path, lineRate, linesCovered: Math.round(lineRate * 100), linesValid: 100 });

describe('coverageDelta', () => {
  const base = { lineRate: 0.9, files: [file('catalog/views.py', 0.95), file('catalog/models.py', 1), file('catalog/old.py', 0.5)] };
  const head = { lineRate: 0.875, files: [file('catalog/views.py', 0.8), file('catalog/models.py', 1), file('catalog/reports.py', 0.4)] };

  it('the whole in percentage points, and each changed file on both sides', () => {
    expect(coverageDelta(base, head, ['catalog/views.py', 'catalog/reports.py', 'catalog/old.py', 'README.md'])).toEqual({
      base: 0.9, head: 0.875, deltaPoints: -2.5,
      files: [
        { path: 'catalog/old.py', base: 0.5 },
        { path: 'catalog/reports.py', head: 0.4 },
        { path: 'catalog/views.py', base: 0.95, head: 0.8, deltaPoints: -15 },
      ],
    });
  });

  it('files the change did not touch are not listed, however their rate moved', () => {
    expect(coverageDelta(base, head, []).files).toEqual([]);
  });
});
