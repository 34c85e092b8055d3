/**
 * The `Env` list of a container create (#operation/ContainerCreate) or an exec create
 * (#operation/ContainerExec) compared as a multiset: the same entries in any order match. The
 * docker CLI builds that list from its `-e` flags through a Go map, whose iteration order is
 * random, so `docker run -e A=1 -e B=2` sends `["B=2","A=1"]` as readily as the recorded
 * `["A=1","B=2"]`; compared as an array, the replay refused it at `Env[0]`. (Two entries of one
 * name, whose order decides which the container sees, are not told apart by order either.) Pure.
 *
 * Entries are paired equal ones first; a recorded entry whose value the proxy redacted
 * (`NAME=[redacted by docktape]`, at `/Env/<i>` in `_redacted`) pairs with the live entry of the
 * same name, whatever its value; what is left is reported by name: the same name with another
 * value at the recorded index (`Env[1]: "A=1", recorded "A=2"`), else as sent and not recorded,
 * or recorded and not sent.
 */
import { short } from './json-diff.js';

/** Requests whose JSON body has an `Env` list at its root: container create and exec create. */
export function envEndpoint(method: string, path: string): boolean {
  return method === 'POST' && (path === '/containers/create' || /^\/containers\/[^/]+\/exec$/.test(path));
}

/**
 * When both bodies hold an `Env` list of strings: takes it out of both (so the rest is compared
 * as usual) and returns how the two lists differ as multisets (empty: they match). Otherwise
 * leaves the bodies alone and returns undefined.
 */
export function takeEnvDifferences(live: unknown, recorded: unknown, redactedPointers: readonly string[]): string[] | undefined {
  const a = envOf(live);
  const b = envOf(recorded);
  if (!a || !b) return undefined;
  delete (live as Record<string, unknown>).Env;
  delete (recorded as Record<string, unknown>).Env;
  const redacted = new Set(redactedPointers.map((p) => /^\/Env\/(\d+)$/.exec(p)?.[1]).filter((i) => i !== undefined).map(Number));
  return envDifferences(a, b, redacted);
}

/** `live` and `recorded` as multisets; `redacted`: indexes of recorded entries whose value is not known. */
export function envDifferences(live: readonly string[], recorded: readonly string[], redacted: ReadonlySet<number> = new Set()): string[] {
  /** Recorded indexes not paired yet, in order. */
  const open = recorded.map((_, i) => i);
  const pair = (test: (i: number) => boolean): boolean => {
    const at = open.findIndex(test);
    if (at < 0) return false;
    open.splice(at, 1);
    return true;
  };
  // equal entries first, so a redacted entry never takes a live one that an equal entry wanted
  let left = live.filter((entry) => !pair((i) => !redacted.has(i) && recorded[i] === entry));
  left = left.filter((entry) => !pair((i) => redacted.has(i) && nameOf(recorded[i]!) === nameOf(entry)));
  const out: string[] = [];
  const sent: string[] = [];
  for (const entry of left) {
    const at = open.findIndex((i) => nameOf(recorded[i]!) === nameOf(entry));
    if (at < 0) {
      sent.push(entry);
      continue;
    }
    const [i] = open.splice(at, 1);
    out.push(`Env[${i}]: ${short(entry)}, recorded ${short(recorded[i!])}`);
  }
  for (const entry of sent) out.push(`Env: ${short(entry)} sent, not in the recording`);
  for (const i of open) out.push(`Env[${i}]: recorded as ${short(recorded[i])}, not sent`);
  return out;
}

/** `NAME=value` -> `NAME`; an entry without `=` (a name the daemon looks up) is its own name. */
function nameOf(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}

function envOf(body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const env = (body as Record<string, unknown>).Env;
  return Array.isArray(env) && env.every((e) => typeof e === 'string') ? (env as string[]) : undefined;
}
