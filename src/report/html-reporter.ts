import type { RunReport } from '../types.js';
import { renderHtml } from './html-render.js';
import { type FileReporterOptions, resolveOutputFile, writeOutputFile } from './output-file.js';
import { redactDeep } from './redact.js';
import type { Reporter } from './reporter.js';

/** Where report.html goes: env ENID_HTML_OUTPUT_FILE, then the option, then `<reportsDir>/report.html`. */
export function htmlOutputFile(options: FileReporterOptions): string {
  return resolveOutputFile('html', options, 'report.html');
}

/** Writes `report.html` (env ENID_HTML_OUTPUT_FILE), one self-contained page, once the run has ended. */
export class HtmlReporter implements Reporter {
  readonly name = 'html';

  constructor(private readonly options: FileReporterOptions) {}

  async onEnd(report: RunReport): Promise<void> {
    await writeOutputFile(htmlOutputFile(this.options), renderHtml(redactDeep(report, this.options.secrets ?? [])));
  }

  printsToStdio(): boolean {
    return false;
  }
}
