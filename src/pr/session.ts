/**
 * PR mode's base service through a run: checked out and discovered with the head (bad refs are exit 2
 * before anything boots), its image built while the head's stack starts, booted into the head's stack
 * once that is up, then inspected and seeded while its own tests run in a sibling, all in the background
 * while the head's phases run. The pr phase awaits it and compares. `stop()` removes what it started.
 */
import path from 'node:path';
import type { EnidConfig } from '../config.js';
import { discover } from '../discover/discover.js';
import { loadConfig } from '../discover/load-config.js';
import { EnidError } from '../errors.js';
import { HttpClient } from '../http/client.js';
import { coveragePhase } from '../coverage/phase.js';
import { beginSiblingTests } from '../coverage/sibling-tests.js';
import { inspectPhase } from '../inspect/phase.js';
import { emptyApi, emptyResources, type RunContext } from '../pipeline/context.js';
import type { Reporter } from '../report/reporter.js';
import { resolveOptions } from '../options/resolve-options.js';
import type { ResolvedOptions } from '../options/resolved-options.js';
import { optionsFromEnv, type RunOptions } from '../run-options.js';
import { seedPhase } from '../seed/phase.js';
import { baseTenancy, buildBaseImage, startBaseStack } from '../stack/base-stack.js';
import type { BuiltImage } from '../stack/image/image-build.js';
import type { StartedStack } from '../stack/start-stack.js';
import type { CoverageReport, InspectReport, SeedReport, ServiceSpec } from '../types.js';
import { checkoutBase, chooseBaseRef, type BaseCheckout } from './base-checkout.js';
import { baseDatabaseEnv, migrationPlan } from './migrate-base.js';
import { runOn } from './run-on.js';
import type { MigrateOutput } from './migration-report.js';

/** The base, booted, inspected and seeded: a context every phase can run on. */
export interface BaseReady {
  ctx: RunContext;
  inspect: InspectReport;
  seed?: SeedReport;
  /** Its own tests under coverage, unless coverage is off (or they could not run: see notes). */
  coverage?: CoverageReport;
  /** The head's migrations the base database lacks, read beside the head's phases (absent: the pr phase reads it). */
  migrationPlan?: MigrateOutput;
  notes: string[];
}


export class PrSession {
  private image?: Promise<BuiltImage>;
  private booting?: Promise<BaseReady>;
  private stack?: StartedStack;
  private readonly abort = new AbortController();

  private constructor(
    readonly checkout: BaseCheckout,
    readonly spec: ServiceSpec,
    readonly config: EnidConfig,
    /** The base's own options: its config, the run's flags, its reports under `<reports>/base`. */
    readonly options: ResolvedOptions,
    private readonly reportsDir: string,
    private readonly log: (line: string) => void,
    readonly notes: string[],
  ) {}

  /** Checks the base out and discovers it; starts its image build. Throws exit-2 errors for bad refs. */
  static async open(input: { options: ResolvedOptions; flags: RunOptions; config: EnidConfig; reporter: Reporter; signal: AbortSignal }): Promise<PrSession> {
    const { options } = input;
    const choice = chooseBaseRef(options.pr.base?.ref, options.pr.base?.how ?? '--base');
    const checkout = await checkoutBase(options.serviceDir, choice);
    const notes: string[] = [];
    try {
      let baseConfig: EnidConfig = input.config;
      try {
        baseConfig = (await loadConfig(checkout.dir)).config;
      } catch (err) {
        notes.push(`the base's enid.config could not be read (${(err as Error).message}): the head's config is used for it`);
      }
      // The base runs with the run's flags and its own config; never with E2E coverage (it restarts Gunicorn).
      const resolved = resolveOptions({ ...input.flags, serviceDir: checkout.dir, reportsDir: path.join(options.reportsDir, 'base'), e2eCoverage: false }, optionsFromEnv(), baseConfig);
      // Its own name, so its own image tag: the head's build prunes older images of the head's name,
      // and the base's image (often an older cache hit) must still be there when its container starts.
      const discovered = discover(checkout.dir, resolved.discover);
      const spec = { ...discovered, name: `${discovered.name}-base` };
      const log = (line: string): void => input.reporter.onLog?.(`base: ${line}`);
      const session = new PrSession(checkout, spec, baseConfig, resolved, options.reportsDir, log, notes);
      input.signal.addEventListener('abort', () => session.abort.abort(), { once: true });
      session.image = buildBaseImage(spec, session.stackOptions());
      session.image.catch(() => undefined);
      log(`${choice.ref} at ${checkout.commit.slice(0, 12)} (${choice.how}; the merge base with HEAD): building its image`);
      return session;
    } catch (err) {
      checkout.remove();
      throw err;
    }
  }

  private stackOptions(): Parameters<typeof buildBaseImage>[1] {
    return {
      logsDir: path.join(this.reportsDir, 'logs', 'base'), signal: this.abort.signal, reportsDir: this.reportsDir,
      onProgress: this.log, bootTimeoutMs: this.options.stack.bootTimeoutMs, buildStallTimeoutMs: this.options.stack.buildStallTimeoutMs,
    };
  }

  /** Boots the base into the head's stack and gets it inspected, seeded and tested, in the background. */
  boot(head: StartedStack, headCtx: Omit<RunContext, 'state' | 'spec' | 'stack' | 'info' | 'config' | 'reportsDir' | 'reporter' | 'pr'>): void {
    this.booting = this.bootChain(head, headCtx);
    this.booting.catch(() => undefined);
  }

  private async bootChain(head: StartedStack, headCtx: Omit<RunContext, 'state' | 'spec' | 'stack' | 'info' | 'config' | 'reportsDir' | 'reporter' | 'pr'>): Promise<BaseReady> {
    const t = Date.now();
    const image = await this.image!;
    const tenancy = await baseTenancy(head, this.spec);
    if (tenancy.missing.length) this.notes.push(`the base uses ${tenancy.missing.join(', ')}, which the head's stack does not start: the base ran without`);
    this.stack = await startBaseStack(head, tenancy, image, this.stackOptions());
    this.log(`up in ${((Date.now() - t) / 1000).toFixed(1)} s (image ${image.cached ? 'from cache' : 'built'}), database ${String(tenancy.spec.backing.postgres?.settings.database ?? '?')}`);
    // The base's progress lines, not its tables (a coverage table per file is the head's to print).
    const reporter: Reporter = { name: 'base', onLog: (line) => { if (!line.startsWith('  ')) this.log(line); }, printsToStdio: () => false };
    const info = this.stack.toInfo();
    let ctx: RunContext = {
      ...headCtx, spec: tenancy.spec, config: this.config, stack: this.stack, info, reporter,
      options: this.options, reportsDir: this.options.reportsDir, signal: this.abort.signal,
      state: { http: new HttpClient(info.baseUrl), api: emptyApi(), resources: emptyResources() },
    };
    // The migration plan needs only the head's container and the base's migrated database: read it now,
    // beside the base's own phases, instead of in the pr phase. A failure is left to the pr phase to repeat.
    const plan = migrationPlan(head.service, baseDatabaseEnv(head, tenancy), headCtx.options.pr.lockTimeoutMs).catch(() => undefined);
    // Its own tests start now in a sibling of their own (own database, own Redis under another alias than
    // the head's sibling), as the head's do: they ran after its probe and seed, the longest part of the
    // base's path, which the pr phase waited for (5-11 s in bench P9).
    const skip = coveragePhase.skipReason?.(ctx);
    if (!skip) beginSiblingTests(ctx, 'enid_base_tests');
    const inspected = await runOn(inspectPhase, ctx);
    ctx = inspected.ctx;
    const seeded = await runOn(seedPhase, ctx).catch((err: unknown) => { this.notes.push(`the base could not be seeded: ${(err as Error).message}`); return undefined; });
    if (seeded) ctx = seeded.ctx;
    let coverage: CoverageReport | undefined;
    if (!skip) {
      try {
        coverage = (await runOn(coveragePhase, ctx)).result;
      } catch (err) {
        this.notes.push(`the base's own tests could not be measured: ${(err as Error).message}`);
      }
    }
    const migrations = await plan;
    this.log(`inspected, seeded${coverage ? ' and its tests measured' : ''} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    return { ctx, inspect: inspected.result, ...(seeded ? { seed: seeded.result } : {}), ...(coverage ? { coverage } : {}), ...(migrations ? { migrationPlan: migrations } : {}), notes: this.notes };
  }

  /** The booted base; throws what its boot threw, said as the base's. */
  async ready(): Promise<BaseReady> {
    if (!this.booting) throw new Error('the base was never booted (the head\'s stack did not start)');
    try {
      return await this.booting;
    } catch (err) {
      if (err instanceof EnidError) {
        throw new EnidError(`the base (${this.checkout.ref} at ${this.checkout.commit.slice(0, 12)}): ${err.message}`, {
          code: err.code, exitCode: err.exitCode, phase: 'pr', service: this.spec.name, cause: err,
          ...(err.hint ? { hint: err.hint } : {}), ...(err.logTail ? { logTail: err.logTail } : {}),
        });
      }
      throw err;
    }
  }

  /** Removes the base container and the checkout; waits for a boot still under way to give up first. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.image?.catch(() => undefined);
    const ready = await this.booting?.catch(() => undefined);
    await ready?.ctx.state.http.close().catch(() => undefined);
    await this.stack?.stop().catch(() => undefined);
    this.checkout.remove();
  }
}
