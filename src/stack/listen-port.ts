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
