import { describe, expect, it } from 'vitest';
import { decideRequest } from './decide-request.js';
import { learnPolicy, type RecordedRequest } from './learn-policy.js';
import { parsePolicy } from './policy-file.js';

const create = (ref: string, body: unknown): RecordedRequest => ({ ref, method: 'POST', url: '/v1.40/containers/create?name=x', body: JSON.stringify(body) });
const RECORDED: RecordedRequest[] = [
  { ref: 'rec.har#0', method: 'HEAD', url: '/_ping' },
  create('rec.har#1', { Image: 'busybox:latest', HostConfig: { Binds: ['/tmp/work:/work'], Privileged: false } }),
  { ref: 'rec.har#2', method: 'POST', url: '/v1.40/containers/abc/start' },
  { ref: 'rec.har#3', method: 'GET', url: '/v1.40/containers/json?all=1' },
  create('rec.har#4', { Image: 'busybox:latest', HostConfig: { CapAdd: ['NET_ADMIN'] } }),
  { ref: 'rec.har#5', method: 'POST', url: '/grpc' },
  { ref: 'rec.har#6', method: 'POST', url: '/v1.40//containers/create' },
];

const learned = learnPolicy(RECORDED, ['rec.har']);
const policy = parsePolicy('learned.yaml', learned.yaml, { load: () => ({ source: '', text: '' }) });

describe('learnPolicy', () => {
  it('writes a policy that reads back and allows every request it was learned from', () => {
    for (const r of RECORDED.slice(0, 6)) expect(decideRequest(policy, r), r.ref).toMatchObject({ decision: 'allow' });
  });

  it('refuses what the recordings never did: other operations, images, bind sources, dangerous fields', () => {
    expect(decideRequest(policy, { method: 'DELETE', url: '/v1.40/containers/abc' })).toMatchObject({ decision: 'deny', rule: 'default' });
    expect(decideRequest(policy, { ...create('', { Image: 'alpine' }) })).toMatchObject({ decision: 'deny', rule: 'images-seen' });
    expect(decideRequest(policy, { ...create('', { Image: 'busybox:latest', HostConfig: { Binds: ['/etc:/e'] } }) })).toMatchObject({ decision: 'deny', rule: 'binds-seen' });
    expect(decideRequest(policy, { ...create('', { Image: 'busybox:latest', HostConfig: { Privileged: true } }) })).toMatchObject({ decision: 'deny', rule: 'no-privileged' });
  });

  it('leaves out the deny rule of a dangerous field the recordings used, and says so', () => {
    expect(policy.rules.map((r) => r.name)).not.toContain('no-added-capabilities');
    expect(learned.yaml).toContain('#   no-added-capabilities is left out: 1 exchange: rec.har#4');
  });

  it('comments each rule with the exchanges that needed it', () => {
    expect(policy.rules.find((r) => r.name === 'allow-ContainerCreate')?.comment).toBe('2 exchanges: rec.har#1, #4');
    expect(policy.rules.find((r) => r.name === 'binds-seen')?.comment).toContain('/tmp/work (1 exchange: rec.har#1)');
    expect(policy.rules.find((r) => r.name === 'allow-POST-/grpc')).toMatchObject({ methods: ['POST'], paths: ['/grpc'] });
  });

  it('lists the requests no policy can allow', () => {
    expect(learned.unlearnable).toEqual([{ ref: 'rec.har#6', reason: "the path holds an empty segment ('//')" }]);
  });
});
