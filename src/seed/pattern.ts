/**
 * A string that matches a validator's regular expression, for the simple patterns serializers carry
 * (`^\d{13}$`, `^[A-Z]{3}-\d{4}$`, `^[-a-zA-Z0-9_]+$`). Deterministic: characters are picked by a
 * counter derived from `seed`, so the same seed gives the same string. Patterns it cannot read
 * (negated classes, lookarounds, back-references) give undefined, and the caller keeps its own value.
 */

const CLASSES: Record<string, string> = {
  d: '0123456789',
  w: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_',
  s: ' ',
};
// Quantifiers without an upper bound repeat this often: short, but longer than any usual minimum.
const OPEN_REPEAT = 6;

/** One piece of a pattern: a character set, or a group of pieces; each repeated min..max times. */
interface Atom {
  chars?: string;
  group?: Atom[];
  min: number;
  max: number;
}

function classChars(body: string): string | undefined {
  if (body.startsWith('^')) return undefined;
  let out = '';
  for (let i = 0; i < body.length; i += 1) {
    let c = body[i]!;
    if (c === '\\') {
      const next = body[++i] ?? '';
      if (CLASSES[next]) { out += CLASSES[next]; continue; }
      c = next;
    }
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const end = body[i + 2]!;
      for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code += 1) out += String.fromCharCode(code);
      i += 2;
    } else out += c;
  }
  // A space in a class would be trimmed by CharField: prefer anything else.
  return out.replace(/ /g, '') || out;
}

/** Reads a sequence up to `)` or the end; of alternatives (`a|b`) the first is kept. Null: unreadable. */
function sequence(p: string, at: { i: number }): Atom[] | null {
  const atoms: Atom[] = [];
  let skipping = false;
  while (at.i < p.length && p[at.i] !== ')') {
    const c = p[at.i]!;
    if (c === '|') { skipping = true; at.i += 1; continue; }
    let atom: Atom | null;
    if (c === '(') {
      if (/^\(\?(?!:)/.test(p.slice(at.i))) return null; // lookarounds, named groups: beyond this reader
      at.i += p.startsWith('(?:', at.i) ? 3 : 1;
      const group = sequence(p, at);
      if (!group || p[at.i] !== ')') return null;
      at.i += 1;
      atom = { group, min: 1, max: 1 };
    } else if (c === '[') {
      const end = p.indexOf(']', at.i + 2);
      const chars = end < 0 ? undefined : classChars(p.slice(at.i + 1, end));
      if (!chars) return null;
      at.i = end + 1;
      atom = { chars, min: 1, max: 1 };
    } else if (c === '\\') {
      const next = p[at.i + 1] ?? '';
      const chars = CLASSES[next] ?? (/[A-Za-z0-9]/.test(next) ? undefined : next);
      if (!chars) return null;
      at.i += 2;
      atom = { chars, min: 1, max: 1 };
    } else if ('*+?{'.includes(c)) return null;
    else {
      at.i += 1;
      atom = { chars: c === '.' ? CLASSES.w! : c, min: 1, max: 1 };
    }
    const q = /^(?:\{(\d+)(,(\d*))?\}|[*+?])/.exec(p.slice(at.i));
    if (q) {
      if (q[0] === '*') Object.assign(atom, { min: 0, max: OPEN_REPEAT });
      else if (q[0] === '+') Object.assign(atom, { min: 1, max: OPEN_REPEAT });
      else if (q[0] === '?') Object.assign(atom, { min: 0, max: 1 });
      else {
        atom.min = Number(q[1]);
        atom.max = q[2] === undefined ? atom.min : q[3] ? Number(q[3]) : Math.max(atom.min, OPEN_REPEAT);
      }
      at.i += q[0].length;
    }
    if (!skipping) atoms.push(atom);
  }
  return atoms;
}

/** The pattern as atoms; undefined when unreadable. */
function parse(pattern: string): Atom[] | undefined {
  if (/\\[1-9bB]/.test(pattern)) return undefined;
  const body = pattern.replace(/^\^/, '').replace(/(\$|\\Z)$/, '');
  const at = { i: 0 };
  const atoms = sequence(body, at);
  return atoms && at.i === body.length ? atoms : undefined;
}

const minLength = (atoms: Atom[]): number => atoms.reduce((n, a) => n + a.min * (a.group ? minLength(a.group) : 1), 0);

/**
 * A value matching `pattern`, at most `maxLength` long; undefined when the pattern is beyond this reader
 * or the result does not match after all (checked with JavaScript's engine, Python's syntax being close).
 */
export function fromPattern(pattern: string, seed: number, maxLength = Infinity): string | undefined {
  const atoms = parse(pattern);
  if (!atoms) return undefined;
  // Knuth's multiplicative hash keeps neighbouring seeds far apart.
  let state = (Math.imul(seed | 0, 2654435761) >>> 0) || 1;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const minTotal = minLength(atoms);
  if (minTotal > maxLength) return undefined;
  let room = maxLength - minTotal;
  const emit = (list: Atom[]): string => {
    let out = '';
    for (const atom of list) {
      const size = atom.group ? Math.max(1, minLength(atom.group)) : 1;
      // Beyond the minimum, at most two more repeats, and only while the length allows.
      const extra = Math.min(atom.max - atom.min, 2, Math.floor(room / size));
      room -= extra * size;
      for (let k = 0; k < atom.min + extra; k += 1) out += atom.group ? emit(atom.group) : atom.chars![next(atom.chars!.length)];
    }
    return out;
  };
  const out = emit(atoms);
  try {
    return new RegExp(pattern).test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}
