import { backingModule } from '../backing/registry.js';
import { EnidError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { ProbeDocument } from '../probe/types.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import type { ServiceSpec } from '../types.js';

/**
 * Settings that ignore every variable the run set (a hard-coded HOST) would test another server, or
 * none: each backing module reads Django's own settings and says when they point elsewhere (exit 3).
 */
export function checkBackingWiring(probe: ProbeDocument, spec: Pick<ServiceSpec, 'backing'>, service: StartedDjangoService): void {
  if (!probe.settings) return;
  for (const [kind, backing] of Object.entries(spec.backing)) {
    const problem = backingModule(kind).wiringProblem?.(probe.settings, backing);
    if (problem) throw new EnidError(problem.message, { code: problem.code, exitCode: ExitCode.BootFailed, phase: 'inspect', service: service.spec.name, hint: problem.hint });
  }
}

/**
 * Applies the migrations a service never applied itself (its entrypoint does not migrate); returns the
 * assumption that says so, or undefined when there was nothing to apply.
 */
export async function applyMissingMigrations(service: StartedDjangoService, probe: ProbeDocument | undefined): Promise<string | undefined> {
  const unapplied = probe?.migrations?.unapplied ?? [];
  const readiness = service.readiness;
  if (!unapplied.length && !(readiness.state === 'ready' && 'problem' in readiness && readiness.problem === 'unmigrated')) return undefined;
  return migrate(service, unapplied.length);
}

/** The service never applied its migrations itself: apply them, and say so. */
async function migrate(service: StartedDjangoService, count: number): Promise<string> {
  const res = await service.manage(['migrate', '--noinput']);
  if (res.exitCode !== 0) {
    throw new EnidError(`manage.py migrate failed (exit ${res.exitCode}) on migrations the service had not applied`, {
      code: 'ENID_MIGRATE_FAILED', exitCode: ExitCode.BootFailed, phase: 'inspect', service: service.spec.name,
      hint: 'the service does not migrate at start, so the harness did; the log tail is Django\'s own message',
      logTail: res.output.trim().split('\n').slice(-30),
    });
  }
  return `the service had ${count ? `${count} unapplied migration(s)` : 'no tables'} after it started (its entrypoint does not migrate): applied them with manage.py migrate --noinput`;
}
