/**
 * The proxy under bad input and faults, and its guard rails: daemon unreachable (502, recorded
 * as failed), malformed requests (400), unwritable record folder and non-loopback listen
 * addresses (refused at start), unix socket listening (0600), signals (recording finished,
 * exit 0). Clients hanging up mid-stream: proxy-hangups.test.ts.
 */
import { readdir, stat, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordings } from '@docktape/recording';
import { describeLive } from '../support/live-daemon.js';
import { useTestContainers } from '../support/test-containers.js';
import { docker, run, startProxyProcess, DOCKTAPE_BIN } from '../../tools/support/proxy-process.js';
import { rawExchange, hostPort } from './support/raw-http.js';

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'docktape-faults-'));
});
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('docktape proxy without a daemon', () => {
  it('answers 502 with a Docker-style message and records the exchange as failed', async () => {
    const dir = path.join(workDir, 'down');
    const missing = path.join(workDir, 'no-such-daemon.sock');
    const proxy = await startProxyProcess(['--target', `unix://${missing}`, '--listen', '127.0.0.1:0', '--record', dir]);
    const r = await docker(proxy.url, ['ps']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('cannot reach the Docker daemon');

    const plain = await rawExchange(proxy.url, 'GET /v1.40/containers/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(plain).toMatch(/^HTTP\/1\.1 502 /);
    const body = JSON.parse(plain.slice(plain.indexOf('\r\n\r\n') + 4)) as { message: string };
    expect(body.message).toContain(missing);

    const hijack = await rawExchange(
      proxy.url,
      'POST /v1.40/containers/abc/attach?stream=1&stdout=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n',
    );
    expect(hijack).toMatch(/^HTTP\/1\.1 502 /);
    expect(hijack).toContain('"message"');

    expect(await proxy.stop('SIGINT')).toBe(0);
    const [recording] = await readRecordings(dir);
    const failed = recording!.entries.filter((e) => e.response.status === 502);
    expect(failed.length).toBeGreaterThanOrEqual(3);
    for (const entry of failed) expect(entry._error).toContain('cannot reach the Docker daemon');
    expect(failed.map((e) => e.request.url)).toEqual(expect.arrayContaining([expect.stringContaining('/containers/abc/attach')]));
  });

  it('answers a malformed request with 400 and never forwards it', async () => {
    const proxy = await startProxyProcess(['--target', `unix://${path.join(workDir, 'none.sock')}`, '--listen', '127.0.0.1:0']);
    const reply = await rawExchange(proxy.url, 'THIS IS NOT HTTP\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)).message).toMatch(/malformed request/);
    expect(await proxy.stop()).toBe(0);
  });

  it('refuses an unwritable record folder at start, with a clear error and a non-zero exit', async () => {
    const file = path.join(workDir, 'a-file');
    await writeFile(file, 'not a folder');
    const r = await run(process.execPath, [DOCKTAPE_BIN, 'proxy', '--listen', '127.0.0.1:0', '--record', path.join(file, 'fixtures')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot record here');
    expect(r.stderr).toContain(path.join(file, 'fixtures'));
    expect(r.stdout.toString()).not.toContain('listening');
  });

  it('refuses a non-loopback listen address unless --tlsverify or --insecure-remote, saying why', async () => {
    const refused = await run(process.execPath, [DOCKTAPE_BIN, 'proxy', '--listen', '0.0.0.0:0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/root on this host/);
    expect(refused.stderr).toMatch(/--tlsverify.*--insecure-remote/);
    expect(refused.stdout.toString()).toBe('');
    const allowed = await startProxyProcess(['--listen', '0.0.0.0:0', '--insecure-remote']);
    expect(allowed.url).toMatch(/^tcp:\/\/0\.0\.0\.0:\d+$/);
    expect(await allowed.stop()).toBe(0);
  });

  it('says --allow-remote was removed and what replaces it', async () => {
    const r = await run(process.execPath, [DOCKTAPE_BIN, 'proxy', '--listen', '0.0.0.0:0', '--allow-remote']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^docktape: --allow-remote was removed: .*--tlsverify --tlscacert CA --tlscert CERT --tlskey KEY.*--insecure-remote/);
    expect(r.stdout.toString()).toBe('');
  });

  it('documents every flag in --help', async () => {
    const r = await run(process.execPath, [DOCKTAPE_BIN, 'proxy', '--help']);
    expect(r.code).toBe(0);
    const listening = ['--tls ', '--tlsverify', '--tlscacert', '--tlscert', '--tlskey', '--insecure-remote'];
    const target = ['--target-tls ', '--target-tlsverify', '--target-tlscacert', '--target-tlscert', '--target-tlskey'];
    for (const flag of ['--target', '--listen', '--record', ...listening, ...target, '--help']) {
      expect(r.stdout.toString()).toContain(flag);
    }
  });
});

describeLive('docktape proxy with a daemon: streams, sockets, signals', (daemon) => {
  const containers = useTestContainers(daemon, 'proxy-faults');

  it('keeps an idle long poll open (wait for a container that exits after 6 s)', async () => {
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0']);
    const id = await containers.create({ Cmd: ['sh', '-c', 'sleep 6; exit 7'] });
    await containers.client.containers.start(id);
    const r = await docker(proxy.url, ['wait', id]);
    expect(r.stdout.toString().trim()).toBe('7');
    expect(await proxy.stop()).toBe(0);
  });

  it('listens on a unix socket created mode 0600, and SIGINT finishes the recording', async () => {
    const sock = path.join(workDir, 'proxy.sock');
    const dir = path.join(workDir, 'unix-rec');
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', `unix://${sock}`, '--record', dir]);
    expect(proxy.url).toBe(`unix://${sock}`);
    expect((await stat(sock)).mode & 0o777).toBe(0o600);
    const r = await docker(proxy.url, ['ps', '--filter', 'label=none-such', '--format', '{{.ID}}']);
    expect(r.code).toBe(0);
    expect(await proxy.stop('SIGINT')).toBe(0);
    const names = await readdir(dir);
    expect(names.filter((n) => n.endsWith('.har'))).toHaveLength(1);
    expect(names.filter((n) => n.endsWith('.jsonl'))).toHaveLength(0);
    const [recording] = await readRecordings(dir);
    expect(recording!.entries.map((e) => new URL(e.request.url).pathname)).toContain('/v1.40/containers/json');
  });

  it('relays the legacy attach form (no Upgrade header: 200, then the raw stream both ways)', async () => {
    const proxy = await startProxyProcess(['--target', daemon.host, '--listen', '127.0.0.1:0']);
    const id = await containers.create({ Cmd: ['sh', '-c', 'read line; echo got:$line'], OpenStdin: true, StdinOnce: true, AttachStdin: true });
    await containers.client.containers.start(id);
    const { host, port } = hostPort(proxy.url);
    const socket = connect({ host, port, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.write(`POST /v1.40/containers/${id}/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\n\r\n`);
    // the response head is in once its blank line has arrived
    await new Promise<void>((resolve) => {
      const check = () => Buffer.concat(chunks).includes('\r\n\r\n') && (socket.off('data', check), resolve());
      socket.on('data', check);
    });
    socket.end('legacy input\n'); // stdin, then half-close
    await new Promise((resolve) => socket.on('close', resolve));
    const all = Buffer.concat(chunks);
    expect(all.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    const stream = all.subarray(all.indexOf('\r\n\r\n') + 4);
    expect(stream[0]).toBe(1); // stdout frame header (multiplexed, no TTY)
    expect(stream.subarray(8).toString()).toBe('got:legacy input\n');
    expect(await proxy.stop()).toBe(0);
  });
});
