import { describe, expect, it } from 'vitest';
import { resolveDockerHost } from './docker-host.js';

describe('resolveDockerHost', () => {
  const cases: Array<[string, { option?: string; env?: NodeJS.ProcessEnv; want: unknown }]> = [
    ['default socket', { env: {}, want: { kind: 'unix', socketPath: '/var/run/docker.sock' } }],
    ['DOCKER_HOST unix', { env: { DOCKER_HOST: 'unix:///tmp/d.sock' }, want: { kind: 'unix', socketPath: '/tmp/d.sock' } }],
    ['option wins over env', { option: 'unix:///a.sock', env: { DOCKER_HOST: 'tcp://x:1' }, want: { socketPath: '/a.sock' } }],
    ['tcp plain', { env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' }, want: { kind: 'tcp', hostname: '127.0.0.1', port: 2375, tls: undefined } }],
    ['tcp default port', { env: { DOCKER_HOST: 'tcp://docker' }, want: { hostname: 'docker', port: 2375 } }],
    ['ipv6', { env: { DOCKER_HOST: 'tcp://[::1]:2375' }, want: { hostname: '::1', port: 2375 } }],
    [
      'tls from env',
      {
        env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' },
        want: { port: 2376, tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', verify: true } },
      },
    ],
    ['tls verify 0 is off', { env: { DOCKER_HOST: 'tcp://h:2375', DOCKER_TLS_VERIFY: '0' }, want: { tls: undefined } }],
  ];
  it.each(cases)('%s', (_name, { option, env, want }) => {
    expect(resolveDockerHost(option ? { host: option } : {}, env)).toMatchObject(want as object);
  });

  it.each(['ssh://me@host', 'tcp://', 'unix://', 'npipe:////./pipe/docker_engine'])('rejects %s with a clear message', (host) => {
    expect(() => resolveDockerHost({ host }, {})).toThrow(/Docker host|names no socket/);
  });
});
