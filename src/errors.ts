import { ExitCode } from './exit-codes.js';
import type { PhaseName, RunError } from './types.js';

export interface EnidErrorOptions {
  code: string;
  exitCode: number;
  phase: PhaseName | 'cli';
  service?: string;
  hint?: string;
  /** Last lines of the relevant container log. */
  logTail?: string[];
  cause?: unknown;
}

/**
 * An error the harness explains: a one-line message, a hint on what to do, the log tail that shows the
 * cause, and the exit code it maps to.
 */
export class EnidError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly phase: PhaseName | 'cli';
  readonly service?: string;
  readonly hint?: string;
  readonly logTail?: string[];

  constructor(message: string, options: EnidErrorOptions) {
    super(message, { cause: options.cause });
    this.name = 'EnidError';
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.phase = options.phase;
    this.service = options.service;
    this.hint = options.hint;
    this.logTail = options.logTail;
  }

  /** The error a report carries, as a throwable again (for callers that throw where the CLI exits). */
  static fromRunError(error: RunError): EnidError {
    return new EnidError(error.message, {
      code: error.code, exitCode: error.exitCode, phase: error.phase,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error.logTail ? { logTail: error.logTail } : {}),
    });
  }

  toRunError(): RunError {
    return {
      exitCode: this.exitCode,
      code: this.code,
      phase: this.phase,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.logTail?.length ? { logTail: this.logTail } : {}),
    };
  }
}

export function badInput(message: string, hint: string, extra: Partial<EnidErrorOptions> = {}): EnidError {
  return new EnidError(message, { code: 'ENID_BAD_INPUT', exitCode: ExitCode.BadInput, phase: 'discover', hint, ...extra });
}

/** Any thrown value as a RunError; unknown errors are the harness's own bugs and say so. */
export function toRunError(err: unknown, phase: PhaseName | 'cli'): RunError {
  if (err instanceof EnidError) return err.toRunError();
  const message = err instanceof Error ? err.message : String(err);
  return {
    exitCode: ExitCode.Internal,
    code: 'ENID_INTERNAL',
    phase,
    message: message.split('\n')[0] ?? message,
    hint: 'this is an enid-test bug or an unexpected environment; rerun with DEBUG=enid:*,testcontainers* for details',
  };
}
