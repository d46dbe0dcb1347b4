import { EnidError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { ProbeDocument } from '../probe/types.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';

// Settings that ignore every variable the run set (a hard-coded HOST) would test another database, or none.
export function checkDatabase(probe: ProbeDocument, aliases: string[], service: StartedDjangoService): void {
  const db = probe.settings?.DATABASES?.default;
  if (!db?.ENGINE || !/postgres/.test(db.ENGINE) || !db.HOST || aliases.includes(db.HOST)) return;
  throw new EnidError(`Django's DATABASES['default'] points at ${db.HOST}, not at the run's PostgreSQL (${aliases.join(', ')})`, {
    code: 'ENID_DATABASE_NOT_WIRED', exitCode: ExitCode.BootFailed, phase: 'inspect', service: service.spec.name,
    hint: `the settings read the host from a variable the harness does not set: name it in service.env of enid.config.json (e.g. {"MY_DB_HOST": "${aliases[0] ?? 'postgres'}"}) or use postgres.aliases`,
  });
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
