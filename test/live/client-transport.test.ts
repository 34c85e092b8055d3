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
  });

  it('DOCKER_HOST unix:// from the environment', async () => {
    const client = createDockerClient({ env: { DOCKER_HOST: `unix://${socketPath}` } });
    const version = await client.api.GET('/version');
    expect(version.data?.ApiVersion).toMatch(/^1\.\d+$/);
    expect(client.endpoint).toMatchObject({ kind: 'unix', socketPath });
    await client.close();
  });

  it('tcp:// in plain HTTP, with calls reusing kept-alive connections', async () => {
    const client = createDockerClient({ host: `tcp://127.0.0.1:${plain.port}` });
    const connects: number[] = [];
    client.transport.dispatcher.on('connect', () => connects.push(Date.now()));
    for (let i = 0; i < 20; i++) expect(Array.isArray(await client.containers.list({ all: true }))).toBe(true);
    // A call may be sent before the previous socket is handed back to the pool, so allow a
    // second connection; without keep-alive there would be 20.
    expect(connects.length).toBeGreaterThanOrEqual(1);
    expect(connects.length).toBeLessThanOrEqual(2);
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
