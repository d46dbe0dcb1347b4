/** What entrypoint.sh tells about the service: the apps it migrates and where Gunicorn binds. */
export interface EntrypointInfo {
  /** Apps passed to `manage.py makemigrations app1 app2`. */
  apps: string[];
  /** Port in `gunicorn -b 0.0.0.0:PORT` / `--bind`, when present. */
  bindPort?: number;
  /** WSGI module, e.g. `app.wsgi:application`. */
  wsgi?: string;
  usesWatchmedo: boolean;
}

export function parseEntrypoint(text: string): EntrypointInfo {
  const apps = new Set<string>();
  let bindPort: number | undefined;
  let wsgi: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const mm = /manage\.py\s+makemigrations\b(.*)$/.exec(line);
    if (mm) {
      // Only this command's arguments: `makemigrations notes && python manage.py migrate` names one app.
      for (const token of mm[1]!.split(/&&|\|\||[;|&<>]/)[0]!.split(/\s+/)) {
        if (/^[A-Za-z_][\w.]*$/.test(token)) apps.add(token);
      }
    }
    if (/\bgunicorn\b/.test(line)) {
      const bind = /(?:-b|--bind)[=\s]+["']?[^\s"':]*:(\d+)/.exec(line);
      if (bind) bindPort = Number(bind[1]);
      // `module:callable` (identifiers), not the `0.0.0.0:8080` of -b.
      const module = /\s([A-Za-z_][\w.]*:[A-Za-z_]\w*)\b/.exec(line.slice(line.indexOf('gunicorn')));
      if (module) wsgi = module[1];
    }
  }
  return { apps: [...apps], bindPort, wsgi, usesWatchmedo: /\bwatchmedo\b/.test(text) };
}
