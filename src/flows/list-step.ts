import type { ProbePagination } from '../probe/types.js';
import type { Row } from '../api/endpoints.js';
import { countOf, pageShapeProblem, walkPages } from './pages.js';
import type { FlowSteps } from './steps.js';

/** What the list step knows: the list before the flow wrote, and the row it created. */
export interface ListContext {
  endpoint: string;
  /** The list's body before create (undefined when it was not read). */
  before: unknown;
  created: Row | undefined;
  pagination: ProbePagination | null | undefined;
  keyOf: (row: Row) => string;
}

// A limit-offset list is also walked in pages of a third of it, when it is this small or smaller.
const SMALL_LIST = 60;

/**
 * The `list` step: 200, the shape the view's pagination gives, one more row than before the create
 * (where the list has a count), pages that follow `next` without repeating a row, and the created row
 * among them where no count says so (cursor pagination).
 */
export async function listStep(steps: FlowSteps, ctx: ListContext): Promise<void> {
  await steps.step('list', async () => {
    const res = await steps.call('GET', ctx.endpoint);
    steps.expectStatus(res, 200);
    const shape = pageShapeProblem(res.body, ctx.pagination);
    if (shape) steps.fail(shape);
    const count = countOf(res.body);
    const countBefore = ctx.before === undefined ? undefined : countOf(ctx.before);
    if (ctx.created && countBefore !== undefined && count !== undefined && count !== countBefore + 1) {
      steps.fail(`expected ${countBefore + 1} rows after create, the list says ${count}`);
    }
    const call = (m: string, p: string): ReturnType<FlowSteps['call']> => steps.call(m, p);
    const walk = await walkPages(res.body, call, ctx.keyOf);
    if (ctx.created && count === undefined && walk.complete && !walk.keys.has(ctx.keyOf(ctx.created))) {
      steps.fail(`the created row ${ctx.keyOf(ctx.created)} is on none of the ${walk.pages} page(s) of the list`);
    }
    if (ctx.pagination?.style === 'limit-offset' && count !== undefined && count >= 2 && count <= SMALL_LIST) {
      // Small pages make offsets matter: every row exactly once, however the list is cut.
      const limit = Math.ceil(count / 3);
      const first = await steps.call('GET', ctx.endpoint, undefined, { query: { [ctx.pagination.limitQueryParam ?? 'limit']: limit } });
      steps.expectStatus(first, 200);
      const small = await walkPages(first.body, call, ctx.keyOf);
      if (small.complete && small.keys.size !== count) steps.fail(`pages of ${limit} hold ${small.keys.size} rows, the count says ${count}`);
    }
  });
}
