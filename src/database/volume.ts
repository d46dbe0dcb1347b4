/** Rows made inside the container through the service's own models, and EXPLAINs at volume. */
import { bootstrap } from '../probe/run-probe.js';
import { pythonSource } from '../python/scripts.js';
import type { StartedDjangoService } from '../stack/django-service-container.js';
import type { PlanNode } from './plans.js';

const SCRIPT = '/tmp/enid/db-rows.py';

/** What the rows script is asked (see python/db_rows.py). */
export interface RowsInput {
  /** Tables to fill; parents they need (non-null foreign keys) are filled first. */
  tables: string[];
  rows: number;
  /** false: everything is rolled back once the plans are read. */
  commit: boolean;
  /** Added to every row number, so unique values never repeat those of an earlier call. */
  offset: number;
  explain?: Array<{ path: string; query?: Record<string, string>; size: number }>;
}

export interface RowsOutput {
  tables: Record<string, number>;
  /** How each table's rows went in: 'copy' (COPY FROM STDIN) or 'bulk_create'. */
  methods?: Record<string, 'copy' | 'bulk_create'>;
  durationMs: number;
  errors: string[];
  plans: Array<{ path: string; query?: Record<string, string> | null; plan: Array<{ Plan: PlanNode }> }>;
}

/** Runs the rows script once; throws with the traceback's last line when it printed no result. */
export async function createRows(service: StartedDjangoService, input: RowsInput): Promise<RowsOutput> {
  await service.copyContentToContainer([{ content: pythonSource('db_rows'), target: SCRIPT, mode: 0o644 }]);
  const res = await service.exec(['python', 'manage.py', 'shell', '-c', bootstrap(SCRIPT)], {
    workingDir: service.codeDir,
    env: { ENID_DB_INPUT: JSON.stringify(input), PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
  });
  const line = res.stdout.split('\n').find((l) => l.startsWith('ENID-DB '));
  if (!line) throw new Error(`the rows script printed no result (exit ${res.exitCode}): ${res.stderr.trim().split('\n').at(-1) ?? ''}`);
  return JSON.parse(line.slice('ENID-DB '.length)) as RowsOutput;
}
