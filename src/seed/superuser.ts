import { randomBytes } from 'node:crypto';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';

/**
 * Creates the configured superuser inside the service container (`createsuperuser --noinput`) and sends
 * its credentials with every later request as HTTP Basic. The password is generated per run unless the
 * config gives one.
 */
export async function signInAsSuperuser(service: StartedDjangoService, http: HttpClient, user: { username: string; password?: string }): Promise<void> {
  const password = user.password ?? randomBytes(18).toString('base64url');
  const res = await service.manage(['createsuperuser', '--noinput', '--username', user.username, '--email', `${user.username}@example.com`], { DJANGO_SUPERUSER_PASSWORD: password });
  if (res.exitCode !== 0 && !/already (taken|exists)/i.test(res.output)) {
    throw new EnidError(`manage.py createsuperuser failed (exit ${res.exitCode})`, {
      code: 'ENID_SUPERUSER', exitCode: ExitCode.BadInput, phase: 'seed', service: service.spec.name,
      hint: 'flows.superuser needs django.contrib.auth in INSTALLED_APPS; or give flows.authHeader instead',
      logTail: res.output.trim().split('\n').slice(-20),
    });
  }
  http.setHeader('authorization', `Basic ${Buffer.from(`${user.username}:${password}`).toString('base64')}`);
}
