import { describe, expect, it } from 'vitest';
import { canonicalRequest } from './canonical-request.js';
import { evaluatePolicy, refusalMessage, type BodyKnowledge } from './evaluate-policy.js';
import { PRESETS } from './presets.js';
import { readBody } from './read-body.js';
import type { Policy } from './policy-types.js';

/** Evaluates as the proxy does: head first, the body only when a rule asks for it. */
function decide(policy: Policy, method: string, target: string, body?: unknown) {
  const request = canonicalRequest(method, target, policy.apiVersions);
  let result = evaluatePolicy(policy, request);
  if ('needsBody' in result) {
    const id = request.ok ? request.operation!.operation.operationId : '';
    const read = readBody(id, typeof body === 'string' ? body : JSON.stringify(body ?? {}));
    const knowledge: BodyKnowledge = read.ok ? { facts: read.facts } : { unreadable: read.reason };
    result = evaluatePolicy(policy, request, knowledge);
  }
  if ('needsBody' in result) throw new Error('asked for the body twice');
  return result;
}

const create = '/v1.40/containers/create';
const noPriv = PRESETS['no-privileged']!;

describe('preset:no-privileged', () => {
  // [what, body, decision, rule]
  it.each([
    ["docker-py's plain create", { Image: 'busybox', HostConfig: { Privileged: false, CapAdd: null, Binds: [] } }, 'allow', 'default'],
    ['privileged', { Image: 'busybox', HostConfig: { Privileged: true } }, 'deny', 'no-privileged'],
    ['pid host', { HostConfig: { PidMode: 'host' } }, 'deny', 'no-host-namespaces'],
    ['network host', { HostConfig: { NetworkMode: 'host' } }, 'deny', 'no-host-namespaces'],
    ['a capability', { HostConfig: { CapAdd: ['NET_ADMIN'] } }, 'deny', 'no-added-capabilities'],
    ['a device', { HostConfig: { Devices: [{ PathOnHost: '/dev/mem', PathInContainer: '/dev/mem' }] } }, 'deny', 'no-host-devices'],
    ['seccomp off', { HostConfig: { SecurityOpt: ['seccomp=unconfined'] } }, 'deny', 'no-security-options'],
    ['a bind in Binds', { HostConfig: { Binds: ['/:/host'] } }, 'deny', 'no-host-binds'],
    ['a bind in Mounts', { HostConfig: { Mounts: [{ Type: 'bind', Source: '/etc', Target: '/e' }] } }, 'deny', 'no-host-binds'],
    ['a named volume', { HostConfig: { Binds: ['data:/data'] } }, 'allow', 'default'],
    ['volumes from', { HostConfig: { VolumesFrom: ['other'] } }, 'deny', 'no-volumes-from'],
    ['a body that does not parse', '{"HostConfig":', 'deny', 'no-privileged'],
  ])('%s', (_what, body, decision, rule) => {
    expect(decide(noPriv, 'POST', create, body)).toMatchObject({ decision, rule });
  });

  it('reads exec bodies and local volume binds too, and leaves other operations alone', () => {
    expect(decide(noPriv, 'POST', '/v1.40/containers/x/exec', { Cmd: ['sh'], Privileged: true })).toMatchObject({ decision: 'deny', rule: 'no-privileged' });
    expect(decide(noPriv, 'POST', '/v1.40/volumes/create', { DriverOpts: { type: 'none', o: 'bind', device: '/root' } })).toMatchObject({ decision: 'deny', rule: 'no-host-binds' });
    expect(decide(noPriv, 'POST', '/v1.40/containers/x/start')).toMatchObject({ decision: 'allow', rule: 'default' });
  });

  it('refuses what is not in canonical form before any rule, whatever the default', () => {
    expect(decide(noPriv, 'POST', '/v1.40.0/containers/create', { HostConfig: { Privileged: true } })).toMatchObject({ decision: 'deny', rule: 'canonical-form' });
  });

  it('says the rule and why, in the text the docker CLI prints', () => {
    const d = decide(noPriv, 'POST', create, { HostConfig: { Privileged: true } });
    expect(refusalMessage(d as never, noPriv.source)).toBe('policy preset:no-privileged: rule "no-privileged" refuses ContainerCreate: privileged is true');
  });
});

describe('preset:read-only', () => {
  const ro = PRESETS['read-only']!;
  it.each([
    ['GET', '/v1.40/containers/json', 'allow', 'inspect'],
    ['HEAD', '/_ping', 'allow', 'inspect'],
    ['GET', '/v1.40/containers/x/logs?stdout=1', 'allow', 'inspect'],
    ['POST', '/v1.40/containers/x/attach?stream=1', 'deny', 'no-attach'],
    ['GET', '/v1.40/containers/x/attach/ws', 'deny', 'no-attach'],
    ['GET', '/v1.40/containers/x/archive?path=/etc', 'deny', 'no-files-out'],
    ['GET', '/v1.40/containers/x/export', 'deny', 'no-files-out'],
    ['POST', '/v1.40/containers/create', 'deny', 'default'],
    ['DELETE', '/v1.40/containers/x', 'deny', 'default'],
  ])('%s %s', (method, target, decision, rule) => {
    expect(decide(ro, method, target)).toMatchObject({ decision, rule });
  });
});

describe('preset:containers-only', () => {
  const co = PRESETS['containers-only']!;
  it.each([
    ['POST', '/v1.40/containers/create', 'allow'],
    ['POST', '/v1.40/exec/x/start', 'allow'],
    ['GET', '/_ping', 'allow'],
    ['POST', '/v1.40/images/create?fromImage=x', 'deny'],
    ['POST', '/v1.40/grpc', 'deny'],
    ['POST', '/v1.40/networks/create', 'deny'],
  ])('%s %s', (method, target, decision) => {
    expect(decide(co, method, target)).toMatchObject({ decision });
  });
});

describe('modes and conditions', () => {
  const policy = (over: Partial<Policy>): Policy => ({ ...noPriv, source: 'test', ...over });
  it('warn and audit forward what enforce refuses, as would_deny', () => {
    for (const mode of ['warn', 'audit'] as const) expect(decide(policy({ mode }), 'POST', create, { HostConfig: { Privileged: true } }).decision).toBe('would_deny');
  });
  it('bindsOutside allows paths under the listed ones only, and images are globs', () => {
    const p = policy({
      default: 'allow',
      rules: [
        { name: 'binds', action: 'deny', operations: ['ContainerCreate'], when: { bindsOutside: ['/srv/data'] } },
        { name: 'images', action: 'deny', operations: ['ContainerCreate'], when: { imageNot: ['busybox*', 'registry.local/*'] } },
      ],
    });
    expect(decide(p, 'POST', create, { Image: 'busybox:latest', HostConfig: { Binds: ['/srv/data/x:/x'] } }).decision).toBe('allow');
    expect(decide(p, 'POST', create, { Image: 'busybox', HostConfig: { Binds: ['/srv/database:/x'] } })).toMatchObject({ decision: 'deny', rule: 'binds' });
    expect(decide(p, 'POST', create, { Image: 'alpine' })).toMatchObject({ decision: 'deny', rule: 'images', reason: 'ContainerCreate: image "alpine" is not one of busybox*, registry.local/*' });
  });
  it('a rule sets the audit level of what it matches', () => {
    const p = policy({ rules: [{ name: 'r', action: 'allow', methods: ['GET'], audit: 'requestResponse' }], audit: 'none' });
    expect(decide(p, 'GET', '/v1.40/containers/json').audit).toBe('requestResponse');
    expect(decide(p, 'POST', '/v1.40/containers/x/start').audit).toBe('none');
  });
});
