/**
 * A daemon behind TLS (docker's tcp://HOST:2376 with --tlsverify): both forwarding paths must
 * reach it, the streamed path reading TLS plaintext into its reused buffers, and a certificate
 * that does not verify must give a 502 rather than an unverified connection.
 * The daemon here is a fake HTTPS server with a throwaway self-signed certificate (openssl CLI).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from './proxy-server.js';
import { resolveTarget } from './target.js';

let certDir: string;
let daemon: https.Server;
let daemonPort: number;
const exportBody = Buffer.alloc(3 * 1024 * 1024 + 17);
for (let i = 0; i < exportBody.length; i++) exportBody[i] = (i * 7 + (i >> 10)) & 0xff;

beforeAll(async () => {
  certDir = await mkdtemp(path.join(os.tmpdir(), 'docktape-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=docktape-test',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(certDir, 'key.pem'), '-out', path.join(certDir, 'cert.pem')], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(`the openssl CLI is needed to make this test's certificate (apt-get install openssl): ${(err as Error).message}`);
  }
  daemon = https.createServer({ key: await readFile(path.join(certDir, 'key.pem')), cert: await readFile(path.join(certDir, 'cert.pem')) }, (req, res) => {
    if (req.url?.endsWith('/export')) {
      res.writeHead(200, { 'Content-Type': 'application/x-tar' });
      for (let i = 0; i < exportBody.length; i += 100_000) res.write(exportBody.subarray(i, i + 100_000));
      return void res.end();
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => daemon.listen(0, '127.0.0.1', resolve));
  daemonPort = (daemon.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => daemon.close(() => resolve()));
  await rm(certDir, { recursive: true, force: true });
});

let proxy: RunningProxy | undefined;
let recordDir: string | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  if (recordDir) await rm(recordDir, { recursive: true, force: true });
});

async function proxyTo(ca: string | undefined): Promise<number> {
  recordDir = await mkdtemp(path.join(os.tmpdir(), 'docktape-tls-rec-'));
  proxy = await startProxy({
    target: resolveTarget({ host: `tcp://127.0.0.1:${daemonPort}`, tls: { ...(ca ? { ca } : {}), verify: true } }, {}),
    listen: { kind: 'tcp', host: '127.0.0.1', port: 0 },
    recordDir,
    stages: { policy: [], entry: [] },
    warn: () => undefined,
  });
  return Number(new URL(proxy.url.replace('tcp:', 'http:')).port);
}

function get(port: number, p: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('a daemon behind TLS', () => {
  it('is reached by plain requests and by streamed bodies, byte for byte, when its certificate verifies', async () => {
    const port = await proxyTo(path.join(certDir, 'cert.pem'));
    const list = await get(port, '/v1.40/containers/json');
    expect([list.status, list.body.toString()]).toEqual([200, '[]']);
    const exported = await get(port, '/v1.40/containers/x/export');
    expect(exported.status).toBe(200);
    expect(createHash('sha256').update(exported.body).digest('hex')).toBe(createHash('sha256').update(exportBody).digest('hex'));
  });

  it('answers 502 on both paths when the certificate does not verify (no CA given for a self-signed one)', async () => {
    const port = await proxyTo(undefined);
    for (const p of ['/v1.40/containers/json', '/v1.40/containers/x/export']) {
      const res = await get(port, p);
      expect(res.status).toBe(502);
      expect(JSON.parse(res.body.toString()).message).toMatch(/self[- ]signed certificate/);
    }
  });
});
