import { randomBytes } from 'node:crypto';
import type { EnidConfig } from '../config.js';
import { ExitCode } from '../exit-codes.js';
import { EnidError } from '../errors.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';

/** How the run's requests are signed in: headers to send, and words for the report (never the secret). */
export interface SignIn {
  headers: Record<string, string>;
  description: string;
  /** The user's primary key, when the run created the user (a second user's id fills owner fields). */
  userId?: string | number;
}

/**
 * The sign-in the config asks for: `flows.authHeader` as given, or `flows.superuser` created inside the
 * container (`createsuperuser --noinput`) and sent as HTTP Basic; undefined when the run stays anonymous.
 */
export async function configuredSignIn(service: StartedDjangoService, flows: EnidConfig['flows']): Promise<SignIn | undefined> {
  if (flows?.authHeader) return { headers: { [flows.authHeader.name]: flows.authHeader.value }, description: `header ${flows.authHeader.name} from flows.authHeader` };
  if (flows?.superuser) return signInAsSuperuser(service, flows.superuser);
  return undefined;
}

/** Creates the superuser in the container; the password is generated per run unless the config gives one. */
export async function signInAsSuperuser(service: StartedDjangoService, user: { username: string; password?: string }): Promise<SignIn> {
  const password = user.password ?? randomBytes(18).toString('base64url');
  const res = await service.manage(['createsuperuser', '--noinput', '--username', user.username, '--email', `${user.username}@example.com`], { DJANGO_SUPERUSER_PASSWORD: password });
  if (res.exitCode !== 0 && !/already (taken|exists)/i.test(res.output)) {
    throw new EnidError(`manage.py createsuperuser failed (exit ${res.exitCode})`, {
      code: 'ENID_SUPERUSER', exitCode: ExitCode.BadInput, phase: 'inspect', service: service.spec.name,
      hint: 'flows.superuser needs django.contrib.auth in INSTALLED_APPS; or give flows.authHeader instead',
      logTail: res.output.trim().split('\n').slice(-20),
    });
  }
  return {
    headers: { authorization: `Basic ${Buffer.from(`${user.username}:${password}`).toString('base64')}` },
    description: `superuser ${user.username} (HTTP Basic)`,
  };
}
