export interface GateDecision {
  passed: boolean;
  /** One line, e.g. "line rate 72.4% is below the minimum 80%". */
  message: string;
}

/**
 * The `--min-coverage PCT` gate on covered/valid lines. Compared in integers (covered × 100 against
 * PCT × valid), so 4/5 lines meets a minimum of 80 exactly despite binary floating point.
 */
export function coverageGate(linesCovered: number, linesValid: number, minPercent: number): GateDecision {
  const pct = linesValid === 0 ? 100 : (linesCovered * 100) / linesValid;
  const passed = linesValid === 0 || linesCovered * 100 >= minPercent * linesValid - 1e-9;
  const shown = `${pct.toFixed(1)}% (${linesCovered}/${linesValid} lines)`;
  return passed
    ? { passed, message: `line rate ${shown} meets the minimum ${minPercent}%` }
    : { passed, message: `line rate ${shown} is below the minimum ${minPercent}%` };
}
