/**
 * Compares a live request with a recorded one and says how they differ. Pure.
 *
 * - method, and the path with the version prefix folded away (fold-path.ts);
 * - the query as a set of name=value pairs (order never matters);
 * - JSON bodies structurally (json-diff.ts) with configurable ignored fields, the `Env` list of a
 *   container or exec create in any order (env-in-any-order.ts); tar bodies by their
 *   manifest (tar-manifest.ts: names, types, modes, sizes, link targets, content hashes; not
 *   mtimes nor owners) with `binaryBodies: 'tar-content'` (the default); other bodies by their
 *   bytes (size and sha256), or not at all with `binaryBodies: 'ignore'`;
 * - the `name` of a create or rename may differ when it can be bound (rebind-ids.ts): names
 *   made at run time are not expected to equal the recorded ones.
 * - what the proxy redacted (secret Env values, a body it could not read) is not compared.
 * Headers are not compared: clients differ in them without meaning anything different.
 */
import { envEndpoint, takeEnvDifferences } from './env-in-any-order.js';
import { short, jsonDifferences } from './json-diff.js';
import { archiveEndpoint, tarDifferences, type TarReading } from './tar-manifest.js';

export interface RequestBodyFacts {
  size: number;
  /** sha256 of the bytes (hex). */
  sha256: string;
  /** The bytes as UTF-8 text, when they are valid UTF-8 and small enough to compare. */
  text?: string;
  /**
   * The body read as a tar (tar-reader.ts), when it was: always for a live body; for a recorded
   * one once the engine has read it (`ReplayEngine.prepare`). Without it, bytes are compared.
   */
  tar?: TarReading;
}

export interface ComparableRequest {
  method: string;
  /** Folded path (no version prefix), decoded. */
  path: string;
  query: [string, string][];
  body: RequestBodyFacts | undefined;
  /**
   * What the proxy redacted in the recorded request (`_redacted`): JSON pointers of the body
   * ('' = the whole body) and query parameter names. Not compared: the recording no longer holds
   * what was sent there.
   */
  redacted?: { body: string[]; query: string[] };
}

export interface MatchOptions {
  /** JSON body fields not compared: bare keys (any depth) or dotted paths from the root. */
  ignoreBodyFields?: readonly string[];
  /** Query parameters not compared (e.g. `since` computed from the clock). */
  ignoreQuery?: readonly string[];
  /**
   * Non-JSON bodies. `tar-content` (default): a tar is compared by its manifest (tar-manifest.ts),
   * anything else (and a body that claims to be a tar but is not one) by its bytes; `exact`:
   * every non-JSON body by its bytes, tars included; `ignore`: not compared.
   */
  binaryBodies?: BinaryBodies;
}

/**
 * How non-JSON request bodies are compared (the default first): see `MatchOptions.binaryBodies`.
 * One option, not a separate one for tars: the three are one dial from "what the daemon would
 * do with it" to "every byte" to "nothing", and a second flag would allow pairs that mean
 * nothing (tars by content while binary bodies are ignored).
 */
export type BinaryBodies = 'tar-content' | 'exact' | 'ignore';
export const BINARY_BODIES: readonly BinaryBodies[] = ['tar-content', 'exact', 'ignore'];

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
  const ignoreQuery = [...(options.ignoreQuery ?? []), ...(recorded.redacted?.query ?? [])];
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
  const redactedBody = recorded.redacted?.body ?? [];
  const bodyDiffs = redactedBody.includes('') ? [] : compareBodies(live.body, recorded.body, options, recorded, redactedBody);
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

/** `endpoint`: the recorded request's method and path, which say how its body is read. */
function compareBodies(live: RequestBodyFacts | undefined, recorded: RequestBodyFacts | undefined, options: MatchOptions, endpoint: { method: string; path: string }, redacted: string[]): string[] {
  const a = live && live.size > 0 ? live : undefined;
  const b = recorded && recorded.size > 0 ? recorded : undefined;
  if (!a && !b) return [];
  if (!b) return [`body of ${a!.size} bytes, none recorded`];
  if (!a) return [`no body, recorded ${b.size} bytes`];
  const aJson = parseJson(a.text);
  const bJson = parseJson(b.text);
  if (aJson !== undefined && bJson !== undefined) {
    // Env in any order (env-in-any-order.ts), taken out before the rest is compared
    const compareEnv = envEndpoint(endpoint.method, endpoint.path) && !(options.ignoreBodyFields ?? []).includes('Env');
    const env = (compareEnv ? takeEnvDifferences(aJson.value, bJson.value, redacted) : undefined) ?? [];
    for (const pointer of redacted) {
      maskAt(aJson.value, pointer);
      maskAt(bJson.value, pointer);
    }
    return [...jsonDifferences(aJson.value, bJson.value, options.ignoreBodyFields ?? []), ...env].map((d) => `body ${d}`);
  }
  const mode = options.binaryBodies ?? 'tar-content';
  if (mode === 'ignore') return [];
  if (mode === 'tar-content' && a.tar?.kind === 'tar' && b.tar?.kind === 'tar') return tarDifferences(a.tar.entries, b.tar.entries);
  if (a.sha256 === b.sha256) return [];
  const bytes = `body of ${a.size} bytes (sha256 ${a.sha256.slice(0, 12)}), recorded ${b.size} bytes (sha256 ${b.sha256.slice(0, 12)})`;
  const tarEndpoint = archiveEndpoint(endpoint.method, endpoint.path);
  const why = mode === 'tar-content' ? notATar(a.tar, 'live', tarEndpoint) ?? notATar(b.tar, 'recorded', tarEndpoint) : undefined;
  return [why ? `${bytes}, compared by bytes: ${why}` : bytes];
}

/** Why a body that claims to be a tar (by its header, its Content-Type or its endpoint) was not compared as one. */
function notATar(tar: TarReading | undefined, side: 'live' | 'recorded', tarEndpoint: boolean): string | undefined {
  if (tar?.kind !== 'not-tar') return undefined;
  const claimedBy = tar.claimedBy ?? (tarEndpoint ? 'PUT .../archive' : undefined);
  return claimedBy ? `the ${side} body claims to be a tar (${claimedBy}) but is not one (${tar.why})` : undefined;
}

/**
 * Sets the value at a JSON pointer to one marker on both sides, so a redacted value compares
 * equal whatever was sent. A pointer that leads nowhere on one side changes nothing there: the
 * difference around it still shows.
 */
function maskAt(root: unknown, pointer: string): void {
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop();
  if (last === undefined) return;
  let here: unknown = root;
  for (const key of keys) {
    if (here === null || typeof here !== 'object') return;
    here = (here as Record<string, unknown>)[key];
  }
  if (here !== null && typeof here === 'object' && last in here) (here as Record<string, unknown>)[last] = '\u0000redacted';
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
