/** What every check receives: the session, the API model, the users, and where findings and skips go. */
import type { ApiMap, Row } from '../api/endpoints.js';
import type { ResourceMap } from '../api/resource-types.js';
import type { EndpointSchema } from '../api/schema.js';
import type { ProbeDocument } from '../probe/types.js';
import type { PayloadLessons } from '../seed/lessons.js';
import type { PayloadGenerator, RelatedIds } from '../seed/payload.js';
import type { CheckSession, Sent } from './session.js';
import { levelFor, type ChecksSettings } from './settings.js';
import type { CheckName, FindingLevel, Reproduction } from './types.js';

/** A table's row count in the service's own database (undefined when it cannot be read). */
export type RowCount = (table: string) => Promise<number | undefined>;

export interface CheckEnv {
  session: CheckSession;
  resources: ResourceMap;
  probe?: ProbeDocument;
  api: ApiMap;
  generator: PayloadGenerator;
  /** What the service's 400s taught the run about its own rules (seeding's, shared); bodies/sendValid add to it. */
  lessons: PayloadLessons;
  settings: ChecksSettings;
  /** The related ids a payload of `schema` may point at (rows seeding created, else the lists'). */
  relatedFor(schema: EndpointSchema): RelatedIds;
  /** Rows of a collection that exist already, as its list (or seeding) showed them. */
  rowsOf(path: string): Promise<Row[]>;
  /** Whether the run's own user is staff (a superuser the run created, or configured credentials). */
  aIsStaff: boolean;
  count?: RowCount;
  /** A fresh payload index (from CHECK_INDEX_BASE up): every body the phase makes is unique where a field must be. */
  nextIndex(): number;
  signal: AbortSignal;
  log(line: string): void;
}

/** How one check tallies what it judged and why it skipped the rest. */
export interface CheckTally {
  judged: number;
  skipped: string[];
}

// A report lists a few reasons per check; the rest are alike.
const MAX_SKIP_REASONS = 12;

/** Files findings at the level the config allows, and tallies each check's coverage. */
export class CheckBook {
  readonly tallies = new Map<CheckName, CheckTally>();
  /** What the phase saw but did not count (a 5xx that did not come back), for the report's notes. */
  readonly notes: string[] = [];

  constructor(private readonly env: Pick<CheckEnv, 'session' | 'settings'>) {}

  /** Whether the config lets the check run. */
  on(check: CheckName): boolean {
    return this.env.settings.settings[check] !== 'off';
  }

  private readonly keys = new Set<string>();

  /** Whether `key` was seen before (and remember it): one defect is filed once. */
  seen(key: string): boolean {
    if (this.keys.has(key)) return true;
    this.keys.add(key);
    return false;
  }

  note(line: string): void {
    if (this.notes.length < MAX_SKIP_REASONS * 2 && !this.notes.includes(line)) this.notes.push(line);
  }

  judged(check: CheckName, count = 1): void {
    this.tally(check).judged += count;
  }

  skip(check: CheckName, reason: string): void {
    const t = this.tally(check);
    if (t.skipped.length < MAX_SKIP_REASONS && !t.skipped.includes(reason)) t.skipped.push(reason);
  }

  /** A finding with the reproduction of `sent`; `found` is the level the check itself gives it. */
  file(check: CheckName, sent: Sent, message: string, found: FindingLevel = 'fail', extra: Partial<Pick<Reproduction, 'statements'>> = {}): void {
    const setting = this.env.settings.settings[check];
    if (setting === 'off') return;
    this.env.session.report(check, levelFor(setting, found), sent, message, extra);
  }

  private tally(check: CheckName): CheckTally {
    let t = this.tallies.get(check);
    if (!t) this.tallies.set(check, (t = { judged: 0, skipped: [] }));
    return t;
  }
}
