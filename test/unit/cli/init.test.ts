import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { initCommand, templatePath } from '../../../src/cli/ci-commands.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../../fixtures/notes-redis');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the bundled service without the files init writes, plus any given ones. */
function repo(files: Record<string, string> = {}, { dockerignore = false } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'enid-init-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  if (!dockerignore) rmSync(path.join(dir, '.dockerignore'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

async function init(...argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await initCommand(argv, (line) => lines.push(line));
  return { code, lines };
}

/** Every file under a folder with its bytes, to prove a second run changes nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, name);
    if (statSync(file).isFile()) out[name] = readFileSync(file, 'utf8');
  }
  return out;
}

describe('enid-test init', () => {
  it('writes vitest.config.mts, an example suite, the CI job and .dockerignore, and says so', async () => {
    const dir = repo();
    const { code, lines } = await init(dir);
    expect(code).toBe(0);
    expect(lines.slice(0, 4)).toEqual([
      'wrote vitest.config.mts (the enid-test/vitest globalSetup: `npx vitest run` boots the stack itself)',
      'wrote e2e/health.test.ts (an example suite: healthSuite(), and a crudSuite line to fill in)',
      'wrote .github/workflows/enid-test.yml (the CI job, as `enid-test init-ci github` writes it)',
      'wrote .dockerignore (node_modules, enid-reports: kept out of the image, so the build context stays small)',
    ]);
    expect(lines.at(-2)).toMatch(/^next: npx enid-test run \./);
    const config = readFileSync(path.join(dir, 'vitest.config.mts'), 'utf8');
    expect(config).toContain("globalSetup: ['enid-test/vitest']");
    expect(config).toContain("include: ['e2e/**/*.test.ts']");
    const example = readFileSync(path.join(dir, 'e2e/health.test.ts'), 'utf8');
    expect(example).toContain("import { healthSuite } from 'enid-test/suites';");
    expect(example).toContain('\nhealthSuite();\n');
    expect(readFileSync(path.join(dir, '.github/workflows/enid-test.yml'))).toEqual(readFileSync(templatePath('github')));
    expect(readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toBe('# Never part of the service image (added by enid-test init):\nnode_modules\nenid-reports\n');
  });

  it('never overwrites: a second run writes nothing and leaves every file as it was', async () => {
    const dir = repo();
    await init(dir);
    const before = snapshot(dir);
    const { code, lines } = await init(dir);
    expect(code).toBe(0);
    expect(lines.slice(0, 4)).toEqual([
      'left vitest.config.mts as it was: add globalSetup: [\'enid-test/vitest\'] to its test options (see ' + path.resolve(import.meta.dirname, '../../../templates/init/vitest.config.mts.tmpl') + ')',
      'left e2e/health.test.ts as it was',
      `left .github/workflows/enid-test.yml as it was: merge the job from ${templatePath('github')} into it by hand`,
      'left .dockerignore as it was: it already keeps node_modules and enid-reports out of the image',
    ]);
    expect(snapshot(dir)).toEqual(before);
  });

  it('appends only what an existing .dockerignore lacks, keeping its content, and says it is the one change to a user file', async () => {
    const dir = repo({ '.dockerignore': '__pycache__\n**/node_modules' });
    const { lines } = await init(dir, '--ci', 'none');
    expect(readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toBe('__pycache__\n**/node_modules\n# Never part of the service image (added by enid-test init):\nenid-reports\n');
    expect(lines).toContain("appended enid-reports to .dockerignore — the only change init makes to a file you already had (keeps it out of the image and of every build's context)");
    expect(existsSync(path.join(dir, '.github'))).toBe(false);
  });

  it('judges .dockerignore as Docker does: a negation that lets node_modules back in does not count', async () => {
    const dir = repo({ '.dockerignore': 'node_modules/\n/enid-reports/\n!node_modules\n' });
    await init(dir, '--ci', 'none');
    expect(readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toMatch(/!node_modules\n# Never part of the service image \(added by enid-test init\):\nnode_modules\n$/);
  });

  it('leaves a vitest config of the service\'s own, and picks GitLab where the repo has its CI', async () => {
    const dir = repo({ 'vitest.config.ts': 'export default {};\n', '.gitlab-ci.yml': 'test:\n  script: [make]\n' });
    const { lines } = await init(dir, '--reports', 'out/reports');
    expect(lines[0]).toMatch(/^left vitest\.config\.ts as it was: add globalSetup: \['enid-test\/vitest'\]/);
    expect(existsSync(path.join(dir, 'vitest.config.mts'))).toBe(false);
    expect(lines).toContain(`left .gitlab-ci.yml as it was: merge the job from ${templatePath('gitlab')} into it by hand`);
    expect(parse(readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'))).toEqual({ test: { script: ['make'] } });
    expect(readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toContain('\nnode_modules\nout/reports\n');
  });

  it('rejects unknown options and CI systems with exit 2 before writing anything', async () => {
    const dir = repo();
    const before = snapshot(dir);
    await expect(init(dir, '--ci', 'jenkins')).rejects.toMatchObject({ exitCode: 2, code: 'ENID_USAGE' });
    await expect(init(dir, '--force')).rejects.toMatchObject({ exitCode: 2, message: 'unknown option --force' });
    await expect(init(dir, '--reports', '../elsewhere')).rejects.toMatchObject({ exitCode: 2 });
    await expect(init(path.join(dir, 'missing'))).rejects.toMatchObject({ exitCode: 2 });
    expect(snapshot(dir)).toEqual(before);
  });
});
