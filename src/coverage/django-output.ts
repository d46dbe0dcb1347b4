import type { TestCaseResult } from '../types.js';

const RULE = /^(={50,}|-{50,})$/;
// unittest at verbosity 2: `test_x (pkg.mod.Class)` (Python ≤ 3.10) or `test_x (pkg.mod.Class.test_x)` (3.11+).
const HEADER = /^(\w+) \(([\w.]+)\)(?: \.\.\. (.*))?$/;
const STATUS = /(?:^|\s)(ok|FAIL|ERROR|expected failure|unexpected success|skipped(?: .*)?)$/;
const BLOCK_HEAD = /^(FAIL|ERROR): (\w+) \(([\w.]+)\)$/;

/**
 * Test cases from the verbose (`-v 2`) output of Django's test runner, for when the supplied runner
 * could not record them (a runner of the service's own, a crash before the results were written).
 * Status lines may be split by what tests log in between ("... Bad Request: /api/x/\nok"); tracebacks
 * come from the FAIL:/ERROR: blocks after the run. Durations are unknown (0).
 */
export function parseDjangoVerbose(output: string): TestCaseResult[] {
  const lines = output.split(/\r?\n/);
  const results = new Map<string, TestCaseResult>();
  for (let i = 0; i < lines.length; i++) {
    const m = HEADER.exec(lines[i]!);
    if (!m) continue;
    const [, name, inner, rest] = m;
    const id = testId(name!, inner!);
    // The status ends the header line, or a later line (after a docstring or what the test logged).
    let status: string | undefined;
    if (rest !== undefined) status = STATUS.exec(rest)?.[1];
    for (let j = i + 1; status === undefined && j < lines.length && j <= i + 50; j++) {
      const line = lines[j]!;
      if (HEADER.test(line) || RULE.test(line)) break;
      const at = line.indexOf(' ... ');
      status = STATUS.exec(at >= 0 ? line.slice(at + 5) : line)?.[1];
    }
    if (status === undefined) continue;
    results.set(id, { ...split(id), status: toStatus(status), durationMs: 0, ...(status.startsWith('skipped') ? { failure: status } : {}) });
  }
  for (const block of failureBlocks(lines)) {
    const existing = results.get(block.id);
    results.set(block.id, { ...(existing ?? { ...split(block.id), durationMs: 0 }), status: 'failed', failure: block.text });
  }
  return [...results.values()];
}

function failureBlocks(lines: string[]): Array<{ id: string; text: string }> {
  const blocks: Array<{ id: string; text: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^={50,}$/.test(lines[i]!)) continue;
    const head = BLOCK_HEAD.exec(lines[i + 1] ?? '');
    if (!head) continue;
    let j = i + 2;
    while (j < lines.length && !/^-{50,}$/.test(lines[j]!)) j++;
    const body: string[] = [];
    for (j += 1; j < lines.length && !RULE.test(lines[j]!); j++) body.push(lines[j]!);
    blocks.push({ id: testId(head[2]!, head[3]!), text: body.join('\n').trim() });
    i = j - 1;
  }
  return blocks;
}

function testId(name: string, inner: string): string {
  return inner.endsWith(`.${name}`) ? inner : `${inner}.${name}`;
}

/** `pkg.mod.Class.test_x` → suite `pkg.mod.Class`, name `test_x`. */
export function split(id: string): { suite: string; name: string } {
  // setUpClass errors and import failures are reported by unittest under descriptive ids.
  const holder = /^(\w+) \(([\w.]+)\)$/.exec(id);
  if (holder) return { suite: holder[2]!, name: holder[1]! };
  const failedImport = /^unittest\.loader\._FailedTest\.(.+)$/.exec(id);
  if (failedImport) return { suite: failedImport[1]!, name: '(import)' };
  const dot = id.lastIndexOf('.');
  return dot < 0 ? { suite: 'django', name: id } : { suite: id.slice(0, dot), name: id.slice(dot + 1) };
}

function toStatus(word: string): TestCaseResult['status'] {
  if (word === 'ok' || word === 'expected failure') return 'passed';
  if (word.startsWith('skipped')) return 'skipped';
  return 'failed';
}
