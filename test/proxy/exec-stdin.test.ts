/**
 * Issue 12, point 4 (proxy side), live: an exec start with stdin, the way dockerode sends it,
 * gets every stdin byte to the process, direct and through a recording proxy, and the
 * recording holds them.
 *
 * dockerode 4 (docker-modem 5) has two forms:
 * - `exec.start({ hijack: true, stdin: true })`: `Upgrade: tcp` plus a JSON body (the options
 *   themselves); the socket comes on the `101` and stdin is written right then.
 * - `exec.start({ hijack: false, stdin: true })`: the legacy form, no Upgrade: the daemon
 *   answers `200` and the connection carries raw bytes both ways; stdin goes on the request
 *   (`req.write`) right behind its body, as soon as the `200` is in. Node's http client never
 *   half-closes, so the process gets no EOF: it reads exactly the bytes it expects.
 *
 * Deterministic: stdin is written once the daemon has answered (dockerode hands out the stream
 * only then), after the hijack.
 *
 * Stdin a client pipelines in the request's own write (a raw client below): direct, the daemon
 * reads it into one buffer with the head and body and drops it when it hijacks (as for the
 * attach body, hijack-stdin.test.ts), so the process reads only what came after the `200`.
 * The proxy used to hand those bytes to Node's HTTP parser, which answered `400 Bad Request`
 * on the raw connection; it now relays them with the head in one write, so the daemon does
 * what it does direct, and the recording keeps every byte the client sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import net from 'node:net';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { resolveTarget, startProxy, type RunningProxy } from '@docktape/proxy';
import { describeLive } from '../support/live-daemon.js';
import { TEST_LABEL } from '../support/test-containers.js';
import { demux, echoStdin, readAll, stdinSeen } from './support/stdin-echo.js';

const STDIN = 'stdin for the exec, written right away\n';
/** Sent in the same write as the request head and body; then LATER, after the `200`. */
const EARLY = 'early bytes, in the request write\n';
const LATER = 'later bytes, after the 200 answer\n';

describeLive('exec start with stdin through dockerode, legacy and upgraded (issue 12)', (daemon) => {
  const run = `exec-stdin-${randomBytes(4).toString('hex')}`;
  const direct = new Docker({ socketPath: new URL(daemon.host).pathname });
  let proxy: RunningProxy | undefined;
  let proxied: Docker;
  let recordDir: string;
  let container: Docker.Container;

  beforeAll(async () => {
    recordDir = await mkdtemp(path.join(os.tmpdir(), 'docktape-exec-stdin-'));
    proxy = await startProxy({ target: resolveTarget({ host: daemon.host }), listen: { kind: 'tcp', host: '127.0.0.1', port: 0 }, recordDir });
    const url = new URL(proxy.url.replace(/^tcp:/, 'http:'));
    proxied = new Docker({ host: url.hostname, port: Number(url.port) });
    container = await direct.createContainer({ Image: daemon.image, Cmd: ['sleep', '300'], Labels: { [TEST_LABEL]: run } });
    await container.start();
  });
  afterAll(async () => {
    await proxy?.close();
    await container?.remove({ force: true }).catch(() => undefined);
    if (recordDir) await rm(recordDir, { recursive: true, force: true });
  });

  /** Starts an exec of the stdin echo on `docker`, writes STDIN at once, returns what it saw. */
  async function execWithStdin(docker: Docker, hijack: boolean): Promise<string | undefined> {
    const exec = await docker.getContainer(container.id).exec({ Cmd: echoStdin(STDIN.length), AttachStdin: true, AttachStdout: true, AttachStderr: true });
    const stream = (await exec.start({ hijack, stdin: true })) as unknown as Duplex;
    const output = readAll(stream);
    stream.write(STDIN);
    const seen = stdinSeen(demux(await output));
    stream.destroy();
    return seen;
  }

  for (const hijack of [false, true]) {
    const form = hijack ? 'hijack: true (Upgrade: tcp)' : 'hijack: false (legacy, no Upgrade)';
    it(`exec.start({ ${form}, stdin: true }), direct: the process reads exactly the client's bytes`, async () => {
      expect(await execWithStdin(direct, hijack)).toBe(STDIN);
    });
    it(`exec.start({ ${form}, stdin: true }), through the proxy: the same`, async () => {
      expect(await execWithStdin(proxied, hijack)).toBe(STDIN);
    });
  }

  /**
   * A raw legacy exec start whose first stdin bytes go in the request's own write, the rest once
   * the `200` is in; returns what the process read (as many bytes as the later part).
   */
  async function pipelinedExec(connect: () => net.Socket): Promise<string | undefined> {
    const exec = await direct.getContainer(container.id).exec({ Cmd: echoStdin(LATER.length), AttachStdin: true, AttachStdout: true, AttachStderr: true });
    const body = '{"Detach":false,"Tty":false}';
    const socket = connect();
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    const ended = new Promise((resolve) => socket.once('end', resolve));
    socket.write(
      `POST /v1.40/exec/${exec.id}/start HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}${EARLY}`,
    );
    await vi.waitFor(() => expect(Buffer.concat(received).includes('\r\n\r\n')).toBe(true), { timeout: 20_000, interval: 5 });
    socket.write(LATER);
    await ended;
    socket.destroy();
    const raw = Buffer.concat(received);
    expect(raw.subarray(0, 15).toString()).toBe('HTTP/1.1 200 OK');
    return stdinSeen(demux(raw.subarray(raw.indexOf('\r\n\r\n') + 4)));
  }

  it('stdin pipelined in the request write: the process reads the same through the proxy as direct, and the proxy keeps the connection raw', async () => {
    const seenDirect = await pipelinedExec(() => net.connect(new URL(daemon.host).pathname));
    const url = new URL(proxy!.url.replace(/^tcp:/, 'http:'));
    const seenProxied = await pipelinedExec(() => net.connect(Number(url.port), url.hostname));
    // the daemon drops what it read with the head when it hijacks: the process reads LATER
    expect(seenDirect).toBe(LATER);
    expect(seenProxied).toBe(seenDirect);
  });

  it('the recording holds each proxied exec start with its stdin, legacy as none and upgraded as tcp', async () => {
    const har = await proxy!.close();
    proxy = undefined;
    const entries = JSON.parse(await readFile(har!, 'utf8')).log.entries as Array<Record<string, any>>;
    const starts = entries.filter((e) => /\/exec\/[^/]+\/start$/.test(new URL(e.request.url).pathname));
    expect(starts.map((e) => [e.response.status, e._hijack?.upgrade, e._hijack?.clientToDaemon.content.text]).sort()).toEqual(
      [
        [101, 'tcp', STDIN],
        [200, 'none', STDIN],
        // the client sent all of it: the recording keeps what the client sent, not what the daemon used
        [200, 'none', EARLY + LATER],
      ].sort(),
    );
  });
});
