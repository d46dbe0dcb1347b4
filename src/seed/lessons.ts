/**
 * What the run learnt from the service's 400s, per endpoint and field, and the bounded retry that learns
 * it. Seeding learns on its first row and every later row (and the flows) reuse the lesson, so a service
 * with a `validate_code` rule costs a few requests once, not one failure per row.
 */
import type { HttpResponse } from '../http/client.js';
import type { EndpointSchema, FieldSchema } from '../api/schema.js';
import { candidates, judge400, NON_FIELD, reordered, type FieldError, type Judgement, type Maker } from './learn.js';
import type { Payload } from './payload.js';

/** At most this many requests for one body: the first, then one per round of other candidates. */
export const MAX_TRIES = 8;

type Lesson = Maker | 'omit';

/** Values that satisfied the service where generated ones did not, by endpoint path and field. */
export class PayloadLessons {
  private readonly byPath = new Map<string, Map<string, Lesson>>();
  private readonly order = new Map<string, Array<[string, string]>>();

  /** The payload with every lesson for its endpoint applied (row `index` picks the value of a varied shape). */
  apply(schema: EndpointSchema, payload: Payload, index: number): Payload {
    const lessons = this.byPath.get(schema.path);
    const pairs = this.order.get(schema.path);
    if (!lessons && !pairs) return payload;
    const out = { ...payload };
    for (const [field, lesson] of lessons ?? []) {
      if (!schema.writableFields.some((f) => f.name === field)) continue;
      if (!(field in out)) continue;
      if (lesson === 'omit') delete out[field];
      else out[field] = lesson(index);
    }
    // A learnt cross-field order: the first field's value is the lower one.
    for (const [lo, hi] of pairs ?? []) {
      if (out[lo] === undefined || out[hi] === undefined) continue;
      const [a, b] = [out[lo], out[hi]];
      if (Number(a) > Number(b) || (!Number.isFinite(Number(a)) && String(a) > String(b))) Object.assign(out, { [lo]: b, [hi]: a });
    }
    return out;
  }

  learn(path: string, field: string, lesson: Lesson): void {
    if (!this.byPath.has(path)) this.byPath.set(path, new Map());
    this.byPath.get(path)!.set(field, lesson);
  }

  learnOrder(path: string, lo: string, hi: string): void {
    if (!this.order.has(path)) this.order.set(path, []);
    const pairs = this.order.get(path)!;
    // Rows sent at once may each learn it: once is enough.
    if (!pairs.some(([a, b]) => (a === lo && b === hi) || (a === hi && b === lo))) pairs.push([lo, hi]);
  }

  /** What was learnt, one line per field, for the report. */
  describe(): string[] {
    const out: string[] = [];
    for (const [path, lessons] of this.byPath) for (const [field, lesson] of lessons) out.push(`${path} ${field}: ${lesson === 'omit' ? 'left out (optional; no value the run tried was accepted)' : `sent as ${JSON.stringify(lesson(0))} and values of its shape`}`);
    for (const [path, pairs] of this.order) for (const [lo, hi] of pairs) out.push(`${path}: ${lo} before ${hi}`);
    return out;
  }
}

/** How a learning send ended. */
export type LearnedSend =
  /** The service answered (2xx, or an answer that is not a validation error naming fields): judge `res` as usual. */
  | { outcome: 'answered'; res: HttpResponse; payload: Payload; tries: number }
  /** It refused a value its declared constraints allow: the service's failure. */
  | { outcome: 'rejects-valid'; res: HttpResponse; payload: Payload; tries: number; judgement: Extract<Judgement, { kind: 'rejects-valid' }> }
  /** Its own rules refused every candidate: the harness's limit, "reached, not verified". */
  | { outcome: 'unlearned'; res: HttpResponse; payload: Payload; tries: number; errors: FieldError[] };

export interface SendLearningOptions {
  schema: EndpointSchema;
  lessons: PayloadLessons;
  /** Row number: varied shapes give each row its own value. */
  index: number;
  /** Values of a field in rows that exist (for stored values as candidates). */
  stored?: (field: FieldSchema) => readonly unknown[];
  maxTries?: number;
}

/**
 * Sends `payload` (lessons applied); while the answer is a 400 whose named fields carry rules the harness
 * could not know, tries other candidates for exactly those fields (the service's examples, stored values,
 * shapes of the field's name; an optional field left out; a cross-field pair reordered), at most
 * `maxTries` requests. What worked is learnt for the endpoint.
 */
export async function sendLearning(send: (payload: Payload) => Promise<HttpResponse>, payload: Payload, options: SendLearningOptions): Promise<LearnedSend> {
  const { schema, lessons, index } = options;
  const maxTries = options.maxTries ?? MAX_TRIES;
  let current = lessons.apply(schema, payload, index);
  const pending = new Map<string, Lesson>();
  const pool = new Map<string, Maker[]>();
  let orders: Payload[] | undefined;
  let order: [string, string] | undefined;
  for (let tries = 1; ; tries++) {
    const res = await send(current);
    if (res.status !== 400) {
      if (res.status >= 200 && res.status < 300) {
        for (const [field, lesson] of pending) lessons.learn(schema.path, field, lesson);
        if (order) lessons.learnOrder(schema.path, ...order);
      }
      return { outcome: 'answered', res, payload: current, tries };
    }
    const judgement = judge400(res.body, schema);
    if (judgement.kind === 'not-validation') return { outcome: 'answered', res, payload: current, tries };
    if (judgement.kind === 'rejects-valid') return { outcome: 'rejects-valid', res, payload: current, tries, judgement };
    if (tries >= maxTries) return { outcome: 'unlearned', res, payload: current, tries, errors: judgement.errors };
    let next: Payload = { ...current };
    let changed = false;
    for (const error of judgement.errors) {
      if (NON_FIELD.includes(error.field)) {
        orders ??= reordered(current, schema);
        const candidate = orders.shift();
        if (candidate) {
          const moved = Object.keys(candidate).filter((k) => candidate[k] !== current[k]);
          next = { ...next, ...Object.fromEntries(moved.map((k) => [k, candidate[k]])) };
          const [a, b] = schema.writableFields.filter((f) => moved.includes(f.name)).map((f) => f.name);
          if (a && b) order = Number(candidate[a]) <= Number(candidate[b]) || String(candidate[a]) <= String(candidate[b]) ? [a, b] : [b, a];
          changed = true;
        }
        continue;
      }
      const field = schema.writableFields.find((f) => f.name === error.field);
      if (!field) continue;
      if (!pool.has(field.name)) pool.set(field.name, candidates({ field, messages: error.messages, sent: current[field.name], stored: options.stored?.(field) }));
      const maker = pool.get(field.name)!.shift();
      if (maker) {
        next[field.name] = maker(index);
        pending.set(field.name, maker);
        changed = true;
      } else if (!field.required && field.name in next) {
        // An optional field whose rule no candidate satisfies: the row goes without it.
        delete next[field.name];
        pending.set(field.name, 'omit');
        changed = true;
      }
    }
    if (!changed) return { outcome: 'unlearned', res, payload: current, tries, errors: judgement.errors };
    current = next;
  }
}

/** One line for a skip: which fields, why the harness could not know their rule, and the service's words. */
export function unlearnedReason(errors: FieldError[], tries: number, schema: EndpointSchema): string {
  const fields = errors.map((e) => (NON_FIELD.includes(e.field) ? 'a cross-field rule' : `"${e.field}"`)).join(', ');
  const words = errors.flatMap((e) => e.messages).slice(0, 2).map((m) => JSON.stringify(m.length > 160 ? `${m.slice(0, 157)}...` : m)).join('; ');
  return `reached, not verified: the service's own validation of ${fields} refused every value the run tried (${tries} ${tries === 1 ? 'try' : 'tries'} at ${schema.path}; its message: ${words || 'none'})`;
}
