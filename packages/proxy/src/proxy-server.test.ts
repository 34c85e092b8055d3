import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startProxy, type RunningProxy } from './proxy-server.js';
import type { PolicyStage } from './stages.js';
import { resolveTarget } from './target.js';

let daemon: http.Server;
let daemonUrl: string;
let dir: string;
let proxy: RunningProxy | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-proxy-'));
  daemon = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"Status":"Login Succeeded"}'));
  });
  await new Promise<void>((resolve) => daemon.listen(0, '127.0.0.1', resolve));
  daemonUrl = `tcp://127.0.0.1:${(daemon.address() as net.AddressInfo).port}`;
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await new Promise<void>((resolve) => daemon.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

async function start(policy: PolicyStage[]): Promise<{ port: number; warnings: string[] }> {
  const warnings: string[] = [];
  proxy = await startProxy({
    target: resolveTarget({ host: daemonUrl }),
    listen: { kind: 'tcp', host: '127.0.0.1', port: 0 },
    recordDir: dir,
    stages: { policy, entry: [] },
    warn: (m) => warnings.push(m),
  });
  return { port: Number(new URL(proxy.url.replace('tcp:', 'http:')).port), warnings };
}

function request(port: number, method: string, url: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function rawUpgrade(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write('POST /v1.40/containers/x/attach?stream=1 HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n'),
    );
    let text = '';
    socket.setEncoding('utf8').on('data', (c: string) => (text += c));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

async function recordedEntries() {
  const har = await proxy!.close();
  proxy = undefined;
  // Entries are written as exchanges end, which need not be the order they began in (a body
  // still going to disk can finish after the next, shorter exchange): arrival order is _seq.
  const entries = JSON.parse(await readFile(har!, 'utf8')).log.entries as Array<Record<string, any>>;
  return entries.sort((a, b) => a._seq - b._seq);
}

describe('a policy stage that fails', () => {
  it.each<[string, PolicyStage]>([
    ['throws', () => {
      throw new Error('boom');
    }],
    ['rejects', () => Promise.reject(new Error('boom'))],
  ])('that %s: requests are refused with 500 and the proxy keeps running', async (_name, stage) => {
    const { port, warnings } = await start([(r) => (r.url.endsWith('/_ping') ? undefined : stage(r))]);
    const refused = await request(port, 'GET', '/v1.40/fail');
    expect(refused.status).toBe(500);
    expect(JSON.parse(refused.body).message).toMatch(/policy failed: boom/);
    const upgrade = await rawUpgrade(port);
    expect(upgrade).toMatch(/^HTTP\/1\.1 500 /);
    expect(upgrade).toContain('policy failed: boom');
    expect((await request(port, 'GET', '/v1.40/_ping')).status).toBe(200); // still up, still forwarding
    expect(warnings.filter((w) => w.includes('policy failed')).length).toBe(2);
    const entries = await recordedEntries();
    expect(entries.map((e) => [e.response.status, e._error ?? null])).toEqual([
      [500, 'refused: policy failed: boom'],
      [500, 'refused: policy failed: boom'],
      [200, null],
    ]);
  });

  it('answers 500 when a verdict has a status the server cannot send', async () => {
    const { port } = await start([() => ({ refuse: { status: 42, message: 'nope' } })]);
    const res = await request(port, 'GET', '/v1.40/_ping');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).message).toMatch(/policy failed/);
  });
});

describe('recording redacts secrets', () => {
  it('headers and the POST /auth body never reach the recording folder', async () => {
    const { port } = await start([]);
    const password = 'hunter2-' + 'x'.repeat(100_000); // big enough to spill to a sidecar if it were recorded
    const auth = await request(port, 'POST', '/v1.40/auth', { 'Content-Type': 'application/json', Authorization: 'Basic c2VjcmV0' }, JSON.stringify({ username: 'u', password }));
    expect(auth.status).toBe(200);
    await request(port, 'POST', '/v1.40/images/create?fromImage=busybox', { 'X-Registry-Auth': 'cmVnaXN0cnktc2VjcmV0' });
    const entries = await recordedEntries();
    expect(entries[0]!.request.postData.text).toBe('<redacted>');
    expect(entries[0]!.request.headers).toContainEqual({ name: 'Authorization', value: '<redacted>' });
    expect(entries[1]!.request.headers).toContainEqual({ name: 'X-Registry-Auth', value: '<redacted>' });
    expect(await readdir(path.join(dir, 'blobs'))).toEqual([]);
    for (const file of await readdir(dir)) {
      if (file === 'blobs') continue;
      const text = await readFile(path.join(dir, file), 'utf8');
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('cmVnaXN0cnktc2VjcmV0');
      expect(text).not.toContain('c2VjcmV0');
    }
  });
});

describe('recording redacts secrets on the raw path too', () => {
  it('a POST /auth sent with an Upgrade header (relayed raw) leaves no trace of its body', async () => {
    const { port } = await start([]);
    const body = JSON.stringify({ username: 'u', password: 'hunter2-' + 'y'.repeat(100_000) });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.write(
          `POST /v1.40/auth HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        ),
      );
      let text = '';
      socket.setEncoding('latin1').on('data', (c: string) => {
        text += c;
        if (text.includes('Login Succeeded')) socket.end();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    await proxy!.close();
    proxy = undefined;
    expect(await readdir(path.join(dir, 'blobs'))).toEqual([]);
    for (const file of await readdir(dir)) {
      if (file !== 'blobs') expect(await readFile(path.join(dir, file), 'utf8')).not.toContain('hunter2');
    }
  });
});

describe('clients that go away', () => {
  /** Resolves with the next request the fake daemon receives (the proxy forwarded its head). */
  const nextDaemonRequest = () => once(daemon, 'request') as Promise<[http.IncomingMessage, http.ServerResponse]>;

  it('a legacy attach aborted mid-body is recorded, and shutdown does not wait for it', async () => {
    // The proxy holds a legacy attach until its body is whole, so nothing reaches the daemon: a
    // policy stage that lets everything through tells when the proxy has begun the exchange.
    let begun!: () => void;
    const policySeen = new Promise<void>((resolve) => (begun = resolve));
    const { port } = await start([() => void begun()]);
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    await new Promise((resolve) => socket.write('POST /v1.40/containers/x/attach?stream=1 HTTP/1.1\r\nHost: docker\r\nContent-Length: 100\r\n\r\n{"a":', resolve));
    await policySeen;
    socket.destroy();
    // close() waits for open exchanges only a bounded time and then drops them: the entry below
    // is there only if the abort was seen and recorded, not left for shutdown to give up on.
    const entries = await recordedEntries();
    expect(entries.map((e) => [e.response.status, e._error])).toEqual([[0, 'client went away before the request body was read']]);
  });

  it('a client that aborts before the daemon answers is recorded as aborted, not as a 502', async () => {
    await new Promise<void>((resolve) => daemon.close(() => resolve()));
    daemon = http.createServer(); // never answers
    await new Promise<void>((resolve) => daemon.listen(0, '127.0.0.1', resolve));
    daemonUrl = `tcp://127.0.0.1:${(daemon.address() as net.AddressInfo).port}`;
    const { port } = await start([]);
    const forwarded = nextDaemonRequest();
    const req = http.request({ host: '127.0.0.1', port, method: 'GET', path: '/v1.40/containers/x/wait' });
    req.on('error', () => undefined);
    req.end();
    const [upstream] = await forwarded;
    req.destroy();
    // The proxy passes the hang-up on: the daemon sees its request go away.
    await new Promise((resolve) => upstream.on('error', () => undefined).on('close', resolve));
    const entries = await recordedEntries();
    expect(entries.map((e) => [e.response.status, e._error])).toEqual([[0, 'client aborted']]);
  });

  it('an upgrade the daemon does not hijack leaves no temporary blob behind', async () => {
    // A raw daemon that answers a plain 200 while the client keeps sending (> 64 KiB: spilled).
    const raw = net.createServer((conn) => {
      conn.once('data', () => conn.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}'));
      conn.on('data', () => undefined);
      conn.on('end', () => conn.end());
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    daemonUrl = `tcp://127.0.0.1:${(raw.address() as net.AddressInfo).port}`;
    try {
      const { port } = await start([]);
      const socket = net.connect(port, '127.0.0.1');
      socket.on('data', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('POST /v1.40/containers/x/attach?stream=1 HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n');
      socket.end(Buffer.alloc(200_000, 0xff));
      await new Promise((resolve) => socket.once('close', resolve));
      const entries = await recordedEntries();
      expect(entries.map((e) => e.response.status)).toEqual([200]);
      expect((await readdir(path.join(dir, 'blobs'))).filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  });
});

describe('streamed GET bodies (raw relay)', () => {
  /** Replaces the fake daemon's handler for one test. */
  const answer = (handler: http.RequestListener) => {
    daemon.removeAllListeners('request');
    daemon.on('request', handler);
  };
  const get = (port: number, p: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; error?: string }>((resolve) => {
      http
        .get({ host: '127.0.0.1', port, path: p }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', (err) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), error: err.message }));
        })
        .on('error', (err) => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), error: err.message }));
    });

  it('passes a chunked body through byte for byte, records it decoded, and keeps the connection for the next request', async () => {
    const parts = [Buffer.alloc(70_000, 1), Buffer.from('tail'), Buffer.alloc(3, 2)];
    answer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-tar' });
      for (const p of parts) res.write(p);
      res.end();
    });
    const { port } = await start([]);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets: unknown[] = [];
    const first = await new Promise<Buffer>((resolve) =>
      http.get({ host: '127.0.0.1', port, path: '/v1.40/containers/x/export', agent }, (res) => {
        sockets.push(res.socket);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
      }),
    );
    expect(first.equals(Buffer.concat(parts))).toBe(true);
    const second = await new Promise<number>((resolve) =>
      http.get({ host: '127.0.0.1', port, path: '/v1.40/containers/x/logs?stdout=1', agent }, (res) => {
        sockets.push(res.socket);
        res.resume().on('end', () => resolve(res.statusCode ?? 0));
      }),
    );
    expect(second).toBe(200);
    expect(sockets[1]).toBe(sockets[0]); // the same kept-alive connection served both
    agent.destroy();
    const entries = await recordedEntries();
    expect(entries.map((e) => [e.request.url.replace(/^http:\/\/[^/]+/, ''), e.response.status, e.response.content.size])).toEqual([
      ['/v1.40/containers/x/export', 200, 70_007],
      ['/v1.40/containers/x/logs?stdout=1', 200, 70_007],
    ]);
    const blob = await readFile(path.join(dir, entries[0]!.response.content._file));
    expect(blob.equals(Buffer.concat(parts))).toBe(true);
  });

  // 96 MiB through the proxy, recorded and hashed on both sides: seconds on a loaded machine.
  it('a client that stops reading holds the daemon back, then gets every byte once it reads again', { timeout: 120_000 }, async () => {
    const MiB = 1024 * 1024;
    const total = 96 * MiB;
    const block = Buffer.alloc(MiB);
    const expected = createHash('sha256');
    let pushed = 0;
    /** True while the fake daemon's socket is full and it waits for 'drain'. */
    let heldBack = false;
    answer((req, res) => {
      if (req.url?.endsWith('/_ping')) return void res.writeHead(200).end('OK');
      res.writeHead(200, { 'Content-Type': 'application/x-tar' });
      const more = () => {
        heldBack = false;
        while (pushed < total) {
          block.writeUInt32BE(pushed / MiB, 0); // every MiB differs, so a reused buffer would show
          expected.update(block);
          pushed += MiB;
          if (!res.write(block)) {
            heldBack = true;
            return void res.once('drain', more);
          }
        }
        res.end();
      };
      more();
    });
    const { port } = await start([]);
    const res = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ host: '127.0.0.1', port, path: '/v1.40/containers/x/export' }, (r) => resolve(r.pause())),
    );
    // Held back means: the daemon waits for 'drain' and stays so while the proxy serves other
    // requests. Proxy and fake daemon share this event loop, so a proxy that went on reading
    // the paused stream would let the daemon drain (and push more) within these round trips.
    // Waiting is by condition, so a slow machine only makes it take longer.
    await vi.waitFor(
      async () => {
        expect(heldBack).toBe(true);
        const held = pushed;
        for (let i = 0; i < 5; i++) expect((await request(port, 'GET', '/_ping')).status).toBe(200);
        expect([heldBack, pushed]).toEqual([true, held]);
      },
      { timeout: 60_000, interval: 0 },
    );
    const pushedWhilePaused = pushed;
    const got = createHash('sha256');
    let size = 0;
    res.on('data', (c: Buffer) => (got.update(c), (size += c.length)));
    res.resume();
    await once(res, 'end');
    // kernel socket buffers on both sides hold some MiB; the proxy itself at most 2 MiB
    expect(pushedWhilePaused).toBeLessThan(48 * MiB);
    expect(size).toBe(total);
    expect(got.digest('hex')).toBe(expected.digest('hex'));
    const entries = await recordedEntries();
    expect(entries.find((e) => String(e.request.url).endsWith('/export'))!.response.content.size).toBe(total);
  });

  it('answers 502 with a Docker-style message when the daemon is down, and records it as failed', async () => {
    const { port } = await start([]);
    await new Promise<void>((resolve) => daemon.close(() => resolve()));
    daemon = http.createServer(); // afterEach closes it
    await new Promise<void>((resolve) => daemon.listen(0, '127.0.0.1', resolve));
    const res = await get(port, '/v1.40/containers/x/logs?follow=1');
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body.toString()).message).toMatch(/cannot reach the Docker daemon/);
    const [entry] = await recordedEntries();
    expect(entry!.response.status).toBe(502);
    expect(entry!._error).toMatch(/cannot reach the Docker daemon/);
  });

  it('a daemon that dies mid-body aborts the client response and is recorded with an error', async () => {
    answer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/x-tar' });
      // Dies once its 10,000 bytes are out (handed to the kernel, so they reach the proxy first).
      res.write(Buffer.alloc(10_000, 7), () => res.socket?.destroy());
    });
    const { port } = await start([]);
    const res = await get(port, '/v1.40/containers/x/export');
    expect(res.status).toBe(200);
    expect(res.error).toMatch(/aborted/);
    const [entry] = await recordedEntries();
    expect(entry!._error).toMatch(/upstream closed before the end of the body/);
    expect(entry!.response.content.size).toBe(10_000);
  });
});
