import { parse, type ParseEntry } from 'shell-quote';

/**
 * A compose `command:` / `entrypoint:` string as argv, the way compose splits it (POSIX shell words:
 * quotes and escapes honoured, no variable expansion — compose has already interpolated `${VAR}` from
 * .env, and `$VAR` left over is for the container's shell). Operators such as `&&` stay words, as they
 * do for compose, where only a `sh -c "…"` makes them operators. A YAML list stays as written.
 */
export function splitCommand(text: string): string[] {
  // Returning the reference unexpanded keeps `$HOME` / `$PORT` for the shell inside the container.
  const entries: ParseEntry[] = parse(text, (name) => `$${name}`);
  const argv: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') argv.push(entry);
    else if ('op' in entry) argv.push(entry.op === 'glob' ? (entry as { pattern: string }).pattern : entry.op);
    // shlex.split, as compose calls it, has no comments: `#` and what follows are words.
    else if ('comment' in entry) argv.push(...`#${entry.comment}`.split(/\s+/).filter(Boolean));
  }
  return argv;
}
