/**
 * The bypass suite (issue 14): each way to smuggle a privileged container past a policy is sent,
 * byte for byte, to a proxy guarding the real daemon with preset:no-privileged, and each must be
 * refused, with the daemon's own event stream as the witness that nothing was created. Every
 * attempt carries this run's label; a harmless sentinel create sent through the same proxy
 * afterwards proves the event stream was live and in order.
 */
import net from 'node:net';
import { mkdtemp, rm, symlink, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProxyProcess, type ProxyProcess } from '../../tools/support/proxy-process.js';
import { describeLive } from '../support/live-daemon.js';
import { TEST_LABEL, useTestContainers } from '../support/test-containers.js';
import { watchCreates, type CreateEvents } from './daemon-events.js';

/** The statuses of the whole responses at the start of `text` (Content-Length or chunked bodies). */
function wholeResponses(text: string): number[] {
  const statuses: number[] = [];
  let at = 0;
  for (;;) {
    const headEnd = text.indexOf('\r\n\r\n', at);
    if (headEnd < 0) return statuses;
    const head = text.slice(at, headEnd);
    const status = /^HTTP\/1\.[01] (\d{3}) /.exec(head);
    if (!status) return statuses;
    const length = /^content-length: *(\d+)/im.exec(head);
    let end: number;
    if (length) end = headEnd + 4 + Number(length[1]);
    else if (/^transfer-encoding: *chunked/im.test(head)) {
      const last = text.indexOf('\r\n0\r\n\r\n', headEnd);
      if (last < 0) return statuses;
      end = last + 7;
    } else end = headEnd + 4;
    if (end > text.length) return statuses;
    statuses.push(Number(status[1]));
    at = end;
  }
}

/**
 * Sends raw bytes to the proxy and returns every status it answered with: once `expected`
 * whole responses are in, or when the proxy closes the connection. The socket is not
 * half-closed first: a server may take that as the client leaving before its answers.
 */
function raw(url: string, bytes: string | Buffer, expected: number): Promise<{ statuses: number[]; text: string }> {
  const { hostname, port } = new URL(url.replace('tcp:', 'http:'));
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    const done = () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ statuses: wholeResponses(text), text });
    };
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      if (wholeResponses(Buffer.concat(chunks).toString('latin1')).length >= expected) {
        socket.destroy();
        done();
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err)));
    socket.on('close', done);
  });
}

describeLive('policy bypasses (preset:no-privileged, against the real daemon)', (daemon) => {
  const tc = useTestContainers(daemon, 'bypass');
  const label = `${TEST_LABEL}=${tc.run}`;
  let proxy: ProxyProcess;
  let strict: ProxyProcess;
  let events: CreateEvents;
  let dir: string;

  const body = (hostConfig: string, extra = '') => `{"Image":${JSON.stringify(daemon.image)},"Cmd":["true"],"Labels":{"${TEST_LABEL}":"${tc.run}"}${extra},${hostConfig}}`;
  const PRIV = body('"HostConfig":{"Privileged":true}');
  const request = (target: string, payload: string, headers = '') =>
    `POST ${target} HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n${headers}\r\n${payload}`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docktape-bypass-'));
    // a policy that allows binds under one folder only, to prove symlinks are followed
    await mkdir(path.join(dir, 'allowed'));
    await symlink('/etc', path.join(dir, 'allowed', 'link'));
    const policy = path.join(dir, 'binds.yaml');
    await writeFile(policy, `extends: preset:no-privileged\nrules:\n  - name: no-host-binds\n    action: deny\n    operations: [ContainerCreate]\n    when: { bindsOutside: [${path.join(dir, 'allowed')}] }\n`);
    events = await watchCreates(daemon.host, label);
    proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--policy', 'preset:no-privileged']);
    strict = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--policy', policy]);
  });
  afterAll(async () => {
    // the witness: a harmless create through the proxy, seen on the stream, and nothing before it
    const sentinel = tc.name('sentinel');
    const ok = await raw(proxy.url, request(`/v1.40/containers/create?name=${sentinel}`, body('"HostConfig":{}')), 1);
    expect(ok.statuses).toEqual([201]);
    await events.seen(sentinel);
    expect(events.names).toEqual([sentinel]);
    events.close();
    await proxy.stop();
    await strict.stop();
    await rm(dir, { recursive: true, force: true });
  });

  // [name, bytes, every status the proxy must answer with]
  const CASES: [string, () => string | Buffer, number[]][] = [
    ['the plain request', () => request('/v1.40/containers/create', PRIV), [403]],
    ['//containers/create', () => request('//containers/create', PRIV), [403]],
    ['/v1.40/../v1.40/containers/create', () => request('/v1.40/../v1.40/containers/create', PRIV), [403]],
    ['percent-encoded segment (%63ontainers)', () => request('/v1.40/%63ontainers/create', PRIV), [403]],
    ['no version prefix', () => request('/containers/create', PRIV), [403]],
    ['an older version prefix (/v1.24/)', () => request('/v1.24/containers/create', PRIV), [403]],
    ['a version the daemon does not have (/v9.99/)', () => request('/v9.99/containers/create', PRIV), [403]],
    ['a version of three parts (/v1.40.0/)', () => request('/v1.40.0/containers/create', PRIV), [403]],
    ['a trailing slash', () => request('/v1.40/containers/create/', PRIV), [403]],
    ['an upper-case path', () => request('/V1.40/CONTAINERS/CREATE', PRIV), [403]],
    ['a /./ segment', () => request('/v1.40/./containers/create', PRIV), [403]],
    ['an encoded slash (%2F)', () => request('/v1.40/containers%2Fcreate', PRIV), [403]],
    ['double encoding (%2563)', () => request('/v1.40/%2563ontainers/create', PRIV), [403]],
    ['a ; in the path', () => request('/v1.40/containers/create;x', PRIV), [403]],
    ['%00 in the path', () => request('/v1.40/containers/create%00', PRIV), [403]],
    ['a body over 1 MiB (CVE-2026-34040)', () => request('/v1.40/containers/create', body('"HostConfig":{"Privileged":true}', `,"Pad":"${'x'.repeat(1_200_000)}"`)), [403]],
    ['a chunked body', () => `POST /v1.40/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${Buffer.byteLength(PRIV).toString(16)}\r\n${PRIV}\r\n0\r\n\r\n`, [403]],
    ['Transfer-Encoding and Content-Length together', () => `POST /v1.40/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n${Buffer.byteLength(PRIV).toString(16)}\r\n${PRIV}\r\n0\r\n\r\n`, [400]],
    ['two Content-Lengths', () => `POST /v1.40/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Length: 2\r\nContent-Length: ${Buffer.byteLength(PRIV)}\r\n\r\n${PRIV}`, [400]],
    ['bare LF line ends', () => `POST /v1.40/containers/create HTTP/1.1\nHost: docker\nContent-Type: application/json\nContent-Length: ${Buffer.byteLength(PRIV)}\n\n${PRIV}`, [400]],
    ['duplicate HostConfig keys (merged by Go)', () => request('/v1.40/containers/create', body('"HostConfig":{"Privileged":true},"HostConfig":{"CpuShares":2}')), [403]],
    ['hostconfig/privileged in other letter case', () => request('/v1.40/containers/create', body('"hostconfig":{"PRIVILEGED":true}')), [403]],
    ['\\u0050rivileged as a key', () => request('/v1.40/containers/create', body('"HostConfig":{"\\u0050rivileged":true}')), [403]],
    ['a bind mount as Binds', () => request('/v1.40/containers/create', body('"HostConfig":{"Binds":["/:/host"]}')), [403]],
    ['a bind mount as Mounts', () => request('/v1.40/containers/create', body('"HostConfig":{"Mounts":[{"Type":"bind","Source":"/","Target":"/host"}]}')), [403]],
    ['HTTP/1.0', () => request('/v1.40/containers/create', PRIV).replace('HTTP/1.1', 'HTTP/1.0'), [403]],
    ['pipelined: only the second is forbidden', () => `GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n${request('/v1.40/containers/create', PRIV)}`, [200, 403]],
    [
      'an attach upgrade carrying a second request behind it',
      () => `POST /v1.40/containers/dt-no-such-container/attach?stream=1&stdin=1 HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n${request('/v1.40/containers/create', PRIV)}`,
      [404],
    ],
  ];

  it.each(CASES)('%s', async (_name, bytes, statuses) => {
    const r = await raw(proxy.url, bytes(), statuses.length);
    expect(r.statuses, JSON.stringify(r.text.slice(0, 600))).toEqual(statuses);
  });

  it('Content-Length: 0 with a body (CVE-2024-41110)', async () => {
    // the empty create is refused (403); the body behind it is no request at all (400). Which
    // answer the client sees first depends on how the bytes were split: both are refusals.
    const r = await raw(proxy.url, `POST /v1.40/containers/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n${PRIV}`, 2);
    expect(r.statuses.length, r.text).toBeGreaterThan(0);
    for (const status of r.statuses) expect([400, 403]).toContain(status);
  });

  it('a symlinked host path is judged where it leads', async () => {
    const inside = body(`"HostConfig":{"Binds":["${path.join(dir, 'allowed')}:/a"]}`);
    const viaLink = body(`"HostConfig":{"Binds":["${path.join(dir, 'allowed', 'link')}:/a"]}`);
    const name = tc.name('allowed-bind');
    expect((await raw(strict.url, request(`/v1.40/containers/create?name=${name}`, inside), 1)).statuses).toEqual([201]);
    await events.seen(name);
    events.names.splice(events.names.indexOf(name), 1); // allowed on purpose: not a bypass
    const r = await raw(strict.url, request('/v1.40/containers/create', viaLink), 1);
    expect(r.statuses).toEqual([403]);
    expect(r.text).toContain('/etc');
  });
});
