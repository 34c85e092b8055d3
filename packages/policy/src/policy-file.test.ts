import { describe, expect, it } from 'vitest';
import { PolicyError } from './policy-error.js';
import { parsePolicy, type PolicySources } from './policy-file.js';

const files: Record<string, string> = {
  'base.yaml': 'mode: warn\nrules:\n  - name: base-rule\n    action: deny\n    operations: [ContainerKill]\n',
};
const sources: PolicySources = {
  load: (name) => {
    const text = files[name];
    if (text === undefined) throw new Error(`no ${name}`);
    return { source: name, text };
  },
};
const parse = (text: string) => parsePolicy('policy.yaml', text, sources);
const failure = (text: string): PolicyError => {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof PolicyError) return err;
    throw err;
  }
  throw new Error('expected a PolicyError');
};

describe('parsePolicy', () => {
  it('reads a whole file with defaults for what it leaves out', () => {
    const p = parse(`
version: 1
default: deny
rules:
  - name: no-privileged
    action: deny
    operations: [ContainerCreate]
    when: { privileged: true, bindsOutside: [/srv] }
    audit: request
    message: ask the platform team
  - name: reads
    action: allow
    methods: [GET, HEAD]
    paths: ['/containers/**']
`);
    expect(p).toMatchObject({ source: 'policy.yaml', mode: 'enforce', default: 'deny', audit: 'metadata', apiVersions: { min: '1.24', max: '1.41' }, maxBodyBytes: 1048576 });
    expect(p.rules).toEqual([
      { name: 'no-privileged', action: 'deny', operations: ['ContainerCreate'], when: { privileged: true, bindsOutside: ['/srv'] }, audit: 'request', message: 'ask the platform team' },
      { name: 'reads', action: 'allow', methods: ['GET', 'HEAD'], paths: ['/containers/**'] },
    ]);
  });

  it('reads JSON too', () => {
    expect(parse('{"default":"allow","rules":[{"name":"r","action":"deny","operations":["ContainerKill"]}]}').rules).toHaveLength(1);
  });

  it('extends presets and files: own rules first, a rule of the same name replaces the base one, settings from the file else its last base', () => {
    const p = parse(`
extends: [preset:no-privileged, base.yaml]
rules:
  - name: no-added-capabilities
    action: deny
    operations: [ContainerCreate]
    when: { capAdd: [SYS_ADMIN] }
`);
    expect(p.rules.map((r) => r.name)).toEqual(['no-added-capabilities', 'no-privileged', 'no-host-namespaces', 'no-host-devices', 'no-security-options', 'no-host-binds', 'no-volumes-from', 'base-rule']);
    expect(p.rules[0]!.when).toEqual({ capAdd: ['SYS_ADMIN'] });
    expect(p.mode).toBe('warn'); // from base.yaml, the last base that sets it
    expect(p.default).toBe('allow'); // from preset:no-privileged
  });

  // [what is wrong, file, line, message]: every mistake names its line
  it.each([
    ['a typo in an operationId', 'rules:\n  - name: a\n    action: deny\n    operations: [ContainerCreat]\n', 4, /rules\.0\.operations\.0: "ContainerCreat" is no operationId of the v1\.40 spec \(did you mean ContainerCreate\?\)/],
    ['an unknown key', 'rules:\n  - name: a\n    action: deny\n    operation: [ContainerCreate]\n', 4, /rules\.0\.operation: unknown key/],
    ['a missing action', 'rules:\n  - name: a\n', 2, /rules\.0\.action: expected one of allow, deny, got undefined/],
    ['body conditions without operations', 'rules:\n  - name: a\n    action: deny\n    when: { privileged: true }\n', 4, /body conditions need `operations`/],
    ['a condition set to false', 'rules:\n  - name: a\n    action: deny\n    operations: [ContainerCreate]\n    when:\n      privileged: false\n', 6, /expected true/],
    ['a relative bind path', 'rules:\n  - name: a\n    action: deny\n    operations: [ContainerCreate]\n    when: { bindsOutside: [srv] }\n', 5, /absolute host path/],
    ['a duplicate rule name', 'rules:\n  - name: a\n    action: deny\n  - name: a\n    action: allow\n', 4, /a rule named "a" comes earlier/],
    ['a version as a number', 'apiVersions: { min: 1.30 }\nrules: []\n', 1, /quote it in YAML/],
    ['a duplicate key', 'default: allow\ndefault: deny\nrules: []\n', 2, /unique|duplicate/i],
    ['an unknown preset', 'extends: preset:open\n', 1, /no preset "preset:open"/],
    ['YAML that does not parse', 'rules: [\n', 2, /./],
    ['an unknown mode', 'mode: lenient\nrules: []\n', 1, /mode: expected one of enforce, warn, audit/],
  ])('%s', (_what, text, line, message) => {
    const err = failure(text);
    expect(err.line).toBe(line);
    expect(err.message).toMatch(/^policy\.yaml:\d+: /);
    expect(err.detail).toMatch(message);
  });
});
