import type { RunReport } from '../types.js';
import { renderMarkdown } from './markdown-render.js';
import { appendOutputFile, type FileReporterOptions, resolveOutputFile, writeOutputFile } from './output-file.js';
import { redactDeep } from './redact.js';
import type { Reporter } from './reporter.js';

/** Writes `summary.md` (env ENID_MARKDOWN_OUTPUT_FILE) and appends it to $GITHUB_STEP_SUMMARY when set. */
export class MarkdownReporter implements Reporter {
  readonly name = 'markdown';

  constructor(private readonly options: FileReporterOptions) {}

  async onEnd(report: RunReport): Promise<void> {
    const markdown = renderMarkdown(redactDeep(report, this.options.secrets ?? []));
    await writeOutputFile(resolveOutputFile('markdown', this.options, 'summary.md'), markdown);
    const stepSummary = process.env.GITHUB_STEP_SUMMARY;
    // Appended, never overwritten: earlier steps of the job may have written their own summary.
    if (stepSummary) await appendOutputFile(stepSummary, markdown);
  }

  printsToStdio(): boolean {
    return false;
  }
}
