import path from 'node:path';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** Maps paths inside the container (under its WORKDIR) to the service's files on the host. */
export interface PathMap {
  /** WORKDIR of the service image, e.g. `/app`. */
  containerRoot: string;
  /** The directory on the host that the Dockerfile copied to WORKDIR (the build context). */
  hostRoot: string;
}

/**
 * A container path as a host path. Absolute paths under the WORKDIR move to the host root; relative
 * ones are relative to the WORKDIR (coverage.py reports files relative to the cwd it ran in); anything
 * else (site-packages, /tmp) stays as it is.
 */
export function toHostPath(p: string, map: PathMap): string {
  const root = path.posix.normalize(map.containerRoot).replace(/\/+$/, '') || '/';
  if (!path.posix.isAbsolute(p)) return path.join(map.hostRoot, ...p.split('/'));
  const normal = path.posix.normalize(p);
  if (normal === root) return map.hostRoot;
  const prefix = root === '/' ? '/' : `${root}/`;
  if (!normal.startsWith(prefix)) return p;
  return path.join(map.hostRoot, ...normal.slice(prefix.length).split('/'));
}

const XML_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  commentPropName: '#comment',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  format: true,
  indentBy: '\t',
  suppressEmptyNode: true,
} as const;

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/**
 * Cobertura XML with `<source>` elements pointing at the host (filenames stay relative to them, as
 * coverage.py writes them) and any absolute `filename` under the WORKDIR moved to the host too.
 */
export function rewriteCobertura(xml: string, map: PathMap): string {
  const tree = new XMLParser(XML_OPTIONS).parse(xml) as OrderedNode[];
  walk(tree, (tag, node) => {
    if (tag === 'source') {
      const children = node[tag] as OrderedNode[];
      const text = children.find((c) => '#text' in c);
      // An empty <source/> means filenames are absolute (reported from outside the WORKDIR).
      if (text) text['#text'] = toHostPath(String(text['#text']), map);
    }
    const attrs = node[':@'];
    if (tag === 'class' && attrs?.['@_filename'] && path.posix.isAbsolute(attrs['@_filename'])) {
      attrs['@_filename'] = toHostPath(attrs['@_filename'], map);
    }
  });
  return new XMLBuilder(XML_OPTIONS).build(tree) as string;
}

function walk(nodes: OrderedNode[], visit: (tag: string, node: OrderedNode) => void): void {
  for (const node of nodes) {
    for (const key of Object.keys(node)) {
      if (key === ':@' || key.startsWith('#') || key.startsWith('?')) continue;
      visit(key, node);
      const children = node[key];
      if (Array.isArray(children)) walk(children as OrderedNode[], visit);
    }
  }
}

/** coverage.py's JSON report with its `files` keys as absolute host paths. */
export function rewriteCoverageJson(text: string, map: PathMap): string {
  const data = JSON.parse(text) as { files?: Record<string, unknown> };
  if (data.files) {
    data.files = Object.fromEntries(Object.entries(data.files).map(([file, value]) => [toHostPath(file, map), value]));
  }
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** A Python traceback with its `File "/app/…"` frames under the WORKDIR pointing at the host files. */
export function hostTraceback(text: string, map: PathMap): string {
  return text.replace(/File "([^"]+)"/g, (whole, file: string) => {
    const host = toHostPath(file, map);
    return host === file || !path.posix.isAbsolute(file) ? whole : `File "${host}"`;
  });
}
