/**
 * Issue 13, live conformance: a test double between the proxy and the daemon rewrites one field
 * of ContainerInspect's answer to the wrong type; `docktape proxy --validate` flags it with the
 * field's JSON pointer, in the audit line and in the recording entry, while the same exchange
 * from the real daemon (a second proxy in front of it directly) passes.
 */
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRecordings } from '@docktape/recording';
import { describeLive } from '../support/live-daemon.js';
import { docker, startProxyProcess } from '../../tools/support/proxy-process.js';

/** Forwards everything to the daemon's unix socket; ContainerInspect's State.Pid comes back as a string. */
async function startDriftingDouble(daemonSocket: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const upstream = http.request({ socketPath: daemonSocket, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const inspect = req.method === 'GET' && /^\/v[\d.]+\/containers\/[^/]+\/json$/.test(req.url ?? '') && answer.statusCode === 200;
      if (!inspect) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const parts: Buffer[] = [];
      answer.on('data', (d: Buffer) => parts.push(d));
      answer.on('end', () => {
        const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { State: { Pid: unknown } };
        body.State.Pid = `pid ${String(body.State.Pid)}`; // an integer in the spec
        const text = JSON.stringify(body);
        const { 'content-length': _, 'transfer-encoding': __, ...headers } = answer.headers;
        res.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(text) }).end(text);
      });
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Line {
  stage: string;
  operationId: string | null;
  status: number;
  recordedAs: number | null;
  conformance: { outcome: string; violations: { location: string; severity: string; code: string; message: string }[] } | null;
}

describeLive('docktape proxy --validate against a drifting daemon', (daemon) => {
  let work: string;
  const name = `dt-audit-drift-${process.pid}`;

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'docktape-audit-drift-'));
    expect((await docker(daemon.host, ['run', '-d', '--label', 'org.docktape.test=audit-drift', '--name', name, daemon.image, 'sleep', '300'])).code).toBe(0);
  });
  afterAll(async () => {
    await docker(daemon.host, ['rm', '-f', name]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** `docker inspect` through a proxy in front of `target`; its ContainerInspect line and recorded entry. */
  async function inspectThrough(target: string, tag: string) {
    const auditFile = path.join(work, `${tag}.jsonl`);
    const recordDir = path.join(work, tag);
    const proxy = await startProxyProcess(['--target', target, '--listen', '127.0.0.1:0', '--audit', auditFile, '--validate', '--record', recordDir]);
    let output;
    try {
      // (the docker CLI cannot decode the drifted answer: the check is the proxy's, not the client's)
      output = (await docker(proxy.url, ['inspect', '--format', '{{.Name}}', name])).stdout.toString();
    } finally {
      expect(await proxy.stop('SIGTERM')).toBe(0);
    }
    const lines = (await readFile(auditFile, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
    const line = lines.find((l) => l.operationId === 'ContainerInspect')!;
    const [recording] = await readRecordings(recordDir);
    const entry = recording!.entries.find((e) => e._seq === line.recordedAs)!;
    return { line, entry, stderr: proxy.stderr(), output };
  }

  it('flags the field of the wrong type with its pointer; the real daemon’s answer passes', async () => {
    const double = await startDriftingDouble(new URL(daemon.host).pathname);
    let drifted;
    try {
      drifted = await inspectThrough(double.url, 'double');
    } finally {
      await double.close();
    }
    expect(drifted.line.status).toBe(200);
    expect(drifted.line.conformance!.outcome).toBe('violations');
    expect(drifted.line.conformance!.violations).toEqual([expect.objectContaining({ location: '/State/Pid', severity: 'error', code: 'type' })]);
    expect(drifted.line.conformance!.violations[0]!.message).toMatch(/expected integer, got "pid \d+"/);
    // the recording entry carries the same report
    expect(drifted.entry._conformance).toEqual(drifted.line.conformance);
    expect(drifted.stderr).toMatch(/1 conformance violation,/);

    const real = await inspectThrough(daemon.host, 'direct');
    expect(real.output).toBe(`/${name}\n`);
    expect(real.line.conformance).toEqual({ outcome: 'valid', violations: [] });
    expect(real.entry._conformance).toEqual({ outcome: 'valid', violations: [] });
  });
});
