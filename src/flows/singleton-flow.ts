import type { HttpClient } from '../http/client.js';
import type { PayloadGenerator, Payload, RelatedIds } from '../seed/payload.js';
import type { ResourceMap, SingletonResource } from '../api/resource-types.js';
import type { FlowResult } from '../types.js';
import { echoMismatches } from './compare.js';
import { FLOW_INDEX_BASE } from './crud-flow.js';
import { PayloadLessons } from '../seed/lessons.js';
import { FlowSteps, refusal, refused, StepSkipped } from './steps.js';

// What a profile update must not change, or the run's own sign-in stops working (or loses its rights).
const ACCOUNT_FLAGS = ['is_active', 'is_staff', 'is_superuser'];

/** Who the client is, so that updating its own profile keeps it signed in. */
export interface SingletonOptions {
  signedIn?: boolean;
  /** The credentials name the user (HTTP Basic, a session): the USERNAME_FIELD must keep its value. */
  keepIdentity?: boolean;
  /** The user model and its USERNAME_FIELD (the probe's `auth`). */
  user?: ResourceMap['user'];
  /** What the service's 400s taught so far. */
  lessons?: PayloadLessons;
}

/**
 * The flow of an object endpoint without a lookup (`/api/users/me/`): retrieve it, replace it with a
 * schema-driven body (PUT), change one field (PATCH); never delete it. On the user model the account
 * flags (and, for credentials that name the user, the USERNAME_FIELD) keep their current values and
 * optional write-only fields (a password) are left out, so the run stays signed in as itself.
 */
export async function runSingletonFlow(http: HttpClient, resource: SingletonResource, generator: PayloadGenerator, relatedIds: RelatedIds, onResult: (r: FlowResult) => void, options: SingletonOptions = {}): Promise<FlowResult[]> {
  const steps = new FlowSteps(http, resource.path, onResult);
  const methods = new Set(resource.methods);
  const schema = resource.schema;
  let current: Payload | undefined;
  const refuse = (method: string, status: number): never => {
    throw new StepSkipped((steps.blocked = refusal(method, status, options.signedIn === true)));
  };

  if (methods.has('GET')) {
    await steps.step('retrieve', async () => {
      const res = await steps.call('GET', resource.path);
      if (refused(res.status)) refuse('GET', res.status);
      steps.expectStatus(res, 200);
      if (typeof res.body !== 'object' || res.body === null || Array.isArray(res.body)) steps.fail('the object is not a JSON object');
      current = res.body as Payload;
    });
  }
  const isUser = !!schema?.model && schema.model === options.user?.model;
  // A token or JWT names the user by id, so a new e-mail is fine; Basic and sessions go by the username.
  const keep = isUser ? [...(options.keepIdentity ? [options.user!.usernameField] : []), ...ACCOUNT_FLAGS] : [];
  const body = (index: number): Payload => {
    if (!schema) return { ...current };
    const generated = generator.generate(schema, { relatedIds, index });
    for (const f of schema.writableFields) if (f.writeOnly && !f.required) delete generated[f.name];
    for (const name of keep) {
      if (current && name in current && schema.writableFields.some((f) => f.name === name)) generated[name] = current[name];
    }
    return generated;
  };
  const fields = schema?.fields ?? [];
  const lessons = options.lessons ?? new PayloadLessons();

  if (methods.has('PUT')) {
    await steps.step('update', async () => {
      if (!schema && !current) throw new StepSkipped('neither a schema nor the current object to send back');
      const first = body(FLOW_INDEX_BASE + 3);
      const sent = schema
        ? await steps.send('PUT', resource.path, first, { schema, lessons, index: FLOW_INDEX_BASE + 3 })
        : { res: await steps.call('PUT', resource.path, first), payload: first };
      const { res, payload: replacement } = sent;
      if (refused(res.status)) refuse('PUT', res.status);
      steps.expectStatus(res, 200);
      const mismatches = echoMismatches(replacement, res.body, fields);
      if (mismatches.length) steps.fail(`PUT did not store what was sent: ${mismatches.join('; ')}`);
    });
  }
  if (methods.has('PATCH')) {
    await steps.step('partial update', async () => {
      const generated = body(FLOW_INDEX_BASE + 4);
      const field = schema?.writableFields.find((f) => f.kind !== 'related' && !f.writeOnly && !keep.includes(f.name) && generated[f.name] !== undefined);
      const sent = field && schema
        ? await steps.send('PATCH', resource.path, { [field.name]: generated[field.name] }, { schema, lessons, index: FLOW_INDEX_BASE + 4 })
        : { res: await steps.call('PATCH', resource.path, {}), payload: {} };
      const { res, payload: patch } = sent;
      if (refused(res.status)) refuse('PATCH', res.status);
      steps.expectStatus(res, 200);
      const mismatches = echoMismatches(patch, res.body, fields);
      if (mismatches.length) steps.fail(`PATCH did not store what was sent: ${mismatches.join('; ')}`);
    });
  }
  return steps.results;
}
