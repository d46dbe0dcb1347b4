import { stripVTControlCharacters } from 'node:util';
import { XMLBuilder } from 'fast-xml-parser';
import type { RunReport } from '../types.js';
import { type JunitCase, type JunitSuite, junitSuites } from './junit-model.js';
import { type FileReporterOptions, resolveOutputFile, writeOutputFile } from './output-file.js';
import { redactDeep } from './redact.js';
import type { Reporter } from './reporter.js';

// Everything XML 1.0 allows (Char production); lone surrogates fall outside it under the `u` flag.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text XML 1.0 can carry: ANSI sequences removed whole, other control characters dropped, CRLF → LF. */
export function xmlSafe(text: string): string {
  return stripVTControlCharacters(text).replace(/\r\n?/g, '\n').replace(INVALID_XML, '');
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  // Otherwise an attribute whose value is the string "true" is written without a value: invalid XML.
  suppressBooleanAttributes: false,
  processEntities: true,
  // Every text and attribute value passes through here before the builder escapes it.
  tagValueProcessor: (_name, value) => (typeof value === 'string' ? xmlSafe(value) : value),
  attributeValueProcessor: (_name, value) => (typeof value === 'string' ? xmlSafe(value) : value),
});

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  durationMs: number;
}

/** The report as JUnit XML (GitLab, Jenkins and GitHub test-reporter actions read this layout). */
export function renderJunit(report: RunReport): string {
  const suites = junitSuites(report);
  const total = sum(suites.flatMap((s) => s.cases));
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'enid-test',
      ...countAttrs(total, report.durationMs),
      '@_timestamp': report.startedAt,
      testsuite: suites.map((s) => suiteNode(s, report)),
    },
  };
  return builder.build(doc) as string;
}

function suiteNode(suite: JunitSuite, report: RunReport): Record<string, unknown> {
  const counts = sum(suite.cases);
  const properties =
    suite.name === 'phases'
      ? {
          properties: {
            property: [
              prop('service', report.service.name),
              prop('service.dir', report.service.dir),
              prop('status', report.status),
              prop('exitCode', String(report.exitCode)),
              ...(report.shard ? [prop('shard', `${report.shard.index}/${report.shard.total}`)] : []),
              ...(report.seed ? [prop('seed', String(report.seed.seed))] : []),
              ...(report.api ? [
                prop('api.urlPatterns', String(report.api.urlPatterns)),
                prop('api.endpoints', String(report.api.endpoints.length)),
                prop('api.exercised', String(report.api.exercised)),
                ...(report.api.optedOut ? [prop('api.optedOut', report.api.optedOut)] : []),
              ] : []),
            ],
          },
        }
      : {};
  return {
    '@_name': suite.name,
    ...countAttrs(counts, counts.durationMs),
    '@_timestamp': report.startedAt,
    ...properties,
    testcase: suite.cases.map(caseNode),
  };
}

function caseNode(c: JunitCase): Record<string, unknown> {
  const node: Record<string, unknown> = { '@_name': c.name, '@_classname': c.classname, '@_time': secs(c.durationMs) };
  const o = c.outcome;
  if (o) {
    node[o.kind] = {
      '@_message': o.message,
      ...(o.type ? { '@_type': o.type } : {}),
      ...(o.body ? { '#text': o.body } : {}),
    };
  }
  if (c.systemOut) node['system-out'] = c.systemOut;
  return node;
}

function prop(name: string, value: string): Record<string, string> {
  return { '@_name': name, '@_value': value };
}

function countAttrs(c: Counts, durationMs: number): Record<string, string | number> {
  return { '@_tests': c.tests, '@_failures': c.failures, '@_errors': c.errors, '@_skipped': c.skipped, '@_time': secs(durationMs) };
}

function sum(cases: JunitCase[]): Counts {
  const count = (kind: string) => cases.filter((c) => c.outcome?.kind === kind).length;
  return {
    tests: cases.length,
    failures: count('failure'),
    errors: count('error'),
    skipped: count('skipped'),
    durationMs: cases.reduce((total, c) => total + c.durationMs, 0),
  };
}

function secs(durationMs: number): string {
  return (durationMs / 1000).toFixed(3);
}

/** Writes `junit.xml` (env ENID_JUNIT_OUTPUT_FILE) once the run ends. */
export class JunitReporter implements Reporter {
  readonly name = 'junit';

  constructor(private readonly options: FileReporterOptions) {}

  async onEnd(report: RunReport): Promise<void> {
    const xml = renderJunit(redactDeep(report, this.options.secrets ?? []));
    await writeOutputFile(resolveOutputFile('junit', this.options, 'junit.xml'), xml);
  }

  printsToStdio(): boolean {
    return false;
  }
}
