/**
 * `docktape policy learn`: the narrowest policy that allows every request of some recordings.
 * Default deny; one allow rule per operation seen (paths for requests the spec lacks); the
 * images and bind sources seen become the only ones allowed; every dangerous body field that no
 * request used is denied. Each rule carries a comment naming the exchanges that needed it, so a
 * reviewer sees why it is there. Pure: recorded requests in, YAML text out.
 */
import { stringify } from 'yaml';
import { emptyFacts, type BodyFacts } from './body-facts.js';
import { canonicalRequest } from './canonical-request.js';
import { PRESETS } from './presets.js';
import type { PolicyRule } from './policy-types.js';
import { readBody, readsBody } from './read-body.js';

export interface RecordedRequest {
  /** Where it was recorded, e.g. `docker-cli/recording.har#12`. */
  ref: string;
  method: string;
  url: string;
  /** The body as text; absent when there was none, or it was too large to read (see bodySize). */
  body?: string;
  bodySize?: number;
}

export interface LearnedPolicy {
  yaml: string;
  /** Requests no policy can allow (not in canonical form, or a body that does not read). */
  unlearnable: { ref: string; reason: string }[];
}

const SHOWN_REFS = 4;

/** `a.har#1, #3` rather than `a.har#1, a.har#3`: refs of one file name it once. */
function seenIn(refs: string[]): string {
  const shown = refs
    .slice(0, SHOWN_REFS)
    .map((ref, i, all) => {
      const file = ref.slice(0, ref.lastIndexOf('#'));
      return i > 0 && all[i - 1]!.startsWith(`${file}#`) ? ref.slice(file.length) : ref;
    })
    .join(', ');
  return `${refs.length} exchange${refs.length === 1 ? '' : 's'}: ${shown}${refs.length > SHOWN_REFS ? ', ...' : ''}`;
}

/** The facts that relax a no-privileged rule, by rule name. */
const DANGER: [rule: string, used: (f: BodyFacts) => boolean][] = [
  ['no-privileged', (f) => f.privileged],
  ['no-host-namespaces', (f) => f.hostNamespaces.length > 0],
  ['no-added-capabilities', (f) => f.capAdd.length > 0],
  ['no-host-devices', (f) => f.devices.length > 0],
  ['no-security-options', (f) => f.securityOpt.length > 0],
  ['no-volumes-from', (f) => f.volumesFrom.length > 0],
];

export function learnPolicy(requests: RecordedRequest[], sources: string[]): LearnedPolicy {
  const byOperation = new Map<string, string[]>();
  const byPath = new Map<string, { method: string; path: string; refs: string[] }>();
  const images = new Map<string, string[]>();
  const binds = new Map<string, string[]>();
  const dangerUsed = new Map<string, string[]>();
  const unlearnable: LearnedPolicy['unlearnable'] = [];
  const add = <K>(map: Map<K, string[]>, key: K, ref: string) => map.set(key, [...(map.get(key) ?? []), ref]);

  for (const r of requests) {
    const canonical = canonicalRequest(r.method, r.url);
    if (!canonical.ok) {
      unlearnable.push({ ref: r.ref, reason: canonical.reason });
      continue;
    }
    const id = canonical.operation?.operation.operationId;
    if (!id) {
      const key = `${r.method} ${canonical.path}`;
      const seen = byPath.get(key) ?? { method: r.method, path: canonical.path, refs: [] };
      seen.refs.push(r.ref);
      byPath.set(key, seen);
      continue;
    }
    add(byOperation, id, r.ref);
    const read = readBody(id, r.body ?? '');
    if (!read.ok && readsBody(id)) {
      unlearnable.push({ ref: r.ref, reason: read.reason });
      continue;
    }
    const facts = read.ok ? read.facts : emptyFacts();
    if (facts.image !== undefined) add(images, facts.image, r.ref);
    for (const b of [...facts.bindSources, ...facts.volumeBinds]) add(binds, b, r.ref);
    for (const [rule, used] of DANGER) if (used(facts)) add(dangerUsed, rule, r.ref);
  }

  const rules: PolicyRule[] = [];
  for (const preset of PRESETS['no-privileged']!.rules) {
    if (preset.name === 'no-host-binds') continue; // replaced by the binds seen, below
    const used = dangerUsed.get(preset.name);
    if (used) continue; // the recordings needed it: not denied (said in the header)
    rules.push({ ...preset, comment: 'no recorded request asked for this' });
  }
  rules.push({
    name: 'binds-seen',
    action: 'deny',
    operations: ['ContainerCreate', 'VolumeCreate'],
    when: { bindsOutside: [...binds.keys()].sort() },
    comment: binds.size ? `host paths bound in the recordings: ${[...binds].map(([b, refs]) => `${b} (${seenIn(refs)})`).join('; ')}` : 'no recorded request bound a host path',
  });
  if (images.size) {
    rules.push({
      name: 'images-seen',
      action: 'deny',
      operations: ['ContainerCreate'],
      when: { imageNot: [...images.keys()].sort() },
      comment: `images created from in the recordings: ${[...images].map(([i, refs]) => `${i} (${refs.length})`).join(', ')}`,
    });
  }
  for (const [id, refs] of [...byOperation].sort(([a], [b]) => a.localeCompare(b))) {
    rules.push({ name: `allow-${id}`, action: 'allow', operations: [id], comment: seenIn(refs) });
  }
  for (const { method, path, refs } of [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path))) {
    rules.push({ name: `allow-${method}-${path}`, action: 'allow', methods: [method], paths: [path], comment: `not in the v1.40 spec; ${seenIn(refs)}` });
  }

  const relaxed = [...dangerUsed].map(([rule, refs]) => `#   ${rule} is left out: ${seenIn(refs)}`);
  const header = [
    `# Learned by \`docktape policy learn\` from ${sources.join(', ')} (${requests.length} requests).`,
    '# The narrowest policy that allows them all: anything else is refused (default: deny).',
    ...(relaxed.length ? ['# Dangerous fields the recordings used, so not denied:', ...relaxed] : []),
    ...(unlearnable.length ? [`# ${unlearnable.length} request(s) no policy allows (not in canonical form, or a body that does not read): see stderr.`] : []),
  ];
  const doc = { version: 1, mode: 'enforce', default: 'deny', audit: 'metadata', rules: rules.map(({ comment, ...rule }) => ({ ...rule, comment })) };
  return { yaml: `${header.join('\n')}\n${stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false })}`, unlearnable };
}
