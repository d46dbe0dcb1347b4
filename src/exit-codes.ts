/**
 * The exit-code contract of `enid-test` (README, "Exit codes"; a unit test keeps the two in sync).
 * Ordered by severity: when several things go wrong, the highest-ranked one decides the exit code.
 */
export const ExitCode = {
  /** Everything passed. */
  Ok: 0,
  /** A check failed: a flow, a user suite, a timing check, a Django test or the coverage threshold. */
  CheckFailed: 1,
  /** Bad input or configuration: unknown flag, malformed compose file, no Dockerfile, invalid config. */
  BadInput: 2,
  /** The service failed to build or to boot (crashed, failed migration, never answered on its port). */
  BootFailed: 3,
  /** The environment: no container engine reachable, an image missing with no registry to pull from. */
  Environment: 4,
  /** The harness itself failed (a bug in enid-test, or a fault it has no name for yet): never a failed check. */
  Internal: 70,
  /** Interrupted by SIGINT or SIGTERM; everything the run started was removed. */
  Interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

// Interrupted outranks everything (the user asked to stop); a fault of the harness outranks what it
// may have caused; environment and boot failures outrank failed checks, which outrank success.
const severity: ExitCodeValue[] = [ExitCode.Ok, ExitCode.CheckFailed, ExitCode.BadInput, ExitCode.BootFailed, ExitCode.Environment, ExitCode.Internal, ExitCode.Interrupted];

/** The exit code that wins when a run produced several. */
export function worstExitCode(codes: Iterable<number>): number {
  let worst: number = ExitCode.Ok;
  for (const code of codes) {
    const rank = severity.indexOf(code as ExitCodeValue);
    if (rank < 0) throw new Error(`unknown exit code ${code}`);
    if (rank > severity.indexOf(worst as ExitCodeValue)) worst = code;
  }
  return worst;
}
