import http from 'node:http';
import net from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startProxy, type RunningProxy } from './proxy-server.js';
import { resolveTarget } from './target.js';

/**
 * The raw relay's kept-alive daemon connections (daemon-pool.ts), seen from a daemon that counts
 * its connections and can be told to close them.
 */
let daemon: http.Server;
let connections: net.Socket[];
let dir: string;
let proxy: RunningProxy | undefined;
/** What the daemon answers next: headers and body. */
let answer: { headers: Record<string, string>; body: string };
/** Set: the daemon answers nothing until this many requests are waiting, then all of them. */
let holdUntil: number | undefined;
let held: Array<() => void>;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-pool-'));
  connections = [];
  answer = { headers: { 'Content-Type': 'application/json' }, body: '[]' };
  holdUntil = undefined;
  held = [];
  daemon = http.createServer((req, res) => {
    req.resume();
    held.push(() => res.writeHead(200, answer.headers).end(req.method === 'HEAD' ? undefined : answer.body));
    if (holdUntil === undefined || held.length >= holdUntil) for (const send of held.splice(0)) send();
  });
  daemon.on('connection', (socket: net.Socket) => connections.push(socket));
  await new Promise<void>((resolve) => daemon.listen(0, '127.0.0.1', resolve));
  proxy = await startProxy({
    target: resolveTarget({ host: `tcp://127.0.0.1:${(daemon.address() as net.AddressInfo).port}` }),
    listen: { kind: 'tcp', host: '127.0.0.1', port: 0 },
    recordDir: dir,
    warn: () => undefined,
  });
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  daemon.closeAllConnections();
  await new Promise<void>((resolve) => daemon.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

const agent = () => new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(method: string, url: string, via: http.Agent): Promise<{ status: number; body: string }> {
  const port = Number(new URL(proxy!.url.replace('tcp:', 'http:')).port);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, agent: via }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

async function entries(): Promise<Array<Record<string, any>>> {
  const har = await proxy!.close();
  proxy = undefined;
  const list = JSON.parse(await readFile(har!, 'utf8')).log.entries as Array<Record<string, any>>;
  return list.sort((a, b) => a._seq - b._seq);
}

describe('daemon connections of the raw relay', () => {
  it('serves one GET after another on one daemon connection, each answered and recorded whole', async () => {
    const client = agent();
    for (const body of ['[1]', '[2]', '[3]']) {
      answer = { headers: { 'Content-Type': 'application/json' }, body };
      expect(await get('GET', '/v1.40/containers/json', client)).toEqual({ status: 200, body });
    }
    client.destroy();
    expect(connections).toHaveLength(1);
    expect((await entries()).map((e) => e.response.content.text)).toEqual(['[1]', '[2]', '[3]']);
  });

  it('a connection the daemon closed while idle is not lent again', async () => {
    const client = agent();
    expect((await get('GET', '/v1.40/containers/json', client)).status).toBe(200);
    const first = connections[0]!;
    first.destroy(); // a restarting daemon drops its connections
    await vi.waitFor(() => expect(first.destroyed).toBe(true));
    expect((await get('GET', '/v1.40/containers/json', client)).status).toBe(200);
    expect(connections).toHaveLength(2);
    client.destroy();
    expect((await entries()).map((e) => [e.response.status, e._error])).toEqual([
      [200, undefined],
      [200, undefined],
    ]);
  });

  it('an answer with Connection: close leaves its connection closed; the next request gets a new one', async () => {
    answer = { headers: { 'Content-Type': 'application/json', Connection: 'close' }, body: '{}' };
    const client = agent();
    expect(await get('GET', '/v1.40/containers/x/json', client)).toEqual({ status: 200, body: '{}' });
    answer = { headers: { 'Content-Type': 'application/json' }, body: '[]' };
    expect(await get('GET', '/v1.40/containers/json', client)).toEqual({ status: 200, body: '[]' });
    client.destroy();
    expect(connections).toHaveLength(2);
  });

  it('HEAD is relayed raw too: no body expected, and the connection serves the next request', async () => {
    answer = { headers: { 'Content-Type': 'text/plain', 'Content-Length': '2' }, body: 'OK' };
    const client = agent();
    expect(await get('HEAD', '/_ping', client)).toEqual({ status: 200, body: '' });
    expect(await get('GET', '/_ping', client)).toEqual({ status: 200, body: 'OK' });
    client.destroy();
    expect(connections).toHaveLength(1);
  });

  it('clients at once get connections of their own', async () => {
    holdUntil = 4; // no answer before all four wait: none can reuse another's connection
    const clients = Array.from({ length: 4 }, agent);
    const answers = await Promise.all(clients.map((c) => get('GET', '/v1.40/containers/json', c)));
    expect(answers.every((a) => a.status === 200 && a.body === '[]')).toBe(true);
    expect(connections).toHaveLength(4);
    for (const c of clients) c.destroy();
    expect(await entries()).toHaveLength(4);
  });

  it('a GET whose kept-alive connection dies before any answer byte is sent again on a new one', async () => {
    // a daemon that closes each connection when its second request arrives (as a restart would
    // between the proxy's write and the daemon's read)
    const raw = net.createServer((conn) => {
      let requests = 0;
      conn.on('data', () => {
        requests++;
        if (requests === 1) conn.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]');
        else conn.destroy();
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    await proxy!.close();
    proxy = await startProxy({
      target: resolveTarget({ host: `tcp://127.0.0.1:${(raw.address() as net.AddressInfo).port}` }),
      listen: { kind: 'tcp', host: '127.0.0.1', port: 0 },
      recordDir: dir,
      warn: () => undefined,
    });
    try {
      const client = agent();
      expect(await get('GET', '/v1.40/containers/json', client)).toEqual({ status: 200, body: '[]' });
      expect(await get('GET', '/v1.40/containers/json', client)).toEqual({ status: 200, body: '[]' });
      client.destroy();
      expect((await entries()).map((e) => [e.response.status, e._error])).toEqual([
        [200, undefined],
        [200, undefined],
      ]);
    } finally {
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  });
});
