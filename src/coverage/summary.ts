import path from 'node:path';
import type { CoverageFile } from '../types.js';
import { type PathMap, toHostPath } from './path-map.js';

export interface CoverageTotals {
  lineRate: number;
  linesCovered: number;
  linesValid: number;
  files: CoverageFile[];
}

interface JsonSummary {
  covered_lines?: number;
  num_statements?: number;
}

/**
 * Totals and files from coverage.py's JSON report, with statements as lines (what Cobertura's line-rate
 * and the Stmts/Miss columns of `coverage report` count). File paths are relative to `relativeTo` on the
 * host (the service directory) when the file is inside it.
 */
export function summariseCoverageJson(text: string, map: PathMap, relativeTo: string): CoverageTotals {
  const data = JSON.parse(text) as { files?: Record<string, { summary?: JsonSummary }>; totals?: JsonSummary };
  const files: CoverageFile[] = Object.entries(data.files ?? {}).map(([file, value]) => {
    const linesValid = value.summary?.num_statements ?? 0;
    const linesCovered = value.summary?.covered_lines ?? 0;
    return { path: displayPath(toHostPath(file, map), relativeTo), lineRate: rate(linesCovered, linesValid), linesCovered, linesValid };
  });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const linesValid = data.totals?.num_statements ?? files.reduce((n, f) => n + f.linesValid, 0);
  const linesCovered = data.totals?.covered_lines ?? files.reduce((n, f) => n + f.linesCovered, 0);
  return { lineRate: rate(linesCovered, linesValid), linesCovered, linesValid, files };
}

/** Covered/valid as a fraction (unrounded: Cobertura's line-rate keeps 4 places); no lines count as 1. */
export function rate(covered: number, valid: number): number {
  return valid === 0 ? 1 : covered / valid;
}

function displayPath(hostPath: string, relativeTo: string): string {
  const rel = path.relative(relativeTo, hostPath);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : hostPath;
}

/** The per-file table and total as plain text, in the layout of `coverage report`. */
export function renderCoverageTable(totals: CoverageTotals, title = 'Name'): string {
  const rows = totals.files.map((f) => [f.path, String(f.linesValid), String(f.linesValid - f.linesCovered), pct(f.linesCovered, f.linesValid)]);
  const total = ['TOTAL', String(totals.linesValid), String(totals.linesValid - totals.linesCovered), pct(totals.linesCovered, totals.linesValid)];
  const head = [title, 'Stmts', 'Miss', 'Cover'];
  const widths = head.map((h, i) => Math.max(h.length, ...[...rows, total].map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ');
  const rule = '-'.repeat(line(head).length);
  return [line(head), rule, ...rows.map(line), rule, line(total)].join('\n');
}

function pct(covered: number, valid: number): string {
  return `${valid === 0 ? '100.0' : ((covered * 100) / valid).toFixed(1)}%`;
}
