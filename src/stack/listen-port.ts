/**
 * The port a start command binds, read from the argv the container really runs (compose's command or
 * the image's ENTRYPOINT + CMD as the engine reports them): Gunicorn's `-b`/`--bind`, runserver's
 * `[host:]port`, also inside an `sh -c "…"` script. Undefined when the command does not say (a script).
 */
export function listenPort(argv: string[]): number | undefined {
  const text = argv.join(' ');
  const bind = /(?:^|\s)(?:-b|--bind)(?:=|\s+)?["']?(?:[^\s:]*:|\[[^\]]*\]:)?(\d{2,5})\b/.exec(text);
  const runserver = /\brunserver(?:\s+--\S+)*\s+(?:[^\s:]*:|\[[^\]]*\]:)?(\d{2,5})\b/.exec(text);
  const found = bind?.[1] ?? runserver?.[1];
  return found ? Number(found) : undefined;
}

/**
 * What the container will run, as Docker (and compose) merge it: an entrypoint given by compose drops
 * the image's CMD, so only compose's own command follows it; `entrypoint: []` runs the command alone.
 */
export function startArgv(spec: { entrypoint?: string[]; command?: string[] }, image: { entrypoint: string[]; cmd: string[] }): string[] {
  if (spec.entrypoint) return [...spec.entrypoint, ...(spec.command ?? [])];
  return [...image.entrypoint, ...(spec.command ?? image.cmd)];
}
