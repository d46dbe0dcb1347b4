import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CI_TEMPLATES, templatePath } from '../../../src/cli/ci-commands.js';

/** The `enid-test run …` command a CI template runs, without the `npx --yes` launcher. */
export function templateCommand(kind: keyof typeof CI_TEMPLATES): string[] {
  const doc: unknown = parse(readFileSync(templatePath(kind), 'utf8'));
  const lines = JSON.stringify(doc).match(/npx --yes enid-test run[^"]*/g) ?? [];
  if (lines.length !== 1) throw new Error(`${kind} template: expected one \`npx --yes enid-test run\` line, found ${lines.length}`);
  return lines[0]!.replace('npx --yes enid-test ', '').split(/\s+/);
}
