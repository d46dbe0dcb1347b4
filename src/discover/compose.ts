import { parseDocument } from 'yaml';
import { splitCommand } from './command-line.js';

/** One compose service, reduced to what the harness uses. */
export interface ComposeService {
  name: string;
  image?: string;
  build?: { context: string; dockerfile?: string; args: Record<string, string> };
  environment: Record<string, string>;
  envFiles: string[];
  command?: string[];
  /** compose `entrypoint:`, replacing the image's ENTRYPOINT. */
  entrypoint?: string[];
  /** Container-side ports of `ports:` entries (host bindings are ignored: they clash in CI). */
  containerPorts: number[];
  dependsOn: string[];
  hasHealthcheck: boolean;
}

export interface ComposeFile {
  services: ComposeService[];
}

export class ComposeParseError extends Error {
  constructor(message: string, readonly line?: number) {
    super(message);
    this.name = 'ComposeParseError';
  }
}

/**
 * Parses a docker-compose.yml. `${VAR}`, `${VAR:-default}` and `$VAR` are interpolated from `vars`
 * (compose reads them from the project's .env).
 */
export function parseCompose(text: string, vars: Record<string, string> = {}): ComposeFile {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = first.linePos?.[0]?.line;
    throw new ComposeParseError(first.message.split('\n')[0]!, line);
  }
  const root: unknown = doc.toJS();
  if (!isRecord(root) || !isRecord(root.services)) {
    throw new ComposeParseError('no `services:` mapping at the top level');
  }
  const services = Object.entries(root.services).map(([name, raw]) => toService(name, isRecord(raw) ? raw : {}, vars));
  return { services };
}

function toService(name: string, raw: Record<string, unknown>, vars: Record<string, string>): ComposeService {
  const sub = (value: unknown): string => interpolate(String(value ?? ''), vars);
  let build: ComposeService['build'];
  if (typeof raw.build === 'string') build = { context: sub(raw.build), args: {} };
  else if (isRecord(raw.build)) {
    build = {
      context: sub(raw.build.context ?? '.'),
      dockerfile: raw.build.dockerfile === undefined ? undefined : sub(raw.build.dockerfile),
      args: mapOrList(raw.build.args, sub),
    };
  }
  return {
    name,
    image: raw.image === undefined ? undefined : sub(raw.image),
    build,
    environment: mapOrList(raw.environment, sub),
    envFiles: listOf(raw.env_file).map((entry) => sub(isRecord(entry) ? entry.path : entry)),
    command: raw.command === undefined || raw.command === null ? undefined : commandOf(raw.command, sub),
    entrypoint: raw.entrypoint === undefined || raw.entrypoint === null ? undefined : commandOf(raw.entrypoint, sub),
    containerPorts: listOf(raw.ports).flatMap((p) => containerPort(p, sub)),
    dependsOn: Array.isArray(raw.depends_on) ? raw.depends_on.map(String) : isRecord(raw.depends_on) ? Object.keys(raw.depends_on) : [],
    hasHealthcheck: isRecord(raw.healthcheck),
  };
}

/** Compose variable substitution: ${VAR}, ${VAR:-default}, ${VAR-default}, $VAR, and $$ for a literal $. */
export function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_]\w*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_]\w*)/g, (whole, braced, op, fallback, bare) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare) as string;
    const current = vars[name];
    if (op === ':-') return current ? current : (fallback as string);
    if (op === '-') return current ?? (fallback as string);
    return current ?? '';
  });
}

function mapOrList(value: unknown, sub: (v: unknown) => string): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      const text = String(entry);
      const eq = text.indexOf('=');
      if (eq > 0) out[text.slice(0, eq)] = sub(text.slice(eq + 1));
    }
  } else if (isRecord(value)) {
    for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) out[key] = sub(v);
  }
  return out;
}

function commandOf(value: unknown, sub: (v: unknown) => string): string[] {
  if (Array.isArray(value)) return value.map(sub);
  return splitCommand(sub(value));
}

function containerPort(entry: unknown, sub: (v: unknown) => string): number[] {
  if (isRecord(entry)) return entry.target === undefined ? [] : [Number(entry.target)];
  const text = sub(entry).split('/')[0]!;
  const last = text.split(':').pop()!;
  const port = Number.parseInt(last.split('-')[0]!, 10);
  return Number.isInteger(port) ? [port] : [];
}

function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
