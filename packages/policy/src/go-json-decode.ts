/**
 * Decodes a parsed body (go-json-parse.ts) into the fields the policy reads, with the semantics
 * of Go's encoding/json decoding into moby's structs, which is what the daemon acts on:
 *
 * - a key names a struct field when the two are equal under Unicode case folding: `privileged`,
 *   `PRIVILEGED`, and `Hoſtconfig` (U+017F folds to `s`) all set `HostConfig`/`Privileged`;
 *   `\u0050rivileged` is `Privileged` once the string is decoded; unknown keys are ignored;
 * - a later duplicate decodes INTO what the earlier one left: a second `HostConfig` object merges
 *   field by field (the first one's `Privileged: true` survives it), a second array decodes its
 *   elements into the first one's (then the slice is cut to the new length);
 * - `null` leaves a bool, string, number or struct value as it was, and sets a pointer, slice or
 *   map to nil;
 * - a value of the wrong type is an error (the daemon answers 400; the policy refuses).
 *
 * JSON.parse and a property lookup get each of these wrong in a way that lets a privileged
 * container through. Pure.
 */
import type { JsonNode } from './go-json-parse.js';

export type Shape =
  | { kind: 'struct'; fields: Record<string, Shape>; pointer?: boolean }
  | { kind: 'slice'; of: Shape }
  | { kind: 'map'; of: Shape }
  | { kind: 'bool' }
  | { kind: 'string' }
  | { kind: 'number' }
  /**
   * moby's strslice.StrSlice (Cmd, Entrypoint, CapAdd, CapDrop): its own UnmarshalJSON takes a
   * string or an array of strings, and replaces (never merges) what was there; null sets nil.
   */
  | { kind: 'strslice' }
  /** interface{}: any JSON value, as JSON.parse would give it (maps: last duplicate wins). */
  | { kind: 'any' };

export class GoTypeError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`${path || 'the body'}: expected ${expected}, got ${got}`);
    this.name = 'GoTypeError';
  }
}

/** Go's case folding for field names (bytes.EqualFold), for names that are ASCII as moby's are. */
export function goFold(key: string): string {
  let out = '';
  for (const ch of key) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += ch.toLowerCase();
    else if (c === 0x212a) out += 'k'; // KELVIN SIGN folds with k and K
    else if (c === 0x17f) out += 's'; // LATIN SMALL LETTER LONG S folds with s and S
    else out += ch; // no other character folds to an ASCII letter
  }
  return out;
}

const zero = (shape: Shape): unknown =>
  shape.kind === 'bool' ? false : shape.kind === 'string' ? '' : shape.kind === 'number' ? 0 : shape.kind === 'struct' && !shape.pointer ? {} : undefined;

const typeName = (node: JsonNode) => (node.t === 'bool' ? 'a bool' : node.t === 'null' ? 'null' : `a${node.t === 'array' || node.t === 'object' ? 'n' : ''} ${node.t}`);

function plain(node: JsonNode): unknown {
  switch (node.t) {
    case 'object':
      return Object.fromEntries(node.entries.map(([k, v]) => [k, plain(v)]));
    case 'array':
      return node.items.map(plain);
    case 'string':
    case 'bool':
      return node.v;
    case 'number':
      return Number(node.raw);
    case 'null':
      return null;
  }
}

/** Decodes `node` into a value of `shape`, starting from `previous` (what earlier keys left). */
export function goDecode(node: JsonNode, shape: Shape, previous?: unknown, path = ''): unknown {
  if (shape.kind === 'any') return plain(node);
  if (node.t === 'null') {
    const nils = shape.kind === 'slice' || shape.kind === 'strslice' || shape.kind === 'map' || (shape.kind === 'struct' && shape.pointer);
    return nils ? undefined : (previous ?? zero(shape));
  }
  const wrong = (expected: string): never => {
    throw new GoTypeError(path, expected, typeName(node));
  };
  switch (shape.kind) {
    case 'bool':
      return node.t === 'bool' ? node.v : wrong('a bool');
    case 'string':
      return node.t === 'string' ? node.v : wrong('a string');
    case 'number':
      return node.t === 'number' ? Number(node.raw) : wrong('a number');
    case 'strslice':
      if (node.t === 'string') return [node.v];
      if (node.t !== 'array') return wrong('a string or an array of strings');
      return node.items.map((item, i) => (item.t === 'string' ? item.v : item.t === 'null' ? '' : goDecode(item, { kind: 'string' }, '', `${path}/${i}`)));
    case 'slice': {
      if (node.t !== 'array') return wrong('an array');
      const before = Array.isArray(previous) ? previous : [];
      return node.items.map((item, i) => goDecode(item, shape.of, i < before.length ? before[i] : zero(shape.of), `${path}/${i}`));
    }
    case 'map': {
      if (node.t !== 'object') return wrong('an object');
      const out: Record<string, unknown> = { ...((previous as Record<string, unknown> | undefined) ?? {}) };
      for (const [key, child] of node.entries) out[key] = goDecode(child, shape.of, undefined, `${path}/${key}`);
      return out;
    }
    case 'struct': {
      if (node.t !== 'object') return wrong('an object');
      const byFold = new Map(Object.keys(shape.fields).map((name) => [goFold(name), name]));
      const out: Record<string, unknown> = { ...((previous as Record<string, unknown> | undefined) ?? {}) };
      for (const [key, child] of node.entries) {
        const name = byFold.get(goFold(key));
        if (name === undefined) continue;
        out[name] = goDecode(child, shape.fields[name]!, out[name], `${path}/${name}`);
      }
      return out;
    }
  }
}
