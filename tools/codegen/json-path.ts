/**
 * The subset of JSONPath (RFC 9535) that our errata overlay needs: a single, fully named
 * location such as `$.paths['/containers/{id}/wait'].post.responses['200']`.
 *
 * Why a subset and not a library: every erratum points at exactly one node, and wildcards or
 * filters would let an entry silently match nothing or too much after an upstream change.
 * Anything outside the subset is rejected with the offending position.
 */
export type PathSegment = string | number;

export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

const NAME = /^[A-Za-z_$][\w$-]*/;

export function parseJsonPath(path: string): PathSegment[] {
  if (!path.startsWith('$')) throw new JsonPathError(`JSONPath must start with "$": ${path}`);
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      const m = NAME.exec(path.slice(i + 1));
      if (!m) throw new JsonPathError(`expected a name after "." at offset ${i} in ${path}`);
      segments.push(m[0]);
      i += 1 + m[0].length;
    } else if (ch === '[') {
      const close = findBracketEnd(path, i);
      const inner = path.slice(i + 1, close).trim();
      segments.push(parseBracket(inner, path, i));
      i = close + 1;
    } else {
      throw new JsonPathError(`unexpected "${ch}" at offset ${i} in ${path} (only .name, ['name'] and [index] are supported)`);
    }
  }
  return segments;
}

function findBracketEnd(path: string, open: number): number {
  const quote = path[open + 1];
  if (quote === "'" || quote === '"') {
    const end = path.indexOf(quote + ']', open + 2);
    if (end < 0) throw new JsonPathError(`unterminated ${quote}...${quote}] at offset ${open} in ${path}`);
    return end + 1;
  }
  const end = path.indexOf(']', open);
  if (end < 0) throw new JsonPathError(`unterminated [ at offset ${open} in ${path}`);
  return end;
}

function parseBracket(inner: string, path: string, at: number): PathSegment {
  const q = inner[0];
  if ((q === "'" || q === '"') && inner.endsWith(q) && inner.length >= 2) return inner.slice(1, -1);
  if (/^\d+$/.test(inner)) return Number(inner);
  throw new JsonPathError(`unsupported selector [${inner}] at offset ${at} in ${path} (wildcards and filters are not allowed)`);
}

/** Follows `segments` from `root`; returns undefined when any step is missing. */
export function resolvePath(root: unknown, segments: readonly PathSegment[]): unknown {
  let node: unknown = root;
  for (const seg of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}
