import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../src/report/junit-reporter.js';
import { renderMarkdown } from '../../../src/report/markdown-render.js';
import { recordedReport } from './recorded-report.js';

// UPDATE_GOLDEN=1 rewrites the files; otherwise the output must match them byte for byte.
function expectGolden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(`./golden/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual, 'utf8');
  if (!existsSync(path)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 to create it`);
  // The text comparison shows a diff; the byte comparison also catches encoding and BOM changes.
  expect(actual).toBe(readFileSync(path, 'utf8'));
  expect(Buffer.from(actual, 'utf8').equals(readFileSync(path))).toBe(true);
}

describe('golden reports of the recorded run', () => {
  it('junit.xml', () => {
    expectGolden('junit.xml', renderJunit(recordedReport()));
  });

  it('summary.md', () => {
    expectGolden('summary.md', renderMarkdown(recordedReport()));
  });

  it('renders the same text for the same report (no clock, no host name)', () => {
    expect(renderJunit(recordedReport())).toBe(renderJunit(recordedReport()));
    expect(renderMarkdown(recordedReport())).toBe(renderMarkdown(recordedReport()));
  });
});
