/**
 * Bodies the checks phase means to be valid: generated, with what the service's 400s taught seeding and
 * the flows (`state.lessons`, seed/lessons.ts) applied, and learnt further the same bounded way when the
 * service still refuses one. A rule of the service's own (`validate_<field>`, a `validate()`) is then
 * the harness's to satisfy, never a finding: only the checks' own cases are judged.
 */
import type { EndpointSchema } from '../api/schema.js';
import type { HttpResponse } from '../http/client.js';
import { sendLearning, unlearnedReason } from '../seed/lessons.js';
import type { Payload } from '../seed/payload.js';
import type { CheckEnv } from './context.js';
import type { Sent, Who } from './session.js';

// A few tries beyond what seeding learnt: the checks spend an endpoint's budget on their own cases.
const MAX_TRIES = 4;

/** A fresh body for `schema` (a new index: unique fields differ from every other body), lessons applied. */
export function freshBody(env: Pick<CheckEnv, 'generator' | 'lessons' | 'relatedFor' | 'nextIndex'>, schema: EndpointSchema): Payload {
  const index = env.nextIndex();
  return env.lessons.apply(schema, env.generator.generate(schema, { relatedIds: env.relatedFor(schema), index }), index);
}

/** How a body meant to be valid fared: the last exchange and the body it carried; `why` when none was accepted for the harness's reasons. */
export interface ValidSend {
  sent?: Sent;
  payload: Payload;
  /** Set when the answer cannot be judged: the budget ran out, or the service's own rules refused every value tried. */
  why?: string;
}

class BudgetSpent extends Error {}

/** Sends a body meant to be valid as `who`, learning from 400s that name fields with rules of the service's own. */
export async function sendValid(env: CheckEnv, who: Who, endpoint: string, method: string, path: string, schema: EndpointSchema): Promise<ValidSend> {
  const index = env.nextIndex();
  const generated = env.generator.generate(schema, { relatedIds: env.relatedFor(schema), index });
  let last: Sent | undefined;
  const send = async (body: Payload): Promise<HttpResponse> => {
    last = await env.session.send(who, endpoint, { method, path, body });
    if (!last) throw new BudgetSpent();
    return last.response ?? { status: last.status, headers: {}, body: undefined, text: '', durationMs: 0 };
  };
  try {
    const learned = await sendLearning(send, generated, { schema, lessons: env.lessons, index, maxTries: MAX_TRIES });
    const payload = learned.payload;
    if (learned.outcome === 'unlearned') return { sent: last!, payload, why: unlearnedReason(learned.errors, learned.tries, schema) };
    // A value its declared constraints allow, refused: the flows report that (once); here it only means no valid base.
    if (learned.outcome === 'rejects-valid') return { sent: last!, payload, why: `a valid body was refused: ${learned.judgement.because}` };
    return { sent: last!, payload };
  } catch (err) {
    if (err instanceof BudgetSpent) return { ...(last ? { sent: last } : {}), payload: generated, why: 'the endpoint\'s request budget is spent' };
    throw err;
  }
}
