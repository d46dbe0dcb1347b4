import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServiceSpec } from '../types.js';
import type { Exported } from './export-data.js';
import { parseCobertura, toLcov } from './lcov.js';
import { type PathMap, rewriteCobertura, rewriteCoverageJson } from './path-map.js';
import { renderCoverageTable, summariseCoverageJson, type CoverageTotals } from './summary.js';

export interface HostReports {
  totals: CoverageTotals;
  parts?: { unit?: number; e2e?: number; combined?: number };
  /** Files written, by name. */
  written: Record<string, string>;
}

/** Where the service's files in the container come from on the host: the build context copied to WORKDIR. */
export function pathMapFor(spec: Pick<ServiceSpec, 'hostCodeDir'>, containerCodeDir: string): PathMap {
  return { containerRoot: containerCodeDir, hostRoot: spec.hostCodeDir };
}

/**
 * Writes `<reportsDir>/coverage/`: cobertura.xml and coverage.json with host paths, lcov.info built from
 * the Cobertura lines, summary.txt, and with E2E the parts' JSON under unit/ and e2e/.
 */
export async function writeHostReports(files: Map<string, Buffer>, exported: Exported, spec: ServiceSpec, containerCodeDir: string, reportsDir: string): Promise<HostReports> {
  const map = pathMapFor(spec, containerCodeDir);
  const text = (name: string): string => {
    const buf = files.get(name);
    if (!buf) throw new Error(`coverage export is missing ${name} (found: ${[...files.keys()].join(', ') || 'nothing'})`);
    return buf.toString('utf8');
  };
  const dir = path.join(reportsDir, 'coverage');
  await mkdir(dir, { recursive: true });
  const written: Record<string, string> = {};
  const put = async (name: string, content: string): Promise<void> => {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content, 'utf8');
    written[name] = file;
  };

  const cobertura = rewriteCobertura(text('cobertura.xml'), map);
  await put('cobertura.xml', cobertura);
  const parsed = parseCobertura(cobertura);
  await put('lcov.info', toLcov(parsed.files.map((f) => ({ path: hostFile(parsed.sources, f.filename), lines: f.lines }))));
  const json = text('coverage.json');
  await put('coverage.json', rewriteCoverageJson(json, map));
  const totals = summariseCoverageJson(json, map, spec.dir);
  await put('summary.txt', `${renderCoverageTable(totals)}\n`);

  let parts: HostReports['parts'];
  if (exported.partJson.unit && exported.partJson.e2e) {
    const unitJson = text(exported.partJson.unit);
    const e2eJson = text(exported.partJson.e2e);
    await put('unit/coverage.json', rewriteCoverageJson(unitJson, map));
    await put('e2e/coverage.json', rewriteCoverageJson(e2eJson, map));
    parts = {
      unit: summariseCoverageJson(unitJson, map, spec.dir).lineRate,
      e2e: summariseCoverageJson(e2eJson, map, spec.dir).lineRate,
      combined: totals.lineRate,
    };
  }
  return { totals, ...(parts ? { parts } : {}), written };
}

// A relative Cobertura filename is relative to one of the <source> elements; with several, the one
// where the file exists on the host.
function hostFile(sources: string[], filename: string): string {
  if (path.isAbsolute(filename)) return filename;
  const candidates = sources.filter(Boolean).map((s) => path.join(s, ...filename.split('/')));
  return candidates.find((c) => existsSync(c)) ?? candidates[0] ?? filename;
}
