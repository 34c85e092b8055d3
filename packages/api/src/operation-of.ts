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
  params: Record<string, string>;
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

let byMethod: Map<string, Compiled[]> | undefined;

function table(): Map<string, Compiled[]> {
  if (byMethod) return byMethod;
  byMethod = new Map();
  for (const row of OPERATIONS) {
    const list = byMethod.get(row.method) ?? [];
    list.push(compile(row));
    byMethod.set(row.method, list);
  }
  for (const list of byMethod.values()) list.sort((x, y) => x.names.length === 0 ? -1 : y.names.length === 0 ? 1 : y.literal - x.literal);
  return byMethod;
}

/**
 * The operation of `method` + `url` (a path with optional version prefix and query, or an
 * absolute URL), or undefined for a request the spec does not have.
 */
export function findOperation(method: string, url: string): OperationMatch | undefined {
  const { version, path } = splitApiVersion(pathOf(url));
  for (const c of table().get(method.toUpperCase()) ?? []) {
    const m = c.pattern.exec(path);
    if (!m) continue;
    const params = Object.fromEntries(c.names.map((name, i) => [name, safeDecode(m[i + 1] ?? '')]));
    return { operation: c.row, params, ...(version ? { version } : {}) };
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
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
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
