/**
 * Issue 12, point 5: what a container reads on stdin through a hijacked attach is exactly
 * what the client wrote after the upgrade, direct and through the proxy, with dockerode's own
 * attach request (`POST .../attach` with `Upgrade: tcp` AND a JSON body,
 * `{"stream":true,"stdin":true,...}`, that no daemon reads).
 *
 * Why the body does not reach stdin direct: Node's http client sends the head and the first
 * body write in one write; the daemon's Go HTTP server reads them into one buffer, and the
 * attach handler hijacks the connection without that buffer, so the body is dropped. Bytes that
 * arrive after the hijack go to the container. The daemon's behaviour thus depends on timing:
 * bytes in the same read as the head are dropped, later ones are stdin. The proxy used to write
 * the head and the body apart, so the body could come after the hijack. Found here: through a
 * forwarding-only proxy both writes were queued before the daemon connection opened and went
 * out together (writev), so the container read only the client's bytes; through a recording
 * proxy the body waits for the recorder, went out second, and the container read
 * `{"stream":true,...}hello ...` (2 runs in 3 with the old relay). Hence the proxy here
 * records. The proxy now writes head and body in one write, as the client sent them. The raw-socket case below pins the daemon's side of it: the same body,
 * written only after the `101`, IS read as stdin.
 *
 * Deterministic: dockerode hands out the socket on the `101`, and the test writes stdin only
 * then (a client writing stdin before the hijack could see those bytes dropped too, direct as
 * well). The container (no TTY, StdinOnce) copies stdin to a file until EOF, then prints it
 * between markers; the output is demultiplexed and compared byte for byte.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolveTarget, startProxy, type RunningProxy } from '@docktape/proxy';
import { describeLive } from '../support/live-daemon.js';
import { TEST_LABEL } from '../support/test-containers.js';
import { randomBytes } from 'node:crypto';
import { demux, ECHO_STDIN_UNTIL_EOF, readAll, stdinSeen } from './support/stdin-echo.js';

const STDIN = 'hello from the client\nsecond line\n';
const ECHO_STDIN = ECHO_STDIN_UNTIL_EOF;
const ATTACH_OPTIONS = { stream: true, stdin: true, stdout: true, stderr: true, hijack: true };

describeLive('hijacked attach: the container reads only what the client wrote (issue 12)', (daemon) => {
  const run = `hijack-stdin-${randomBytes(4).toString('hex')}`;
  const direct = new Docker({ socketPath: new URL(daemon.host).pathname });
  let proxy: RunningProxy;
  let proxied: Docker;
  let recordDir: string;

  beforeAll(async () => {
    // recording: the body then passes the recorder before it may go on, which is when the old
    // proxy's second write came after the daemon had read (and hijacked with) the head
    recordDir = await mkdtemp(path.join(os.tmpdir(), 'docktape-hijack-stdin-'));
    proxy = await startProxy({ target: resolveTarget({ host: daemon.host }), listen: { kind: 'tcp', host: '127.0.0.1', port: 0 }, recordDir });
    const url = new URL(proxy.url.replace(/^tcp:/, 'http:'));
    proxied = new Docker({ host: url.hostname, port: Number(url.port) });
  });
  afterAll(async () => {
    await proxy?.close();
    const left = await direct.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${run}`] } });
    await Promise.all(left.map((c) => direct.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    if (recordDir) await rm(recordDir, { recursive: true, force: true });
  });

  const createEcho = (docker: Docker) =>
    docker.createContainer({
      Image: daemon.image,
      Cmd: ECHO_STDIN,
      OpenStdin: true,
      StdinOnce: true,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Labels: { [TEST_LABEL]: run },
    });

  for (const side of ['direct', 'through the proxy'] as const) {
    it(`dockerode attach (hijack, stdin), ${side}: stdin holds exactly the client's bytes`, async () => {
      const docker = side === 'direct' ? direct : proxied;
      const container = await createEcho(docker);
      // resolves on the daemon's 101: the connection is hijacked from here on
      const stream = (await container.attach(ATTACH_OPTIONS)) as unknown as net.Socket;
      const output = readAll(stream);
      await container.start();
      stream.end(STDIN); // EOF closes the container's stdin (StdinOnce)
      expect(stdinSeen(demux(await output))).toBe(STDIN);
    });
  }

  it('the daemon reads a body written after the 101 as stdin (why the proxy must not write it apart)', async () => {
    const container = await createEcho(direct);
    const body = '{"stream":true}';
    const socket = net.connect(new URL(daemon.host).pathname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.write(
      `POST /v1.40/containers/${container.id}/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\nHost: docker\r\n` +
        `Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    await new Promise<void>((resolve) => {
      const check = () => (Buffer.concat(chunks).includes('\r\n\r\n') ? resolve() : socket.once('data', check));
      check();
    });
    await container.start();
    socket.end(body + STDIN);
    await once(socket, 'end');
    const raw = Buffer.concat(chunks);
    expect(raw.subarray(0, 12).toString()).toBe('HTTP/1.1 101');
    expect(stdinSeen(demux(raw.subarray(raw.indexOf('\r\n\r\n') + 4)))).toBe(body + STDIN);
  });
});
