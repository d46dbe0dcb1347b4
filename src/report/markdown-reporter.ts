import { dirname, relative, sep } from 'node:path';
import type { RunReport } from '../types.js';
import { artifactsUrl } from './ci-links.js';
import { htmlOutputFile } from './html-reporter.js';
import { type HtmlReportLink, renderMarkdown } from './markdown-render.js';
import { appendOutputFile, type FileReporterOptions, resolveOutputFile, writeOutputFile } from './output-file.js';
import { redactDeep } from './redact.js';
import type { Reporter } from './reporter.js';

export interface MarkdownReporterOptions extends FileReporterOptions {
  /** The options of the run's HtmlReporter: the summary then links to the report.html it writes. */
  htmlReport?: FileReporterOptions;
}

/** Writes `summary.md` (env ENID_MARKDOWN_OUTPUT_FILE) and appends it to $GITHUB_STEP_SUMMARY when set. */
export class MarkdownReporter implements Reporter {
  readonly name = 'markdown';

  constructor(private readonly options: MarkdownReporterOptions) {}

  async onEnd(report: RunReport): Promise<void> {
    const file = resolveOutputFile('markdown', this.options, 'summary.md');
    const markdown = renderMarkdown(redactDeep(report, this.options.secrets ?? []), this.htmlLink(file));
    await writeOutputFile(file, markdown);
    const stepSummary = process.env.GITHUB_STEP_SUMMARY;
    // Appended, never overwritten: earlier steps of the job may have written their own summary.
    if (stepSummary) await appendOutputFile(stepSummary, markdown);
  }

  printsToStdio(): boolean {
    return false;
  }

  private htmlLink(summaryFile: string): { htmlReport?: HtmlReportLink } {
    if (!this.options.htmlReport) return {};
    const href = relative(dirname(summaryFile), htmlOutputFile(this.options.htmlReport)).split(sep).join('/');
    const url = artifactsUrl();
    return { htmlReport: url ? { href, artifactsUrl: url } : { href } };
  }
}
