import { XMLParser } from 'fast-xml-parser';

export interface FileLines {
  /** As Cobertura names it: relative to `sources[0]`, or absolute. */
  filename: string;
  /** Statement line numbers with their hit counts (0 = missed). */
  lines: Array<{ number: number; hits: number }>;
}

export interface CoberturaData {
  sources: string[];
  linesValid: number;
  linesCovered: number;
  lineRate: number;
  files: FileLines[];
}

/** Totals, sources and per-file line hits of a Cobertura report (as coverage.py writes it). */
export function parseCobertura(xml: string): CoberturaData {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => ['source', 'package', 'class', 'line'].includes(name),
  });
  const doc = parser.parse(xml) as { coverage?: Record<string, unknown> };
  const root = doc.coverage;
  if (!root) throw new Error('not a Cobertura report: no <coverage> element');
  const sources = ((root.sources as { source?: unknown[] } | undefined)?.source ?? []).map((s) => (typeof s === 'string' ? s : ''));
  const files: FileLines[] = [];
  const packages = (root.packages as { package?: Array<Record<string, unknown>> } | undefined)?.package ?? [];
  for (const pkg of packages) {
    for (const cls of (pkg.classes as { class?: Array<Record<string, unknown>> } | undefined)?.class ?? []) {
      const lines = ((cls.lines as { line?: Array<Record<string, string>> } | undefined)?.line ?? [])
        .map((l) => ({ number: Number(l.number), hits: Number(l.hits) }));
      files.push({ filename: String(cls.filename), lines });
    }
  }
  return {
    sources,
    linesValid: Number(root['lines-valid']),
    linesCovered: Number(root['lines-covered']),
    lineRate: Number(root['line-rate']),
    files,
  };
}

/**
 * lcov tracefile from Cobertura line data: one record per file, `DA` per statement, `LF`/`LH` counted
 * from those statements. Written by the harness rather than `coverage lcov`, whose 6.x output counts
 * executed non-statement lines (docstrings, line 0) into `LH`, giving files above 100%.
 */
export function toLcov(files: Array<{ path: string; lines: FileLines['lines'] }>): string {
  const records = files.map((f) => {
    const lines = [...f.lines].sort((a, b) => a.number - b.number);
    const da = lines.map((l) => `DA:${l.number},${l.hits}`);
    const hit = lines.filter((l) => l.hits > 0).length;
    return ['TN:', `SF:${f.path}`, ...da, `LF:${lines.length}`, `LH:${hit}`, 'end_of_record'].join('\n');
  });
  return records.length ? `${records.join('\n')}\n` : '';
}

export interface LcovSummary {
  files: Array<{ path: string; linesFound: number; linesHit: number }>;
  linesFound: number;
  linesHit: number;
}

/** Per-file and total LF/LH of an lcov tracefile (to check what CI will read). */
export function summariseLcov(text: string): LcovSummary {
  const files: LcovSummary['files'] = [];
  let current: LcovSummary['files'][number] | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const [key, value = ''] = [raw.slice(0, raw.indexOf(':')), raw.slice(raw.indexOf(':') + 1)];
    if (raw.startsWith('SF:')) current = { path: value, linesFound: 0, linesHit: 0 };
    else if (current && key === 'LF') current.linesFound = Number(value);
    else if (current && key === 'LH') current.linesHit = Number(value);
    else if (current && raw === 'end_of_record') {
      files.push(current);
      current = undefined;
    }
  }
  return {
    files,
    linesFound: files.reduce((n, f) => n + f.linesFound, 0),
    linesHit: files.reduce((n, f) => n + f.linesHit, 0),
  };
}
