export interface GateDecision {
  passed: boolean;
  /** One line, e.g. "line rate 72.4% is below the minimum 80%". */
  message: string;
}

// The minimum is compared in millionths of a percent: enough for any minimum a person writes, and
// covered × 10^8 stays an exact integer in a double up to 90 million lines.
const SCALE = 1_000_000;

/**
 * The `--min-coverage PCT` gate on covered/valid lines, the one place that decides whether a minimum
 * is met (the reporters ask it too). `minPercent` is a percentage, 0–100: 80 means 80 %, 1 means 1 %.
 * Compared in integers (covered × 100 against PCT × valid), so 4/5 lines meets a minimum of 80
 * exactly despite binary floating point.
 */
export function coverageGate(linesCovered: number, linesValid: number, minPercent: number): GateDecision {
  const pct = linesValid === 0 ? 100 : (linesCovered * 100) / linesValid;
  const passed = linesValid === 0 || linesCovered * 100 * SCALE >= Math.round(minPercent * SCALE) * linesValid;
  const shown = `${pct.toFixed(1)}% (${linesCovered}/${linesValid} lines)`;
  return passed
    ? { passed, message: `line rate ${shown} meets the minimum ${formatMinimum(minPercent)}` }
    : { passed, message: `line rate ${shown} is below the minimum ${formatMinimum(minPercent)}` };
}

/** A coverage minimum as every report shows it: the percentage as given, `80` → `80%`, `90.5` → `90.5%`. */
export function formatMinimum(minPercent: number): string {
  return `${minPercent}%`;
}
