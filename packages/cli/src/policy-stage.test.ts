import { describe, expect, it } from 'vitest';
import { PRESETS, type Policy } from '@docktape/policy';
import type { PolicyVerdict, RequestInfo } from '@docktape/proxy';
import { policyStage } from './policy-stage.js';

const info = (method: string, url: string): RequestInfo => ({ seq: 0, method, url, httpVersion: '1.1', rawHeaders: [], route: 'http', remoteAddress: undefined });

async function run(policy: Policy, method: string, url: string, body?: string) {
  const warnings: string[] = [];
  const stage = policyStage(policy, { localDaemon: false, warn: (l) => warnings.push(l) });
  let v: PolicyVerdict = await stage(info(method, url));
  if (v && 'needsBody' in v) v = v.needsBody.decide(body === undefined ? { unreadable: 'too big' } : { text: body });
  return { v, warnings };
}

describe('policyStage', () => {
  const noPriv = PRESETS['no-privileged']!;
  it('decides on the head when it can, and passes with the record', async () => {
    expect((await run(noPriv, 'GET', '/v1.40/containers/json')).v).toEqual({ pass: { decision: 'allow', rule: 'default', reason: expect.any(String), audit: 'metadata' } });
  });
  it('asks for the body of a create and refuses a privileged one with 403, naming the rule', async () => {
    const { v } = await run(noPriv, 'POST', '/v1.40/containers/create', '{"HostConfig":{"Privileged":true}}');
    expect(v).toEqual({
      refuse: { status: 403, message: 'policy preset:no-privileged: rule "no-privileged" refuses ContainerCreate: privileged is true' },
      record: { decision: 'deny', rule: 'no-privileged', reason: 'ContainerCreate: privileged is true', audit: 'metadata' },
    });
  });
  it('refuses a body it could not read', async () => {
    const { v } = await run(noPriv, 'POST', '/v1.40/containers/create');
    expect(v).toMatchObject({ refuse: { status: 403 }, record: { reason: 'ContainerCreate: too big' } });
  });
  it('in warn mode forwards and says so; in audit mode only records', async () => {
    const warn = await run({ ...noPriv, mode: 'warn' }, 'POST', '/v1.40/containers/create', '{"HostConfig":{"Privileged":true}}');
    expect(warn.v).toMatchObject({ pass: { decision: 'would_deny', rule: 'no-privileged' } });
    expect(warn.warnings).toEqual([expect.stringMatching(/^would refuse \(warn mode\): policy preset:no-privileged: rule "no-privileged"/)]);
    const audit = await run({ ...noPriv, mode: 'audit' }, 'POST', '/v1.40/containers/create', '{"HostConfig":{"Privileged":true}}');
    expect(audit.v).toMatchObject({ pass: { decision: 'would_deny' } });
    expect(audit.warnings).toEqual([]);
  });
});
