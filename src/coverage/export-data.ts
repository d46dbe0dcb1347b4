import { IN_CONTAINER } from './container-paths.js';
import type { InContainer } from './in-container.js';

/** Data files in the container: each part's `-p` files are combined next to it. */
export const DATA_FILES = {
  unit: `${IN_CONTAINER.workDir}/unit/.coverage`,
  e2e: `${IN_CONTAINER.e2eDataDir}/.coverage`,
  combined: `${IN_CONTAINER.workDir}/combined/.coverage`,
} as const;

export interface Exported {
  /** Which data the main reports (cobertura.xml, coverage.json) describe. */
  source: 'unit' | 'combined';
  /** JSON reports of the parts (file names in the out directory), when E2E data was combined. */
  partJson: { unit?: string; e2e?: string };
  /** Why E2E data could not be used, when it was asked for. */
  note?: string;
}

/**
 * Combines and exports inside the container, with coverage.py's own commands (so the service's report
 * settings, e.g. `omit`, apply): the unit part always; with E2E data, both parts as JSON and then their
 * combination. The main reports are cobertura.xml and coverage.json in the out directory.
 */
export async function exportCoverage(box: InContainer, e2e: boolean): Promise<Exported> {
  const out = IN_CONTAINER.outDir;
  await box.coverage(['combine'], DATA_FILES.unit, 'combine (unit)');
  let final: string = DATA_FILES.unit;
  const exported: Exported = { source: 'unit', partJson: {} };
  if (e2e) {
    if (await box.hasDataFiles(DATA_FILES.e2e)) {
      await box.coverage(['combine'], DATA_FILES.e2e, 'combine (E2E)');
      await box.coverage(['json', '-o', `${out}/unit.json`], DATA_FILES.unit, 'json (unit)');
      await box.coverage(['json', '-o', `${out}/e2e.json`], DATA_FILES.e2e, 'json (E2E)');
      // Explicit inputs are consumed by combine: the part reports above were written first.
      await box.coverage(['combine', DATA_FILES.unit, DATA_FILES.e2e], DATA_FILES.combined, 'combine (unit + E2E)');
      final = DATA_FILES.combined;
      Object.assign(exported, { source: 'combined', partJson: { unit: 'unit.json', e2e: 'e2e.json' } });
    } else {
      exported.note = 'no E2E coverage data was written (is coverage importable by the service\'s Python at boot?)';
    }
  }
  await box.coverage(['xml', '-o', `${out}/cobertura.xml`], final, 'xml');
  await box.coverage(['json', '-o', `${out}/coverage.json`], final, 'json');
  return exported;
}
