import { afterAll, describe, it } from 'vitest';
import { runCrudFlow } from '../src/flows/crud-flow.js';
import { HttpClient } from '../src/http/client.js';
import { createPayloadGenerator, type RelatedIds } from '../src/seed/payload.js';
import type { FlowResult } from '../src/types.js';
import { crudStepNames, stepFailureMessage } from '../src/vitest/crud-steps.js';
import { stackInfo } from '../src/vitest/provided-context.js';
import { loadEndpoint } from './endpoint-schema.js';

export interface CrudSuiteOptions {
  /** Title of the describe block (default "<endpoint> CRUD"). */
  title?: string;
  /** Seed of the generated payloads; the same seed gives the same rows (default 1, like `enid-test run`). */
  seed?: number;
  /** Sent with every request, e.g. `{ Authorization: 'Token abc' }`. */
  headers?: Record<string, string>;
  /** Ids a related field may point at (default: rows on the first page of the target collection). */
  relatedIds?: RelatedIds;
}

/**
 * The harness's generated CRUD flow of one DRF collection as a vitest `describe`, one `it` per step:
 * create, list (count and pagination), retrieve, update, partial update, delete, 404 after delete, 404 on
 * an unknown id, and a 400 for each invalid payload the endpoint's OPTIONS schema proves. A failed step names the request
 * and the response; the steps that need its result are skipped.
 *
 * @param endpoint the collection's path, with its trailing slash (`/api/books/`)
 * @param options title, seed, headers and related ids (all optional, defaults above)
 * @example
 * import { crudSuite } from 'enid-test/suites';
 * crudSuite('/api/books/');
 * crudSuite('/api/notes/', { headers: { Authorization: 'Token abc' } });
 */
export function crudSuite(endpoint: string, options: CrudSuiteOptions = {}): void {
  // The steps depend on the endpoint's schema, read from the service: the describe collects them async.
  describe(options.title ?? `${endpoint} CRUD`, async () => {
    const http = HttpClient.forStack(stackInfo(), options.headers);
    afterAll(() => http.close());
    const { schema, relatedIds } = await loadEndpoint(http, stackInfo().apiRoots, endpoint, options.relatedIds);
    const steps = crudStepNames(schema);
    const outcomes = new Map(steps.map((s) => [s, deferred<FlowResult>()]));
    let flow: Promise<void> | undefined;
    // The flow runs once, started by whichever test comes first; each test waits for its own step, so
    // the test's duration is the step's.
    // Payloads of its own (the run's auto flows use seed + 1), so a row an auto flow left behind in the
    // same stack cannot collide with this suite's rows on a unique field.
    const generator = createPayloadGenerator({ seed: (options.seed ?? 1) + 2 });
    const start = (): Promise<void> => (flow ??= runCrudFlow(http, schema, generator, relatedIds, (r) => outcomes.get(r.step)?.resolve(r)).then(
      () => outcomes.forEach((o, step) => o.reject(new Error(`the flow ended without running "${step}"`))),
      (err: unknown) => outcomes.forEach((o) => o.reject(err)),
    ));
    for (const step of steps) {
      it(step, async (ctx) => {
        void start();
        const result = await outcomes.get(step)!.promise;
        if (result.status === 'skipped') ctx.skip(result.error);
        if (result.status === 'failed') throw new Error(stepFailureMessage(result));
      });
    }
  });
}

/** Promise.withResolvers, which the ES2023 lib of this package does not declare. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A step no test waits for (filtered out with -t) must not become an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
