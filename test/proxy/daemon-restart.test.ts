/**
 * Issue 10: the daemon restarts under a recording proxy. The test runs a daemon of its own
 * (the shared one stays up for everybody else) with --live-restore, as production hosts run:
 * containers keep running across the restart, so the streams open at that moment are cut
 * mid-body rather than ended by their container stopping. Each must end for its client, be
 * recorded with what reached the client and, where the cut shows in the protocol, `_error`;
 * exchanges finished before stay as they were; and the next requests, of every kind, succeed
 * through the same proxy process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDockerClient, type DockerClient } from '@docktape/client';
import { readBody, readRecordings, type HarEntry } from '@docktape/recording';
import { describeLive } from '../support/live-daemon.js';
import { requireRoot } from '../support/fault-fs.js';
import { startPrivateDaemon, type PrivateDaemon } from '../support/private-daemon.js';
import { TEST_LABEL } from '../support/test-containers.js';
import { fetchVia } from './support/http-get.js';
import { hostPort } from './support/raw-http.js';
import { docker, startProxyProcess, type ProxyProcess } from '../../tools/support/proxy-process.js';

/** A response read to its end, whatever the end: what the client got, and whether it was whole. */
interface Seen {
  head: Promise<IncomingMessage>;
  firstBytes: Promise<void>;
  ended: Promise<{ body: Buffer; whole: boolean }>;
}

describeLive('docktape proxy while the daemon restarts', (shared) => {
  let daemon: PrivateDaemon;
  let client: DockerClient;
  let proxy: ProxyProcess | undefined;
  let recordDir: string;

  beforeAll(async () => {
    requireRoot('daemon-restart.test.ts (it runs a dockerd of its own)');
    daemon = await startPrivateDaemon({ flags: ['--live-restore'] });
    client = createDockerClient({ host: daemon.host });
    recordDir = await mkdtemp(path.join(os.tmpdir(), 'dt-restart-rec-'));
  }, 180_000);

  afterAll(async () => {
    await proxy?.stop('SIGKILL');
    await client?.close();
    await daemon?.remove();
    if (recordDir) await rm(recordDir, { recursive: true, force: true });
  }, 180_000);

  function open(method: string, p: string): Seen {
    const { host, port } = hostPort(proxy!.url);
    const req = http.request({ host, port, method, path: p, agent: false });
    req.on('error', () => undefined); // the cut is expected; `ended` reports it
    req.end();
    const head = new Promise<IncomingMessage>((resolve) => req.on('response', resolve));
    const chunks: Buffer[] = [];
    let first: () => void;
    const firstBytes = new Promise<void>((resolve) => (first = resolve));
    const ended = head.then(
      (res) =>
        new Promise<{ body: Buffer; whole: boolean }>((resolve) => {
          res.on('data', (c: Buffer) => (chunks.push(c), first()));
          res.on('error', () => undefined);
          res.on('close', () => resolve({ body: Buffer.concat(chunks), whole: res.complete }));
        }),
    );
    return { head, firstBytes, ended };
  }

  /** A hijacked attach (Upgrade: tcp) on a raw socket: the bytes after the daemon's 101 head. */
  function attach(id: string) {
    const { host, port } = hostPort(proxy!.url);
    // no half-open: like the docker CLI, the client closes its side when the daemon's ends
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    let onBytes: () => void;
    const streaming = new Promise<void>((resolve) => (onBytes = resolve));
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      const at = all.indexOf('\r\n\r\n');
      if (at >= 0 && all.length > at + 4) onBytes();
    });
    socket.on('error', () => undefined);
    const closed = new Promise<Buffer>((resolve) => socket.on('close', () => resolve(Buffer.concat(chunks))));
    socket.write(`POST /v1.40/containers/${id}/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`);
    return { streaming, closed };
  }

  /** The one entry for exactly this request (path and query). */
  const find = (entries: HarEntry[], method: string, target: string) => {
    const found = entries.filter((e) => {
      const url = new URL(e.request.url);
      return e.request.method === method && url.pathname + url.search === target;
    });
    expect(found, `${method} ${target} recorded once`).toHaveLength(1);
    return found[0]!;
  };

  it('ends the exchanges in flight as recorded failures, keeps the finished ones, and serves the next requests', async () => {
    proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--record', recordDir]);
    const label = `${TEST_LABEL}=daemon-restart`;

    // finished before the restart, through the proxy
    const run = await docker(proxy.url, ['run', '-d', '--label', label, shared.image, 'sh', '-c', 'while true; do echo tick; sleep 0.2; done']);
    expect(run.code, run.stderr).toBe(0);
    const id = run.stdout.toString().trim();
    expect((await fetchVia(proxy.url, '/_ping')).body?.toString()).toBe('OK');

    // in flight when it restarts: a stream-forward body (events, logs -f), an http-proxy
    // long poll (wait) and a hijacked attach
    const events = open('GET', '/v1.40/events');
    await events.head;
    await client.containers.kill(id, { signal: 'SIGWINCH' }); // an event (sh as PID 1 ignores it)
    const logs = open('GET', `/v1.40/containers/${id}/logs?follow=1&stdout=1`);
    const wait = open('POST', `/v1.40/containers/${id}/wait`);
    const attached = attach(id);
    await Promise.all([events.firstBytes, logs.firstBytes, wait.head, attached.streaming]);

    await daemon.restart();

    const [eventsEnd, logsEnd, waitEnd, attachBytes] = await Promise.all([events.ended, logs.ended, wait.ended, attached.closed]);
    for (const end of [eventsEnd, logsEnd, waitEnd]) expect(end.whole).toBe(false); // each client sees its body cut, not a clean end

    // the same proxy process serves every kind of request to the restarted daemon
    expect((await fetchVia(proxy.url, '/_ping')).body?.toString()).toBe('OK');
    const ps = await docker(proxy.url, ['ps', '--filter', `label=${label}`, '--format', '{{.ID}}']);
    expect(ps.code, ps.stderr).toBe(0);
    expect(ps.stdout.toString().trim()).toBe(id.slice(0, 12)); // live-restore: still running
    const logsAfter = await fetchVia(proxy.url, `/v1.40/containers/${id}/logs?stdout=1&tail=1`);
    expect(logsAfter.status).toBe(200);
    expect(logsAfter.body!.subarray(8).toString()).toBe('tick\n');
    const cat = await docker(proxy.url, ['run', '--rm', '-i', '--label', label, shared.image, 'cat'], { input: 'after the restart\n' });
    expect(cat.code, cat.stderr).toBe(0);
    expect(cat.stdout.toString()).toBe('after the restart\n');

    expect(await proxy.stop()).toBe(0);
    const [recording] = await readRecordings(recordDir);
    const { entries } = recording!;
    const body = (e: HarEntry) => readBody(recording!.file, e.response.content);

    // finished before: recorded whole
    const eventsEntry = find(entries, 'GET', '/v1.40/events');
    const before = entries.filter((e) => e._seq < eventsEntry._seq);
    expect(before.map((e) => `${e.request.method} ${new URL(e.request.url).pathname}`)).toEqual(
      expect.arrayContaining(['POST /v1.40/containers/create', `POST /v1.40/containers/${id}/start`, 'GET /_ping']),
    );
    // (`docker run -d` opens a wait and hangs up once the container started: its own doing)
    const cliWait = (e: HarEntry) => e.request.url.includes('/wait?condition=next-exit') && /client closed/.test(e._error ?? '');
    expect(before.filter((e) => (e._error || e.response.status >= 400) && !cliWait(e))).toEqual([]);

    // cut by the restart: recorded as failed, with exactly the bytes the client got
    expect(eventsEntry._error).toMatch(/upstream closed before the end of the body/);
    expect((await body(eventsEntry)).equals(eventsEnd.body)).toBe(true);
    expect(eventsEnd.body.toString()).toContain('"Action":"kill"');
    const logsEntry = find(entries, 'GET', `/v1.40/containers/${id}/logs?follow=1&stdout=1`);
    expect(logsEntry._error).toMatch(/upstream closed before the end of the body/);
    expect((await body(logsEntry)).equals(logsEnd.body)).toBe(true);
    const waitEntry = find(entries, 'POST', `/v1.40/containers/${id}/wait`);
    expect(waitEntry._error).toMatch(/daemon connection failed before the end of the body/);
    expect(waitEntry.response.status).toBe(200);
    expect((await body(waitEntry)).equals(waitEnd.body)).toBe(true);

    // A hijacked stream has no end marker: the daemon exiting closes it exactly as a container
    // exiting does, so the proxy cannot call it an error. What reached the client is recorded,
    // and when the daemon closed it.
    const attachEntry = find(entries, 'POST', `/v1.40/containers/${id}/attach?stream=1&stdout=1&stderr=1`);
    expect(attachEntry._kind).toBe('hijack');
    const afterHead = attachBytes.subarray(attachBytes.indexOf('\r\n\r\n') + 4);
    const recorded = await readBody(recording!.file, attachEntry._hijack!.daemonToClient.content);
    expect(recorded.equals(afterHead)).toBe(true);
    expect(attachEntry._hijack!.daemonToClient.closedAt).toBeGreaterThan(0);

    // and after the restart, recorded whole
    const after = entries.filter((e) => e._seq > attachEntry._seq);
    expect(after.map((e) => new URL(e.request.url).pathname)).toEqual(expect.arrayContaining(['/_ping', '/v1.40/containers/json', `/v1.40/containers/${id}/logs`]));
    expect(after.filter((e) => e._error && !cliWait(e))).toEqual([]);
  }, 300_000);
});
