import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline, type PipelineRun } from '../../src/pipeline/pipeline.js';
import { API_ROWS_PER_COLLECTION } from '../../src/seed/volume-seed.js';
import { fixture, tempDir } from './helpers.js';

// --rows beyond a few per collection go in by COPY in the container. drift-pytest's expenses are
// user-scoped (get_queryset filters by request.user, perform_create sets the owner): the copied rows
// must belong to the signed-in user, or that user's list would show only the API's few.

const ROWS = 40;

describe('seeding at volume: a few rows through the API, the rest by COPY', () => {
  let run: PipelineRun;
  const sql = async (query: string): Promise<string> => {
    const { settings } = run.spec!.backing.postgres!;
    const psql = () => run.stack!.backing.postgres!.container.exec(['psql', '-U', String(settings.user), '-d', String(settings.database), '-tAc', query]);
    let res = await psql();
    // On this shared machine the stand-in PostgreSQL has restarted under load (a backend killed by
    // SIGPIPE); committed rows survive its recovery, so ask again, a bounded number of times.
    for (let i = 0; i < 30 && /recovery mode|not yet accepting/.test(res.output); i++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      res = await psql();
    }
    expect(res.exitCode, res.output).toBe(0);
    return res.output.trim();
  };

  beforeAll(async () => {
    const reports = tempDir('seed-volume');
    run = await runPipeline({ serviceDir: fixture('drift-pytest'), reportsDir: reports, logsDir: path.join(reports, 'logs'), rows: ROWS, seed: 3, until: 'seed', keepStack: 'always' });
    expect(run.report.errors, JSON.stringify(run.report.errors)).toEqual([]);
  });
  afterAll(async () => {
    await run?.stack?.stop();
  });

  it('says how many rows went each way, per collection and in total', () => {
    const seed = run.report.seed!;
    const expenses = seed.endpoints.find((e) => e.path === '/api/expenses/')!;
    expect(expenses).toMatchObject({ created: API_ROWS_PER_COLLECTION, volume: ROWS - API_ROWS_PER_COLLECTION, failed: 0 });
    expect(seed.apiRows).toBe(seed.endpoints.reduce((n, e) => n + e.created, 0));
    expect(seed.volumeRows).toBe(seed.endpoints.reduce((n, e) => n + (e.volume ?? 0), 0));
    expect(seed.rows).toBe(seed.apiRows! + seed.volumeRows!);
    expect(seed.notes).toBeUndefined();
  });

  it('the copied expenses belong to the signed-in user, as the ones the API created, with the generator\'s values', async () => {
    // One owner for every seeded expense: the user the run signed in as (it owns the API's rows).
    expect(await sql('SELECT count(*), count(DISTINCT owner_id) FROM expenses_expense')).toBe(`${ROWS}|1`);
    // Faker titles and the serializer's choices and bounds, not the volume path's `r3000005-title`.
    expect(await sql("SELECT count(*) FROM expenses_expense WHERE title LIKE 'r%-title'")).toBe('0');
    expect(await sql("SELECT count(DISTINCT title) > 20, bool_and(amount >= 0.01), bool_and(category IN ('food','transport','housing','leisure','other')) FROM expenses_expense")).toBe('t|t|t');
  });

  it('users that came by COPY get an unusable password, never a payload\'s plain text', async () => {
    const users = run.report.seed!.endpoints.find((e) => e.path === '/api/users/');
    expect(users?.volume).toBe(ROWS - API_ROWS_PER_COLLECTION);
    expect(await sql("SELECT count(*) FROM accounts_user WHERE password NOT LIKE 'pbkdf2_%' AND password NOT LIKE '!%'")).toBe('0');
  });
});
