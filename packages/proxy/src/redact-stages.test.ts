/**
 * Configured redaction and the policy's audit levels, through the proxy against a daemon
 * double: query values and Env values of configured names never reach the entry nor the facts
 * an audit observer gets, the bodies a level shows are there (redacted), and the sizes are the
 * bytes on the wire. A request refused after its body was read counts that body.
 */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { HarEntry } from '@docktape/recording';
import { DEFAULT_SECRET_PATTERNS } from '@docktape/policy';
import type { FinishedFacts } from './exchange-facts.js';
import { startProxy, type RunningProxy } from './proxy-server.js';
import type { PolicyRecord, PolicyStage, ProxyStages } from './stages.js';
import { resolveTarget } from './target.js';
import { startDaemonDouble, type DaemonDouble } from './testing/daemon-double.js';

let daemon: DaemonDouble;
let proxy: RunningProxy | undefined;
let work: string;
const reachedDaemon: string[] = [];

beforeEach(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'docktape-redact-stages-'));
  reachedDaemon.length = 0;
  daemon = await startDaemonDouble((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      reachedDaemon.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"Id":"abc","Warnings":[]}');
    });
  });
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await daemon.close();
  await rm(work, { recursive: true, force: true });
});

const send = (port: number, method: string, target: string, body?: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, agent: false, headers: body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });

const allow = (audit: string): PolicyRecord => ({ decision: 'allow', rule: 'r', reason: 'why', audit });

/** A recording proxy in front of the daemon double with this policy (and redaction): its port, and the entries and facts its observer got. */
async function recordingProxy(policy: PolicyStage, redact?: ProxyStages['redact']): Promise<{ port: number; seen: [HarEntry, FinishedFacts][] }> {
  const seen: [HarEntry, FinishedFacts][] = [];
  proxy = await startProxy({
    target: resolveTarget({ host: daemon.url }),
    listen: { kind: 'tcp', host: '127.0.0.1', port: 0 },
    recordDir: work,
    recordDirectIo: false,
    stages: { policy: [policy], entry: [], observe: [{ finished: (entry, facts) => void seen.push([entry, facts]) }], ...(redact ? { redact } : {}) },
    warn: () => undefined,
  });
  return { port: Number(new URL(proxy.url.replace('tcp:', 'http:')).port), seen };
}

it('keeps configured secrets out of the entry and the facts, shows the bodies its level asks for, counts wire bytes', async () => {
  const { port, seen } = await recordingProxy(
    (request) => {
      if (!request.url.includes('/containers/create')) return { pass: allow('metadata') };
      return {
        needsBody: {
          maxBytes: 1024,
          decide: (body) =>
            'text' in body && body.text.includes('refuse-me')
              ? { refuse: { status: 403, message: 'no' }, record: { decision: 'deny', rule: 'r', reason: 'why', audit: 'request' } }
              : { pass: allow('requestResponse') },
        },
      };
    },
    { envPatterns: [...DEFAULT_SECRET_PATTERNS, 'PIN'], queryNames: ['token'] },
  );
  const create = '{"Image":"busybox","Env":["MY_PIN=1234","PATH=/bin"]}';
  expect((await send(port, 'GET', '/v1.40/containers/json?token=s3cret&all=1')).status).toBe(201);
  expect((await send(port, 'POST', '/v1.40/containers/create?name=x', create)).status).toBe(201);
  const refused = '{"Image":"refuse-me","Env":["MY_PIN=1234"]}';
  expect((await send(port, 'POST', '/v1.40/containers/create', refused)).status).toBe(403);
  await vi.waitFor(() => expect(seen).toHaveLength(3));
  // the daemon got every byte as sent
  expect(reachedDaemon).toEqual(['GET /v1.40/containers/json?token=s3cret&all=1 ', `POST /v1.40/containers/create?name=x ${create}`]);

  const [list, created, denied] = ['/containers/json', 'create?name', 'create'].map((p) => seen.find(([e, f]) => e.request.url.includes(p) && (p !== 'create' || f.termination === 'refused'))!);
  expect(JSON.stringify(list)).not.toContain('s3cret');
  expect(list![0].request.url).toBe('http://127.0.0.1:' + port + '/v1.40/containers/json?token=%5Bredacted%20by%20docktape%5D&all=1');
  expect(list![0].request.queryString).toContainEqual({ name: 'token', value: '[redacted by docktape]' });
  expect(list![0]._redacted).toEqual([{ where: 'request.url', at: ['token'] }]);
  expect(list![1].auditBodies).toBeUndefined(); // metadata: no bodies held

  expect(JSON.stringify(created)).not.toContain('1234');
  expect(created![0].request.postData?.text).toContain('"MY_PIN=[redacted by docktape]"');
  expect(created![0].request.bodySize).toBe(Buffer.byteLength(create));
  expect(created![1].auditBodies).toEqual({
    request: { bytes: Buffer.byteLength(create), text: '{"Image":"busybox","Env":["MY_PIN=[redacted by docktape]","PATH=/bin"]}', truncated: false, redacted: ['/Env/0'] },
    response: { bytes: 26, text: '{"Id":"abc","Warnings":[]}', truncated: false },
  });

  // refused after its body was read: the body is counted and shown, redacted
  expect(JSON.stringify(denied)).not.toContain('1234');
  expect(denied![0].request.bodySize).toBe(Buffer.byteLength(refused));
  expect(denied![1].auditBodies?.request).toMatchObject({ bytes: Buffer.byteLength(refused), text: expect.stringContaining('MY_PIN=[redacted by docktape]') });
});

it('a body refused for being over the policy limit: the bytes read are counted, none recorded', async () => {
  const { port, seen } = await recordingProxy(() => ({
    needsBody: {
      maxBytes: 64,
      decide: (body) => ('unreadable' in body ? { refuse: { status: 403, message: body.unreadable }, record: { decision: 'deny', rule: 'r', reason: 'too big', audit: 'request' } } : { pass: allow('metadata') }),
    },
  }));
  const big = JSON.stringify({ Image: 'busybox', Labels: { pad: 'x'.repeat(4096) } });
  expect((await send(port, 'POST', '/v1.40/containers/create', big)).status).toBe(403);
  await vi.waitFor(() => expect(seen).toHaveLength(1));
  const [entry, facts] = seen[0]!;
  expect(reachedDaemon).toEqual([]);
  // what the policy read before it stopped: more than its limit, at most the whole body
  expect(entry.request.bodySize).toBeGreaterThan(64);
  expect(entry.request.bodySize).toBeLessThanOrEqual(Buffer.byteLength(big));
  // a cut body is not what the client sent: not recorded, and the audit line says it is cut
  expect(entry.request.postData).toBeUndefined();
  expect(facts.auditBodies?.request).toEqual({ bytes: entry.request.bodySize, omitted: expect.stringMatching(/policy's body limit/) });
});
