import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCobertura, summariseLcov, toLcov } from '../../../src/coverage/lcov.js';
import { renderCoverageTable, summariseCoverageJson } from '../../../src/coverage/summary.js';
import { COBERTURA, COVERAGE_JSON } from './fixtures.js';

describe('parseCobertura', () => {
  it('reads totals, sources and per-file statement hits', () => {
    const c = parseCobertura(COBERTURA);
    expect(c).toMatchObject({ sources: ['/app'], linesValid: 6, linesCovered: 4, lineRate: 0.6667 });
    expect(c.files.map((f) => [f.filename, f.lines.length])).toEqual([['manage.py', 2], ['notes/__init__.py', 0], ['notes/views.py', 4]]);
  });

  it('refuses a document that is not Cobertura', () => {
    expect(() => parseCobertura('<report/>')).toThrow(/no <coverage> element/);
  });
});

describe('toLcov', () => {
  const c = parseCobertura(COBERTURA);
  const lcov = toLcov(c.files.map((f) => ({ path: `/host/${f.filename}`, lines: f.lines })));

  it('writes one record per file with DA lines in order and LF/LH counted from statements', () => {
    expect(lcov.split('end_of_record\n')[2]).toBe('TN:\nSF:/host/notes/views.py\nDA:1,1\nDA:3,1\nDA:9,1\nDA:20,0\nLF:4\nLH:3\n');
    expect(lcov).toContain('SF:/host/notes/__init__.py\nLF:0\nLH:0\nend_of_record');
  });

  it('round-trips through the summary to the Cobertura totals', () => {
    const s = summariseLcov(lcov);
    expect([s.linesHit, s.linesFound]).toEqual([c.linesCovered, c.linesValid]);
    expect(s.files.map((f) => f.path)).toEqual(['/host/manage.py', '/host/notes/__init__.py', '/host/notes/views.py']);
  });

  it('summarises coverage.py 6.5 lcov too (checksums on DA lines)', () => {
    const s = summariseLcov('TN:\nSF:app/settings.py\nDA:1,1,1+9wdnNK6ERHmSA06tdyPQ\nLF:40\nLH:38\nend_of_record\n');
    expect(s).toEqual({ files: [{ path: 'app/settings.py', linesFound: 40, linesHit: 38 }], linesFound: 40, linesHit: 38 });
  });
});

describe('summariseCoverageJson', () => {
  const host = path.resolve('/work/svc/notes');
  const totals = summariseCoverageJson(COVERAGE_JSON, { containerRoot: '/app', hostRoot: host }, host);

  it('counts statements as lines, like Cobertura and `coverage report`', () => {
    expect(totals).toMatchObject({ linesCovered: 4, linesValid: 6 });
    expect(totals.lineRate).toBeCloseTo(4 / 6, 12);
  });

  it('lists files relative to the service directory, with empty files fully covered', () => {
    expect(totals.files).toEqual([
      { path: 'manage.py', lineRate: 0.5, linesCovered: 1, linesValid: 2 },
      { path: 'notes/__init__.py', lineRate: 1, linesCovered: 0, linesValid: 0 },
      { path: 'notes/views.py', lineRate: 0.75, linesCovered: 3, linesValid: 4 },
    ]);
  });

  it('relates paths to the service dir when the build context is a subfolder of it', () => {
    const sub = summariseCoverageJson(COVERAGE_JSON, { containerRoot: '/app', hostRoot: path.join(host, 'src') }, host);
    expect(sub.files[0]!.path).toBe('src/manage.py');
  });

  it('renders the table like `coverage report`', () => {
    expect(renderCoverageTable(totals)).toBe([
      'Name                Stmts   Miss    Cover',
      '-----------------------------------------',
      'manage.py               2      1    50.0%',
      'notes/__init__.py       0      0   100.0%',
      'notes/views.py          4      1    75.0%',
      '-----------------------------------------',
      'TOTAL                   6      2    66.7%',
    ].join('\n'));
  });
});
