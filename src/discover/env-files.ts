import { parse as parseDotenv } from 'dotenv';
import path from 'node:path';
import type { ComposeService } from './compose.js';
import { ENV_NAMES } from './service-files.js';

/** Committed templates of an env file, in the order they are tried: `.env.example` for `.env`, and so on. */
export function templatesOf(envFile: string): string[] {
  const dir = path.dirname(envFile);
  const own = ['example', 'sample', 'template', 'dist'].map((s) => `${envFile}.${s}`);
  const siblings = path.basename(envFile) === '.env' ? ENV_NAMES.filter((n) => n !== '.env').map((n) => path.join(dir, n)) : [];
  return [...new Set([...own, ...siblings].map((f) => path.normalize(f)))];
}

/** The first committed template of a missing env file, when one is among the files read. */
export function envTemplate(envFile: string, files: Record<string, string>): string | undefined {
  return templatesOf(path.normalize(envFile)).find((t) => files[t] !== undefined);
}

/**
 * The service's own environment before the run wires anything: its env_file(s) (or the first .env*
 * found), a missing one read from its committed template, then compose `environment:`.
 */
export function serviceEnv(app: ComposeService | undefined, files: Record<string, string>, assumptions: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  const envFiles = app?.envFiles.length ? app.envFiles.map((f) => path.normalize(f)) : [ENV_NAMES.find((n) => files[n] !== undefined)].filter((n): n is string => !!n);
  for (const f of envFiles) {
    const template = files[f] === undefined ? envTemplate(f, files) : undefined;
    if (files[f] !== undefined) Object.assign(env, parseDotenv(files[f]));
    else if (template) {
      // `.env` is in .gitignore and a clean clone (CI's) has only the template: do what a developer does.
      Object.assign(env, parseDotenv(files[template]!));
      assumptions.push(`env_file ${f} is missing (not committed?): read ${template} instead, as \`cp ${template} ${f}\` would`);
    } else assumptions.push(`env_file ${f} is missing; skipped`);
  }
  if (!app?.envFiles.length && envFiles[0] && envFiles[0] !== '.env') assumptions.push(`no .env: read ${envFiles[0]} instead`);
  Object.assign(env, app?.environment ?? {});
  return env;
}
