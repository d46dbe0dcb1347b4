import type { RunReport } from '../types.js';
import { type FileReporterOptions, resolveOutputFile, writeOutputFile } from './output-file.js';
import { redactDeep } from './redact.js';
import type { Reporter } from './reporter.js';

/** Version of the report.json layout; bumped when a field changes meaning or disappears. */
export const REPORT_JSON_VERSION = 1;

export interface JsonReporterOptions extends FileReporterOptions {
  /** Also print the report here (`--json` passes process.stdout). */
  stdout?: NodeJS.WritableStream;
}

/** The RunReport with its format version first, as 2-space JSON with a trailing newline. */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify({ version: REPORT_JSON_VERSION, ...report }, null, 2)}\n`;
}

/** Writes `report.json` (env ENID_JSON_OUTPUT_FILE) and, with `stdout`, prints the same JSON. */
export class JsonReporter implements Reporter {
  readonly name = 'json';

  constructor(private readonly options: JsonReporterOptions) {}

  async onEnd(report: RunReport): Promise<void> {
    const text = renderJson(redactDeep(report, this.options.secrets ?? []));
    // stdout first: a consumer piping `--json` must get the report even when the file cannot be written.
    this.options.stdout?.write(text);
    await writeOutputFile(resolveOutputFile('json', this.options, 'report.json'), text);
  }

  printsToStdio(): boolean {
    return this.options.stdout !== undefined;
  }
}
