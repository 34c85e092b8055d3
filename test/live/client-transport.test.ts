/**
 * The client's host resolution and transports against the real daemon: unix socket, plain
 * TCP and mutual TLS (through a relay in front of the daemon's socket), keep-alive reuse.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDockerClient, resolveDockerHost } from '@docktape/client';
import { describeLive } from '../support/live-daemon.js';
import { startRelay, type Relay } from '../support/tcp-relay.js';
import { makeTestCerts, type TestCerts } from '../support/test-certs.js';

describeLive('client transports (live)', (daemon) => {
  let socketPath = '';
  let plain: Relay;
  let secure: Relay;
  let certs: TestCerts;

  beforeAll(async () => {
    const endpoint = resolveDockerHost({ host: daemon.host });
    if (endpoint.kind !== 'unix') throw new Error(`these tests front the daemon's unix socket; DOCKER_HOST is ${daemon.host}`);
    socketPath = endpoint.socketPath;
    certs = makeTestCerts();
    plain = await startRelay(socketPath);
    secure = await startRelay(socketPath, { ...certs.server, requestCert: true, rejectUnauthorized: true });
  });
  afterAll(async () => {
    await plain?.close();
    await secure?.close();
    certs?.remove();
  });

  it('DOCKER_HOST unix:// from the environment', async () => {
    const client = createDockerClient({ env: { DOCKER_HOST: `unix://${socketPath}` } });
    const version = await client.api.GET('/version');
    expect(version.data?.ApiVersion).toMatch(/^1\.\d+$/);
    expect(client.endpoint).toMatchObject({ kind: 'unix', socketPath });
    await client.close();
  });

  it('tcp:// in plain HTTP: sequential calls share one kept-alive connection, concurrent ones get more', async () => {
    const client = createDockerClient({ host: `tcp://127.0.0.1:${plain.port}` });
    const before = plain.accepted;
    for (let i = 0; i < 20; i++) expect(Array.isArray(await client.containers.list({ all: true }))).toBe(true);
    expect(plain.accepted - before).toBe(1);
    // a burst is spread over the pool; without keep-alive or a pool it would be 1 or 20
    const burst = await Promise.all(Array.from({ length: 20 }, () => client.containers.list({ all: true })));
    expect(burst.every(Array.isArray)).toBe(true);
    expect(plain.accepted - before).toBeGreaterThan(1);
    expect(plain.accepted - before).toBeLessThanOrEqual(1 + 16);
    await client.close();
  });

  it('an endless stream holding the kept connection does not hold up the calls after it', async () => {
    const client = createDockerClient({ host: `tcp://127.0.0.1:${plain.port}` });
    const before = plain.accepted;
    await client.containers.list({ all: true }); // the sequential-call connection is warm and free
    const events = await client.transport.request({ method: 'GET', path: '/v1.40/events' });
    expect(events.statusCode).toBe(200);
    // the events body stays open: later calls must not queue behind it on its connection
    for (let i = 0; i < 5; i++) expect(Array.isArray(await client.containers.list({ all: true }))).toBe(true);
    // (the pool may use two connections for them: it alternates while undici hands one back)
    expect(plain.accepted - before).toBeGreaterThanOrEqual(2);
    events.body.on('error', () => undefined).destroy();
    await client.close();
  });

  it('TLS with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH verifies the daemon and presents the client certificate', async () => {
    const client = createDockerClient({
      env: { DOCKER_HOST: `tcp://127.0.0.1:${secure.port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs.clientDir },
    });
    expect(client.endpoint).toMatchObject({ kind: 'tcp', tls: { verify: true } });
    const ping = await client.api.GET('/_ping', { parseAs: 'text' });
    expect(ping.data).toBe('OK');
    await client.close();
  });

  it('TLS without the client certificate is refused and reported as a connection error naming the host', async () => {
    const host = `tcp://127.0.0.1:${secure.port}`;
    const client = createDockerClient({ host, tls: { ca: `${certs.clientDir}/ca.pem`, verify: true } });
    await expect(client.containers.list()).rejects.toMatchObject({ name: 'DockerConnectionError', message: expect.stringContaining(`127.0.0.1:${secure.port}`) });
    await client.close();
  });

  it('TLS with verification refuses a daemon certificate signed by an unknown CA', async () => {
    const client = createDockerClient({
      host: `tcp://127.0.0.1:${secure.port}`,
      tls: { cert: `${certs.clientDir}/cert.pem`, key: `${certs.clientDir}/key.pem`, verify: true },
    });
    await expect(client.containers.list()).rejects.toMatchObject({
      name: 'DockerConnectionError',
      message: expect.stringMatching(/SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY|CERT/),
    });
    await client.close();
  });
});
