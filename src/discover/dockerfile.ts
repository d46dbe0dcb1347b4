/** What the harness needs from a Dockerfile; parsed line by line (continuations joined). */
export interface DockerfileInfo {
  exposedPorts: number[];
  /** ARG name → default value ('' when declared without one). */
  args: Record<string, string>;
  /** Last WORKDIR, the directory the sources are copied to. */
  workdir?: string;
  entrypoint?: string[];
  cmd?: string[];
}

export function parseDockerfile(text: string): DockerfileInfo {
  const info: DockerfileInfo = { exposedPorts: [], args: {} };
  for (const line of logicalLines(text)) {
    const match = /^(\w+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const instruction = match[1]!.toUpperCase();
    const rest = match[2]!.trim();
    if (instruction === 'FROM') {
      // Each stage starts afresh; what the final stage declares is what the image has.
      info.exposedPorts = [];
      info.workdir = undefined;
      info.entrypoint = undefined;
      info.cmd = undefined;
    } else if (instruction === 'EXPOSE') {
      for (const token of rest.split(/\s+/)) {
        const port = Number.parseInt(token.split('/')[0]!, 10);
        if (Number.isInteger(port) && port > 0) info.exposedPorts.push(port);
      }
    } else if (instruction === 'ARG') {
      const eq = rest.indexOf('=');
      const name = eq < 0 ? rest : rest.slice(0, eq);
      info.args[name.trim()] = eq < 0 ? '' : unquote(rest.slice(eq + 1).trim());
    } else if (instruction === 'WORKDIR') {
      const dir = unquote(rest);
      info.workdir = dir.startsWith('/') || !info.workdir ? dir : `${info.workdir.replace(/\/$/, '')}/${dir}`;
    } else if (instruction === 'ENTRYPOINT') {
      info.entrypoint = execForm(rest);
    } else if (instruction === 'CMD') {
      info.cmd = execForm(rest);
    }
  }
  return info;
}

function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#') && current === '') continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push((current + line).trim());
    current = '';
  }
  if (current) lines.push(current.trim());
  return lines.filter(Boolean);
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}

function execForm(value: string): string[] {
  if (value.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Docker treats an invalid JSON array as shell form too.
    }
  }
  return ['/bin/sh', '-c', value];
}
