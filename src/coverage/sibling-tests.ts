/**
 * The service's own tests in the test sibling (src/stack/test-sibling.ts), started as soon as the stack
 * is up and joined by the coverage phase: they need only the image and a database, so they run while
 * seeding, flows and the database phase talk to the service. Lines they log wait for the coverage
 * phase, so the console stays in phase order.
 */
import createDebug from 'debug';
import path from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { containerMigrations } from '../database/migrations.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import type { RunContext } from '../pipeline/context.js';
import type { StartedStack } from '../stack/start-stack.js';
import { startTestSibling } from '../stack/test-sibling.js';
import { InContainer } from './in-container.js';
import { runServiceTests, type TestRunOutcome } from './test-run.js';

const debug = createDebug('enid:coverage');

/** A test run going on in the sibling, and the lines it logged so far. */
export interface SiblingTests {
  outcome: Promise<TestRunOutcome>;
  logs: string[];
  /** What the sibling has of its own instead of the service's (`postgres: database notes_enid_tests`). */
  own: Promise<string[]>;
}

const running = new WeakMap<StartedStack, SiblingTests>();

/** The sibling could not be started (not the tests failing): the coverage phase runs them in the service container. */
export class SiblingUnavailable extends Error {}

/**
 * Starts the tests in a sibling, unless `--e2e-coverage` needs them in the service container (Gunicorn's
 * own data is combined with theirs there). The stack's teardown waits for the sibling's start only.
 * `tenant` names a second sibling in the same run (PR mode's base): its database and containers' aliases.
 */
export function beginSiblingTests(ctx: RunContext, tenant?: string): void {
  if (ctx.options.coverage.e2e || running.has(ctx.stack)) return;
  const logs: string[] = [];
  const started = startTestSibling(ctx.stack, ctx.signal, tenant);
  ctx.stack.settleBeforeStop(started);
  const outcome = started.then(async (sibling) => {
    const copied = await copyBootMigrations(ctx.stack.service, sibling.container);
    if (copied.length) logs.push(`migrations the service's entrypoint wrote at boot, copied into the sibling: ${copied.join(', ')}`);
    const box = new InContainer(sibling.container, ctx.spec.name, ctx.stack.service.codeDir, ctx.spec.env.PYTHONPATH);
    return runServiceTests(box, ctx.spec, ctx.options.coverage.command, false, (line) => logs.push(line));
  }, (err: unknown) => {
    throw new SiblingUnavailable(err instanceof Error ? err.message : String(err));
  });
  // Awaited by the coverage phase; a run that stops before it must not leave an unhandled rejection.
  outcome.catch((err: unknown) => debug('[%s] sibling tests: %O', ctx.spec.name, err));
  running.set(ctx.stack, { outcome, logs, own: started.then((s) => s.own, () => []) });
}

/** The tests started for this stack, if any (each is taken once). */
export function takeSiblingTests(stack: StartedStack): SiblingTests | undefined {
  const tests = running.get(stack);
  running.delete(stack);
  return tests;
}

/** Resolves once the sibling's tests are over (whatever their result): for phases that measure time. */
export async function siblingTestsSettled(stack: StartedStack): Promise<void> {
  await running.get(stack)?.outcome.catch(() => undefined);
}

/**
 * Migration files the service container has and its image had not: what an entrypoint's `makemigrations`
 * wrote at boot (the seed's entrypoint does). The sibling is a fresh container of the image; the tests run
 * by hand in the service container would see those files, so the sibling gets them too. Returns the paths.
 */
async function copyBootMigrations(service: StartedDjangoService, sibling: StartedTestContainer): Promise<string[]> {
  const [inService, inSibling] = await Promise.all([containerMigrations(service), containerMigrations(sibling, service.codeDir)]);
  const missing = inService.filter((f) => !inSibling.includes(f));
  const files = await Promise.all(missing.map(async (rel) => {
    const res = await service.exec(['cat', rel], { workingDir: service.codeDir });
    if (res.exitCode !== 0) throw new Error(`reading ${rel} in the service container failed: ${res.stderr.trim()}`);
    return { content: res.stdout, target: path.posix.join(service.codeDir, rel), mode: 0o644 };
  }));
  if (files.length) await sibling.copyContentToContainer(files);
  return missing;
}
