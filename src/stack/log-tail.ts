/** The last `count` non-empty lines, without trailing carriage returns. */
export function tailLines(lines: readonly string[], count: number): string[] {
  return lines.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '').slice(-count);
}
