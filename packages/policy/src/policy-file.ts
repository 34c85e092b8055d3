/**
 * Reads a policy file (YAML, or JSON, which is YAML too) into a Policy, checking every key: an
 * unknown key, a misspelt operationId or a wrong type is a PolicyError naming the line, because
 * a typo in a security policy must not silently turn into "allow". `extends` merges presets
 * (presets.ts) or other files: this file's rules first, then each base's in order; mode,
 * default, audit, apiVersions and maxBodyBytes from this file, else from the last base that
 * sets them, else the built-in defaults; `redact` names from every layer (redaction only
 * grows). Pure: files are read by the caller (`load`).
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { OPERATIONS } from '@docktape/api';
import { DEFAULT_API_VERSIONS, type ApiVersionRange } from './canonical-request.js';
import { BODY_SHAPES } from './docker-body-shapes.js';
import { PolicyError } from './policy-error.js';
import { PRESETS } from './presets.js';
import { AUDIT_LEVELS, DEFAULT_MAX_BODY_BYTES, POLICY_MODES, type BodyConditions, type Policy, type PolicyRule, type RedactionSettings } from './policy-types.js';

const OPERATION_IDS = new Set(OPERATIONS.map((o) => o.operationId));
const TOP_KEYS = ['version', 'mode', 'default', 'audit', 'apiVersions', 'maxBodyBytes', 'extends', 'rules', 'redact'];
const RULE_KEYS = ['name', 'action', 'operations', 'methods', 'paths', 'when', 'audit', 'message', 'comment'];
const FLAG_CONDITIONS = ['privileged', 'hostNamespaces', 'devices', 'securityOpt', 'volumesFrom'];
const LIST_CONDITIONS = ['bindsOutside', 'image', 'imageNot'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/** What a file's own keys set; unset keys come from its bases. */
type Layer = Omit<Partial<Policy>, 'rules'> & { rules: PolicyRule[] };

export interface PolicySources {
  /** Reads a file named in `extends`, relative to the file that names it. */
  load(name: string, from: string): { source: string; text: string };
}

type Path = (string | number)[];

class FileReader {
  private readonly lines = new LineCounter();
  private readonly doc: Document;

  constructor(
    private readonly source: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const err = this.doc.errors[0];
    if (err) throw new PolicyError(source, this.lines.linePos(err.pos[0]).line, err.message.split('\n')[0]!);
  }

  value(): unknown {
    return this.doc.toJS();
  }

  fail(path: Path, detail: string): never {
    // a missing key has no node: the line of the nearest thing that is there
    let line: number | undefined;
    for (let n = path.length; n >= 0 && line === undefined; n--) {
      const node = (n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true)) as { range?: [number, number, number] } | null | undefined;
      if (node?.range) line = this.lines.linePos(node.range[0]).line;
    }
    throw new PolicyError(this.source, line, `${path.length ? `${path.join('.')}: ` : ''}${detail}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkKeys(r: FileReader, value: Record<string, unknown>, allowed: string[], path: Path): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) r.fail([...path, key], `unknown key (expected one of ${allowed.join(', ')})`);
}

function stringList(r: FileReader, value: unknown, path: Path, each?: (s: string, i: number) => void): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) r.fail(path, 'expected a list of strings');
  (value as string[]).forEach((s, i) => each?.(s, i));
  return value as string[];
}

function oneOf<T extends string>(r: FileReader, value: unknown, allowed: readonly T[], path: Path): T {
  if (!allowed.includes(value as T)) r.fail(path, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

function readConditions(r: FileReader, value: unknown, path: Path): BodyConditions {
  if (!isObject(value)) r.fail(path, 'expected body conditions (an object)');
  const v = value as Record<string, unknown>;
  checkKeys(r, v, [...FLAG_CONDITIONS, 'capAdd', ...LIST_CONDITIONS], path);
  const out: BodyConditions = {};
  for (const key of FLAG_CONDITIONS) {
    if (v[key] === undefined) continue;
    if (v[key] !== true) r.fail([...path, key], 'expected true (a condition holds when the body asks for it; leave it out otherwise)');
    (out as Record<string, unknown>)[key] = true;
  }
  if (v.capAdd !== undefined) out.capAdd = v.capAdd === true ? true : stringList(r, v.capAdd, [...path, 'capAdd']);
  for (const key of LIST_CONDITIONS) {
    if (v[key] === undefined) continue;
    (out as Record<string, unknown>)[key] = stringList(r, v[key], [...path, key], (s, i) => {
      if (key === 'bindsOutside' && !s.startsWith('/')) r.fail([...path, key, i], `expected an absolute host path, got ${JSON.stringify(s)}`);
    });
  }
  return out;
}

function readRule(r: FileReader, value: unknown, i: number, names: Set<string>): PolicyRule {
  const path: Path = ['rules', i];
  if (!isObject(value)) r.fail(path, 'expected a rule (an object with name and action)');
  const v = value as Record<string, unknown>;
  checkKeys(r, v, RULE_KEYS, path);
  if (typeof v.name !== 'string' || v.name === '') r.fail([...path, 'name'], 'every rule needs a name (refusals and the audit log quote it)');
  if (names.has(v.name as string)) r.fail([...path, 'name'], `a rule named ${JSON.stringify(v.name)} comes earlier`);
  names.add(v.name as string);
  const rule: PolicyRule = { name: v.name as string, action: oneOf(r, v.action, ['allow', 'deny'] as const, [...path, 'action']) };
  if (v.operations !== undefined) {
    rule.operations = stringList(r, v.operations, [...path, 'operations'], (id, j) => {
      if (!OPERATION_IDS.has(id)) r.fail([...path, 'operations', j], `${JSON.stringify(id)} is no operationId of the v1.40 spec${suggest(id)}`);
    });
  }
  if (v.methods !== undefined) rule.methods = stringList(r, v.methods, [...path, 'methods'], (m, j) => void oneOf(r, m, METHODS, [...path, 'methods', j]));
  if (v.paths !== undefined) {
    rule.paths = stringList(r, v.paths, [...path, 'paths'], (p, j) => {
      if (!p.startsWith('/') || /^\/v\d/.test(p)) r.fail([...path, 'paths', j], `expected a path without version prefix, starting with '/', got ${JSON.stringify(p)}`);
    });
  }
  if (v.when !== undefined) {
    rule.when = readConditions(r, v.when, [...path, 'when']);
    // body conditions mean something only for the bodies the policy reads
    const readable = Object.keys(BODY_SHAPES);
    if (!rule.operations || !rule.operations.every((id) => readable.includes(id))) {
      r.fail([...path, 'when'], `body conditions need \`operations\` listing only operations whose body the policy reads (${readable.join(', ')})`);
    }
  }
  if (v.audit !== undefined) rule.audit = oneOf(r, v.audit, AUDIT_LEVELS, [...path, 'audit']);
  for (const key of ['message', 'comment'] as const) {
    if (v[key] === undefined) continue;
    if (typeof v[key] !== 'string') r.fail([...path, key], 'expected text');
    rule[key] = v[key] as string;
  }
  return rule;
}

/** Edit distance, for "did you mean": operationIds are long and differ by a few letters. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

function suggest(id: string): string {
  let best: string | undefined;
  let bestDistance = 3; // further than 2 edits is another word
  for (const o of OPERATION_IDS) {
    const d = distance(id.toLowerCase(), o.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [o, d];
  }
  return best ? ` (did you mean ${best}?)` : '';
}

function readVersions(r: FileReader, value: unknown): ApiVersionRange {
  if (!isObject(value)) r.fail(['apiVersions'], 'expected {min, max}');
  const v = value as Record<string, unknown>;
  checkKeys(r, v, ['min', 'max'], ['apiVersions']);
  const out = { ...DEFAULT_API_VERSIONS };
  for (const key of ['min', 'max'] as const) {
    if (v[key] === undefined) continue;
    const text = String(v[key]);
    if (typeof v[key] !== 'string' || !/^\d+\.\d+$/.test(text)) r.fail(['apiVersions', key], `expected a version such as "1.40", got ${JSON.stringify(v[key])} (quote it in YAML: 1.40 unquoted is the number 1.4)`);
    out[key] = text;
  }
  return out;
}

function readRedact(r: FileReader, value: unknown): RedactionSettings {
  if (!isObject(value)) r.fail(['redact'], 'expected {env: [patterns], query: [names]}');
  const v = value as Record<string, unknown>;
  checkKeys(r, v, ['env', 'query'], ['redact']);
  const nonEmpty = (key: string) => (s: string, i: number) => {
    // an empty pattern would be a substring of every name: say so rather than redact all Env
    if (s.trim() === '') r.fail(['redact', key, i], 'expected a non-empty name');
  };
  return {
    env: v.env === undefined ? [] : stringList(r, v.env, ['redact', 'env'], nonEmpty('env')),
    query: v.query === undefined ? [] : stringList(r, v.query, ['redact', 'query'], nonEmpty('query')),
  };
}

function readFile(source: string, text: string): { own: Layer; bases: string[]; reader: FileReader } {
  const r = new FileReader(source, text);
  const value = r.value();
  if (!isObject(value)) r.fail([], 'expected a policy (an object with rules)');
  const v = value as Record<string, unknown>;
  checkKeys(r, v, TOP_KEYS, []);
  if (v.version !== undefined && v.version !== 1) r.fail(['version'], `this docktape reads policy version 1, got ${JSON.stringify(v.version)}`);
  const own: Layer = { rules: [] };
  if (v.mode !== undefined) own.mode = oneOf(r, v.mode, POLICY_MODES, ['mode']);
  if (v.default !== undefined) own.default = oneOf(r, v.default, ['allow', 'deny'] as const, ['default']);
  if (v.audit !== undefined) own.audit = oneOf(r, v.audit, AUDIT_LEVELS, ['audit']);
  if (v.apiVersions !== undefined) own.apiVersions = readVersions(r, v.apiVersions);
  if (v.maxBodyBytes !== undefined) {
    if (!Number.isInteger(v.maxBodyBytes) || (v.maxBodyBytes as number) < 1) r.fail(['maxBodyBytes'], 'expected a positive number of bytes');
    own.maxBodyBytes = v.maxBodyBytes as number;
  }
  if (v.redact !== undefined) own.redact = readRedact(r, v.redact);
  if (v.rules !== undefined && !Array.isArray(v.rules)) r.fail(['rules'], 'expected a list of rules');
  const names = new Set<string>();
  own.rules = ((v.rules as unknown[] | undefined) ?? []).map((rule, i) => readRule(r, rule, i, names));
  const bases = v.extends === undefined ? [] : typeof v.extends === 'string' ? [v.extends] : stringList(r, v.extends, ['extends']);
  if (v.rules === undefined && bases.length === 0) r.fail([], 'a policy needs rules or a base to extend');
  return { own, bases, reader: r };
}

function resolve(source: string, text: string, sources: PolicySources, seen: string[]): Layer[] {
  if (seen.includes(source)) throw new PolicyError(source, undefined, `extends itself (${[...seen, source].join(' -> ')})`);
  const { own, bases, reader } = readFile(source, text);
  const layers: Layer[] = [own];
  bases.forEach((name, i) => {
    if (name.startsWith('preset:')) {
      const preset = PRESETS[name.slice('preset:'.length)];
      if (!preset) reader.fail(['extends', ...(bases.length > 1 ? [i] : [])], `no preset ${JSON.stringify(name)} (there are ${Object.keys(PRESETS).map((p) => `preset:${p}`).join(', ')})`);
      layers.push(preset!);
      return;
    }
    const file = sources.load(name, source);
    layers.push(...resolve(file.source, file.text, sources, [...seen, source]));
  });
  return layers;
}

/** The policy a file describes, with its bases merged in. */
export function parsePolicy(source: string, text: string, sources: PolicySources): Policy {
  const layers = resolve(source, text, sources, []);
  const pick = <K extends keyof Policy>(key: K, fallback: Policy[K]): Policy[K] => {
    const own = layers[0]![key];
    if (own !== undefined) return own as Policy[K];
    for (const layer of layers.slice(1).reverse()) if (layer[key] !== undefined) return layer[key] as Policy[K];
    return fallback;
  };
  const rules: PolicyRule[] = [];
  const names = new Set<string>();
  for (const layer of layers) {
    for (const rule of layer.rules) {
      if (names.has(rule.name)) continue; // a file may override a base's rule by its name
      names.add(rule.name);
      rules.push(rule);
    }
  }
  // redaction only ever grows: every layer's names count (a base's secrets stay secret)
  const redact = layers.filter((l) => l.redact).map((l) => l.redact!);
  return {
    source,
    mode: pick('mode', 'enforce'),
    default: pick('default', 'deny'),
    audit: pick('audit', 'metadata'),
    apiVersions: pick('apiVersions', DEFAULT_API_VERSIONS),
    maxBodyBytes: pick('maxBodyBytes', DEFAULT_MAX_BODY_BYTES),
    rules,
    ...(redact.length ? { redact: { env: [...new Set(redact.flatMap((l) => l.env))], query: [...new Set(redact.flatMap((l) => l.query))] } } : {}),
  };
}
