/**
 * The proxy's side of a policy that reads request bodies (stages.ts `needsBody`): the body is
 * read before anything reaches the daemon, the decision is made on exactly the bytes the daemon
 * then gets, a refusal never reaches it, a body over the limit is not drained, and a stage that
 * throws fails closed. The daemon here is a double that keeps what it received.
 */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from './proxy-server.js';
import type { PolicyStage, PolicyVerdict } from './stages.js';
import { resolveTarget } from './target.js';
import { startDaemonDouble, type DaemonDouble } from './testing/daemon-double.js';

let daemon: DaemonDouble;
let received: { url: string; body: string }[];
let proxy: RunningProxy | undefined;
let dir: string;

beforeEach(async () => {
  received = [];
  dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-policy-stage-'));
  daemon = await startDaemonDouble((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: Buffer.concat(chunks).toString() });
      res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"Id":"c0ffee","Warnings":[]}');
    });
  });
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await daemon.close();
  await rm(dir, { recursive: true, force: true });
});

/** A stage that reads bodies of creates up to `max` bytes and refuses "privileged" in them. */
function bodyStage(max: number, mode: 'enforce' | 'warn' = 'enforce', decide?: () => never): PolicyStage {
  return (info) => {
    if (!info.url.includes('/containers/create')) return undefined;
    return {
      needsBody: {
        maxBytes: max,
        decide: (body): PolicyVerdict => {
          decide?.();
          const bad = 'unreadable' in body ? body.unreadable : body.text.includes('privileged') ? 'privileged' : undefined;
          if (!bad) return { pass: { decision: 'allow', rule: 'default', reason: 'fine' } };
          if (mode === 'warn') return { pass: { decision: 'would_deny', rule: 'r', reason: bad } };
          return { refuse: { status: 403, message: `refused: ${bad}` }, record: { decision: 'deny', rule: 'r', reason: bad } };
        },
      },
    };
  };
}

async function start(stage: PolicyStage): Promise<number> {
  proxy = await startProxy({ target: resolveTarget({ host: daemon.url }), listen: { kind: 'tcp', host: '127.0.0.1', port: 0 }, recordDir: dir, stages: { policy: [stage], entry: [] }, warn: () => undefined });
  return Number(new URL(proxy.url.replace('tcp:', 'http:')).port);
}

function post(port: number, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}, chunked = false) {
  return new Promise<{ status: number; body: string; closed: boolean }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v1.40/containers/create', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, closed: res.headers.connection === 'close' }));
    });
    req.on('error', reject);
    if (chunked) {
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      req.end(body.slice(half));
    } else req.end(body);
  });
}

describe('a policy that reads the body', () => {
  it('forwards exactly the body it read, whole or chunked', async () => {
    const port = await start(bodyStage(1024));
    expect((await post(port, '{"Image":"busybox"}')).status).toBe(201);
    expect((await post(port, '{"Image":"busybox","Cmd":["sh"]}', {}, true)).status).toBe(201);
    expect(received.map((r) => r.body)).toEqual(['{"Image":"busybox"}', '{"Image":"busybox","Cmd":["sh"]}']);
  });

  it('refuses before the daemon sees anything', async () => {
    const port = await start(bodyStage(1024));
    const r = await post(port, '{"HostConfig":{"privileged":true}}');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toEqual({ message: 'docktape proxy: refused: privileged' });
    expect(received).toEqual([]);
  });

  it('refuses a body over the limit without draining it, and closes the connection', async () => {
    const port = await start(bodyStage(1024));
    const r = await post(port, Buffer.alloc(64 * 1024, 0x20));
    expect(r.status).toBe(403);
    expect(r.body).toContain('over the policy');
    expect(r.closed).toBe(true);
    expect(received).toEqual([]);
  });

  it('in warn mode forwards a body over the limit whole: what was read, then the rest', async () => {
    const port = await start(bodyStage(1024, 'warn'));
    const big = `{"Image":"busybox","Labels":{"pad":"${'x'.repeat(8192)}"}}`;
    expect((await post(port, big)).status).toBe(201);
    expect(received.map((r) => r.body)).toEqual([big]);
  });

  it('fails closed when the decision throws', async () => {
    const port = await start(
      bodyStage(1024, 'enforce', () => {
        throw new Error('boom');
      }),
    );
    const r = await post(port, '{"Image":"busybox"}');
    expect(r.status).toBe(500);
    expect(r.body).toContain('policy failed: boom');
    expect(received).toEqual([]);
  });
});
