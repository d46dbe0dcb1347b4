/** Package names in requirements.txt, normalised the way pip compares them. */
export function parseRequirements(text: string): Set<string> {
  const names = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s#.*$/, '').replace(/^#.*$/, '').trim();
    if (!line || line.startsWith('-')) continue;
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (match) names.add(match[1]!.toLowerCase().replace(/[-_.]+/g, '-'));
  }
  return names;
}
