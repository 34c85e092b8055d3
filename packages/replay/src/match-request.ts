/**
 * Compares a live request with a recorded one and says how they differ. Pure.
 *
 * - method, and the path with the version prefix folded away (fold-path.ts);
 * - the query as a set of name=value pairs (order never matters);
 * - JSON bodies structurally (json-diff.ts) with configurable ignored fields; other bodies by
 *   their bytes (size and sha256), or not at all with `binaryBodies: 'ignore'`;
 * - the `name` of a create or rename may differ when it can be bound (rebind-ids.ts): names
 *   made at run time are not expected to equal the recorded ones.
 * Headers are not compared: clients differ in them without meaning anything different.
 */
import { short, jsonDifferences } from './json-diff.js';

export interface RequestBodyFacts {
  size: number;
  /** sha256 of the bytes (hex). */
  sha256: string;
  /** The bytes as UTF-8 text, when they are valid UTF-8 and small enough to compare. */
  text?: string;
}

export interface ComparableRequest {
  method: string;
  /** Folded path (no version prefix), decoded. */
  path: string;
  query: [string, string][];
  body: RequestBodyFacts | undefined;
}

export interface MatchOptions {
  /** JSON body fields not compared: bare keys (any depth) or dotted paths from the root. */
  ignoreBodyFields?: readonly string[];
  /** Query parameters not compared (e.g. `since` computed from the clock). */
  ignoreQuery?: readonly string[];
  /** `exact` (default): non-JSON bodies must have the same bytes; `ignore`: not compared. */
  binaryBodies?: 'exact' | 'ignore';
}

export interface Comparison {
  differences: string[];
  /** Names to bind (recorded, live) if this exchange is the one replayed. */
  names: [string, string][];
  /** Lower is closer; 0 is a match. */
  score: number;
}

/** Query parameters holding a name chosen by the caller, per endpoint. */
const NAME_PARAMS: [method: string, path: RegExp, param: string][] = [
  ['POST', /^\/containers\/create$/, 'name'],
  ['POST', /^\/containers\/[^/]+\/rename$/, 'name'],
];

export function compareRequest(
  live: ComparableRequest,
  recorded: ComparableRequest,
  options: MatchOptions = {},
  canBindName: (recorded: string, live: string) => boolean = () => true,
): Comparison {
  const differences: string[] = [];
  const names: [string, string][] = [];
  let score = 0;
  if (live.method !== recorded.method) {
    differences.push(`method ${live.method}, recorded ${recorded.method}`);
    score += 4;
  }
  if (live.path !== recorded.path) {
    differences.push(`path ${live.path}, recorded ${recorded.path}`);
    score += 3;
  }
  const nameParam = NAME_PARAMS.find(([m, p]) => m === recorded.method && p.test(recorded.path))?.[2];
  const ignoreQuery = options.ignoreQuery ?? [];
  const liveQ = groupQuery(live.query);
  const recQ = groupQuery(recorded.query);
  for (const key of [...new Set([...liveQ.keys(), ...recQ.keys()])].sort()) {
    if (ignoreQuery.includes(key)) continue;
    const a = liveQ.get(key);
    const b = recQ.get(key);
    if (!b) differences.push(`query ${key}=${a!.join(',')} not in the recording`);
    else if (!a) differences.push(`query ${key}=${b.join(',')} recorded, not sent`);
    else if (a.join('\0') !== b.join('\0')) {
      if (key === nameParam && a.length === 1 && b.length === 1 && canBindName(b[0]!, a[0]!)) {
        names.push([b[0]!, a[0]!]);
        continue;
      }
      differences.push(`query ${key}=${short(a.join(','))}, recorded ${short(b.join(','))}`);
    } else continue;
    score += 1;
  }
  const bodyDiffs = compareBodies(live.body, recorded.body, options);
  differences.push(...bodyDiffs);
  score += bodyDiffs.length;
  return { differences, names, score };
}

function groupQuery(query: [string, string][]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of query) out.set(k, [...(out.get(k) ?? []), v]);
  for (const values of out.values()) values.sort();
  return out;
}

function compareBodies(live: RequestBodyFacts | undefined, recorded: RequestBodyFacts | undefined, options: MatchOptions): string[] {
  const a = live && live.size > 0 ? live : undefined;
  const b = recorded && recorded.size > 0 ? recorded : undefined;
  if (!a && !b) return [];
  if (!b) return [`body of ${a!.size} bytes, none recorded`];
  if (!a) return [`no body, recorded ${b.size} bytes`];
  const aJson = parseJson(a.text);
  const bJson = parseJson(b.text);
  if (aJson !== undefined && bJson !== undefined) {
    return jsonDifferences(aJson.value, bJson.value, options.ignoreBodyFields ?? []).map((d) => `body ${d}`);
  }
  if (options.binaryBodies === 'ignore') return [];
  if (a.sha256 === b.sha256) return [];
  return [`body of ${a.size} bytes (sha256 ${a.sha256.slice(0, 12)}), recorded ${b.size} bytes (sha256 ${b.sha256.slice(0, 12)})`];
}

function parseJson(text: string | undefined): { value: unknown } | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return { value: JSON.parse(t) };
  } catch {
    return undefined;
  }
}

/** One line per recorded exchange, for error messages. */
export function describeRecorded(method: string, path: string, query: [string, string][]): string {
  const q = query.length ? `?${new URLSearchParams(query).toString()}` : '';
  return `${method} ${path}${q}`;
}
