/**
 * Attach against a real daemon, over the unix socket and over TCP: stdin reaches the container,
 * closeWrite() gives it EOF while all of its output still arrives, resize reaches the TTY, and
 * the websocket attach echoes too.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collectText, createDockerClient, DockerApiError, type AttachSession, type DockerClient } from '@docktape/client';
import { describeLive } from '../support/live-daemon.js';
import { useTestContainers } from '../support/test-containers.js';
import { startRelay, type Relay } from '../support/tcp-relay.js';
import { makeTestCerts, type TestCerts } from '../support/test-certs.js';

/** Reads output until `want` appears in the text seen so far (or the output ends). */
async function readUntil(session: AttachSession, want: string | RegExp): Promise<string> {
  let seen = '';
  const decoder = new TextDecoder();
  for await (const frame of session.output) {
    seen += decoder.decode(frame.data, { stream: true });
    if (typeof want === 'string' ? seen.includes(want) : want.test(seen)) return seen;
  }
  throw new Error(`output ended before ${String(want)} appeared; got ${JSON.stringify(seen.slice(-200))}`);
}

describeLive('streams: attach (live)', (daemon) => {
  const tc = useTestContainers(daemon, 'streams-attach');
  const { containers } = tc.client;
  const catBody = { Cmd: ['cat'], OpenStdin: true, StdinOnce: true, AttachStdin: true, AttachStdout: true, AttachStderr: true };

  // TCP and TLS fronts for the daemon's unix socket, so the client's TCP and TLS hijacks run too.
  let relays: Relay[] = [];
  let certs: TestCerts | undefined;
  const clients: Partial<Record<'unix' | 'tcp' | 'tls', DockerClient>> = {};
  beforeAll(async () => {
    if (tc.client.endpoint.kind !== 'unix') throw new Error('these tests expect DOCKER_HOST to be a unix socket');
    certs = makeTestCerts();
    const plain = await startRelay(tc.client.endpoint.socketPath);
    const secure = await startRelay(tc.client.endpoint.socketPath, { ...certs.server, requestCert: true, rejectUnauthorized: true });
    relays = [plain, secure];
    clients.unix = tc.client;
    clients.tcp = createDockerClient({ host: `tcp://127.0.0.1:${plain.port}` });
    clients.tls = createDockerClient({ env: { DOCKER_HOST: `tcp://127.0.0.1:${secure.port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs.clientDir } });
  });
  afterAll(async () => {
    await clients.tcp?.close();
    await clients.tls?.close();
    for (const r of relays) await r.close();
    certs?.remove();
  });

  for (const via of ['unix', 'tcp', 'tls'] as const) {
    it(`cat echoes stdin; closeWrite() makes it exit 0 with all output received (${via})`, async () => {
      const client = clients[via]!;
      const id = await tc.create(catBody);
      const session = await client.containers.attach(id, { stdin: true });
      expect(session.tty).toBe(false);
      const wait = containers.wait(id, { condition: 'next-exit' });
      await wait.registered;
      await containers.start(id);

      await session.write('hello\n');
      expect(await readUntil(session, 'hello\n')).toBe('hello\n');

      // Then 2 MiB more, written while output is read, and stdin closed right after the last byte:
      // nothing may be lost between the half-close and the daemon closing its side.
      const payload = randomBytes(1536 * 1024).toString('base64');
      const collected = collectText(session.output);
      await session.write(payload);
      await session.closeWrite();
      const rest = await collected;
      expect(rest.stdout.length).toBe(payload.length);
      expect(rest.stdout === payload).toBe(true);
      expect(rest.stderr).toBe('');
      expect((await wait).StatusCode).toBe(0);
      await session.closed;
    });
  }

  it('TTY attach: resize changes what stty size prints; output is raw', async () => {
    const id = await tc.create({ Cmd: ['sh'], Tty: true, OpenStdin: true, AttachStdin: true, AttachStdout: true });
    await containers.start(id);
    const session = await containers.attach(id, { stdin: true });
    expect(session.tty).toBe(true);
    await session.resize({ h: 33, w: 101 });
    await session.write('stty size\n');
    expect(await readUntil(session, /33 101\r\n/)).toMatch(/33 101\r\n/);
    await session.resize({ h: 44, w: 120 });
    await session.write('stty size\n');
    expect(await readUntil(session, /44 120\r\n/)).toMatch(/44 120\r\n/);
    await session.write('exit 0\n');
    // The rest of the output (the echoed command) must be read for the connection to end.
    expect((await collectText(session.output)).stdout).toContain('exit 0\r\n');
    await session.closed;
    expect((await containers.wait(id)).StatusCode).toBe(0);
  });

  it('close() ends the session at once; attaching to an unknown container is a 404', async () => {
    const id = await tc.create({ Cmd: ['sh', '-c', 'while true; do echo tick; sleep 0.1; done'] });
    await containers.start(id);
    const session = await containers.attach(id);
    await readUntil(session, 'tick');
    session.close();
    await session.closed;
    expect((await containers.inspect(id)).State?.Running).toBe(true);

    const err = await containers.attach('dt-no-such-container', { tty: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerApiError);
    expect(err).toMatchObject({ status: 404, operationId: 'ContainerAttach', method: 'POST' });
  });

  it.each(['unix', 'tls'] as const)('attachWebSocket echoes through cat (%s)', async (via) => {
    const id = await tc.create({ Cmd: ['cat'], OpenStdin: true });
    await containers.start(id);
    const session = await clients[via]!.containers.attachWebSocket(id);
    await session.write('over websocket\n');
    expect(await readUntil(session, 'over websocket\n')).toBe('over websocket\n');
    await session.write('second line\n');
    expect(await readUntil(session, 'second line\n')).toBe('second line\n');
    session.close();
    await session.closed;
  });

  it('attachWebSocket: closeWrite() is EOF for cat (exit 0)', async () => {
    const id = await tc.create({ Cmd: ['cat'], OpenStdin: true, StdinOnce: true });
    const wait = containers.wait(id, { condition: 'next-exit' });
    await wait.registered;
    await containers.start(id);
    const session = await containers.attachWebSocket(id);
    await session.write('bye\n');
    expect(await readUntil(session, 'bye\n')).toBe('bye\n');
    await session.closeWrite();
    await session.closed;
    expect((await wait).StatusCode).toBe(0);
  });
});
