import { IN_CONTAINER } from './container-paths.js';
import type { CoverageStep, InContainer } from './in-container.js';

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
 * combination. The main reports are cobertura.xml and coverage.json in the out directory. Undefined when
 * the tests left no unit data at all (nothing ran under coverage). One exec for the row (two with E2E).
 */
export async function exportCoverage(box: InContainer, e2e: boolean): Promise<Exported | undefined> {
  const out = IN_CONTAINER.outDir;
  const step = (what: string, dataFile: string, ...args: string[]): CoverageStep => ({ what, args, dataFile });
  const steps = [step('combine (unit)', DATA_FILES.unit, 'combine')];
  let final: string = DATA_FILES.unit;
  const exported: Exported = { source: 'unit', partJson: {} };
  if (e2e) {
    if (await box.hasDataFiles(DATA_FILES.e2e)) {
      steps.push(
        step('combine (E2E)', DATA_FILES.e2e, 'combine'),
        step('json (unit)', DATA_FILES.unit, 'json', '-o', `${out}/unit.json`),
        step('json (E2E)', DATA_FILES.e2e, 'json', '-o', `${out}/e2e.json`),
        // Explicit inputs are consumed by combine: the part reports above were written first.
        step('combine (unit + E2E)', DATA_FILES.combined, 'combine', DATA_FILES.unit, DATA_FILES.e2e),
      );
      final = DATA_FILES.combined;
      Object.assign(exported, { source: 'combined', partJson: { unit: 'unit.json', e2e: 'e2e.json' } });
    } else {
      exported.note = 'no E2E coverage data was written (is coverage importable by the service\'s Python at boot?)';
    }
  }
  steps.push(step('xml', final, 'xml', '-o', `${out}/cobertura.xml`), step('json', final, 'json', '-o', `${out}/coverage.json`));
  return (await box.coverageSteps(DATA_FILES.unit, steps)) ? exported : undefined;
}
