/**
 * Secrets a container is started with, taken out of what docktape writes (recordings, audit
 * log) before a byte of them reaches disk:
 *
 * - `Env` entries whose NAME matches a secret pattern (substring, any letter case), in create
 *   and exec request bodies and in inspect responses (`Config.Env` comes back there). The value
 *   is replaced, the name kept (`DB_PASSWORD=[redacted by docktape]`), so the JSON keeps its
 *   shape and a reader sees what was there. No hash of the value is kept: a hash of a short
 *   password is as good as the password to whoever can guess.
 * - configured query parameters.
 *
 * Request bodies are found the way the daemon reads them (go-json-decode.ts `goFold`, every
 * duplicate key), so `"env"` or a second `"Env"` cannot carry a secret past. A body that should
 * be redacted but does not parse is replaced whole. Replacing tokens in place keeps every other
 * byte as recorded. Pure.
 */
import { goFold } from './go-json-decode.js';
import { parseGoJson, type JsonNode } from './go-json-parse.js';

export const DEFAULT_SECRET_PATTERNS: readonly string[] = ['PASSWORD', 'SECRET', 'TOKEN', 'KEY', 'CREDENTIAL'];
export const REDACTED_VALUE = '[redacted by docktape]';
export const UNREADABLE_BODY = '[body not recorded by docktape: it may hold secrets and could not be read to redact them]';

export interface Redaction {
  text: string;
  /** JSON pointers of the values replaced; [''] when the whole body was. */
  pointers: string[];
}

/** Where Env lists are, by operation and direction. */
const ENV_PLACES: Record<string, { request?: string[][]; response?: string[][] }> = {
  ContainerCreate: { request: [['Env']] },
  ContainerExec: { request: [['Env']] },
  ContainerInspect: { response: [['Config', 'Env']] },
  ImageInspect: { response: [['Config', 'Env'], ['ContainerConfig', 'Env']] },
};

/** Whether this operation's body (in that direction) is one redaction looks into. */
export function mayHoldSecrets(operationId: string | undefined, direction: 'request' | 'response'): boolean {
  return operationId !== undefined && ENV_PLACES[operationId]?.[direction] !== undefined;
}

export function isSecretName(name: string, patterns: readonly string[] = DEFAULT_SECRET_PATTERNS): boolean {
  const upper = name.toUpperCase();
  return patterns.some((p) => p !== '' && upper.includes(p.toUpperCase()));
}

/** The nodes at `path` (keys compared as Go folds them; every duplicate), with their pointers. */
function nodesAt(node: JsonNode, path: string[], pointer = ''): [JsonNode, string][] {
  if (path.length === 0) return [[node, pointer]];
  if (node.t !== 'object') return [];
  const [head, ...rest] = path;
  return node.entries.filter(([key]) => goFold(key) === goFold(head!)).flatMap(([key, child]) => nodesAt(child, rest, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
}

/**
 * The body with secret Env values replaced, or undefined when there is nothing to redact (the
 * caller keeps the bytes as they were).
 */
export function redactEnv(operationId: string | undefined, direction: 'request' | 'response', text: string, patterns: readonly string[] = DEFAULT_SECRET_PATTERNS): Redaction | undefined {
  const places = operationId === undefined ? undefined : ENV_PLACES[operationId]?.[direction];
  if (!places || text.trim() === '') return undefined;
  let root: JsonNode;
  try {
    root = parseGoJson(text);
  } catch {
    // what the daemon will not read is not started either, but its bytes may still hold a secret
    return { text: UNREADABLE_BODY, pointers: [''] };
  }
  const replacements: { from: number; to: number; value: string; pointer: string }[] = [];
  for (const place of places) {
    for (const [list, pointer] of nodesAt(root, place)) {
      if (list.t !== 'array') continue;
      list.items.forEach((item, i) => {
        if (item.t !== 'string') return;
        const eq = item.v.indexOf('=');
        if (eq < 0 || !isSecretName(item.v.slice(0, eq), patterns)) return;
        replacements.push({ from: item.from, to: item.to, value: JSON.stringify(`${item.v.slice(0, eq)}=${REDACTED_VALUE}`), pointer: `${pointer}/${i}` });
      });
    }
  }
  if (replacements.length === 0) return undefined;
  let out = text;
  for (const r of [...replacements].sort((a, b) => b.from - a.from)) out = out.slice(0, r.from) + r.value + out.slice(r.to);
  return { text: out, pointers: replacements.map((r) => r.pointer) };
}

/** The request target with the values of the named query parameters replaced. */
export function redactQuery(target: string, names: readonly string[]): { target: string; redacted: string[] } {
  const q = target.indexOf('?');
  if (q < 0 || names.length === 0) return { target, redacted: [] };
  const redacted: string[] = [];
  const query = target
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // a malformed name is compared as written
      }
      if (eq < 0 || !names.some((n) => n.toLowerCase() === name.toLowerCase())) return pair;
      if (!redacted.includes(name)) redacted.push(name);
      return `${rawName}=${encodeURIComponent(REDACTED_VALUE)}`;
    })
    .join('&');
  return { target: `${target.slice(0, q)}?${query}`, redacted };
}
