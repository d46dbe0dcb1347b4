import { ConsoleReporter } from './console-reporter.js';
import { HtmlReporter } from './html-reporter.js';
import { JsonReporter } from './json-reporter.js';
import { JunitReporter } from './junit-reporter.js';
import { MarkdownReporter } from './markdown-reporter.js';
import { ReporterMultiplexer } from './multiplexer.js';
import type { Reporter } from './reporter.js';

export { ConsoleReporter, type ConsoleReporterOptions } from './console-reporter.js';
export { HtmlReporter, htmlOutputFile } from './html-reporter.js';
export { renderHtml } from './html-render.js';
export { JsonReporter, type JsonReporterOptions, renderJson, REPORT_JSON_VERSION } from './json-reporter.js';
export { JunitReporter, renderJunit, xmlSafe } from './junit-reporter.js';
export { MarkdownReporter, type MarkdownReporterOptions } from './markdown-reporter.js';
export { type HtmlReportLink, renderMarkdown } from './markdown-render.js';
export { ReporterMultiplexer, type MultiplexerOptions } from './multiplexer.js';
export type { FileReporterOptions } from './output-file.js';
export { redact, redactDeep } from './redact.js';
export type { BeginInfo, CaseEndArgs, CaseKind, CaseResults, Reporter } from './reporter.js';

export interface CreateReportersOptions {
  reportsDir: string;
  /** `--json`: the console reporter is off and the JSON report is printed to stdout. */
  json: boolean;
  /** Console shows only errors, failed phases and the final line. */
  quiet?: boolean;
  /** Secret values masked in every report (defensive: data should already be redacted). */
  secrets?: string[];
  /** Per-report paths; env ENID_<NAME>_OUTPUT_FILE still wins. */
  outputFiles?: { json?: string; junit?: string; markdown?: string; html?: string };
  /** Streams, replaceable in tests (default process.stdout / process.stderr). */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** The reporters of a CLI run: console (unless `json`), report.json, junit.xml, summary.md and report.html. */
export function createReporters(options: CreateReportersOptions): ReporterMultiplexer {
  const { reportsDir, secrets = [], outputFiles = {} } = options;
  const stdout = options.stdout ?? process.stdout;
  const reporters: Reporter[] = [];
  if (!options.json) reporters.push(new ConsoleReporter({ stream: stdout, quiet: options.quiet ?? false, secrets }));
  const html = { reportsDir, outputFile: outputFiles.html, secrets };
  reporters.push(
    new JsonReporter({ reportsDir, outputFile: outputFiles.json, secrets, ...(options.json ? { stdout } : {}) }),
    new JunitReporter({ reportsDir, outputFile: outputFiles.junit, secrets }),
    new MarkdownReporter({ reportsDir, outputFile: outputFiles.markdown, secrets, htmlReport: html }),
    new HtmlReporter(html),
  );
  return new ReporterMultiplexer(reporters, options.stderr ? { stderr: options.stderr } : {});
}
