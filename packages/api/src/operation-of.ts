/**
 * Which operation of the spec a request is, by the generated table (generated/operations.ts).
 * Path parameters match one segment, except image, plugin and distribution names, which may
 * hold slashes (`/images/library/busybox/get`; moby routes them as `{name:.*}`). Templates
 * without parameters are tried first, then those with the longest literal text, so
 * `/images/json` is ImageList and never ImageInspect of an image called `json`. Pure.
 */
import { splitApiVersion } from './api-version.js';
import { OPERATIONS } from './generated/operations.js';
import type { OperationRow } from './operation-row.js';

export interface OperationMatch {
  operation: OperationRow;
  /** Path parameters by name, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The version prefix the request carried, if any. */
  version?: string;
}

interface Compiled {
  row: OperationRow;
  pattern: RegExp;
  names: string[];
  literal: number;
}

const GREEDY_NAME = /^\/(?:images|plugins|distribution)\/\{name\}/;

function compile(row: OperationRow): Compiled {
  const names: string[] = [];
  const greedy = GREEDY_NAME.test(row.path);
  // templates hold only letters, `/`, `_` and `{param}`; `.` (none today) would need escaping
  const source = row.path.replace(/\./g, '\\.').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return greedy && name === 'name' ? '(.+)' : '([^/]+)';
  });
  return { row, pattern: new RegExp(`^${source}$`), names, literal: row.path.replace(/\{\w+\}/g, '').length };
}

/** Templates by method, then by their first path segment (every template starts with a literal one). */
let byMethod: Map<string, Map<string, Compiled[]>> | undefined;

function table(): Map<string, Map<string, Compiled[]>> {
  if (byMethod) return byMethod;
  byMethod = new Map();
  for (const row of OPERATIONS) {
    const bySegment = byMethod.get(row.method) ?? new Map<string, Compiled[]>();
    const segment = firstSegment(row.path);
    bySegment.set(segment, [...(bySegment.get(segment) ?? []), compile(row)]);
    byMethod.set(row.method, bySegment);
  }
  for (const bySegment of byMethod.values()) {
    for (const list of bySegment.values()) list.sort((x, y) => x.names.length === 0 ? -1 : y.names.length === 0 ? 1 : y.literal - x.literal);
  }
  return byMethod;
}

/** `containers` for `/containers/{id}/json`, `_ping` for `/_ping`. */
function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return end < 0 ? path.slice(1) : path.slice(1, end);
}

/**
 * Recent answers by method and URL. Every layer of the proxy asks about the same request (its
 * route, its recording, the audit line, the policy): without this, each asked the regexes
 * again, which showed in the small-request profile (issue 16). Bounded: cleared when full.
 */
const recent = new Map<string, OperationMatch | null>();
const RECENT_LIMIT = 512;

/**
 * The operation of `method` + `url` (a path with optional version prefix and query, or an
 * absolute URL), or undefined for a request the spec does not have. The answer is shared
 * between callers asking about the same request, and frozen.
 */
export function findOperation(method: string, url: string): OperationMatch | undefined {
  const key = `${method} ${url}`;
  const known = recent.get(key);
  if (known !== undefined) return known ?? undefined;
  const found = lookUp(method, url);
  if (recent.size >= RECENT_LIMIT) recent.clear();
  recent.set(key, found ?? null);
  return found;
}

function lookUp(method: string, url: string): OperationMatch | undefined {
  const { version, path } = splitApiVersion(pathOf(url));
  for (const c of table().get(method.toUpperCase())?.get(firstSegment(path)) ?? []) {
    const m = c.pattern.exec(path);
    if (!m) continue;
    const params = Object.freeze(Object.fromEntries(c.names.map((name, i) => [name, safeDecode(m[i + 1] ?? '')])));
    return Object.freeze({ operation: c.row, params, ...(version ? { version } : {}) });
  }
  return undefined;
}

/** The operationId of a request, or undefined. */
export function operationIdOf(method: string, url: string): string | undefined {
  return findOperation(method, url)?.operation.operationId;
}

/** The table row of an operationId. */
export function operationById(operationId: string): OperationRow | undefined {
  return OPERATIONS.find((row) => row.operationId === operationId);
}

function pathOf(url: string): string {
  if (url.charCodeAt(0) === 47 /* '/' */ || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start < 0 ? '/' : url.slice(start);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
