/** Real probe runs inside the fixture services (recorded/README.md says how), parsed once. */
import { readdirSync, readFileSync } from 'node:fs';
import { parseProbeOutput } from '../../../src/probe/parse.js';
import type { ProbeDocument, ProbeUrlPattern } from '../../../src/probe/types.js';

/** One recorded run: what ran where, and everything it printed. */
export interface Recording {
  file: string;
  fixture: string;
  pythonImage: string;
  python: string;
  django: string;
  drf: string | null;
  /** sha256 of the probe that ran: python/django_probe.py followed by python/enid_url_walk.py. */
  probeSha256: string;
  workdir: string;
  command: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

const dir = new URL('./recorded/', import.meta.url);

export const RECORDINGS: Recording[] = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((file) => ({
  file, ...(JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Omit<Recording, 'file'>),
}));

const parsed = new Map<string, ProbeDocument>();

/** The parsed document of `recorded/<name>.json` (e.g. 'notes-redis-django3.2'). */
export function probed(name: string): ProbeDocument {
  const rec = RECORDINGS.find((r) => r.file === `${name}.json`);
  if (!rec) throw new Error(`no recording ${name}.json in test/unit/probe/recorded/`);
  if (!parsed.has(name)) parsed.set(name, parseProbeOutput(rec.stdout).document);
  return parsed.get(name)!;
}

/** The pattern with this URL name (the plain one, or its format-suffix variant); throws when there is none. */
export function named(doc: ProbeDocument, name: string, formatSuffix = false): ProbeUrlPattern {
  const found = doc.urls.find((u) => u.name === name && u.params.some((p) => p.name === 'format') === formatSuffix);
  if (!found) throw new Error(`no pattern named ${name}; have ${doc.urls.map((u) => u.name).join(', ')}`);
  return found;
}
