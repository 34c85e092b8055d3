/**
 * `docktape proxy` listening with TLS (dockerd's --tlsverify/--tlscacert/--tlscert/--tlskey):
 * the docker CLI with DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=... works through it against the
 * real daemon, hijacked attach and half-close included, and a client without a certificate
 * the CA signed is refused during the TLS handshake, before any HTTP is read or answered.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeLive } from '../support/live-daemon.js';
import { TEST_LABEL, useTestContainers } from '../support/test-containers.js';
import { makeTestCerts, type TestCerts } from '../support/test-certs.js';
import { expectRefusedWithoutCertificate, probeTls } from '../support/tls-probe.js';
import { DOCKTAPE_BIN, docker, run, startProxyProcess, type DockerCliHost, type ProxyProcess } from '../../tools/support/proxy-process.js';

const portOf = (url: string) => Number(new URL(url.replace(/^tcp:/, 'http:')).port);
const tlsFlags = (certs: TestCerts) => ['--tlsverify', '--tlscacert', certs.serverFiles.ca, '--tlscert', certs.serverFiles.cert, '--tlskey', certs.serverFiles.key];

describeLive('docktape proxy --tlsverify with the docker CLI (live daemon)', (daemon) => {
  const containers = useTestContainers(daemon, 'proxy-tls');
  const label = ['--label', `${TEST_LABEL}=${containers.run}`];
  let certs: TestCerts;
  /** Client certificates from a CA the proxy does not trust. */
  let stranger: TestCerts;
  let proxy: ProxyProcess;
  let cli: DockerCliHost;

  beforeAll(() => {
    certs = makeTestCerts();
    stranger = makeTestCerts();
  });
  beforeAll(async () => {
    proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', ...tlsFlags(certs)]);
    cli = { url: proxy.url, env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs.clientDir } };
  });
  afterAll(async () => {
    expect(await proxy?.stop()).toBe(0);
    certs?.remove();
    stranger?.remove();
  });

  it('docker ps lists what the daemon runs', async () => {
    const name = containers.name('tls-ps');
    const started = await docker(cli, ['run', '-d', ...label, '--name', name, daemon.image, 'sleep', '60']);
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    const ps = await docker(cli, ['ps', '--filter', `name=${name}`, '--format', '{{.Names}} {{.Image}}']);
    expect({ code: ps.code, stdout: ps.stdout.toString(), stderr: ps.stderr }).toEqual({ code: 0, stdout: `${name} ${daemon.image}\n`, stderr: '' });
  });

  it('docker run --rm echo hi: the output comes through the hijacked attach', async () => {
    const r = await docker(cli, ['run', '--rm', ...label, daemon.image, 'echo', 'hi']);
    expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: 'hi\n', stderr: '' });
  });

  it('docker run -i: stdin ends (half-close over TLS) and the output after it still arrives', async () => {
    const r = await docker(cli, ['run', '-i', '--rm', ...label, daemon.image, 'sh', '-c', 'cat; sleep 0.3; echo after-stdin'], { input: 'line in\n' });
    expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr }).toEqual({ code: 0, stdout: 'line in\nafter-stdin\n', stderr: '' });
  });

  it('refuses a client without a certificate during the handshake (TLS 1.3 and 1.2), with no HTTP answer', async () => {
    const port = portOf(proxy.url);
    await expectRefusedWithoutCertificate(port, certs.server.ca);
    // and the proxy says so, briefly
    await vi.waitFor(() => expect(proxy.stderr()).toContain('TLS handshake with 127.0.0.1 failed: peer did not return a certificate'));
  });

  it('refuses a client certificate signed by another CA before reading a byte', async () => {
    const key = readFileSync(path.join(stranger.clientDir, 'key.pem'));
    const cert = readFileSync(path.join(stranger.clientDir, 'cert.pem'));
    // Node's server finishes the handshake with a certificate that does not verify and then
    // drops the connection unread (no alert): TLS 1.2 clients see it before their handshake ends
    const v12 = await probeTls(portOf(proxy.url), { ca: certs.server.ca, cert, key, maxVersion: 'TLSv1.2' });
    expect(v12).toMatchObject({ secureConnected: false, error: expect.objectContaining({ code: 'ECONNRESET' }) });
    expect(v12.received.toString()).toBe('');
    const v13 = await probeTls(portOf(proxy.url), { ca: certs.server.ca, cert, key, minVersion: 'TLSv1.3' });
    expect(v13.received.toString()).toBe('');
    await vi.waitFor(() => expect(proxy.stderr()).toContain('failed: its certificate was not accepted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)'));
    // the docker CLI (trusting the proxy's CA) with it: both test CAs bear the same name, so it
    // offers the certificate (the name is in the CA list the server sends), which only the
    // signature check refuses; dropped before any request is read, the CLI sees EOF or a reset
    const certPath = mkdtempSync(path.join(os.tmpdir(), 'docktape-stranger-'));
    copyFileSync(path.join(certs.clientDir, 'ca.pem'), path.join(certPath, 'ca.pem'));
    for (const file of ['cert.pem', 'key.pem']) copyFileSync(path.join(stranger.clientDir, file), path.join(certPath, file));
    const ps = await docker({ url: proxy.url, env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath } }, ['ps']);
    rmSync(certPath, { recursive: true, force: true });
    expect({ code: ps.code, stdout: ps.stdout.toString() }).toEqual({ code: 1, stdout: '' });
    expect(ps.stderr).toMatch(/^error during connect: Get "https:\/\/127\.0\.0\.1:\d+\/v1\.40\/[^"]+": (EOF|read tcp \S+: read: connection reset by peer)$/m);
  });

  it('a plain HTTP client gets no HTTP answer', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: portOf(proxy.url) });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.write('GET /_ping HTTP/1.1\r\nHost: docktape\r\n\r\n');
    await new Promise((resolve) => socket.once('close', resolve));
    expect(Buffer.concat(chunks).toString('latin1')).not.toMatch(/HTTP\/1\.[01] \d{3}/);
  });

  it('--tls alone serves TLS without asking for a certificate (loopback only)', async () => {
    const open = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0', '--tls', '--tlscert', certs.serverFiles.cert, '--tlskey', certs.serverFiles.key]);
    try {
      const r = await probeTls(portOf(open.url), { ca: certs.server.ca });
      expect(r.error).toBeUndefined();
      expect(r.received.toString()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nOK$/);
    } finally {
      expect(await open.stop()).toBe(0);
    }
  });
});

describe('docktape proxy TLS command line', () => {
  let certs: TestCerts;
  beforeAll(() => {
    certs = makeTestCerts();
  });
  afterAll(() => certs?.remove());

  it('listens on a non-loopback address with --tlsverify, and refuses it with --tls alone', async () => {
    const remote = await startProxyProcess(['--listen', '0.0.0.0:0', ...tlsFlags(certs)]);
    expect(remote.url).toMatch(/^tcp:\/\/0\.0\.0\.0:\d+$/);
    expect(await remote.stop()).toBe(0);
    const open = await run(process.execPath, [DOCKTAPE_BIN, 'proxy', '--listen', '0.0.0.0:0', '--tls', '--tlscert', certs.serverFiles.cert, '--tlskey', certs.serverFiles.key]);
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without client certificates/);
    expect(open.stdout.toString()).toBe('');
  });

  it('an unreadable certificate file is a usage error naming the flag and the file', async () => {
    const missing = `${certs.clientDir}/no-such-ca.pem`;
    const r = await run(process.execPath, [DOCKTAPE_BIN, 'proxy', '--listen', '127.0.0.1:0', '--tlsverify', '--tlscacert', missing, '--tlscert', certs.serverFiles.cert, '--tlskey', certs.serverFiles.key]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`docktape: --tlscacert ${missing}: cannot read it: ENOENT`);
    expect(r.stdout.toString()).toBe('');
  });

  it('a certificate with the wrong key is a usage error naming both files', async () => {
    const other = makeTestCerts();
    try {
      const r = await run(process.execPath, [DOCKTAPE_BIN, 'proxy', '--listen', '127.0.0.1:0', '--tls', '--tlscert', certs.serverFiles.cert, '--tlskey', other.serverFiles.key]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--tlscert ${certs.serverFiles.cert}, --tlskey ${other.serverFiles.key}: not a usable PEM certificate, key and CA`);
    } finally {
      other.remove();
    }
  });
});
