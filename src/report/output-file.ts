import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Options every file reporter takes. */
export interface FileReporterOptions {
  /** Directory the report goes to when neither the env variable nor `outputFile` names a path. */
  reportsDir: string;
  outputFile?: string;
  /** Secret values to mask in the written report (defensive: reports should arrive redacted). */
  secrets?: string[];
}

/**
 * The path a file reporter writes to: env `ENID_<NAME>_OUTPUT_FILE`, then the option, then
 * `<reportsDir>/<defaultName>`; relative paths resolve against the working directory.
 */
export function resolveOutputFile(name: string, options: FileReporterOptions, defaultName: string): string {
  const fromEnv = process.env[`ENID_${name.toUpperCase()}_OUTPUT_FILE`];
  return resolve(fromEnv || options.outputFile || join(options.reportsDir, defaultName));
}

/** Writes `text` to `file`, creating its parent directories. */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, 'utf8');
}

/** Appends `text` to `file` (e.g. $GITHUB_STEP_SUMMARY), creating its parent directories. */
export async function appendOutputFile(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, text, 'utf8');
}
