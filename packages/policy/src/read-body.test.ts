import { describe, expect, it } from 'vitest';
import { goFold } from './go-json-decode.js';
import { parseGoJson } from './go-json-parse.js';
import { readBody } from './read-body.js';

const facts = (operationId: string, text: string) => {
  const r = readBody(operationId, text);
  if (!r.ok) throw new Error(r.reason);
  return r.facts;
};

// [name, body, what the daemon would act on]: each row is a way to say "privileged" that a
// JSON.parse + lookup reader misses, or a way to look dangerous that is not.
const privileged: [string, string, boolean][] = [
  ['plain', '{"HostConfig":{"Privileged":true}}', true],
  ["docker-py's default", '{"Image":"busybox","HostConfig":{"Privileged":false,"CapAdd":null,"Binds":[]}}', false],
  ['keys in other letter case', '{"hostconfig":{"PRIVILEGED":true}}', true],
  ['an escaped key', '{"HostConfig":{"\\u0050rivileged":true}}', true],
  ['U+017F (long s) folds to s', '{"Ho\u017ftConfig":{"Privileged":true}}', true],
  ['a second HostConfig merges into the first', '{"HostConfig":{"Privileged":true},"HostConfig":{"Memory":1}}', true],
  ['null leaves a bool as it was', '{"HostConfig":{"Privileged":true,"Privileged":null}}', true],
  ['the last of two values wins', '{"HostConfig":{"Privileged":true,"privileged":false}}', false],
  ['null resets the HostConfig pointer', '{"HostConfig":{"Privileged":true},"HostConfig":null,"HostConfig":{}}', false],
  ['unknown keys are ignored', '{"HostConfig":{"Privileged2":true,"Privileged":false}}', false],
];

describe('readBody: privileged, read as the daemon reads it', () => {
  it.each(privileged)('%s', (_name, body, want) => {
    expect(facts('ContainerCreate', body).privileged).toBe(want);
  });
  it('exec create has its own Privileged', () => {
    expect(facts('ContainerExec', '{"Cmd":["sh"],"privileged":true}').privileged).toBe(true);
  });
});

describe('readBody: host access', () => {
  it('finds bind sources in Binds and Mounts, not named volumes', () => {
    const f = facts('ContainerCreate', JSON.stringify({ HostConfig: { Binds: ['/etc:/host-etc:ro', 'data:/data'], Mounts: [{ Type: 'bind', Source: '/var/run', Target: '/r' }, { Type: 'volume', Source: 'v', Target: '/v' }] } }));
    expect(f.bindSources).toEqual(['/etc', '/var/run']);
  });
  it('decodes a later array into the earlier one, element by element, as Go does', () => {
    const f = facts('ContainerCreate', '{"HostConfig":{"Mounts":[{"Type":"bind","Source":"/"}],"Mounts":[{"Target":"/x"}],"Binds":["/:/host"],"Binds":[null]}}');
    // Binds: [null] leaves element 0 as it was; the second Mounts keeps the first one's Type and Source
    expect(f.bindSources).toEqual(['/', '/']);
  });
  it('reads namespace modes, capabilities (string or list), devices, security options, volumes-from', () => {
    const f = facts(
      'ContainerCreate',
      JSON.stringify({ HostConfig: { PidMode: 'host', NetworkMode: 'bridge', IpcMode: 'HOST', CapAdd: 'SYS_ADMIN', Devices: [{ PathOnHost: '/dev/kmsg' }], DeviceCgroupRules: ['a *:* rwm'], SecurityOpt: ['seccomp=unconfined'], VolumesFrom: ['other'] } }),
    );
    expect(f).toMatchObject({ hostNamespaces: ['PidMode', 'IpcMode'], capAdd: ['SYS_ADMIN'], devices: ['/dev/kmsg', 'a *:* rwm'], securityOpt: ['seccomp=unconfined'], volumesFrom: ['other'] });
  });
  it('sees local volumes that are binds, in a create body and in a volume create', () => {
    const mount = { Type: 'volume', Target: '/v', VolumeOptions: { DriverConfig: { Name: 'local', Options: { type: 'none', o: 'bind', device: '/etc' } } } };
    expect(facts('ContainerCreate', JSON.stringify({ HostConfig: { Mounts: [mount] } })).volumeBinds).toEqual(['/etc']);
    expect(facts('VolumeCreate', JSON.stringify({ Name: 'x', DriverOpts: { o: 'bind', device: '/root' } })).volumeBinds).toEqual(['/root']);
    expect(facts('VolumeCreate', JSON.stringify({ Name: 'x', Driver: 'local' })).volumeBinds).toEqual([]);
  });
  it('reads the image and devices of an update', () => {
    expect(facts('ContainerCreate', '{"Image":"busybox:latest"}').image).toBe('busybox:latest');
    expect(facts('ContainerUpdate', '{"Devices":[{"PathOnHost":"/dev/sda"}]}').devices).toEqual(['/dev/sda']);
  });
});

describe('readBody: what cannot be read is refused, not skipped', () => {
  it.each([
    ['empty', ''],
    ['not JSON', 'privileged=1'],
    ['data after the value', '{"Image":"a"} {"HostConfig":{"Privileged":true}}'],
    ['a wrong type (the daemon answers 400)', '{"HostConfig":{"Privileged":"true"}}'],
    ['a lone surrogate', '{"Image":"\ud800"}'],
    ['nesting too deep', `${'['.repeat(100)}${']'.repeat(100)}`],
  ])('%s', (_name, body) => {
    const r = readBody('ContainerCreate', body);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(/^the body /);
  });
});

describe('parseGoJson', () => {
  it('keeps duplicate keys in order', () => {
    expect(parseGoJson('{"a":1,"a":2}')).toEqual({ t: 'object', entries: [['a', { t: 'number', raw: '1' }], ['a', { t: 'number', raw: '2' }]] });
  });
  it('agrees with JSON.parse on what is JSON', () => {
    for (const text of ['0', '-1.5e3', '"\\u00e9\\n"', '[true,false,null]', ' {"x":{"y":[]}} ', '"\ud83d\ude00"']) expect(() => parseGoJson(text)).not.toThrow();
    for (const text of ['01', '1.', '+1', "'a'", '[1,]', '{"a":1,}', '{a:1}', 'nul', '"\t"', '-']) expect(() => parseGoJson(text), text).toThrow();
  });
});

describe('goFold', () => {
  it('folds like bytes.EqualFold for ASCII names', () => {
    expect(goFold('HostConfig')).toBe(goFold('hostCONFIG'));
    expect(goFold('\u212Aey')).toBe(goFold('Key'));
    expect(goFold('\u0130d')).not.toBe(goFold('Id')); // dotted capital I folds with nothing ASCII
  });
});
